// Use cases of materials and legal holds. Values and files are checked before the database
// is opened; the archive's state is checked inside the one write transaction.
#include "archive/app/materials.h"
#include "archive/app/lookup.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "archive/domain/check.h"
#include "archive/domain/fields.h"
#include "archive/domain/retention.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/io/sha256.h"
#include "archive/store/customers.h"
#include "archive/store/materials.h"

namespace archive::app {

namespace {

namespace fs = std::filesystem;
using report::Cell;
using report::CellType;
using report::Table;

constexpr const char* kDefaultKind = "other";

// Free text of a material or hold (title, location, reason): the card's rules for free text
// (trimmed, printable, at most 200 characters). Empty means "no value".
std::string checked_text(const std::string& raw, const char* what) {
  domain::FieldDef def;
  def.key = what;
  def.custom = true;  // neither multi-line nor long text: a single line of at most 200
  auto result = domain::check_field(def, raw, domain::Date::from_days(0));
  if (!result.ok()) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{}: {} {}")), tr(what),
                            domain::printable(domain::trim(raw)), tr_problem(result.problem)));
  }
  return result.value;
}

const config::MaterialKind& resolve_kind(const config::Config& config, const std::string& raw) {
  const std::string wanted = domain::trim(raw.empty() ? std::string(kDefaultKind) : raw);
  const std::string lower = domain::ascii_lower(wanted);
  for (const auto& kind : config.materials) {
    if (kind.name == lower || kind.label == wanted) return kind;
  }
  std::vector<std::string> kinds;
  for (const auto& kind : config.materials) kinds.push_back(kind.name + " " + kind.label);
  throw Error(Exit::kData, fmt::format(fmt::runtime(tr("material kind {}: unknown; kinds are: {}")),
                                       domain::printable(wanted), fmt::join(kinds, ", ")));
}

std::string kind_label(const config::Config& config, const std::string& name) {
  for (const auto& kind : config.materials) {
    if (kind.name == name) return kind.label;
  }
  return name;  // a kind since removed from the config
}

std::string material_id(const std::string& archive_no, std::int64_t seq) {
  return fmt::format("{}/{}", archive_no, seq);
}

// The recorded form of an electronic material's file: absolute and lexically normal, with
// its digest. A missing, unreadable or non-regular file is 66.
std::pair<std::string, std::string> electronic_file(const std::string& raw) {
  std::error_code ec;
  const fs::path path = fs::absolute(fs::path(raw), ec).lexically_normal();
  if (ec || !fs::exists(path, ec)) {
    throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no file {}")), raw));
  }
  if (!fs::is_regular_file(path, ec)) {
    throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("{} is not a regular file")), raw));
  }
  auto digest = io::sha256_file(path);
  if (!digest) throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("cannot read {}")), raw));
  return {path.string(), *digest};
}

void require_manager(const Session& session, const char* action) {
  if (is_manager(session, session.op)) return;
  throw Error(Exit::kPolicy,
              fmt::format(fmt::runtime(tr("{} may not {}: [roles] managers does not list them")),
                          session.op, tr(action)));
}

std::string checked_reason(const std::string& raw) {
  auto reason = checked_text(raw, N_("reason"));
  if (reason.empty()) throw Error(Exit::kUsage, tr("a legal hold needs a reason: give --reason"));
  return reason;
}

}  // namespace

std::string file_material(const Session& session, const FileRequest& request) {
  store::Material m;
  m.title = checked_text(request.title, N_("material title"));
  if (m.title.empty()) throw Error(Exit::kUsage, tr("a material needs a title: give --title"));
  const auto& kind = resolve_kind(session.config, request.kind);
  m.kind = kind.name;
  if (request.pages) {
    if (*request.pages <= 0) {
      throw Error(Exit::kUsage, tr("--pages must be a whole number greater than 0"));
    }
    m.pages = *request.pages;
  }
  m.location = checked_text(request.location, N_("location"));
  if (!domain::trim(request.level).empty()) {
    auto level = domain::check_enum(domain::EnumKind::kLevel, request.level);
    if (!level.ok()) {
      throw Error(Exit::kData, fmt::format(fmt::runtime(tr("level {} {}")),
                                           domain::printable(domain::trim(request.level)),
                                           tr_problem(level.problem)));
    }
    m.level = level.value;
  }
  domain::Date filed = session.today;
  if (!domain::trim(request.filed).empty()) {
    auto checked = domain::check_past_date(request.filed, session.today);
    if (!checked.ok()) {
      throw Error(Exit::kData, fmt::format(fmt::runtime(tr("filing date {} {}")),
                                           domain::printable(domain::trim(request.filed)),
                                           tr_problem(checked.problem)));
    }
    filed = *domain::Date::from_iso(checked.value);
  }
  m.filed = filed.iso();
  m.retention_end = domain::retention_end(filed, kind.retention_years).iso();
  if (!request.path.empty()) std::tie(m.path, m.sha256) = electronic_file(request.path);

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo customers(db);
  const auto c = load_live_archive(customers, request.archive_no);
  if (c.status == "closed") {
    throw Error(Exit::kPolicy, fmt::format(fmt::runtime(tr("archive {} is closed (since {}); "
                                                           "reopen it to file materials")),
                                           c.archive_no, c.closed_on));
  }
  if (m.level.empty()) m.level = c.get("level").empty() ? "public" : c.get("level");
  store::MaterialRepo materials(db);
  m.customer_id = c.id;
  m.seq = materials.next_seq(c.id);
  materials.insert(m);
  const auto id = material_id(c.archive_no, m.seq);
  audit(db, session, "file", c.archive_no, id);
  tx.commit();
  return id;
}

