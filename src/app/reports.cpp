// `archive report`: the built-in reports and the custom reports of the config, built as
// neutral tables from the aggregates of store::ReportRepo (counted per day, put into buckets
// here, so ISO weeks and quarters are computed in one place: domain/report_period).
#include "archive/app/reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "archive/domain/check.h"
#include "archive/domain/fields.h"
#include "archive/domain/follow_up.h"
#include "archive/domain/retention.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/reports.h"

namespace archive::app {

namespace {

using domain::Bucket;
using domain::Date;
using domain::Horizon;
using report::Cell;
using report::CellType;
using report::Column;
using report::Row;
using report::Table;

constexpr Bucket kAllBuckets[] = {Bucket::kDay, Bucket::kWeek, Bucket::kMonth, Bucket::kQuarter};

// The built-in reports, in documentation order.
std::vector<ReportInfo> builtin_reports() {
  const std::vector<Bucket> all(std::begin(kAllBuckets), std::end(kAllBuckets));
  return {
      {"summary",
       tr("customer statistics"),
       tr("customers by kind and grade; new, closed and destroyed in the period"),
       false,
       {},
       std::nullopt,
       Horizon::kBack},
      {"activity", tr("sales activity"),
       tr("follow-ups done per rep and channel, and follow-ups due and overdue"), false, all,
       Bucket::kMonth, Horizon::kBack},
      {"pipeline",
       tr("intent grade progression"),
       tr("moves between intent grades in the period, conversion to O, current counts"),
       false,
       {},
       std::nullopt,
       Horizon::kBack},
      {"sources", tr("walk-ins and calls"), tr("new customers per source channel and owner"), false,
       all, Bucket::kMonth, Horizon::kBack},
      {"complaints",
       tr("complaint statistics"),
       tr("complaints per month or quarter by severity and state, with days to close"),
       false,
       {Bucket::kMonth, Bucket::kQuarter},
       Bucket::kMonth,
       Horizon::kBack},
      {"loans",
       tr("loan statistics"),
       tr("loans made, returned, open and overdue, by department"),
       false,
       {},
       std::nullopt,
       Horizon::kBack},
      {"retention",
       tr("retention ending"),
       tr("materials and closed archives whose retention ends in the period"),
       false,
       {},
       std::nullopt,
       Horizon::kForward},
      {"destruction",
       tr("destruction register"),
       tr("the destruction register of the period, per run, as a certificate"),
       false,
       {},
       std::nullopt,
       Horizon::kBack},
      {"owners",
       tr("customers per rep"),
       tr("customers, new, contacted, due, overdue and lapsed claims per rep"),
       false,
       {},
       std::nullopt,
       Horizon::kBack},
      {"birthdays",
       tr("customer birthdays"),
       tr("birthdays celebrated in the period (29 February on 28 February in common years)"),
       false,
       {},
       std::nullopt,
       Horizon::kForward},
  };
}

std::string total_label() { return tr("total"); }

// The title line: "客户信息统计 summary", as SPEC.md's sketch has it.
std::string title_of(const ReportInfo& info, const std::string& title) {
  return fmt::format("{} {}", title, info.name);
}

std::string bucket_of(const std::string& iso, Bucket bucket) {
  const auto day = Date::from_iso(iso);
  return day ? domain::bucket_label(*day, bucket) : iso;
}

double one_decimal(double value) { return std::round(value * 10.0) / 10.0; }

Cell count_cell(std::int64_t n) { return Cell::integer(n); }

// Keeps at most `limit` rows over all groups (0: all); totals still count everything.
void apply_limit(Table& t, std::int64_t limit) {
  if (limit <= 0) return;
  auto left = static_cast<std::size_t>(limit);
  for (auto& group : t.groups) {
    if (group.rows.size() > left) group.rows.resize(left);
    left -= group.rows.size();
  }
}

[[noreturn]] void usage(const std::string& message) { throw Error(Exit::kUsage, message); }

const config::GradeScheme& scheme_named(const config::Config& config, const std::string& name) {
  const auto* scheme = config.find_scheme(name);
  if (!scheme) {
    usage(fmt::format(fmt::runtime(tr("--scheme {}: no such grade scheme")), name));
  }
  return *scheme;
}

// ---------------------------------------------------------------- summary

Table summary(store::ReportRepo& repo, const Session& session, const ReportRequest& request,
              const store::ReportSpan& span) {
  const auto& scheme = scheme_named(
      session.config, request.scheme.empty() ? session.config.default_scheme : request.scheme);
  const std::string stock = request.filter.status.empty() ? "active" : request.filter.status;
  const auto counts = repo.kind_grade_counts(scheme.name, stock, span);

  Table t;
  t.columns = {{"kind", tr("kind"), CellType::kText, false},
               {"kind_name", tr("kind"), CellType::kText}};
  for (const auto& g : scheme.grades) {
    t.columns.push_back({"grade_" + g.code, g.code, CellType::kInteger});
  }
  t.columns.push_back({"grade_none", tr("no grade"), CellType::kInteger});
  static constexpr std::pair<const char*, const char*> kCounts[] = {
      {"total", N_("total")},
      {"new", N_("new customers")},
      {"closed", N_("closed archives")},
      {"destroyed", N_("destroyed archives")}};
  for (const auto& [key, label] : kCounts) {
    t.columns.push_back({key, tr(label), CellType::kInteger});
  }
  const std::size_t grades = scheme.grades.size();
  const std::size_t first_count = 2;
  const std::size_t width = first_count + grades + 5;
  std::vector<std::int64_t> totals(width, 0);
  for (const auto& kind : domain::enum_values(domain::EnumKind::kKind)) {
    std::vector<std::int64_t> values(width, 0);
    bool any = false;
    for (const auto& c : counts) {
      if (c.kind != kind.code) continue;
      any = any || c.stock || c.created || c.closed || c.destroyed;
      std::size_t column = first_count + grades;  // none
      for (std::size_t i = 0; i < grades; ++i) {
        if (scheme.grades[i].code == c.grade) column = first_count + i;
      }
      values[column] += c.stock;
      values[first_count + grades + 1] += c.stock;
      values[first_count + grades + 2] += c.created;
      values[first_count + grades + 3] += c.closed;
      values[first_count + grades + 4] += c.destroyed;
    }
    if (!any) continue;
    Row row = {Cell::text(kind.code), Cell::text(fmt::format("{} {}", kind.label, kind.code))};
    for (std::size_t i = first_count; i < width; ++i) {
      row.push_back(count_cell(values[i]));
      totals[i] += values[i];
    }
    t.add_row(std::move(row));
  }
  Row total = {Cell::null(), Cell::text(total_label())};
  for (std::size_t i = first_count; i < width; ++i) total.push_back(count_cell(totals[i]));
  t.totals = std::move(total);
  return t;
}

// ---------------------------------------------------------------- activity

Table activity(store::ReportRepo& repo, const Session& session, Bucket by,
               const store::ReportSpan& span) {
  const auto& channels = domain::follow_up_values(domain::FollowUpEnum::kChannel);
  const std::string today = session.today.iso();
  struct Counts {
    std::vector<std::int64_t> done;
    std::int64_t due = 0;
    std::int64_t overdue = 0;
  };
  std::map<std::pair<std::string, std::string>, Counts> rows;
  auto at = [&](const std::string& bucket, const std::string& rep) -> Counts& {
    Counts& c = rows[{bucket, rep}];
    if (c.done.empty()) c.done.assign(channels.size(), 0);
    return c;
  };
  for (const auto& d : repo.follow_ups_done(span)) {
    Counts& c = at(bucket_of(d.day, by), d.owner);
    for (std::size_t i = 0; i < channels.size(); ++i) {
      if (channels[i].code == d.value) c.done[i] += d.count;
    }
  }
  for (const auto& d : repo.follow_ups_scheduled(span)) {
    Counts& c = at(bucket_of(d.day, by), d.owner);
    c.due += d.count;
    if (d.day < today) c.overdue += d.count;
  }

  Table t;
  t.columns = {{"period", tr("period"), CellType::kText}, {"rep", tr("rep"), CellType::kText}};
  // Headers of the channel columns: the codes, translated (msgids listed for extraction).
  static constexpr const char* kChannelLabels[] = {
      N_("phone"), N_("visit"), N_("store"), N_("sms"), N_("wechat"), N_("email"), N_("other")};
  for (const auto& ch : channels) {
    std::string label = ch.code;
    for (const char* known : kChannelLabels) {
      if (ch.code == known) label = tr(known);
    }
    t.columns.push_back({ch.code, label, CellType::kInteger});
  }
  t.columns.push_back({"done", tr("done"), CellType::kInteger});
  t.columns.push_back({"due", tr("due follow-ups"), CellType::kInteger});
  t.columns.push_back({"overdue", tr("overdue"), CellType::kInteger});
  std::vector<std::int64_t> totals(channels.size() + 3, 0);
  for (const auto& [key, c] : rows) {
    Row row = {Cell::text(key.first),
               key.second.empty() ? Cell::text(tr("(no owner)")) : Cell::text(key.second)};
    std::int64_t done = 0;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      row.push_back(count_cell(c.done[i]));
      totals[i] += c.done[i];
      done += c.done[i];
    }
    row.push_back(count_cell(done));
    row.push_back(count_cell(c.due));
    row.push_back(count_cell(c.overdue));
    totals[channels.size()] += done;
    totals[channels.size() + 1] += c.due;
    totals[channels.size() + 2] += c.overdue;
    t.add_row(std::move(row));
  }
  Row total = {Cell::text(total_label()), Cell::null()};
  for (auto n : totals) total.push_back(count_cell(n));
  t.totals = std::move(total);
  return t;
}

// ---------------------------------------------------------------- pipeline

Table pipeline(store::ReportRepo& repo, const Session& session, const ReportRequest& request,
               const store::ReportSpan& span) {
  std::string name = request.scheme;
  if (name.empty()) name = session.config.find_scheme("intent") ? "intent" : "";
  if (name.empty()) name = session.config.default_scheme;
  const auto& scheme = scheme_named(session.config, name);
  // Codes in scheme order, then "" (no grade: a first grading, or a grade removed).
  std::vector<std::string> codes;
  for (const auto& g : scheme.grades) codes.push_back(g.code);
  codes.emplace_back();
  const std::string& target = scheme.grades.front().code;  // intent: O
  auto index_of = [&](const std::string& code) -> std::size_t {
    for (std::size_t i = 0; i + 1 < codes.size(); ++i) {
      if (codes[i] == code) return i;
    }
    return codes.size() - 1;
  };
  const std::size_t n = codes.size();
  std::vector<std::vector<std::int64_t>> moves(n, std::vector<std::int64_t>(n, 0));
  for (const auto& m : repo.grade_moves(scheme.name, span)) {
    moves[index_of(m.from_code)][index_of(m.to_code)] += m.count;
  }
  std::vector<std::int64_t> now(n, 0);
  for (const auto& c : repo.grade_counts(scheme.name)) now[index_of(c.code)] += c.count;

  Table t;
  t.columns = {{"from", tr("from grade"), CellType::kText}};
  for (const auto& code : codes) {
    t.columns.push_back({code.empty() ? "to_none" : "to_" + code,
                         code.empty() ? tr("no grade") : fmt::format("→{}", code),
                         CellType::kInteger});
  }
  t.columns.push_back({"moves", tr("moves"), CellType::kInteger});
  t.columns.push_back(
      {"converted_pct", fmt::format(fmt::runtime(tr("to {} %")), target), CellType::kPercentage});
  t.columns.push_back({"now", tr("now"), CellType::kInteger});

  std::vector<std::int64_t> column_totals(n, 0);
  std::int64_t all_moves = 0;
  std::int64_t all_now = 0;
  const std::size_t target_index = 0;
  for (std::size_t from = 0; from < n; ++from) {
    Row row = {Cell::text(codes[from].empty() ? tr("no grade") : codes[from])};
    std::int64_t out = 0;
    for (std::size_t to = 0; to < n; ++to) {
      row.push_back(count_cell(moves[from][to]));
      column_totals[to] += moves[from][to];
      out += moves[from][to];
    }
    row.push_back(count_cell(out));
    row.push_back(
        out ? Cell::percentage(one_decimal(100.0 * static_cast<double>(moves[from][target_index]) /
                                           static_cast<double>(out)))
            : Cell::null());
    row.push_back(count_cell(now[from]));
    all_moves += out;
    all_now += now[from];
    t.add_row(std::move(row));
  }
  Row total = {Cell::text(total_label())};
  for (auto v : column_totals) total.push_back(count_cell(v));
  total.push_back(count_cell(all_moves));
  total.push_back(all_moves ? Cell::percentage(one_decimal(
                                  100.0 * static_cast<double>(column_totals[target_index]) /
                                  static_cast<double>(all_moves)))
                            : Cell::null());
  total.push_back(count_cell(all_now));
  t.totals = std::move(total);
  return t;
}

// ---------------------------------------------------------------- sources

Table sources(store::ReportRepo& repo, Bucket by, const store::ReportSpan& span) {
  const auto& values = domain::enum_values(domain::EnumKind::kSource);
  const std::size_t n = values.size() + 1;  // + none
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> rows;
  for (const auto& d : repo.new_by_source(span)) {
    auto& counts = rows[{bucket_of(d.day, by), d.owner}];
    if (counts.empty()) counts.assign(n, 0);
    std::size_t column = values.size();
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i].code == d.value) column = i;
    }
    counts[column] += d.count;
  }
  Table t;
  t.columns = {{"period", tr("period"), CellType::kText}, {"owner", tr("owner"), CellType::kText}};
  for (const auto& v : values) {
    t.columns.push_back({v.code, fmt::format("{} {}", v.label, v.code), CellType::kInteger});
  }
  t.columns.push_back({"none", tr("no source"), CellType::kInteger});
  t.columns.push_back({"total", tr("total"), CellType::kInteger});
  std::vector<std::int64_t> totals(n + 1, 0);
  for (const auto& [key, counts] : rows) {
    Row row = {Cell::text(key.first),
               key.second.empty() ? Cell::text(tr("(no owner)")) : Cell::text(key.second)};
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      row.push_back(count_cell(counts[i]));
      totals[i] += counts[i];
      sum += counts[i];
    }
    row.push_back(count_cell(sum));
    totals[n] += sum;
    t.add_row(std::move(row));
  }
  Row total = {Cell::text(total_label()), Cell::null()};
  for (auto v : totals) total.push_back(count_cell(v));
  t.totals = std::move(total);
  return t;
}

