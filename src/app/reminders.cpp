// The morning lists: each kind of reminder is one index range (store/follow_ups.h); the rows
// are then merged, grouped per owner and ordered here.
#include "archive/app/reminders.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "archive/app/grading.h"
#include "archive/domain/fields.h"
#include "archive/domain/follow_up.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/customers.h"
#include "archive/store/follow_ups.h"

namespace archive::app {

namespace {

using domain::Date;
using report::Cell;
using report::CellType;
using report::Table;

enum class Kind { kFollowUp, kComplaint, kVisit, kClaim };

struct DueRow {
  Kind kind;
  std::string owner;
  std::string archive_no;
  std::string name;
  std::string grade;
  std::string due;                   // empty for complaints
  std::optional<std::int64_t> late;  // empty for complaints
  std::string why;
};

Date iso_date(const std::string& iso) {
  auto d = Date::from_iso(iso);
  if (!d) throw Error(Exit::kInternal, "not an ISO date in the database: " + iso);
  return *d;
}

// "intent:H": the grade whose follow-up interval is the shortest (the one that drives the
// due date), else the first grade; for the visit rule the value grade.
std::string grade_text(const std::vector<domain::GradeEntry>& grades, const config::Config& config,
                       const std::string& prefer_scheme = "") {
  if (grades.empty()) return {};
  const domain::GradeEntry* best = nullptr;
  std::optional<int> best_days;
  for (const auto& g : grades) {
    if (!prefer_scheme.empty()) {
      if (g.scheme == prefer_scheme) return g.scheme + ":" + g.code;
      continue;
    }
    const auto* scheme = config.find_scheme(g.scheme);
    const auto* grade = scheme ? scheme->find(g.code) : nullptr;
    const auto days = grade ? grade->follow_up_days : std::nullopt;
    if (!best || (days && (!best_days || *days < *best_days))) {
      best = &g;
      best_days = days;
    }
  }
  if (!best) best = &grades.front();
  return best->scheme + ":" + best->code;
}

std::string month_day(const std::string& iso, Date today) {
  // The year only when it is not this year's.
  return iso.substr(0, 4) == today.iso().substr(0, 4) ? iso.substr(5) : iso;
}

std::string heading(const std::string& owner, const std::vector<DueRow>& rows) {
  std::size_t to_do = 0;
  std::size_t overdue = 0;
  std::size_t lapsed = 0;
  for (const auto& r : rows) {
    if (r.kind == Kind::kClaim) {
      ++lapsed;
      continue;
    }
    ++to_do;
    if (r.late && *r.late > 0) ++overdue;
  }
  std::vector<std::string> parts;
  if (to_do > 0) parts.push_back(fmt::format(fmt::runtime(tr("{} to do")), to_do));
  if (overdue > 0) parts.push_back(fmt::format(fmt::runtime(tr("{} overdue")), overdue));
  if (lapsed == 1) parts.push_back(fmt::format(fmt::runtime(tr("{} lapsed claim")), lapsed));
  if (lapsed > 1) parts.push_back(fmt::format(fmt::runtime(tr("{} lapsed claims")), lapsed));
  const std::string who = owner.empty() ? tr("(no owner)") : owner;
  return fmt::format(fmt::runtime(tr("{} — {}")), who, fmt::join(parts, std::string(tr(", "))));
}

std::string resolved_owner(const Session& session, const std::string& owner) {
  const std::string o = domain::trim(owner);
  auto it = session.config.staff.find(o);
  return it == session.config.staff.end() ? o : it->second;
}

// Owners in order, the pool (no owner) last.
bool owner_before(const std::string& a, const std::string& b) {
  if (a.empty() != b.empty()) return b.empty();
  return a < b;
}

}  // namespace

report::Table follow_ups_due(const Session& session, const DueRequest& request) {
  if (request.within < 0) throw Error(Exit::kUsage, tr("--within must be 0 or more"));
  const Date today = session.today;
  const Date horizon = today.plus_days(request.within);
  const std::string owner = resolved_owner(session, request.owner);
  const auto& fu = session.config.follow_up;

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kRead);
  store::FollowUpRepo repo(db);
  std::vector<DueRow> rows;

  for (const auto& c : repo.due_by(horizon.iso(), owner)) {
    const auto late = domain::days_late(iso_date(c.next_due), today);
    rows.push_back({Kind::kFollowUp, c.owner, c.archive_no, c.name,
                    grade_text(c.grades, session.config), c.next_due, late,
                    late > 0 ? tr("follow-up overdue") : tr("follow-up due")});
  }
  for (const auto& oc : repo.open_major_complaints(owner)) {
    const auto& c = oc.customer;
    rows.push_back({Kind::kComplaint, c.owner, c.archive_no, c.name,
                    grade_text(c.grades, session.config), "", std::nullopt,
                    fmt::format(fmt::runtime(tr("major complaint {} open since {}")),
                                oc.follow_up_no, month_day(oc.contact_date, today))});
  }
  if (fu.visit_every_days > 0) {
    const auto cutoff = horizon.plus_days(-fu.visit_every_days).iso();
    for (const auto& c : repo.unvisited_since(cutoff, owner)) {
      const auto& since = c.last_visit.empty() ? c.created : c.last_visit;
      const Date due = iso_date(since).plus_days(fu.visit_every_days);
      rows.push_back({Kind::kVisit, c.owner, c.archive_no, c.name,
                      grade_text(c.grades, session.config, domain::kDealtScheme), due.iso(),
                      domain::days_late(due, today),
                      c.last_visit.empty()
                          ? std::string(tr("never visited"))
                          : fmt::format(fmt::runtime(tr("no visit since {}")), c.last_visit)});
    }
  }
  if (fu.owner_claim_days > 0) {
    const auto cutoff = horizon.plus_days(-fu.owner_claim_days).iso();
    for (const auto& c : repo.claims_started_by(cutoff, owner)) {
      const Date due = iso_date(c.claim_start).plus_days(fu.owner_claim_days);
      const auto late = domain::days_late(due, today);
      std::string why;
      if (c.last_contact.empty()) {
        why = fmt::format(fmt::runtime(late >= 0 ? tr("owner claim lapsed (no contact since {})")
                                                 : tr("owner claim lapses (no contact since {})")),
                          c.claim_start);
      } else {
        why = fmt::format(fmt::runtime(late >= 0 ? tr("owner claim lapsed (last contact {})")
                                                 : tr("owner claim lapses (last contact {})")),
                          c.last_contact);
      }
      rows.push_back({Kind::kClaim, c.owner, c.archive_no, c.name,
                      grade_text(c.grades, session.config), due.iso(), late, why});
    }
  }

