// Use cases of the customer card. Every change is one BEGIN IMMEDIATE transaction that also
// writes the audit entry, so a card and its audit trail are never out of step.
#include "archive/app/customers.h"
#include "archive/app/lookup.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "archive/app/grading.h"
#include "archive/app/loans.h"
#include "archive/app/materials.h"
#include "archive/domain/fields.h"
#include "archive/domain/numbering.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::app {

namespace {

using report::Cell;
using report::CellType;
using report::Column;
using report::Table;

std::string field_name(const domain::FieldDef& def) { return field_display_name(def); }

[[noreturn]] void invalid_value(const domain::FieldDef& def, std::string_view value,
                                const std::string& problem) {
  throw Error(Exit::kData, invalid_value_message(def, value, problem));
}

domain::FieldDef resolve_field(const Session& session, const std::string& key) {
  if (auto def = domain::find_field(key, session.config.fields)) return *def;
  std::vector<std::string> keys;
  for (const auto& f : domain::builtin_fields()) keys.push_back(f.key);
  for (const auto& f : session.config.fields) keys.push_back(f.key);
  throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("unknown field {}; fields are: {}")), key,
                                        fmt::join(keys, ", ")));
}

std::string checked_value(const Session& session, const domain::FieldDef& def,
                          const std::string& raw) {
  auto result = check_card_value(session, def, raw);
  if (!result.ok()) invalid_value(def, domain::printable(domain::trim(raw)), result.problem);
  return result.value;
}

void refuse_mobile_holder(store::CustomerRepo& repo, const std::string& mobile,
                          std::int64_t except_id) {
  if (mobile.empty()) return;
  auto holder = repo.active_holder_of_mobile(mobile, except_id);
  if (!holder) return;
  if (holder->owner.empty()) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("mobile {} already belongs to {} (no owner, "
                                            "registered {}): the first registration keeps the "
                                            "customer; give --duplicate-ok to go ahead anyway")),
                            mobile, holder->archive_no, holder->created));
  }
  throw Error(Exit::kData,
              fmt::format(fmt::runtime(tr("mobile {} already belongs to {} (owner {}, "
                                          "registered {}): the first registration keeps the "
                                          "customer; give --duplicate-ok to go ahead anyway")),
                          mobile, holder->archive_no, holder->owner, holder->created));
}

std::string display_value(const Session& session, const domain::FieldDef& def,
                          const std::string& value) {
  if (value.empty()) return value;
  if (!session.unmask && def.key == "mobile") return domain::mask_mobile(value);
  if (!session.unmask && def.key == "id_number") return domain::mask_id_number(value);
  return value;
}

std::string enum_text(const domain::FieldDef& def, const std::string& code) {
  using domain::EnumKind;
  if (code.empty()) return code;
  switch (def.type) {
    case domain::FieldType::kKind:
      return code + " " + domain::enum_label(EnumKind::kKind, code);
    case domain::FieldType::kGender:
      return code + " " + domain::enum_label(EnumKind::kGender, code);
    case domain::FieldType::kSource:
      return code + " " + domain::enum_label(EnumKind::kSource, code);
    case domain::FieldType::kLevel:
      return code + " " + domain::enum_label(EnumKind::kLevel, code);
    default:
      return code;
  }
}

bool is_restricted(const domain::Customer& c) {
  const auto& level = c.get("level");
  return level == "confidential" || level == "secret";
}

}  // namespace

std::string field_display_name(const domain::FieldDef& def) {
  return def.custom ? def.label : tr(def.key);
}

std::string invalid_value_message(const domain::FieldDef& def, std::string_view value,
                                  const std::string& problem) {
  if (value.empty()) {
    return fmt::format(fmt::runtime(tr("{}: {}")), field_display_name(def), tr_problem(problem));
  }
  return fmt::format(fmt::runtime(tr("{}: {} {}")), field_display_name(def), value,
                     tr_problem(problem));
}

domain::Checked check_card_value(const Session& session, const domain::FieldDef& def,
                                 std::string_view raw) {
  auto result = domain::check_field(def, raw, session.today);
  if (result.ok() && def.key == "owner" && !def.custom) {
    auto it = session.config.staff.find(result.value);
    if (it != session.config.staff.end()) result.value = it->second;
  }
  return result;
}