// ---------------------------------------------------------------- complaints

Table complaints(store::ReportRepo& repo, Bucket by, const store::ReportSpan& span) {
  struct Counts {
    std::int64_t all = 0, open = 0, closed = 0, days = 0, max_days = 0;
  };
  std::map<std::pair<std::string, int>, Counts> rows;  // (bucket, severity order)
  const auto& severities = domain::follow_up_values(domain::FollowUpEnum::kSeverity);
  auto severity_index = [&](const std::string& code) {
    for (std::size_t i = 0; i < severities.size(); ++i) {
      if (severities[i].code == code) return static_cast<int>(i);
    }
    return static_cast<int>(severities.size());
  };
  Counts total;
  for (const auto& c : repo.complaints(span)) {
    for (Counts* counts : {&rows[{bucket_of(c.day, by), severity_index(c.severity)}], &total}) {
      counts->all += c.count;
      if (c.state == "closed") {
        counts->closed += c.count;
        counts->days += c.days_to_close_sum;
        counts->max_days = std::max(counts->max_days, c.days_to_close_max);
      } else {
        counts->open += c.count;
      }
    }
  }
  Table t;
  t.columns = {{"period", tr("period"), CellType::kText},
               {"severity", tr("severity"), CellType::kText},
               {"complaints", tr("complaints"), CellType::kInteger},
               {"open", tr("open"), CellType::kInteger},
               {"closed", tr("closed"), CellType::kInteger},
               {"avg_days_to_close", tr("avg days to close"), CellType::kNumber},
               {"max_days_to_close", tr("max days to close"), CellType::kInteger}};
  auto counts_row = [](Row row, const Counts& c) {
    row.push_back(Cell::integer(c.all));
    row.push_back(Cell::integer(c.open));
    row.push_back(Cell::integer(c.closed));
    row.push_back(c.closed ? Cell::number(one_decimal(static_cast<double>(c.days) /
                                                      static_cast<double>(c.closed)))
                           : Cell::null());
    row.push_back(c.closed ? Cell::integer(c.max_days) : Cell::null());
    return row;
  };
  for (const auto& [key, c] : rows) {
    const auto index = static_cast<std::size_t>(key.second);
    const std::string severity = index < severities.size() ? severities[index].code : "";
    t.add_row(counts_row({Cell::text(key.first), Cell::text_or_null(severity)}, c));
  }
  t.totals = counts_row({Cell::text(total_label()), Cell::null()}, total);
  return t;
}

