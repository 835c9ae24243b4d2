// The SQL of `archive report`: built-in aggregates over the base tables, counted per day, and
// custom reports over masked TEMP copies of the public views.
#include "archive/store/reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "archive/domain/fields.h"
#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::store {

namespace {

// The find filters on the customer `c`: the condition of each filter that is set, and
// nothing for one that is not. Even a `:f_owner = '' OR c.owner = :f_owner` that holds for
// every row names its column, and the planner, which cannot know the value, then takes an
// index as covering only if it holds that column too: the reports' covering indexes
// (customer_owner, customer_kind) would not be. Only fixed fragments go in; the values are
// bound by prepare().
std::string filter_conditions(const CustomerFilter& filter) {
  std::string sql;
  if (!filter.owner.empty()) sql += "\n   AND c.owner = :f_owner";
  if (!filter.kind.empty()) sql += "\n   AND c.kind = :f_kind";
  if (!filter.region.empty()) sql += "\n   AND c.region = :f_region";
  if (!filter.source.empty()) sql += "\n   AND c.source = :f_source";
  if (!filter.status.empty()) sql += "\n   AND c.status = :f_status";
  if (!filter.grade_scheme.empty()) {
    sql += R"SQL(
   AND EXISTS (SELECT 1 FROM customer_grade fg WHERE fg.customer_id = c.id
                  AND fg.scheme = :f_scheme AND fg.code = :f_code))SQL";
  }
  return sql;
}

// `sql` with {filter} replaced by `conditions`.
std::string with_filter(std::string_view sql, std::string_view conditions) {
  std::string text(sql);
  const auto at = text.find("{filter}");
  if (at != std::string::npos) text.replace(at, 8, conditions);
  return text;
}

std::int64_t count_at(const Statement& st, int column) {
  return st.is_null(column) ? 0 : st.integer(column);
}

}  // namespace

bool ReportRepo::filtering() const {
  return !filter_.owner.empty() || !filter_.kind.empty() || !filter_.region.empty() ||
         !filter_.source.empty() || !filter_.status.empty() || !filter_.grade_scheme.empty();
}

Statement ReportRepo::prepare(std::string_view sql) {
  auto st = db_.prepare(with_filter(sql, filter_conditions(filter_)));
  // Binding by name skips the parameters of the filters that are not in the text.
  st.bind(":f_owner", filter_.owner).bind(":f_kind", filter_.kind);
  st.bind(":f_region", filter_.region).bind(":f_source", filter_.source);
  st.bind(":f_status", filter_.status);
  st.bind(":f_scheme", filter_.grade_scheme).bind(":f_code", filter_.grade_code);
  return st;
}

