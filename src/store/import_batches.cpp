// Import batches in SQLite: the batch register, the per-row writer of `archive import` with
// its statements prepared once, the revert queries, and the details export reads.
#include "archive/store/import_batches.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string>

#include "archive/error.h"

namespace archive::store {

namespace {

constexpr std::string_view kSelectBatch = R"SQL(
SELECT id, batch_no, file_name, sha256, format, coalesce(encoding, ''), coalesce(sheet, ''),
       on_duplicate, rows_read, created, updated, skipped, rejected, imported_on, at, operator,
       os_login, coalesce(reverted_on, ''), coalesce(reverted_by, '')
  FROM import_batch
)SQL";

ImportBatch read_batch(const Statement& st) {
  ImportBatch b;
  b.id = st.integer(0);
  b.batch_no = st.text(1);
  b.file_name = st.text(2);
  b.sha256 = st.text(3);
  b.format = st.text(4);
  b.encoding = st.text(5);
  b.sheet = st.text(6);
  b.on_duplicate = st.text(7);
  b.rows_read = st.integer(8);
  b.created = st.integer(9);
  b.updated = st.integer(10);
  b.skipped = st.integer(11);
  b.rejected = st.integer(12);
  b.imported_on = st.text(13);
  b.at = st.text(14);
  b.op = st.text(15);
  b.os_login = st.text(16);
  b.reverted_on = st.text(17);
  b.reverted_by = st.text(18);
  return b;
}

// The built-in card columns in domain::builtin_fields() order (as in customers.cpp).
constexpr std::string_view kInsertCustomer = R"SQL(
INSERT INTO customer (archive_no, status, created, closed_on,
    name, kind, gender, birthday, id_number, company, credit_code, title, legal_rep,
    mobile, phone, fax, email, website, address, postcode, region, owner, source, level, note,
    sms_opt_out, mobile_rev, claim_start, next_due, dealt, import_batch)
VALUES (?1, ?2, ?3, ?4,
    ?5, coalesce(?6, 'individual'), ?7, ?8, ?9, ?10, ?11, ?12, ?13,
    ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, coalesce(?24, 'public'), ?25,
    coalesce(?26, 0), ?27, ?3, ?28, ?29, ?30)
ON CONFLICT (archive_no) DO NOTHING
)SQL";
constexpr int kFirstValue = 5;
constexpr std::size_t kValueCount = 22;

// The secondary indexes of the customer table that a bulk load keeps (suspend_indexes): the
// duplicate checks read the mobile (the unique archive number's index has no SQL and always
// stays); every new row's entry goes to the end of the batch's and closed archives' indexes;
// and when every row is registered today, to the end of the claim, visit and due indexes.
constexpr std::string_view kKeptIndexes[] = {"customer_mobile", "customer_import_batch",
                                             "customer_closed"};
constexpr std::string_view kTodayIndexes[] = {"customer_claim", "customer_visit", "customer_due"};

}  // namespace

std::int64_t ImportBatchRepo::insert(const ImportBatch& b) {
  auto st = db_.prepare(R"SQL(
INSERT INTO import_batch (batch_no, file_name, sha256, format, encoding, sheet, on_duplicate,
    rows_read, created, updated, skipped, rejected, imported_on, at, operator, os_login)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
)SQL");
  st.bind(1, b.batch_no).bind(2, b.file_name).bind(3, b.sha256).bind(4, b.format);
  st.bind_text_or_null(5, b.encoding).bind_text_or_null(6, b.sheet).bind(7, b.on_duplicate);
  st.bind(8, b.rows_read).bind(9, b.created).bind(10, b.updated).bind(11, b.skipped);
  st.bind(12, b.rejected).bind(13, b.imported_on).bind(14, b.at).bind(15, b.op);
  st.bind(16, b.os_login).run();
  return db_.last_insert_rowid();
}