// ---------------------------------------------------------------- loans

Table loans(store::ReportRepo& repo, const store::ReportSpan& span) {
  Table t;
  t.columns = {{"dept", tr("dept"), CellType::kText},
               {"lent", tr("lent"), CellType::kInteger},
               {"returned", tr("returned"), CellType::kInteger},
               {"open", tr("open"), CellType::kInteger},
               {"overdue", tr("overdue"), CellType::kInteger}};
  std::int64_t lent = 0, returned = 0, open = 0, overdue = 0;
  for (const auto& d : repo.loans_by_dept(span)) {
    t.add_row({Cell::text(d.dept), Cell::integer(d.lent), Cell::integer(d.returned),
               Cell::integer(d.open), Cell::integer(d.overdue)});
    lent += d.lent;
    returned += d.returned;
    open += d.open;
    overdue += d.overdue;
  }
  t.totals = Row{Cell::text(total_label()), Cell::integer(lent), Cell::integer(returned),
                 Cell::integer(open), Cell::integer(overdue)};
  return t;
}

// ---------------------------------------------------------------- retention

Table retention(store::ReportRepo& repo, const Session& session, const store::ReportSpan& span) {
  auto items = repo.materials_ending(span);
  // A closed archive's retention ends closed_retention_years after closing; the day before
  // and after the shifted range cover 29 February, then the exact rule decides.
  const int years = session.config.archive.closed_retention_years;
  const auto from = *Date::from_iso(span.from);
  const auto to = *Date::from_iso(span.to);
  const store::ReportSpan closed{from.plus_years(-years).plus_days(-1).iso(),
                                 to.plus_years(-years).plus_days(1).iso()};
  for (auto& a : repo.closed_archives(closed)) {
    const auto closed_on = Date::from_iso(a.retention_end);
    if (!closed_on) continue;
    const Date end = domain::retention_end(*closed_on, years);
    if (end < from || to < end) continue;
    a.retention_end = end.iso();
    items.push_back(std::move(a));
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return std::tie(a.retention_end, a.archive_no, a.archive, a.item) <
           std::tie(b.retention_end, b.archive_no, b.archive, b.item);
  });

  Table t;
  t.columns = {{"item", tr("item"), CellType::kText},
               {"what", tr("what"), CellType::kText},
               {"kind", tr("kind"), CellType::kText},
               {"materials", tr("materials"), CellType::kInteger},
               {"pages", tr("pages"), CellType::kInteger},
               {"level", tr("level"), CellType::kText},
               {"retention_end", tr("retention_end"), CellType::kDate},
               {"in_days", tr("in_days"), CellType::kInteger},
               {"owner", tr("owner"), CellType::kText},
               {"blocked", tr("blocked"), CellType::kText},
               {"archive_no", tr("archive_no"), CellType::kText, false}};
  std::int64_t materials = 0, pages = 0;
  for (const auto& r : items) {
    std::string blocked;
    if (r.on_loan) blocked = tr("on loan");
    if (r.on_hold) blocked += (blocked.empty() ? "" : ", ") + std::string(tr("under hold"));
    const auto end = Date::from_iso(r.retention_end);
    t.add_row({Cell::text(r.item), Cell::text(r.archive ? "archive" : "material"),
               Cell::text_or_null(r.kind), Cell::integer(r.materials),
               r.pages ? Cell::integer(r.pages) : Cell::null(), Cell::text_or_null(r.level),
               Cell::date(r.retention_end),
               end ? Cell::integer(session.today.days_until(*end)) : Cell::null(),
               Cell::text_or_null(r.owner), Cell::text_or_null(blocked), Cell::text(r.archive_no)});
    materials += r.materials;
    pages += r.pages;
  }
  t.totals = Row{Cell::text(total_label()), Cell::null(), Cell::null(), Cell::integer(materials),
                 Cell::integer(pages)};
  return t;
}