std::string generate_archive_no(const Session& session, const std::string& region,
                                const std::function<std::int64_t()>& next_seq,
                                const std::function<bool(const std::string&)>& taken) {
  std::string no;
  do {  // skips numbers that were given explicitly before
    no = domain::format_archive_no(session.config.archive.number_pattern, region, next_seq(),
                                   session.today);
  } while (taken(no));
  return no;
}

std::pair<std::string, std::string> split_assignment(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw Error(Exit::kUsage,
                fmt::format(fmt::runtime(tr("--set {}: expected FIELD=VALUE")), text));
  }
  return {domain::trim(text.substr(0, eq)), text.substr(eq + 1)};
}

GradeRef resolve_grade(const config::Config& config, const std::string& text) {
  const std::string t = domain::trim(text);
  std::string scheme_name = config.default_scheme;
  std::string code = t;
  if (auto colon = t.find(':'); colon != std::string::npos) {
    scheme_name = domain::trim(t.substr(0, colon));
    code = domain::trim(t.substr(colon + 1));
  }
  const auto* scheme = config.find_scheme(scheme_name);
  if (!scheme) {
    std::vector<std::string> names;
    for (const auto& s : config.schemes) names.push_back(s.name);
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("grade {}: no grade scheme {}; schemes are: {}")), t,
                            scheme_name, fmt::join(names, ", ")));
  }
  const std::string upper = domain::ascii_upper(code);
  for (const auto& g : scheme->grades) {
    if (g.code == upper || g.label == code) return {scheme->name, g.code};
  }
  // Spreadsheets write the top grade as "VIP" (SPEC: A = VIP 贵宾客户).
  if (upper == "VIP") {
    for (const auto& g : scheme->grades) {
      if (g.label == "贵宾客户") return {scheme->name, g.code};
    }
  }
  std::vector<std::string> codes;
  for (const auto& g : scheme->grades) codes.push_back(g.code + " " + g.label);
  throw Error(
      Exit::kData,
      fmt::format(fmt::runtime(tr("grade {}: scheme {} has no grade {}; its grades are: {}")), t,
                  scheme->name, code, fmt::join(codes, ", ")));
}

bool init_database(const Session& session) {
  const bool existed = std::filesystem::exists(session.db_path);
  auto db = open_db(session, OpenMode::kCreate);
  if (existed) return false;
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  audit(db, session, "init", "", "");
  tx.commit();
  return true;
}

std::string add_customer(const Session& session, const AddRequest& request) {
  // Every value is checked before the database is touched.
  domain::Customer c;
  c.created = session.today.iso();
  std::set<std::string> seen;
  for (const auto& [key, raw] : request.fields) {
    const auto def = resolve_field(session, key);
    if (!seen.insert(def.key).second) {
      throw Error(Exit::kUsage,
                  fmt::format(fmt::runtime(tr("field {} is given twice")), field_name(def)));
    }
    auto value = checked_value(session, def, raw);
    if (!value.empty()) c.fields[def.key] = value;
  }
  if (c.get("name").empty()) {
    throw Error(Exit::kUsage, tr("a customer needs a name: give --name"));
  }

  std::vector<GradeRef> grades;
  for (const auto& text : request.grades) {
    auto ref = resolve_grade(session.config, text);
    for (const auto& other : grades) {
      if (other.scheme == ref.scheme) {
        throw Error(Exit::kData,
                    fmt::format(fmt::runtime(tr("two grades of scheme {}: a customer has at most "
                                                "one grade per scheme")),
                                ref.scheme));
      }
    }
    grades.push_back(ref);
  }
  const std::string explicit_no =
      request.archive_no.empty() ? std::string() : checked_archive_no(request.archive_no);
  // An explicit number in the configured shape carries its region: SH-000500 is filed in SH.
  if (!explicit_no.empty()) {
    const auto& pattern = session.config.archive.number_pattern;
    if (auto region = domain::region_of_archive_no(pattern, explicit_no)) {
      if (!c.get("region").empty() && c.get("region") != *region) {
        throw Error(Exit::kData,
                    fmt::format(fmt::runtime(tr("archive number {} belongs to region {}, not {}")),
                                explicit_no, *region, c.get("region")));
      }
      c.fields["region"] = *region;
    }
  }
  if (c.get("region").empty()) c.fields["region"] = session.config.archive.default_region;

  auto db = open_db(session, OpenMode::kCreateIfDefault);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo repo(db);
  if (!request.duplicate_ok) refuse_mobile_holder(repo, c.get("mobile"), 0);

  if (!explicit_no.empty()) {
    if (repo.archive_no_taken(explicit_no)) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("archive number {} is taken")), explicit_no));
    }
    c.archive_no = explicit_no;
  } else {
    const auto& region = c.get("region");
    c.archive_no = generate_archive_no(
        session, region, [&] { return repo.next_in_sequence("archive:" + region); },
        [&](const std::string& no) { return repo.archive_no_taken(no); });
  }
  c.id = repo.insert(c);
  for (const auto& g : grades) apply_grade(db, session, c.id, g, "");
  std::vector<std::string> keys;
  for (const auto& [key, value] : c.fields) keys.push_back(key);
  if (!grades.empty()) keys.push_back("grade");
  audit(db, session, "add", c.archive_no, fmt::format("{}", fmt::join(keys, ",")));
  tx.commit();
  return c.archive_no;
}