void ImportBatchRepo::set_counts(std::int64_t id, const ImportBatch& b) {
  auto st = db_.prepare(R"SQL(
UPDATE import_batch SET rows_read = ?2, created = ?3, updated = ?4, skipped = ?5, rejected = ?6
 WHERE id = ?1
)SQL");
  st.bind(1, id).bind(2, b.rows_read).bind(3, b.created).bind(4, b.updated);
  st.bind(5, b.skipped).bind(6, b.rejected).run();
}

void ImportBatchRepo::set_sha256(std::int64_t id, const std::string& sha256) {
  auto st = db_.prepare("UPDATE import_batch SET sha256 = ?2 WHERE id = ?1");
  st.bind(1, id).bind(2, sha256).run();
}

std::optional<ImportBatch> ImportBatchRepo::find(const std::string& batch_no) {
  auto st = db_.prepare(std::string(kSelectBatch) + " WHERE batch_no = ?1");
  st.bind(1, batch_no);
  if (!st.step()) return std::nullopt;
  return read_batch(st);
}

std::optional<ImportBatch> ImportBatchRepo::find_live_by_sha256(const std::string& sha256) {
  auto st = db_.prepare(std::string(kSelectBatch) +
                        " WHERE sha256 = ?1 AND reverted_on IS NULL ORDER BY id DESC LIMIT 1");
  st.bind(1, sha256);
  if (!st.step()) return std::nullopt;
  return read_batch(st);
}

void ImportBatchRepo::mark_reverted(std::int64_t id, const std::string& on, const std::string& by) {
  auto st = db_.prepare("UPDATE import_batch SET reverted_on = ?2, reverted_by = ?3 WHERE id = ?1");
  st.bind(1, id).bind(2, on).bind(3, by).run();
}

std::int64_t ImportBatchRepo::created_count(std::int64_t id) {
  auto st = db_.prepare(
      "SELECT count(*) FROM customer WHERE import_batch = ?1 AND status <> 'destroyed'");
  st.bind(1, id);
  st.step();
  return st.integer(0);
}

std::vector<CreatedContact> ImportBatchRepo::created_contacts(std::int64_t id) {
  auto st = db_.prepare(R"SQL(
SELECT archive_no, coalesce(mobile, ''), coalesce(id_number, '')
  FROM customer
 WHERE import_batch = ?1 AND status <> 'destroyed'
   AND (mobile IS NOT NULL OR id_number IS NOT NULL)
 ORDER BY id
)SQL");
  st.bind(1, id);
  std::vector<CreatedContact> out;
  while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
  return out;
}

namespace {

constexpr std::string_view kBlockers = R"SQL(
SELECT archive_no, follow_ups, materials, loans, held FROM (
  SELECT c.archive_no,
         (SELECT count(*) FROM follow_up f WHERE f.customer_id = c.id) AS follow_ups,
         (SELECT count(*) FROM material m WHERE m.customer_id = c.id) AS materials,
         (SELECT count(*) FROM loan l WHERE l.customer_id = c.id) AS loans,
         c.legal_hold IS NOT NULL AS held
    FROM customer c
   WHERE c.import_batch = ?1)
 WHERE follow_ups > 0 OR materials > 0 OR loans > 0 OR held
 ORDER BY held DESC, archive_no
)SQL";

}  // namespace

std::vector<RevertBlocker> ImportBatchRepo::blockers(std::int64_t id, std::int64_t limit) {
  auto st = db_.prepare(std::string(kBlockers) + " LIMIT ?2");
  st.bind(1, id).bind(2, limit);
  std::vector<RevertBlocker> out;
  while (st.step()) {
    out.push_back({st.text(0), st.integer(1), st.integer(2), st.integer(3), st.integer(4) != 0});
  }
  return out;
}

std::int64_t ImportBatchRepo::blocker_count(std::int64_t id) {
  auto st = db_.prepare("SELECT count(*) FROM (" + std::string(kBlockers) + ")");
  st.bind(1, id);
  st.step();
  return st.integer(0);
}