VerifyResult verify_materials(const Session& session) {
  std::vector<store::ElectronicMaterial> electronic;
  {
    // The list is read in one snapshot; the files are hashed after it ends.
    auto db = open_db(session, OpenMode::kExisting);
    store::Transaction tx(db, store::Transaction::Kind::kRead);
    electronic = store::MaterialRepo(db).electronic();
  }
  VerifyResult result;
  result.checked = electronic.size();
  Table& t = result.problems;
  t.name = "verify";
  t.title = tr("electronic materials that do not match");
  t.show_title = false;
  t.columns = {{"archive_no", tr("archive_no"), CellType::kText},
               {"material", tr("material"), CellType::kText},
               {"path", tr("path"), CellType::kText},
               {"problem", tr("problem"), CellType::kText}};
  for (const auto& e : electronic) {
    std::error_code ec;
    const char* problem = nullptr;
    if (!fs::exists(e.path, ec)) {
      problem = "missing";
    } else if (auto digest = io::sha256_file(e.path); !digest || !fs::is_regular_file(e.path, ec)) {
      problem = "unreadable";
    } else if (*digest != e.sha256) {
      problem = "changed";
    }
    if (problem) {
      t.add_row({Cell::text(e.archive_no), Cell::text(material_id(e.archive_no, e.seq)),
                 Cell::text(e.path), Cell::text(problem)});
    }
  }
  return result;
}

void hold_archive(const Session& session, const std::string& archive_no,
                  const std::string& reason) {
  require_manager(session, N_("place a legal hold"));
  const auto why = checked_reason(reason);
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo customers(db);
  const auto c = load_live_archive(customers, archive_no);
  if (auto hold = store::hold_of(db, c.id)) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("archive {} is already under a legal hold since {}: "
                                            "{}")),
                            c.archive_no, hold->since, hold->reason));
  }
  store::set_hold(db, c.id, store::Hold{why, session.today.iso()});
  customers.add_field_history(c.id, {"legal_hold", "", why, session.today.iso(), session.op, why});
  audit(db, session, "hold", c.archive_no, "legal_hold");
  tx.commit();
}

void unhold_archive(const Session& session, const std::string& archive_no,
                    const std::string& reason) {
  require_manager(session, N_("lift a legal hold"));
  const auto why = checked_reason(reason);
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo customers(db);
  const auto c = load_live_archive(customers, archive_no);
  auto hold = store::hold_of(db, c.id);
  if (!hold) {
    throw Error(Exit::kData, fmt::format(fmt::runtime(tr("archive {} is not under a legal hold")),
                                         c.archive_no));
  }
  store::set_hold(db, c.id, std::nullopt);
  customers.add_field_history(
      c.id, {"legal_hold", hold->reason, "", session.today.iso(), session.op, why});
  audit(db, session, "unhold", c.archive_no, "legal_hold");
  tx.commit();
}

std::vector<report::Table> material_tables(store::Db& db, const Session& session,
                                           const domain::Customer& customer) {
  Table t;
  t.name = "materials";
  t.title = tr("materials");
  t.columns = {{"id", tr("id"), CellType::kText},
               {"title", tr("material title"), CellType::kText},
               {"kind", tr("kind"), CellType::kText},
               {"pages", tr("pages"), CellType::kInteger},
               {"location", tr("location"), CellType::kText},
               {"level", tr("level"), CellType::kText},
               {"filed", tr("filed"), CellType::kDate},
               {"retention_end", tr("retention_end"), CellType::kDate},
               {"path", tr("path"), CellType::kText},
               {"sha256", "sha256", CellType::kText, /*in_table=*/false},
               {"state", tr("state"), CellType::kText}};
  for (const auto& s : store::MaterialRepo(db).of_customer(customer.id)) {
    const auto& m = s.material;
    std::string state;
    if (!m.destroyed_on.empty()) {
      state = fmt::format(fmt::runtime(tr("destroyed {}")), m.destroyed_on);
    } else if (s.loan) {
      state = fmt::format(fmt::runtime(tr("on loan to {} since {} (due {})")), s.loan->borrower,
                          s.loan->lent_on, s.loan->due);
    } else {
      state = tr("in the room");
    }
    t.add_row({Cell::text(material_id(customer.archive_no, m.seq)), Cell::text(m.title),
               Cell::text(kind_label(session.config, m.kind)),
               m.pages > 0 ? Cell::integer(m.pages) : Cell::null(), Cell::text_or_null(m.location),
               Cell::text(m.level), Cell::date(m.filed), Cell::date(m.retention_end),
               Cell::text_or_null(m.path), Cell::text_or_null(m.sha256), Cell::text(state)});
  }
  // No materials, no table: show's JSON keeps its shape for archives that have none.
  std::vector<Table> out;
  if (t.row_count() > 0) out.push_back(std::move(t));
  if (auto hold = store::hold_of(db, customer.id)) {
    Table h;
    h.name = "hold";
    h.title = tr("legal hold");
    h.columns = {{"reason", tr("reason"), CellType::kText},
                 {"since", tr("since"), CellType::kDate}};
    h.add_row({Cell::text(hold->reason), Cell::date(hold->since)});
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace archive::app