report::Table find_customers(const Session& session, const store::CustomerFilter& filter) {
  if (session.unmask) require_unmask_allowed(session);
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(
      db, session.unmask ? store::Transaction::Kind::kWrite : store::Transaction::Kind::kRead);
  store::CustomerRepo repo(db);
  auto f = filter;
  f.text = domain::trim(filter.text);
  auto found = repo.search(f, session.config.default_scheme);

  Table t;
  t.name = "find";
  t.title = tr("customers");
  t.show_title = false;
  t.columns = {{"archive_no", tr("archive_no"), CellType::kText},
               {"name", tr("name"), CellType::kText},
               {"kind", tr("kind"), CellType::kText},
               {"grade", tr("grade"), CellType::kText},
               {"mobile", tr("mobile"), CellType::kText},
               {"company", tr("company"), CellType::kText},
               {"owner", tr("owner"), CellType::kText},
               {"status", tr("status"), CellType::kText},
               {"created", tr("created"), CellType::kDate}};
  const auto& builtin = domain::builtin_fields();
  const auto& mobile_def = *std::find_if(builtin.begin(), builtin.end(),
                                         [](const auto& d) { return d.key == "mobile"; });
  for (const auto& c : found) {
    std::string grade = c.grades.empty() ? "" : c.grades.front().code;
    t.add_row({Cell::text(c.archive_no), Cell::text_or_null(c.get("name")),
               Cell::text_or_null(c.get("kind")), Cell::text_or_null(grade),
               Cell::text_or_null(display_value(session, mobile_def, c.get("mobile"))),
               Cell::text_or_null(c.get("company")), Cell::text_or_null(c.get("owner")),
               Cell::text(c.status), Cell::date(c.created)});
  }
  if (session.unmask) {
    audit(db, session, "unmask", "", fmt::format("find,{} rows", found.size()));
    tx.commit();
  }
  return t;
}