void ImportBatchRepo::audit_created(std::int64_t id, const AuditEntry& e, std::int64_t after,
                                    std::int64_t upto) {
  auto st = db_.prepare(R"SQL(
INSERT INTO audit_log (at, business_date, os_login, operator, action, archive_no, detail)
SELECT ?2, ?3, ?4, ?5, ?6, archive_no, ?7 FROM customer
 WHERE import_batch = ?1 AND id > ?8 AND id <= ?9 ORDER BY id
)SQL");
  st.bind(1, id).bind(2, e.at).bind(3, e.business_date).bind(4, e.os_login).bind(5, e.op);
  st.bind(6, e.action).bind_text_or_null(7, e.detail).bind(8, after).bind(9, upto).run();
}

std::int64_t ImportBatchRepo::delete_created(std::int64_t id) {
  auto st = db_.prepare("DELETE FROM customer WHERE import_batch = ?1");
  st.bind(1, id).run();
  return db_.changes();
}

namespace {

// The rows of history table `table` (newest first) that batch `id` wrote on customers it
// did not create; `columns` are the key, old and new values, the change's last members.
template <typename Change>
std::vector<Change> batch_changes(Db& db, std::int64_t id, std::string_view table,
                                  std::string_view columns) {
  // Both names are fixed strings of this file.
  auto st = db.prepare(fmt::format(R"SQL(
SELECT h.customer_id, c.archive_no, c.status, {}
  FROM {} h JOIN customer c ON c.id = h.customer_id
 WHERE h.import_batch = ?1 AND c.import_batch IS NOT ?1
 ORDER BY h.id DESC
)SQL",
                                   columns, table));
  st.bind(1, id);
  std::vector<Change> out;
  while (st.step()) {
    out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
  return out;
}

}  // namespace

std::vector<BatchFieldChange> ImportBatchRepo::field_changes(std::int64_t id) {
  return batch_changes<BatchFieldChange>(
      db_, id, "field_history", "h.field, coalesce(h.old_value, ''), coalesce(h.new_value, '')");
}

std::vector<BatchGradeChange> ImportBatchRepo::grade_changes(std::int64_t id) {
  return batch_changes<BatchGradeChange>(
      db_, id, "grade_history", "h.scheme, coalesce(h.from_code, ''), coalesce(h.to_code, '')");
}

ImportWriter::ImportWriter(Db& db, std::int64_t batch_id)
    : db_(db),
      batch_id_(batch_id),
      by_no_(db,
             "SELECT id, archive_no, status, coalesce(import_batch, 0) FROM customer "
             "WHERE archive_no = ?1"),
      by_mobile_(db,
                 "SELECT id, archive_no, status, coalesce(import_batch, 0) FROM customer "
                 "WHERE mobile = ?1 AND status = 'active' ORDER BY id LIMIT 1"),
      insert_(db, kInsertCustomer),
      custom_(db, "INSERT INTO custom_value (customer_id, field, value) VALUES (?1, ?2, ?3)"),
      grade_(db,
             "INSERT INTO customer_grade (customer_id, scheme, code, since) "
             "VALUES (?1, ?2, ?3, ?4)"),
      created_history_(db, R"SQL(
INSERT INTO grade_history (customer_id, scheme, from_code, to_code, on_date, operator)
SELECT customer_id, scheme, NULL, code, since, ?3
  FROM customer_grade WHERE customer_id > ?1 AND customer_id <= ?2
 ORDER BY customer_id, scheme
)SQL"),

      field_history_(db, R"SQL(
INSERT INTO field_history (customer_id, field, old_value, new_value, on_date, operator, reason,
                           import_batch)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
)SQL"),
      tag_grade_(db, R"SQL(
UPDATE grade_history SET import_batch = ?3
 WHERE id = (SELECT max(id) FROM grade_history WHERE customer_id = ?1 AND scheme = ?2)
)SQL"),
      audit_(db, R"SQL(
INSERT INTO audit_log (at, business_date, os_login, operator, action, archive_no, detail)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
)SQL") {}