// ---------------------------------------------------------------- destruction

Table destruction(store::ReportRepo& repo, const store::ReportSpan& span) {
  Table t;
  t.columns = {{"run", tr("run"), CellType::kText, false},
               {"archive_no", tr("archive_no"), CellType::kText},
               {"item", tr("item"), CellType::kText},
               {"material_kinds", tr("material kinds"), CellType::kText},
               {"pages", tr("pages"), CellType::kInteger},
               {"retention_end", tr("retention_end"), CellType::kDate},
               {"reason", tr("reason"), CellType::kText},
               {"approver", tr("approver"), CellType::kText, false},
               {"operator", tr("operator"), CellType::kText, false},
               {"destroyed_on", tr("destroyed on"), CellType::kDate, false}};
  std::int64_t items = 0, pages = 0;
  for (const auto& e : repo.destructions(span)) {
    if (t.groups.empty() || t.groups.back().rows.empty() ||
        std::get<std::string>(t.groups.back().rows.front()[0].value) != e.run) {
      report::Group g;
      g.heading =
          fmt::format(fmt::runtime(tr("{} — destroyed on {}, approved by {}, carried out by {}")),
                      e.run, e.destroyed_on, e.approver, e.op);
      t.groups.push_back(std::move(g));
    }
    t.groups.back().rows.push_back(
        {Cell::text(e.run), Cell::text(e.archive_no), Cell::text_or_null(e.item),
         Cell::text_or_null(e.material_kinds), e.has_pages ? Cell::integer(e.pages) : Cell::null(),
         Cell::text_or_null(e.retention_end), Cell::text(e.reason), Cell::text(e.approver),
         Cell::text(e.op), Cell::date(e.destroyed_on)});
    ++items;
    pages += e.pages;
  }
  t.totals =
      Row{Cell::null(), Cell::text(total_label()),
          Cell::text(fmt::format(fmt::runtime(items == 1 ? tr("{} item") : tr("{} items")), items)),
          Cell::null(), Cell::integer(pages)};
  return t;
}