std::vector<KindGradeCount> ReportRepo::kind_grade_counts(const std::string& scheme,
                                                          const std::string& stock_status,
                                                          const ReportSpan& span) {
  // Not customer LEFT JOIN customer_grade: SQLite has no hash join, so that join probes the
  // grade b-tree once per customer (1,000,000 probes, 1.2 s). Three scans instead, each
  // answered by an index alone: the counts per kind (customer_kind), the stock's ids and
  // kinds (customer_kind), and the scheme's grades (customer_grade_code); the grade split is
  // counted here in memory. The stock is counted from its ids, so the split always adds up
  // to it. count(x OR NULL) counts the rows where x holds.
  std::vector<KindGradeCount> out;  // first the row of each kind without a grade
  {
    auto st = prepare(R"SQL(
SELECT c.kind,
       count(c.created BETWEEN :from AND :to OR NULL),
       count(c.status = 'closed' AND c.closed_on BETWEEN :from AND :to OR NULL),
       count(c.destroyed_on BETWEEN :from AND :to OR NULL)
  FROM customer c
 WHERE 1 {filter}
 GROUP BY c.kind
)SQL");
    st.bind(":from", span.from).bind(":to", span.to);
    while (st.step()) {
      out.push_back({st.text(0), "", 0, st.integer(1), st.integer(2), st.integer(3)});
    }
  }

  // The kind of each customer in the stock, by id: 0 for one not in it, else 1 + the index
  // of its kind's row in `out`. A dense array rather than a hash map, because ids are rowids
  // SQLite hands out in order (the largest is about the number of cards ever made), so one
  // byte per id is the least memory and the cheapest look-up; the schema allows five kinds.
  std::int64_t max_id = 0;
  {
    auto st = db_.prepare("SELECT max(id) FROM customer");
    if (st.step()) max_id = count_at(st, 0);
  }
  std::vector<std::uint8_t> kind_of(static_cast<std::size_t>(max_id) + 1, 0);
  std::size_t last = 0;  // the stock comes grouped by kind: its row is tried first
  auto kind_index = [&out, &last](const std::string& name) {
    if (last < out.size() && out[last].kind == name) return last;
    const auto it =
        std::find_if(out.begin(), out.end(), [&](const auto& r) { return r.kind == name; });
    last = static_cast<std::size_t>(it - out.begin());
    // A kind made since the counts (possible only outside a read transaction).
    if (last == out.size()) out.push_back({name, "", 0, 0, 0, 0});
    if (last >= std::numeric_limits<std::uint8_t>::max()) {
      throw Error(Exit::kInternal, "more than 254 customer kinds");
    }
    return last;
  };
  std::int64_t stock = 0;
  {
    auto st = prepare(R"SQL(
SELECT c.id, c.kind
  FROM customer c
 WHERE c.status = :stock {filter}
)SQL");
    st.bind(":stock", stock_status);
    while (st.step()) {
      const auto id = st.integer(0);
      if (id < 0 || id > max_id) continue;  // not there when max(id) was read
      const auto k = kind_index(st.text(1));
      kind_of[static_cast<std::size_t>(id)] = static_cast<std::uint8_t>(k + 1);
      ++out[k].stock;
      ++stock;
    }
  }
  if (stock == 0) return out;

  // Graded stock per code and kind; what is left in the kind's row has no grade.
  const std::size_t kinds = out.size();
  std::vector<std::string> codes;
  std::vector<std::int64_t> graded;  // [code * kinds + kind]
  std::size_t code = 0;
  auto st = db_.prepare(R"SQL(
SELECT customer_id, code
  FROM customer_grade
 WHERE scheme = :scheme
)SQL");
  st.bind(":scheme", scheme);
  while (st.step()) {
    const auto id = st.integer(0);
    if (id < 0 || id > max_id || kind_of[static_cast<std::size_t>(id)] == 0) continue;
    const auto k = static_cast<std::size_t>(kind_of[static_cast<std::size_t>(id)] - 1);
    const auto name = st.text(1);
    if (code >= codes.size() || codes[code] != name) {  // rows come grouped by code
      code = static_cast<std::size_t>(std::find(codes.begin(), codes.end(), name) - codes.begin());
      if (code == codes.size()) {
        codes.push_back(name);
        graded.resize(codes.size() * kinds, 0);
      }
    }
    ++graded[code * kinds + k];
  }
  for (std::size_t c = 0; c < codes.size(); ++c) {
    for (std::size_t k = 0; k < kinds; ++k) {
      const auto n = graded[c * kinds + k];
      if (n == 0) continue;
      out[k].stock -= n;
      out.push_back({out[k].kind, codes[c], n, 0, 0, 0});
    }
  }
  return out;
}

std::vector<DayCount> ReportRepo::follow_ups_done(const ReportSpan& span) {
  auto st = prepare(R"SQL(
SELECT f.contact_date, f.operator, f.channel, count(*)
  FROM follow_up f JOIN customer c ON c.id = f.customer_id
 WHERE f.contact_date BETWEEN :from AND :to {filter}
 GROUP BY f.contact_date, f.operator, f.channel
)SQL");
  st.bind(":from", span.from).bind(":to", span.to);
  std::vector<DayCount> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.integer(3)});
  return out;
}

std::vector<DayCount> ReportRepo::follow_ups_scheduled(const ReportSpan& span) {
  // The range of the partial index customer_due.
  auto st = prepare(R"SQL(
SELECT c.next_due, c.owner, count(*)
  FROM customer c
 WHERE c.status = 'active' AND c.next_due BETWEEN :from AND :to {filter}
 GROUP BY c.next_due, c.owner
)SQL");
  st.bind(":from", span.from).bind(":to", span.to);
  std::vector<DayCount> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), "", st.integer(2)});
  return out;
}