namespace {

std::optional<ExistingCustomer> read_existing(Statement& st) {
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  ExistingCustomer e{st.integer(0), st.text(1), st.text(2), st.integer(3)};
  st.reset();
  return e;
}

}  // namespace

std::optional<ExistingCustomer> ImportWriter::by_archive_no(std::string_view archive_no) {
  by_no_.reset();
  by_no_.bind(1, archive_no);
  return read_existing(by_no_);
}

std::optional<ExistingCustomer> ImportWriter::active_by_mobile(std::string_view mobile) {
  by_mobile_.reset();
  by_mobile_.bind(1, mobile);
  return read_existing(by_mobile_);
}

std::optional<std::int64_t> ImportWriter::insert_customer(std::string_view archive_no,
                                                          std::string_view status,
                                                          std::string_view created,
                                                          std::string_view closed_on,
                                                          const std::vector<std::string>& values,
                                                          std::string_view next_due, bool dealt) {
  if (values.size() != kValueCount) throw Error(Exit::kInternal, "card values out of step");
  insert_.reset();
  // Every text outlives the step: borrowed, not copied.
  insert_.bind_borrowed_or_null(1, archive_no).bind_borrowed_or_null(2, status);
  insert_.bind_borrowed_or_null(3, created).bind_borrowed_or_null(4, closed_on);
  for (std::size_t i = 0; i < kValueCount; ++i) {
    insert_.bind_borrowed_or_null(kFirstValue + static_cast<int>(i), values[i]);
  }
  constexpr std::size_t kMobile = 9;  // position of mobile in builtin_fields()
  mobile_rev_.assign(values[kMobile].rbegin(), values[kMobile].rend());
  insert_.bind_borrowed_or_null(27, mobile_rev_);
  insert_.bind_borrowed_or_null(28, next_due).bind(29, dealt ? 1 : 0).bind(30, batch_id_);
  insert_.run();
  insert_.reset();
  if (db_.changes() == 0) return std::nullopt;  // the archive number is taken
  return db_.last_insert_rowid();
}

void ImportWriter::insert_custom_value(std::int64_t id, std::string_view field,
                                       std::string_view value) {
  custom_.reset();
  custom_.bind(1, id).bind(2, field).bind(3, value).run();
  custom_.reset();
}

void ImportWriter::insert_grade(std::int64_t id, std::string_view scheme, std::string_view code,
                                std::string_view on_date) {
  grade_.reset();
  grade_.bind(1, id).bind_borrowed_or_null(2, scheme).bind_borrowed_or_null(3, code);
  grade_.bind_borrowed_or_null(4, on_date).run();
  grade_.reset();
}

void ImportWriter::record_created(std::int64_t after, std::int64_t upto, const AuditEntry& e) {
  if (upto <= after) return;
  created_history_.reset();
  created_history_.bind(1, after).bind(2, upto).bind_borrowed_or_null(3, e.op).run();
  created_history_.reset();
  ImportBatchRepo(db_).audit_created(batch_id_, e, after, upto);
}

void ImportWriter::add_field_history(std::int64_t id, const FieldChange& c) {
  field_history_.reset();
  field_history_.bind(1, id).bind(2, c.field).bind_text_or_null(3, c.old_value);
  field_history_.bind_text_or_null(4, c.new_value).bind(5, c.on_date).bind(6, c.op);
  field_history_.bind_text_or_null(7, c.reason).bind(8, batch_id_).run();
  field_history_.reset();
}

void ImportWriter::tag_grade_history(std::int64_t id, std::string_view scheme) {
  tag_grade_.reset();
  tag_grade_.bind(1, id).bind(2, scheme).bind(3, batch_id_).run();
  tag_grade_.reset();
}