std::vector<report::Table> show_customer(const Session& session, const std::string& archive_no) {
  if (session.unmask) require_unmask_allowed(session);
  auto db = open_db(session, OpenMode::kExisting);
  store::CustomerRepo repo(db);
  // A plain show only reads; showing a confidential card or unmasking writes an audit entry
  // in the same transaction, so only then is the write lock taken. The level is peeked first
  // and checked again under the lock.
  bool audited = session.unmask || is_restricted(load_archive(repo, archive_no));
  store::Transaction tx(
      db, audited ? store::Transaction::Kind::kWrite : store::Transaction::Kind::kRead);
  const auto c = load_archive(repo, archive_no);
  if (!audited && is_restricted(c)) {
    throw Error(Exit::kBusy, tr("the archive changed while it was being read; try again"));
  }

  Table card;
  card.name = "show";
  card.title =
      c.status == "destroyed" ? c.archive_no : fmt::format("{} {}", c.archive_no, c.get("name"));
  card.columns = {{"field", tr("field"), CellType::kText},
                  {"label", tr("label"), CellType::kText},
                  {"value", tr("value"), CellType::kText}};
  auto row = [&](const std::string& key, const std::string& label, const std::string& value) {
    if (!value.empty()) card.add_row({Cell::text(key), Cell::text(label), Cell::text(value)});
  };
  // The label column holds the card's own (Chinese) labels, as builtin_fields() does.
  row("archive_no", "档案编号", c.archive_no);
  row("status", "状态", c.status + " " + domain::enum_label(domain::EnumKind::kStatus, c.status));
  row("created", "建档日期", c.created);
  row("closed_on", "结档日期", c.closed_on);
  row("destroyed_on", "销毁日期", c.destroyed_on);
  for (const auto& def : domain::builtin_fields()) {
    const auto& value = c.get(def.key);
    row(def.key, def.label, enum_text(def, display_value(session, def, value)));
  }
  for (const auto& def : session.config.fields) row(def.key, def.label, c.get(def.key));

  std::vector<Table> out;
  Table history;
  history.name = "grade_history";
  history.title = tr("grade history");
  history.columns = {
      {"date", tr("date"), CellType::kDate},         {"scheme", tr("scheme"), CellType::kText},
      {"from", tr("from"), CellType::kText},         {"to", tr("to"), CellType::kText},
      {"operator", tr("operator"), CellType::kText}, {"reason", tr("reason"), CellType::kText}};
  if (c.status != "destroyed") {
    for (const auto& g : repo.grades(c.id)) {
      const auto* scheme = session.config.find_scheme(g.scheme);
      const auto* grade = scheme ? scheme->find(g.code) : nullptr;
      row("grade." + g.scheme, scheme ? scheme->label : g.scheme,
          fmt::format(fmt::runtime(tr("{} {} (since {})")), g.code, grade ? grade->label : "",
                      g.since));
    }
    for (const auto& h : repo.grade_history(c.id)) {
      history.add_row({Cell::date(h.on_date), Cell::text(h.scheme), Cell::text_or_null(h.from_code),
                       Cell::text_or_null(h.to_code), Cell::text(h.op),
                       Cell::text_or_null(h.reason)});
    }
  }
  Table fields;
  fields.name = "field_history";
  fields.title = tr("field history");
  fields.columns = {
      {"date", tr("date"), CellType::kDate},         {"field", tr("field"), CellType::kText},
      {"old", tr("old"), CellType::kText},           {"new", tr("new"), CellType::kText},
      {"operator", tr("operator"), CellType::kText}, {"reason", tr("reason"), CellType::kText}};
  if (c.status != "destroyed") {
    for (const auto& h : repo.field_history(c.id)) {
      auto def = domain::find_field(h.field, session.config.fields);
      auto shown = [&](const std::string& v) { return def ? display_value(session, *def, v) : v; };
      fields.add_row(
          {Cell::date(h.on_date), Cell::text(h.field), Cell::text_or_null(shown(h.old_value)),
           Cell::text_or_null(shown(h.new_value)), Cell::text(h.op), Cell::text_or_null(h.reason)});
    }
  }
  out.push_back(std::move(card));
  out.push_back(std::move(history));
  out.push_back(std::move(fields));
  if (c.status != "destroyed") {
    for (auto& t : material_tables(db, session, c)) out.push_back(std::move(t));
    for (auto& t : loan_tables(db, session, c)) out.push_back(std::move(t));
  }

  if (is_restricted(c)) audit(db, session, "show", c.archive_no, c.get("level"));
  if (session.unmask) audit(db, session, "unmask", c.archive_no, "show");
  if (audited) tx.commit();
  return out;
}

