// The customer repository: cards, custom field values, grades, and their histories.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/domain/customer.h"
#include "archive/store/db.h"

namespace archive::store {

// What `find` and other customer listings filter on; empty members do not filter.
struct CustomerFilter {
  std::string text;          // name, company, archive number, or a mobile tail (4+ digits)
  std::string grade_scheme;  // with grade_code
  std::string grade_code;
  std::string owner;
  std::string kind;
  std::string status;  // empty: every status but destroyed
  std::string region;
  std::string source;
  std::int64_t limit = 0;  // 0: no limit
};

struct GradeChange {
  std::string scheme;
  std::string from_code;  // empty: had none
  std::string to_code;    // empty: removed
  std::string on_date;
  std::string op;  // the operator's name
  std::string reason;
};

struct FieldChange {
  std::string field;
  std::string old_value;
  std::string new_value;
  std::string on_date;
  std::string op;
  std::string reason;
};

// The archive that already holds a mobile number (first-registration rule).
struct MobileHolder {
  std::string archive_no;
  std::string owner;
  std::string created;
};

// The follow-up bookkeeping kept on the card (ISO dates; empty when none).
struct ContactState {
  std::string created;
  std::string last_contact;
  std::string last_visit;
  std::string next_due;
  bool next_due_explicit = false;  // set by a follow-up's --next, kept across grade changes
  std::string claim_start;         // the owner's claim runs from here (see schema.cpp)
};

class CustomerRepo {
 public:
  explicit CustomerRepo(Db& db) : db_(db) {}

  // Takes the next number of `sequence` ("archive:SH"): the stored next value, which is then
  // advanced. Numbers are never handed out twice.
  std::int64_t next_in_sequence(const std::string& sequence);
  bool archive_no_taken(const std::string& archive_no);

  // Inserts the card (built-in fields from builtin_fields() keys, the rest as custom values)
  // and returns its id.
  std::int64_t insert(const domain::Customer& customer);
  std::optional<domain::Customer> find_by_no(const std::string& archive_no);
  // An active archive with this mobile, other than `except_id`.
  std::optional<MobileHolder> active_holder_of_mobile(const std::string& mobile,
                                                      std::int64_t except_id = 0);
  // Matching cards in archive-number order, each with its grade of `grade_scheme` (if any)
  // in Customer::grades.
  std::vector<domain::Customer> search(const CustomerFilter& filter,
                                       const std::string& grade_scheme);

  // Active cards of `owner` (a display name) in archive-number order, without custom values.
  std::vector<domain::Customer> active_of_owner(const std::string& owner);
  // Active cards with an owner whose claim started on or before `cutoff` (ISO): the lapsed
  // claims when cutoff = today - owner_claim_days. Only `owner`'s unless empty. Archive-number
  // order, without custom values.
  std::vector<domain::Customer> lapsed_claims(const std::string& cutoff, const std::string& owner);

  // Sets one built-in or custom field ("" clears it).
  void set_field(std::int64_t id, const std::string& key, const std::string& value, bool custom);
  void set_status(std::int64_t id, const std::string& status, const std::string& closed_on);

  ContactState contact_state(std::int64_t id);
  void set_contact_state(std::int64_t id, const ContactState& state);
  // customer.dealt: whether the periodic-visit rule applies (see domain::is_dealt).
  void set_dealt(std::int64_t id, bool dealt);

  std::vector<domain::GradeEntry> grades(std::int64_t id);
  // Sets (or with an empty code removes) the grade of one scheme.
  void set_grade(std::int64_t id, const std::string& scheme, const std::string& code,
                 const std::string& since);
  void add_grade_history(std::int64_t id, const GradeChange& change);
  std::vector<GradeChange> grade_history(std::int64_t id);
  void add_field_history(std::int64_t id, const FieldChange& change);
  std::vector<FieldChange> field_history(std::int64_t id);

 private:
  Db& db_;
};

}  // namespace archive::store