std::vector<GradeMove> ReportRepo::grade_moves(const std::string& scheme, const ReportSpan& span) {
  auto st = prepare(R"SQL(
SELECT h.from_code, h.to_code, count(*)
  FROM grade_history h JOIN customer c ON c.id = h.customer_id
 WHERE h.scheme = :scheme AND h.on_date BETWEEN :from AND :to {filter}
 GROUP BY h.from_code, h.to_code
)SQL");
  st.bind(":scheme", scheme).bind(":from", span.from).bind(":to", span.to);
  std::vector<GradeMove> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.integer(2)});
  return out;
}

std::vector<CodeCount> ReportRepo::grade_counts(const std::string& scheme) {
  auto st = prepare(R"SQL(
SELECT g.code, count(*)
  FROM customer_grade g JOIN customer c ON c.id = g.customer_id
 WHERE g.scheme = :scheme AND c.status = 'active' {filter}
 GROUP BY g.code
)SQL");
  st.bind(":scheme", scheme);
  std::vector<CodeCount> out;
  while (st.step()) out.push_back({st.text(0), st.integer(1)});
  return out;
}

std::vector<DayCount> ReportRepo::new_by_source(const ReportSpan& span) {
  auto st = prepare(R"SQL(
SELECT c.created, c.owner, c.source, count(*)
  FROM customer c
 WHERE c.created BETWEEN :from AND :to {filter}
 GROUP BY c.created, c.owner, c.source
)SQL");
  st.bind(":from", span.from).bind(":to", span.to);
  std::vector<DayCount> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.integer(3)});
  return out;
}

std::vector<ComplaintCount> ReportRepo::complaints(const ReportSpan& span) {
  auto st = prepare(R"SQL(
SELECT f.contact_date, f.severity, f.state, count(*),
       sum(CAST(julianday(f.closed_on) - julianday(f.contact_date) AS INTEGER)),
       max(CAST(julianday(f.closed_on) - julianday(f.contact_date) AS INTEGER))
  FROM follow_up f JOIN customer c ON c.id = f.customer_id
 WHERE f.type = 'complaint' AND f.contact_date BETWEEN :from AND :to {filter}
 GROUP BY f.contact_date, f.severity, f.state
)SQL");
  st.bind(":from", span.from).bind(":to", span.to);
  std::vector<ComplaintCount> out;
  while (st.step()) {
    out.push_back(
        {st.text(0), st.text(1), st.text(2), st.integer(3), count_at(st, 4), count_at(st, 5)});
  }
  return out;
}

std::vector<DeptLoans> ReportRepo::loans_by_dept(const ReportSpan& span) {
  // A loan is back when every material of it is; it came back on the last return.
  auto st = prepare(R"SQL(
SELECT l.dept,
       count(l.lent_on BETWEEN :from AND :to OR NULL),
       count(r.back BETWEEN :from AND :to OR NULL),
       count(l.lent_on <= :to AND (r.back IS NULL OR r.back > :to) OR NULL),
       count(l.lent_on <= :to AND (r.back IS NULL OR r.back > :to) AND l.due < :to OR NULL)
  FROM loan l
  JOIN (SELECT loan_id,
               CASE WHEN count(returned_on) = count(*) THEN max(returned_on) END AS back
          FROM loan_item GROUP BY loan_id) r ON r.loan_id = l.id
 WHERE l.lent_on <= :to AND (r.back IS NULL OR r.back >= :from)
   AND (:filtered = 0 OR EXISTS (SELECT 1 FROM customer c WHERE c.id = l.customer_id {filter}))
 GROUP BY l.dept
 ORDER BY l.dept
)SQL");
  st.bind(":from", span.from).bind(":to", span.to).bind(":filtered", filtering() ? 1 : 0);
  std::vector<DeptLoans> out;
  while (st.step()) {
    out.push_back({st.text(0), st.integer(1), st.integer(2), st.integer(3), st.integer(4)});
  }
  return out;
}