// ---------------------------------------------------------------- owners

Table owners(store::ReportRepo& repo, const Session& session, const store::ReportSpan& span) {
  const std::string today = session.today.iso();
  const std::string cutoff =
      session.today.plus_days(-session.config.follow_up.owner_claim_days).iso();
  auto counts = repo.owner_counts(span, today, cutoff);
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.owner.empty(), a.owner) < std::make_pair(b.owner.empty(), b.owner);
  });
  Table t;
  t.columns = {{"owner", tr("owner"), CellType::kText},
               {"customers", tr("customers"), CellType::kInteger},
               {"new", tr("new customers"), CellType::kInteger},
               {"contacted", tr("contacted"), CellType::kInteger},
               {"due", tr("due follow-ups"), CellType::kInteger},
               {"overdue", tr("overdue"), CellType::kInteger},
               {"lapsed", tr("lapsed claims"), CellType::kInteger}};
  store::OwnerCounts sum;
  for (const auto& c : counts) {
    t.add_row({c.owner.empty() ? Cell::text(tr("(no owner)")) : Cell::text(c.owner),
               Cell::integer(c.customers), Cell::integer(c.created), Cell::integer(c.contacted),
               Cell::integer(c.due), Cell::integer(c.overdue), Cell::integer(c.lapsed)});
    sum.customers += c.customers;
    sum.created += c.created;
    sum.contacted += c.contacted;
    sum.due += c.due;
    sum.overdue += c.overdue;
    sum.lapsed += c.lapsed;
  }
  t.totals =
      Row{Cell::text(total_label()),    Cell::integer(sum.customers), Cell::integer(sum.created),
          Cell::integer(sum.contacted), Cell::integer(sum.due),       Cell::integer(sum.overdue),
          Cell::integer(sum.lapsed)};
  return t;
}

