// `follow-up messages`: selection, recipients, rendering and the notice ledger, in one
// transaction with its audit entry.
#include "archive/app/messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "archive/domain/check.h"
#include "archive/domain/fields.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/notices.h"

namespace archive::app {

namespace {

using domain::Date;

// Placeholders every template may use beside the field keys.
constexpr std::array<const char*, 4> kOwnPlaceholders = {"name", "owner", "date", "company"};
// A message never repeats these: texts leave the company through a gateway.
constexpr std::array<const char*, 2> kForbidden = {"mobile", "id_number"};

bool forbidden(const std::string& key) {
  return std::find(kForbidden.begin(), kForbidden.end(), key) != kForbidden.end();
}

std::vector<std::string> allowed_placeholders(const config::Config& config) {
  std::vector<std::string> names(kOwnPlaceholders.begin(), kOwnPlaceholders.end());
  auto add = [&](const std::string& key) {
    if (!forbidden(key) && std::find(names.begin(), names.end(), key) == names.end()) {
      names.push_back(key);
    }
  };
  // sms_opt_out is left out: it is never set for a recipient.
  for (const auto& def : domain::builtin_fields()) {
    if (def.key != "sms_opt_out") add(def.key);
  }
  for (const auto& def : config.fields) add(def.key);
  return names;
}

// One message due to one customer.
struct Pending {
  std::string occasion;  // ISO
  domain::Customer customer;
};

// The day a birthday is celebrated in `year`: 29 February becomes 28 February in a common
// year.
std::optional<Date> celebration(const std::string& birthday, int year) {
  auto born = Date::from_iso(birthday);
  if (!born) return std::nullopt;
  int day = born->day();
  if (born->month() == 2 && day == 29 && !domain::is_leap_year(year)) day = 28;
  return Date::from_ymd(year, born->month(), day);
}

std::string month_day(Date date) { return date.iso().substr(5); }

// Birthdays celebrated in [from, to], each with its celebration date.
std::vector<store::NoticeCandidate> birthdays(store::NoticeRepo& notices, Date from, Date to) {
  std::vector<store::NoticeCandidate> out;
  for (int year = from.year(); year <= to.year(); ++year) {
    const Date lo = year == from.year() ? from : *Date::from_ymd(year, 1, 1);
    const Date hi = year == to.year() ? to : *Date::from_ymd(year, 12, 31);
    std::string hi_key = month_day(hi);
    // In a common year 29 February is celebrated on the 28th, and "02-29" sorts right after.
    if (!domain::is_leap_year(year) && hi_key == "02-28") hi_key = "02-29";
    for (auto& candidate : notices.birthdays_between(month_day(lo), hi_key)) {
      auto day = celebration(candidate.date, year);
      if (!day || *day < lo || *day > hi) continue;
      out.push_back({std::move(candidate.archive_no), day->iso()});
    }
  }
  return out;
}

Date catch_up_start(store::NoticeRepo& notices, const std::string& template_name, Date today) {
  const auto last = notices.last_sent(template_name);
  if (!last) return today;
  auto last_day = Date::from_iso(*last);
  if (!last_day || *last_day >= today) return today;
  return std::max(last_day->plus_days(1), today.plus_days(-kCatchUpDays));
}

bool is_recipient(const domain::Customer& c) {
  if (c.status != "active" || c.get("sms_opt_out") == "1") return false;
  const auto& mobile = c.get("mobile");
  return !mobile.empty() && domain::check_mobile(mobile).ok();
}

std::map<std::string, std::string> placeholder_values(const Session& session,
                                                      const domain::Customer& c,
                                                      const std::string& date) {
  using domain::EnumKind;
  using domain::FieldType;
  std::map<std::string, std::string> values;
  for (const auto& def : domain::builtin_fields()) {
    if (forbidden(def.key)) continue;
    const auto& value = c.get(def.key);
    // Value lists read as their Chinese labels in a text for people.
    switch (def.type) {
      case FieldType::kKind:
        values[def.key] = value.empty() ? value : domain::enum_label(EnumKind::kKind, value);
        break;
      case FieldType::kGender:
        values[def.key] = value.empty() ? value : domain::enum_label(EnumKind::kGender, value);
        break;
      case FieldType::kSource:
        values[def.key] = value.empty() ? value : domain::enum_label(EnumKind::kSource, value);
        break;
      case FieldType::kLevel:
        values[def.key] = value.empty() ? value : domain::enum_label(EnumKind::kLevel, value);
        break;
      default:
        values[def.key] = value;
    }
  }
  for (const auto& def : session.config.fields) values[def.key] = c.get(def.key);
  values["date"] = date;
  return values;
}

void require_full_numbers_allowed(const Session& session) {
  const auto& allowed = session.config.roles.unmask;
  if (allowed.empty() || config::listed(allowed, session.op, session.os_login)) return;
  throw Error(Exit::kPolicy,
              fmt::format(fmt::runtime(tr("{} may not render messages: they hold full mobile "
                                          "numbers, and [roles] unmask does not list them")),
                          session.op));
}

}  // namespace

domain::MessageTemplate checked_template(const config::Config& config, const std::string& name) {
  auto it = config.templates.find(name);
  if (it == config.templates.end()) {
    if (config.templates.empty()) {
      throw Error(Exit::kConfig,
                  fmt::format(fmt::runtime(tr("no template {}: the configuration has no "
                                              "[templates]")),
                              name));
    }
    std::vector<std::string> names;
    for (const auto& [key, text] : config.templates) names.push_back(key);
    throw Error(Exit::kConfig, fmt::format(fmt::runtime(tr("no template {}; templates are: {}")),
                                           name, fmt::join(names, ", ")));
  }
  auto parsed = domain::parse_template(it->second);
  if (!parsed.ok()) {
    throw Error(Exit::kConfig, fmt::format(fmt::runtime(tr("template {} {}: {}")), name,
                                           tr(parsed.problem), parsed.near));
  }
  const auto allowed = allowed_placeholders(config);
  for (const auto& key : domain::placeholders(parsed)) {
    if (forbidden(key)) {
      throw Error(Exit::kConfig,
                  fmt::format(fmt::runtime(tr("template {}: {} is not allowed: a message never "
                                              "repeats a mobile or ID number")),
                              name, "{" + key + "}"));
    }
  }
  if (auto unknown = domain::unknown_placeholder(
          parsed, std::set<std::string>(allowed.begin(), allowed.end()))) {
    throw Error(Exit::kConfig,
                fmt::format(fmt::runtime(tr("template {}: unknown placeholder {}; placeholders "
                                            "are: {}")),
                            name, "{" + *unknown + "}", fmt::join(allowed, ", ")));
  }
  return parsed;
}

MessagesResult render_messages(const Session& session, const MessagesRequest& request) {
  if (request.within < 0 || request.within > kMaxWithinDays) {
    throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("--within {}: must be 0 to {} days")),
                                          request.within, kMaxWithinDays));
  }
  const auto message = checked_template(session.config, request.template_name);
  require_full_numbers_allowed(session);

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::CustomerRepo customers(db);
  store::NoticeRepo notices(db);
  const Date today = session.today;

  std::vector<store::NoticeCandidate> found;
  switch (request.selection) {
    case MessageSelection::kBirthdays:
      found = birthdays(notices, catch_up_start(notices, request.template_name, today),
                        today.plus_days(request.within));
      break;
    case MessageSelection::kDue:
      found = notices.due_by(today.iso());
      break;
    case MessageSelection::kFilter: {
      auto filter = request.filter;
      if (filter.status.empty()) filter.status = "active";
      for (auto& c : customers.search(filter, session.config.default_scheme)) {
        found.push_back({std::move(c.archive_no), today.iso()});
      }
      break;
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });

  std::vector<Pending> pending;
  for (auto& candidate : found) {
    auto c = customers.find_by_no(candidate.archive_no);
    if (!c || !is_recipient(*c)) continue;
    if (notices.already_sent(c->id, request.template_name, candidate.date)) continue;
    pending.push_back({std::move(candidate.date), std::move(*c)});
  }

  MessagesResult result;
  auto& t = result.table;
  t.name = "messages";
  t.title = tr("messages");
  t.show_title = false;
  t.columns = {{"mobile", tr("mobile"), report::CellType::kText},
               {"message", tr("message"), report::CellType::kText}};
  for (const auto& p : pending) {
    const auto mobile = domain::check_mobile(p.customer.get("mobile")).value;
    const auto text =
        domain::render_template(message, placeholder_values(session, p.customer, p.occasion));
    t.add_row({report::Cell::text(mobile), report::Cell::text(text)});
    if (!request.dry_run) {
      notices.record(p.customer.id, request.template_name, p.occasion, today.iso());
    }
  }
  result.count = pending.size();
  audit(db, session, "messages", "",
        fmt::format("template {}, {} messages{}", request.template_name, result.count,
                    request.dry_run ? ", dry run" : ""));
  tx.commit();
  return result;
}

}  // namespace archive::app