EditResult edit_customer(const Session& session, const std::string& archive_no,
                         const std::vector<std::pair<std::string, std::string>>& sets,
                         const std::string& reason, bool duplicate_ok) {
  std::vector<std::pair<domain::FieldDef, std::string>> changes;
  std::set<std::string> seen;
  for (const auto& [key, raw] : sets) {
    auto def = resolve_field(session, key);
    if (!def.editable) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("{} cannot be edited: it is part of the archive "
                                              "number")),
                              field_name(def)));
    }
    if (!seen.insert(def.key).second) {
      throw Error(Exit::kUsage,
                  fmt::format(fmt::runtime(tr("field {} is given twice")), field_name(def)));
    }
    changes.emplace_back(def, checked_value(session, def, raw));
  }
  if (changes.empty()) throw Error(Exit::kUsage, tr("nothing to edit: give --set FIELD=VALUE"));

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo repo(db);
  const auto c = load_archive(repo, archive_no);
  refuse_destroyed(c);
  if (c.status == "closed") {
    throw Error(Exit::kPolicy,
                fmt::format(fmt::runtime(tr("archive {} is closed (since {}); reopen it to edit")),
                            c.archive_no, c.closed_on));
  }
  EditResult result;
  for (const auto& [def, value] : changes) {
    const auto& old = c.get(def.key);
    if (old == value) continue;
    if (def.key == "mobile" && !duplicate_ok) refuse_mobile_holder(repo, value, c.id);
    repo.set_field(c.id, def.key, value, def.custom);
    if (def.key == "owner") {  // a new owner's claim starts today
      auto state = repo.contact_state(c.id);
      state.claim_start = session.today.iso();
      repo.set_contact_state(c.id, state);
    }
    repo.add_field_history(c.id, {def.key, old, value, session.today.iso(), session.op, reason});
    result.changed.push_back(def.key);
  }
  if (result.changed.empty()) return result;  // nothing written: the transaction rolls back
  audit(db, session, "edit", c.archive_no, fmt::format("{}", fmt::join(result.changed, ",")));
  tx.commit();
  return result;
}

namespace {

void change_status(const Session& session, const std::string& archive_no, const std::string& reason,
                   bool closing, bool duplicate_ok) {
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo repo(db);
  const auto c = load_archive(repo, archive_no);
  refuse_destroyed(c);
  if (closing && c.status == "closed") {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("archive {} is already closed (since {})")),
                            c.archive_no, c.closed_on));
  }
  if (!closing && c.status != "closed") {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("archive {} is not closed")), c.archive_no));
  }
  // A reopened archive is active again: the first-registration rule applies to its mobile.
  if (!closing && !duplicate_ok) refuse_mobile_holder(repo, c.get("mobile"), c.id);
  const std::string to = closing ? "closed" : "active";
  repo.set_status(c.id, to, closing ? session.today.iso() : "");
  repo.add_field_history(c.id, {"status", c.status, to, session.today.iso(), session.op, reason});
  audit(db, session, closing ? "close" : "reopen", c.archive_no, "status");
  tx.commit();
}

}  // namespace

void close_customer(const Session& session, const std::string& archive_no,
                    const std::string& reason) {
  change_status(session, archive_no, reason, true, false);
}

void reopen_customer(const Session& session, const std::string& archive_no,
                     const std::string& reason, bool duplicate_ok) {
  change_status(session, archive_no, reason, false, duplicate_ok);
}

report::Table audit_trail(const Session& session, const store::AuditFilter& filter) {
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kRead);
  auto f = filter;
  if (!f.archive_no.empty()) {
    store::CustomerRepo repo(db);
    f.archive_no = load_archive(repo, f.archive_no).archive_no;
  }
  Table t;
  t.name = "log";
  t.title = tr("audit log");
  t.show_title = false;
  if (!f.from.empty() || !f.to.empty()) t.period = report::Period{f.from, f.to};
  t.columns = {
      {"at", tr("at"), CellType::kText},         {"date", tr("date"), CellType::kDate},
      {"login", tr("login"), CellType::kText},   {"operator", tr("operator"), CellType::kText},
      {"action", tr("action"), CellType::kText}, {"archive_no", tr("archive_no"), CellType::kText},
      {"detail", tr("detail"), CellType::kText}};
  for (const auto& e : store::AuditRepo(db).list(f)) {
    t.add_row({Cell::text(e.at), Cell::date(e.business_date), Cell::text(e.os_login),
               Cell::text(e.op), Cell::text(e.action), Cell::text_or_null(e.archive_no),
               Cell::text_or_null(e.detail)});
  }
  return t;
}

}  // namespace archive::app
