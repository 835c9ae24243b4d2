// The follow-up register (contacts and complaints) and the reminder queries of the morning
// lists. Every reminder query answers from a partial index on active customers (schema.cpp:
// customer_due, customer_claim, customer_visit, their owner_* twins, customer_birthday,
// follow_up_open_complaint), never from a scan of customer or follow_up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/domain/customer.h"
#include "archive/store/db.h"

namespace archive::store {

// One row of the follow_up table (ISO dates; empty text is NULL).
struct FollowUpRecord {
  std::int64_t id = 0;
  std::string follow_up_no;  // "F-000123"
  std::int64_t customer_id = 0;
  std::string archive_no;  // filled when loaded
  std::string contact_at;  // "2026-03-12" or "2026-03-12 14:30"
  std::string contact_date;
  std::string channel;
  std::string type;
  std::string op;
  std::string note;
  std::string outcome;
  std::string grade_scheme;
  std::string grade_code;
  std::string next_due;
  std::string severity;  // complaints only
  std::string state;     // complaints only: open | closed
  std::string closed_on;
  std::string close_note;
};

// A customer as the reminder lists show it, with the bookkeeping columns of the card.
struct ReminderCustomer {
  std::int64_t id = 0;
  std::string archive_no;
  std::string name;
  std::string owner;  // empty: in the pool
  std::string status;
  std::string created;
  std::string last_contact;
  std::string last_visit;
  std::string next_due;
  std::string claim_start;
  std::string birthday;
  std::string mobile;
  std::vector<domain::GradeEntry> grades;  // fetched by the same query, not per row
};

// An open complaint of a customer.
struct OpenComplaint {
  ReminderCustomer customer;
  std::string follow_up_no;
  std::string contact_date;
};

// The reminder queries, by kind; `by_owner` adds "AND owner = :owner". Public so tests can
// check their plans with EXPLAIN QUERY PLAN.
enum class ReminderQuery { kDue, kVisit, kClaim, kMajorComplaint, kBirthday };
std::string reminder_sql(ReminderQuery query, bool by_owner);

class FollowUpRepo {
 public:
  explicit FollowUpRepo(Db& db) : db_(db) {}

  // Inserts the record (follow_up_no, customer_id and the values set) and returns its id.
  std::int64_t insert(const FollowUpRecord& record);
  // By number ("F-000123", exact); nothing when there is none.
  std::optional<FollowUpRecord> find_by_no(const std::string& follow_up_no);
  // An open complaint becomes closed.
  void close_complaint(std::int64_t id, const std::string& closed_on, const std::string& note);

  // Active customers whose next follow-up is due on or before `limit`.
  std::vector<ReminderCustomer> due_by(const std::string& limit, const std::string& owner);
  // Active dealt customers (customer.dealt, kept with the grades) whose last visit (else
  // registration) is on or before `cutoff`.
  std::vector<ReminderCustomer> unvisited_since(const std::string& cutoff,
                                                const std::string& owner);
  // Active customers with an owner whose claim started on or before `cutoff`.
  std::vector<ReminderCustomer> claims_started_by(const std::string& cutoff,
                                                  const std::string& owner);
  // Open major complaints of archives not destroyed (a closed archive's complaint stays
  // listed until it is closed).
  std::vector<OpenComplaint> open_major_complaints(const std::string& owner);
  // Active customers whose birthday's "MM-DD" lies in [from, to].
  std::vector<ReminderCustomer> birthdays_between(const std::string& from, const std::string& to);

 private:
  Db& db_;
};

}  // namespace archive::store