// ---------------------------------------------------------------- birthdays

Table birthdays(store::ReportRepo& repo, const Session& session, Date from, Date to) {
  const int within = static_cast<int>(std::min<std::int64_t>(from.days_until(to), 366));
  struct Found {
    store::BirthdayCustomer c;
    Date date;
  };
  std::vector<Found> found;
  for (const auto& range : domain::birthday_ranges(from, within)) {
    for (auto& c : repo.birthdays_between(range.from, range.to)) {
      const auto birthday = Date::from_iso(c.birthday);
      if (!birthday) continue;
      if (auto date = domain::birthday_in_window(*birthday, from, within); date && *date <= to) {
        found.push_back({std::move(c), *date});
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tie(a.date, a.c.archive_no) < std::tie(b.date, b.c.archive_no);
  });
  Table t;
  t.columns = {{"archive_no", tr("archive_no"), CellType::kText},
               {"name", tr("name"), CellType::kText},
               {"birthday", tr("birthday"), CellType::kDate},
               {"date", tr("date"), CellType::kDate},
               {"in_days", tr("in_days"), CellType::kInteger},
               {"mobile", tr("mobile"), CellType::kText},
               {"owner", tr("owner"), CellType::kText}};
  for (const auto& f : found) {
    const auto& mobile = f.c.mobile;
    t.add_row({Cell::text(f.c.archive_no), Cell::text_or_null(f.c.name), Cell::date(f.c.birthday),
               Cell::date(f.date.iso()), Cell::integer(session.today.days_until(f.date)),
               Cell::text_or_null(session.unmask || mobile.empty() ? mobile
                                                                   : domain::mask_mobile(mobile)),
               Cell::text_or_null(f.c.owner)});
  }
  return t;
}

// ---------------------------------------------------------------- custom reports

// Integer when every value is; a date when every value is an ISO date; else text.
CellType column_type(const store::QueryResult& result, std::size_t column) {
  bool integers = true;
  bool dates = true;
  bool any = false;
  for (const auto& row : result.rows) {
    const auto& v = row[column];
    if (std::holds_alternative<std::monostate>(v)) continue;
    any = true;
    if (!std::holds_alternative<std::int64_t>(v)) integers = false;
    const auto* text = std::get_if<std::string>(&v);
    if (!text || text->size() != 10 || !Date::from_iso(*text)) dates = false;
  }
  if (!any) return CellType::kText;
  if (integers) return CellType::kInteger;
  return dates ? CellType::kDate : CellType::kText;
}

Table custom(store::Db& db, const Session& session, const config::CustomReport& report,
             const ReportRequest& request, const store::ReportSpan& span) {
  std::vector<store::QueryParam> params = {{":from", span.from},
                                           {":to", span.to},
                                           {":today", session.today.iso()},
                                           {":owner", request.filter.owner}};
  const auto result = store::run_custom_report(db, report.name, report.sql, params, session.unmask);
  Table t;
  for (std::size_t c = 0; c < result.columns.size(); ++c) {
    t.columns.push_back({result.columns[c], result.columns[c], column_type(result, c)});
  }
  for (const auto& values : result.rows) {
    Row row;
    for (const auto& v : values) {
      if (const auto* i = std::get_if<std::int64_t>(&v)) {
        row.push_back(Cell::integer(*i));
      } else if (const auto* d = std::get_if<double>(&v)) {
        row.push_back(Cell::text(fmt::format("{}", *d)));
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        row.push_back(Cell::text(*s));
      } else {
        row.push_back(Cell::null());
      }
    }
    // A column typed as text may still hold an integer in some rows: show it as text.
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (t.columns[c].type == CellType::kText) {
        if (const auto* i = std::get_if<std::int64_t>(&row[c].value)) {
          row[c] = Cell::text(std::to_string(*i));
        }
      }
    }
    t.add_row(std::move(row));
  }
  return t;
}