  std::map<std::string, std::vector<DueRow>, decltype(&owner_before)> by_owner(&owner_before);
  for (auto& r : rows) by_owner[r.owner].push_back(std::move(r));

  Table t;
  t.name = "follow_up_due";
  t.title = tr("follow-ups due");
  t.show_title = false;
  t.columns = {
      {"archive_no", tr("archive_no"), CellType::kText}, {"name", tr("name"), CellType::kText},
      {"grade", tr("grade"), CellType::kText},           {"due", tr("due"), CellType::kDate},
      {"late", tr("late"), CellType::kInteger},          {"why", tr("why"), CellType::kText},
      {"owner", tr("owner"), CellType::kText, false}};
  for (auto& [group_owner, group] : by_owner) {
    std::stable_sort(group.begin(), group.end(), [](const DueRow& a, const DueRow& b) {
      if (a.late.has_value() != b.late.has_value()) return a.late.has_value();
      if (a.late && *a.late != *b.late) return *a.late > *b.late;
      if (a.archive_no != b.archive_no) return a.archive_no < b.archive_no;
      return a.kind < b.kind;
    });
    report::Group g;
    g.heading = heading(group_owner, group);
    for (const auto& r : group) {
      g.rows.push_back({Cell::text(r.archive_no), Cell::text_or_null(r.name),
                        Cell::text_or_null(r.grade),
                        r.due.empty() ? Cell::null() : Cell::date(r.due),
                        r.late ? Cell::integer(*r.late) : Cell::null(), Cell::text(r.why),
                        Cell::text_or_null(r.owner)});
    }
    t.groups.push_back(std::move(g));
  }
  return t;
}

report::Table birthdays(const Session& session, int within) {
  if (within < 0) throw Error(Exit::kUsage, tr("--within must be 0 or more"));
  if (session.unmask) require_unmask_allowed(session);
  const Date today = session.today;

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(
      db, session.unmask ? store::Transaction::Kind::kWrite : store::Transaction::Kind::kRead);
  store::FollowUpRepo repo(db);

  struct BirthdayRow {
    store::ReminderCustomer c;
    Date date;
  };
  std::vector<BirthdayRow> found;
  for (const auto& range : domain::birthday_ranges(today, within)) {
    for (auto& c : repo.birthdays_between(range.from, range.to)) {
      if (auto date = domain::birthday_in_window(iso_date(c.birthday), today, within)) {
        found.push_back({std::move(c), *date});
      }
    }
  }
  std::map<std::string, std::vector<BirthdayRow>, decltype(&owner_before)> by_owner(&owner_before);
  for (auto& r : found) by_owner[r.c.owner].push_back(std::move(r));

  Table t;
  t.name = "birthdays";
  t.title = tr("birthdays");
  t.show_title = false;
  t.columns = {
      {"archive_no", tr("archive_no"), CellType::kText}, {"name", tr("name"), CellType::kText},
      {"birthday", tr("birthday"), CellType::kDate},     {"date", tr("date"), CellType::kDate},
      {"in_days", tr("in_days"), CellType::kInteger},    {"mobile", tr("mobile"), CellType::kText},
      {"owner", tr("owner"), CellType::kText, false}};
  for (auto& [owner, group] : by_owner) {
    std::sort(group.begin(), group.end(), [](const BirthdayRow& a, const BirthdayRow& b) {
      if (a.date != b.date) return a.date < b.date;
      return a.c.archive_no < b.c.archive_no;
    });
    report::Group g;
    const std::string who = owner.empty() ? tr("(no owner)") : owner;
    g.heading = fmt::format(
        fmt::runtime(group.size() == 1 ? tr("{} — {} birthday") : tr("{} — {} birthdays")), who,
        group.size());
    for (const auto& r : group) {
      const auto& mobile = r.c.mobile;
      g.rows.push_back(
          {Cell::text(r.c.archive_no), Cell::text_or_null(r.c.name), Cell::date(r.c.birthday),
           Cell::date(r.date.iso()), Cell::integer(today.days_until(r.date)),
           Cell::text_or_null(session.unmask || mobile.empty() ? mobile
                                                               : domain::mask_mobile(mobile)),
           Cell::text_or_null(r.c.owner)});
    }
    t.groups.push_back(std::move(g));
  }
  if (session.unmask) {
    audit(db, session, "unmask", "", fmt::format("follow-up birthdays,{} rows", found.size()));
    tx.commit();
  }
  return t;
}

}  // namespace archive::app
