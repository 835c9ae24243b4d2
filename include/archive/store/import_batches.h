// Import batches in SQLite: the batch register (import_batch), the fast writer that
// `archive import` drives once per row, and the queries `import --revert` needs. All SQL of
// import and export lives here.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/domain/customer.h"
#include "archive/store/audit.h"
#include "archive/store/customers.h"
#include "archive/store/db.h"

namespace archive::store {

struct ImportBatch {
  std::int64_t id = 0;
  std::string batch_no;  // "B-000003"
  std::string file_name;
  std::string sha256;
  std::string format;  // csv | text | xlsx
  std::string encoding;
  std::string sheet;
  std::string on_duplicate;  // skip | update | fail
  std::int64_t rows_read = 0;
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t skipped = 0;
  std::int64_t rejected = 0;
  std::string imported_on;  // business date
  std::string at;           // real UTC time
  std::string op;
  std::string os_login;
  std::string reverted_on;  // empty while it stands
  std::string reverted_by;
};

// The contact numbers of a customer a batch created, for the destruction-register check.
struct CreatedContact {
  std::string archive_no;
  std::string mobile;  // empty: none
  std::string id_number;
};

// A customer the batch created that has gained something since (for --revert's refusal).
struct RevertBlocker {
  std::string archive_no;
  std::int64_t follow_ups = 0;
  std::int64_t materials = 0;
  std::int64_t loans = 0;
  bool held = false;
};

// A field-history row the batch wrote on a customer it did not create.
struct BatchFieldChange {
  std::int64_t customer_id = 0;
  std::string archive_no;
  std::string status;
  std::string field;
  std::string old_value;
  std::string new_value;
};

// A grade-history row the batch wrote on a customer it did not create.
struct BatchGradeChange {
  std::int64_t customer_id = 0;
  std::string archive_no;
  std::string status;
  std::string scheme;
  std::string from_code;
  std::string to_code;
};

class ImportBatchRepo {
 public:
  explicit ImportBatchRepo(Db& db) : db_(db) {}

  // Inserts the batch (counts as given) and returns its id.
  std::int64_t insert(const ImportBatch& batch);
  void set_counts(std::int64_t id, const ImportBatch& counts);
  void set_sha256(std::int64_t id, const std::string& sha256);
  std::optional<ImportBatch> find(const std::string& batch_no);
  // The latest batch with this digest that has not been reverted.
  std::optional<ImportBatch> find_live_by_sha256(const std::string& sha256);
  void mark_reverted(std::int64_t id, const std::string& on, const std::string& by);

  // Customers the batch created (status other than destroyed).
  std::int64_t created_count(std::int64_t id);
  // The live customers the batch created that have a mobile or an ID number, in row order.
  std::vector<CreatedContact> created_contacts(std::int64_t id);
  // Those that gained follow-ups, materials or loans, or stand under a hold (held ones
  // first, then by archive number); at most `limit`.
  std::vector<RevertBlocker> blockers(std::int64_t id, std::int64_t limit);
  std::int64_t blocker_count(std::int64_t id);
  // Appends one audit entry per customer the batch created (archive number from the row),
  // in id order; only those with ids in (after, upto] when given.
  void audit_created(std::int64_t id, const AuditEntry& entry, std::int64_t after = 0,
                     std::int64_t upto = std::numeric_limits<std::int64_t>::max());
  // Deletes the customers the batch created (their grades, histories, custom values and
  // anything filed since go with them); returns how many.
  std::int64_t delete_created(std::int64_t id);
  // Field and grade changes the batch made to customers it did not create, newest first.
  std::vector<BatchFieldChange> field_changes(std::int64_t id);
  std::vector<BatchGradeChange> grade_changes(std::int64_t id);

 private:
  Db& db_;
};

// What an existing customer looks like to the duplicate policy.
struct ExistingCustomer {
  std::int64_t id = 0;
  std::string archive_no;
  std::string status;
  std::int64_t import_batch = 0;  // 0: not created by an import
};

// The per-row writer of one import. Statements are prepared once and reused; the caller
// holds the write transaction open for the whole file.
class ImportWriter {
 public:
  ImportWriter(Db& db, std::int64_t batch_id);

  std::optional<ExistingCustomer> by_archive_no(std::string_view archive_no);
  // An active customer holding this mobile (first-registration rule).
  std::optional<ExistingCustomer> active_by_mobile(std::string_view mobile);

  // Inserts a card created by this batch and returns its id, or nothing when the archive
  // number is taken. `values` are the built-in fields in domain::builtin_fields() order
  // ("" for none); claim_start is the created date.
  std::optional<std::int64_t> insert_customer(std::string_view archive_no, std::string_view status,
                                              std::string_view created, std::string_view closed_on,
                                              const std::vector<std::string>& values,
                                              std::string_view next_due, bool dealt);
  void insert_custom_value(std::int64_t id, std::string_view field, std::string_view value);
  // A new customer's grade. Its first grade-history entry (from none) is written by
  // record_created, with the customer's audit entry.
  void insert_grade(std::int64_t id, std::string_view scheme, std::string_view code,
                    std::string_view on_date);
  // The grade-history entries (from none) and the audit entries of the customers this batch
  // created with ids in (after, upto]: one statement each instead of two per row. The caller
  // writes them before any later change to one of those customers, so the trail keeps its
  // order. `entry` gives everything but the archive number.
  void record_created(std::int64_t after, std::int64_t upto, const AuditEntry& entry);
  // A field-history row written by this batch's update.
  void add_field_history(std::int64_t id, const FieldChange& change);
  // Tags the latest grade-history row of (customer, scheme) as written by this batch.
  void tag_grade_history(std::int64_t id, std::string_view scheme);
  void audit(const AuditEntry& entry);

  // The sequence's next number without taking it; set_sequence stores the next free one.
  std::int64_t peek_sequence(const std::string& name);
  void set_sequence(const std::string& name, std::int64_t next);

  std::int64_t customer_count();
  // Calls `f` with the mobile of every active customer.
  void each_active_mobile(const std::function<void(std::string_view)>& f);
  // Large loads into a small table: drops the customer table's secondary indexes and the
  // full-text triggers, so rows go in without index upkeep; restore_indexes() re-creates them
  // from their stored definitions and rebuilds the full-text index, in the same transaction.
  // Kept are the indexes the duplicate checks read (unique archive number, mobile) and those
  // whose new entries all go to the end: the batch, closed archives, and, when every row is
  // registered today (`dates_from_file` false), the due, claim and visit dates. Sorting once
  // is cheaper than keeping a B-tree up to date row by row, but appending is cheaper still.
  void suspend_indexes(bool dates_from_file);
  void restore_indexes();

 private:
  Db& db_;
  std::int64_t batch_id_;
  Statement by_no_;
  Statement by_mobile_;
  Statement insert_;
  Statement custom_;
  Statement grade_;
  Statement created_history_;
  Statement field_history_;
  Statement tag_grade_;
  Statement audit_;
  std::vector<std::pair<std::string, std::string>> suspended_;  // name, CREATE statement
  std::string mobile_rev_;
};

// Custom values and grades of many customers, for export.
class CustomerDetails {
 public:
  explicit CustomerDetails(Db& db);
  std::vector<std::pair<std::string, std::string>> custom_values(std::int64_t id);
  std::vector<domain::GradeEntry> grades(std::int64_t id);

 private:
  Statement custom_;
  Statement grades_;
};

}  // namespace archive::store