std::vector<RetentionItem> ReportRepo::materials_ending(const ReportSpan& span) {
  auto st = prepare(R"SQL(
SELECT c.archive_no, m.seq, m.kind, m.pages, m.level, m.retention_end, c.owner,
       EXISTS (SELECT 1 FROM loan_item i WHERE i.material_id = m.id AND i.returned_on IS NULL),
       c.legal_hold IS NOT NULL
  FROM material m JOIN customer c ON c.id = m.customer_id
 WHERE m.retention_end BETWEEN :from AND :to AND m.destroyed_on IS NULL
   AND c.status <> 'destroyed' {filter}
)SQL");
  st.bind(":from", span.from).bind(":to", span.to);
  std::vector<RetentionItem> out;
  while (st.step()) {
    RetentionItem r;
    r.archive_no = st.text(0);
    r.item = fmt::format("{}/{}", r.archive_no, st.integer(1));
    r.kind = st.text(2);
    r.pages = count_at(st, 3);
    r.materials = 1;
    r.level = st.text(4);
    r.retention_end = st.text(5);
    r.owner = st.text(6);
    r.on_loan = st.integer(7) != 0;
    r.on_hold = st.integer(8) != 0;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<RetentionItem> ReportRepo::closed_archives(const ReportSpan& closed) {
  auto st = prepare(R"SQL(
SELECT c.archive_no, c.kind, c.level, c.closed_on, c.owner, c.legal_hold IS NOT NULL,
       (SELECT count(*) FROM material m WHERE m.customer_id = c.id AND m.destroyed_on IS NULL),
       (SELECT sum(m.pages) FROM material m WHERE m.customer_id = c.id
           AND m.destroyed_on IS NULL),
       EXISTS (SELECT 1 FROM material m JOIN loan_item i ON i.material_id = m.id
                WHERE m.customer_id = c.id AND i.returned_on IS NULL)
  FROM customer c
 WHERE c.status = 'closed' AND c.closed_on BETWEEN :from AND :to {filter}
)SQL");
  st.bind(":from", closed.from).bind(":to", closed.to);
  std::vector<RetentionItem> out;
  while (st.step()) {
    RetentionItem r;
    r.archive = true;
    r.archive_no = st.text(0);
    r.item = r.archive_no;
    r.kind = st.text(1);
    r.level = st.text(2);
    r.retention_end = st.text(3);
    r.owner = st.text(4);
    r.on_hold = st.integer(5) != 0;
    r.materials = st.integer(6);
    r.pages = count_at(st, 7);
    r.on_loan = st.integer(8) != 0;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<DestructionEntry> ReportRepo::destructions(const ReportSpan& span) {
  // The register outlives the cards: filters match the tombstone (kind, region, status),
  // and a register entry without a card matches only when nothing filters.
  const bool filtered = filtering();
  auto st = prepare(R"SQL(
SELECT d.run, d.archive_no, d.item, d.material_kinds, d.pages, d.retention_end, d.reason,
       d.approver, d.operator, d.destroyed_on
  FROM destructions d
 WHERE d.destroyed_on BETWEEN :from AND :to
   AND (:filtered = 0 OR EXISTS (SELECT 1 FROM customer c WHERE c.archive_no = d.archive_no
                                 {filter}))
 ORDER BY d.destroyed_on, d.run, d.archive_no, d.item
)SQL");
  st.bind(":from", span.from).bind(":to", span.to).bind(":filtered", filtered ? 1 : 0);
  std::vector<DestructionEntry> out;
  while (st.step()) {
    DestructionEntry e;
    e.run = st.text(0);
    e.archive_no = st.text(1);
    e.item = st.text(2);
    e.material_kinds = st.text(3);
    e.has_pages = !st.is_null(4);
    e.pages = count_at(st, 4);
    e.retention_end = st.text(5);
    e.reason = st.text(6);
    e.approver = st.text(7);
    e.op = st.text(8);
    e.destroyed_on = st.text(9);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<OwnerCounts> ReportRepo::owner_counts(const ReportSpan& span, const std::string& today,
                                                  const std::string& claim_cutoff) {
  auto st = prepare(R"SQL(
SELECT c.owner,
       count(c.status = 'active' OR NULL),
       count(c.created BETWEEN :from AND :to OR NULL),
       count(c.status = 'active' AND c.last_contact BETWEEN :from AND :to OR NULL),
       count(c.status = 'active' AND c.next_due <= :today OR NULL),
       count(c.status = 'active' AND c.next_due < :today OR NULL),
       count(c.status = 'active' AND c.owner IS NOT NULL AND c.claim_start <= :cutoff OR NULL)
  FROM customer c
 WHERE c.status <> 'destroyed' {filter}
 GROUP BY c.owner
)SQL");
  st.bind(":from", span.from).bind(":to", span.to).bind(":today", today);
  st.bind(":cutoff", claim_cutoff);
  std::vector<OwnerCounts> out;
  while (st.step()) {
    out.push_back({st.text(0), st.integer(1), st.integer(2), st.integer(3), st.integer(4),
                   st.integer(5), st.integer(6)});
  }
  return out;
}

std::vector<BirthdayCustomer> ReportRepo::birthdays_between(const std::string& from,
                                                            const std::string& to) {
  // The range of the expression index customer_birthday.
  auto st = prepare(R"SQL(
SELECT c.archive_no, c.name, c.birthday, c.mobile, c.owner
  FROM customer c
 WHERE c.status = 'active' AND substr(c.birthday, 6) BETWEEN :from AND :to {filter}
)SQL");
  st.bind(":from", from).bind(":to", to);
  std::vector<BirthdayCustomer> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)});
  }
  return out;
}

// ---------------------------------------------------------------- custom reports

const std::vector<std::string>& public_views() {
  static const std::vector<std::string> kViews = {
      "customers", "grades", "follow_ups", "complaints", "materials", "loans", "destructions"};
  return kViews;
}

namespace {

std::string sql_name(std::string_view name) {
  std::string q = "\"";
  for (char ch : name) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

// The masking functions of the TEMP views; they exist on this connection only.
void define_masks(Db& db) {
  auto mask = [](sqlite3_context* context, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
      sqlite3_result_null(context);
      return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string_view value(text ? text : "",
                                 static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    const bool id = sqlite3_user_data(context) != nullptr;
    const std::string masked = id ? domain::mask_id_number(value) : domain::mask_mobile(value);
    sqlite3_result_text(context, masked.data(), static_cast<int>(masked.size()), SQLITE_TRANSIENT);
  };
  static int id_marker = 1;
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  int rc = sqlite3_create_function_v2(db.handle(), "archive_mask_mobile", 1, flags, nullptr, mask,
                                      nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db.handle(), "archive_mask_id_number", 1, flags, &id_marker,
                                    mask, nullptr, nullptr, nullptr);
  }
  if (rc != SQLITE_OK) db.fail(rc, "archive_mask_mobile");
}

// CREATE TEMP VIEW name AS SELECT … FROM main.name, masking mobile and ID number columns.
void define_temp_view(Db& db, const std::string& view, bool unmask) {
  std::vector<std::string> columns;
  const std::string probe = fmt::format("SELECT * FROM main.{}", sql_name(view));
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db.handle(), probe.c_str(), -1, &raw, nullptr);
  const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> st(raw, sqlite3_finalize);
  if (rc != SQLITE_OK) db.fail(rc, "prepare");
  for (int i = 0; i < sqlite3_column_count(raw); ++i) {
    const char* column = sqlite3_column_name(raw, i);
    columns.emplace_back(column ? column : "");
  }
  std::string select;
  for (const auto& column : columns) {
    if (!select.empty()) select += ", ";
    if (!unmask && (column == "mobile" || column == "id_number")) {
      select += fmt::format("{}({}) AS {}",
                            column == "mobile" ? "archive_mask_mobile" : "archive_mask_id_number",
                            sql_name(column), sql_name(column));
    } else {
      select += sql_name(column);
    }
  }
  db.exec(fmt::format("DROP VIEW IF EXISTS temp.{}", sql_name(view)));
  db.exec(fmt::format("CREATE TEMP VIEW {} AS SELECT {} FROM main.{}", sql_name(view), select,
                      sql_name(view)));
}

}  // namespace

QueryResult run_custom_report(Db& db, const std::string& name, const std::string& sql,
                              const std::vector<QueryParam>& params, bool unmask) {
  define_masks(db);
  std::vector<std::string> views;
  for (const auto& view : public_views()) {
    auto st = db.prepare("SELECT 1 FROM main.sqlite_schema WHERE type = 'view' AND name = ?1");
    st.bind(1, view);
    if (!st.step()) continue;
    define_temp_view(db, view, unmask);
    views.push_back(view);
  }
  ReadOnlyRunner runner(db, views, "temp");
  return runner.run(sql, params, fmt::format(fmt::runtime(tr("custom report {}")), name));
}

}  // namespace archive::store