std::string known_names(const std::vector<ReportInfo>& catalogue) {
  std::string names;
  for (const auto& info : catalogue) names += (names.empty() ? "" : ", ") + info.name;
  return names;
}

}  // namespace

std::vector<ReportInfo> report_catalogue(const config::Config& config) {
  auto reports = builtin_reports();
  const std::size_t builtins = reports.size();
  std::vector<const config::CustomReport*> custom;
  for (const auto& r : config.reports) custom.push_back(&r);
  std::sort(custom.begin(), custom.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const auto* r : custom) {
    for (std::size_t i = 0; i < builtins; ++i) {
      if (reports[i].name == r->name) {
        throw Error(Exit::kConfig,
                    fmt::format(fmt::runtime(tr("[reports.{}]: {} is the name of a built-in "
                                                "report; choose another")),
                                r->name, r->name));
      }
    }
    reports.push_back({r->name,
                       r->title.empty() ? r->name : r->title,
                       r->description,
                       true,
                       {},
                       std::nullopt,
                       Horizon::kBack});
  }
  return reports;
}

report::Table list_reports(const Session& session) {
  Table t;
  t.name = "reports";
  t.title = tr("reports");
  t.show_title = false;
  t.columns = {{"name", tr("name"), CellType::kText},
               {"title", tr("title"), CellType::kText},
               {"by", tr("by"), CellType::kText},
               {"period", tr("default period"), CellType::kText},
               {"description", tr("description"), CellType::kText}};
  for (const auto& info : report_catalogue(session.config)) {
    std::string by;
    for (auto b : info.buckets) {
      by += (by.empty() ? "" : ",") + std::string(domain::bucket_name(b));
    }
    const char* period = info.horizon == Horizon::kForward ? N_("next 90 days") : N_("this month");
    t.add_row({Cell::text(info.name), Cell::text(info.title), Cell::text_or_null(by),
               Cell::text(tr(period)),
               info.custom
                   ? Cell::text(info.description.empty()
                                    ? fmt::format("[{}]", tr("custom"))
                                    : fmt::format("{} [{}]", info.description, tr("custom")))
                   : Cell::text(info.description)});
  }
  return t;
}