void ImportWriter::audit(const AuditEntry& e) {
  audit_.reset();
  audit_.bind_borrowed_or_null(1, e.at).bind_borrowed_or_null(2, e.business_date);
  audit_.bind_borrowed_or_null(3, e.os_login).bind_borrowed_or_null(4, e.op);
  audit_.bind_borrowed_or_null(5, e.action).bind_borrowed_or_null(6, e.archive_no);
  audit_.bind_borrowed_or_null(7, e.detail).run();
  audit_.reset();
}

std::int64_t ImportWriter::peek_sequence(const std::string& name) {
  auto ins =
      db_.prepare("INSERT INTO sequence (name, next) VALUES (?1, 1) ON CONFLICT (name) DO NOTHING");
  ins.bind(1, name).run();
  auto st = db_.prepare("SELECT next FROM sequence WHERE name = ?1");
  st.bind(1, name);
  if (!st.step()) throw Error(Exit::kInternal, "sequence " + name + " vanished");
  return st.integer(0);
}

void ImportWriter::set_sequence(const std::string& name, std::int64_t next) {
  auto st = db_.prepare("UPDATE sequence SET next = max(next, ?2) WHERE name = ?1");
  st.bind(1, name).bind(2, next).run();
}

std::int64_t ImportWriter::customer_count() {
  // max(id) is an O(1) upper bound; exact counts are not needed to choose a strategy.
  auto st = db_.prepare("SELECT coalesce(max(id), 0) FROM customer");
  st.step();
  return st.integer(0);
}

void ImportWriter::each_active_mobile(const std::function<void(std::string_view)>& f) {
  auto st =
      db_.prepare("SELECT mobile FROM customer WHERE status = 'active' AND mobile IS NOT NULL");
  while (st.step()) f(st.text(0));
}

void ImportWriter::suspend_indexes(bool dates_from_file) {
  if (!suspended_.empty()) return;
  auto st = db_.prepare(R"SQL(
SELECT type, name, sql FROM sqlite_schema
 WHERE tbl_name IN ('customer', 'customer_grade') AND sql IS NOT NULL
   AND (type = 'index' OR (type = 'trigger' AND name LIKE 'customer\_fts\_%' ESCAPE '\'))
 ORDER BY type, name
)SQL");
  while (st.step()) {
    const auto name = st.text(1);
    const auto kept = [&](const auto& list) {
      return std::find(std::begin(list), std::end(list), name) != std::end(list);
    };
    if (kept(kKeptIndexes) || (!dates_from_file && kept(kTodayIndexes))) continue;
    suspended_.emplace_back(st.text(0) + " " + name, st.text(2));
  }
  for (const auto& [what, sql] : suspended_) {
    const auto space = what.find(' ');
    // Names come from sqlite_schema, never from input.
    db_.exec("DROP " + what.substr(0, space) + " \"" + what.substr(space + 1) + "\"");
  }
}

void ImportWriter::restore_indexes() {
  if (suspended_.empty()) return;
  for (const auto& [what, sql] : suspended_) db_.exec(sql);
  suspended_.clear();
  db_.exec("INSERT INTO customer_fts (customer_fts) VALUES ('rebuild')");
}

CustomerDetails::CustomerDetails(Db& db)
    : custom_(db, "SELECT field, value FROM custom_value WHERE customer_id = ?1"),
      grades_(db,
              "SELECT scheme, code, since FROM customer_grade WHERE customer_id = ?1 "
              "ORDER BY scheme") {}

std::vector<std::pair<std::string, std::string>> CustomerDetails::custom_values(std::int64_t id) {
  custom_.reset();
  custom_.bind(1, id);
  std::vector<std::pair<std::string, std::string>> out;
  while (custom_.step()) out.emplace_back(custom_.text(0), custom_.text(1));
  custom_.reset();
  return out;
}

std::vector<domain::GradeEntry> CustomerDetails::grades(std::int64_t id) {
  grades_.reset();
  grades_.bind(1, id);
  std::vector<domain::GradeEntry> out;
  while (grades_.step()) out.push_back({grades_.text(0), grades_.text(1), grades_.text(2)});
  grades_.reset();
  return out;
}

}  // namespace archive::store