report::Table run_report(const Session& session, const ReportRequest& request) {
  const auto catalogue = report_catalogue(session.config);
  const auto found = std::find_if(catalogue.begin(), catalogue.end(),
                                  [&](const ReportInfo& i) { return i.name == request.name; });
  if (found == catalogue.end()) {
    usage(fmt::format(fmt::runtime(tr("no report named {}; the reports are: {}")), request.name,
                      known_names(catalogue)));
  }
  const ReportInfo& info = *found;

  // Arguments first: a usage error never opens the database.
  const auto period = domain::report_period(info.horizon, session.today, request.from, request.to);
  if (period.to < period.from) {
    usage(fmt::format(fmt::runtime(tr("--from {} is after --to {}")), period.from.iso(),
                      period.to.iso()));
  }
  if (request.by && info.buckets.empty()) {
    usage(fmt::format(fmt::runtime(tr("report {} has no time axis: --by does not apply")),
                      info.name));
  }
  if (request.by &&
      std::find(info.buckets.begin(), info.buckets.end(), *request.by) == info.buckets.end()) {
    std::string by;
    for (auto b : info.buckets)
      by += (by.empty() ? "" : ", ") + std::string(domain::bucket_name(b));
    usage(fmt::format(fmt::runtime(tr("report {} is counted by {} only, not by {}")), info.name, by,
                      domain::bucket_name(*request.by)));
  }
  if (!request.scheme.empty()) {
    if (info.name != "summary" && info.name != "pipeline") {
      usage(fmt::format(fmt::runtime(tr("report {} has no grades: --scheme does not apply")),
                        info.name));
    }
    scheme_named(session.config, request.scheme);
  }
  if (info.custom && !request.given_filters.empty()) {
    usage(fmt::format(fmt::runtime(tr("custom report {} takes --owner as its :owner parameter, "
                                      "but no other filter ({})")),
                      info.name, request.given_filters.front()));
  }
  if (session.unmask) require_unmask_allowed(session);

  const Bucket by = request.by.value_or(info.default_bucket.value_or(Bucket::kMonth));
  const store::ReportSpan span{period.from.iso(), period.to.iso()};

  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(
      db, session.unmask ? store::Transaction::Kind::kWrite : store::Transaction::Kind::kRead);
  store::ReportRepo repo(db, request.filter);

  Table t;
  if (info.custom) {
    const auto& reports = session.config.reports;
    const auto it = std::find_if(reports.begin(), reports.end(),
                                 [&](const auto& r) { return r.name == info.name; });
    t = custom(db, session, *it, request, span);
  } else if (info.name == "summary") {
    t = summary(repo, session, request, span);
  } else if (info.name == "activity") {
    t = activity(repo, session, by, span);
  } else if (info.name == "pipeline") {
    t = pipeline(repo, session, request, span);
  } else if (info.name == "sources") {
    t = sources(repo, by, span);
  } else if (info.name == "complaints") {
    t = complaints(repo, by, span);
  } else if (info.name == "loans") {
    t = loans(repo, span);
  } else if (info.name == "retention") {
    t = retention(repo, session, span);
  } else if (info.name == "destruction") {
    t = destruction(repo, span);
  } else if (info.name == "owners") {
    t = owners(repo, session, span);
  } else {
    t = birthdays(repo, session, period.from, period.to);
  }

  t.name = info.name;
  std::string title = info.title;
  if (!info.buckets.empty() && info.name == "activity") {
    static constexpr const char* kActivity[] = {
        N_("daily sales activity"), N_("weekly sales activity"), N_("monthly sales activity"),
        N_("quarterly sales activity")};
    title = tr(kActivity[static_cast<int>(by)]);
  } else if (info.name == "complaints") {
    title = tr(by == Bucket::kQuarter ? N_("quarterly complaint statistics")
                                      : N_("monthly complaint statistics"));
  }
  t.title = title_of(info, title);
  t.period = report::Period{span.from, span.to};
  t.show_empty = true;
  if (t.row_count() == 0) t.totals.reset();  // an empty period: headers and no rows
  apply_limit(t, request.filter.limit);
  if (session.unmask) {
    audit(db, session, "unmask", "", fmt::format("report {},{} rows", info.name, t.row_count()));
    tx.commit();
  }
  return t;
}

}  // namespace archive::app
