// The loan register (外借登记册) in SQLite: loans, their items and renewals, and what the
// lending rules need to know about materials and holds. All dates are ISO strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/store/db.h"

namespace archive::store {

// A material as lending sees it.
struct LendableMaterial {
  std::int64_t id = 0;
  std::int64_t seq = 0;  // N of NO/N
  std::string level;
  std::string destroyed_on;  // empty unless destroyed
};

// A legal hold on an archive; nothing when there is none.
struct LegalHold {
  std::string reason;
  std::string since;  // may be empty for holds set before schema version 2
};

// The open loan item that keeps a material out of the room.
struct OpenLoan {
  std::string loan_no;
  std::string borrower;
  std::string dept;
  std::string lent_on;
  std::string due;
};

struct NewLoan {
  std::string loan_no;
  std::int64_t customer_id = 0;
  bool whole = false;
  std::string borrower;
  std::string dept;
  std::string purpose;
  std::string approver;  // empty: none
  bool external = false;
  std::string letter;  // empty: none
  std::string lent_on;
  std::string due;
  std::string op;
  std::vector<std::int64_t> material_ids;
};

struct LoanItem {
  std::int64_t material_id = 0;
  std::int64_t seq = 0;
  std::string level;        // the material's confidentiality level
  std::string returned_on;  // empty while out
  std::string received_by;
  std::string condition;
};

struct Loan {
  std::int64_t id = 0;
  std::string loan_no;
  std::int64_t customer_id = 0;
  std::string archive_no;
  bool whole = false;
  std::string borrower;
  std::string dept;
  std::string purpose;
  std::string approver;
  bool external = false;
  std::string letter;
  std::string lent_on;
  std::string due;
  std::int64_t renewals = 0;
  std::vector<LoanItem> items;  // in material order

  bool open() const;
  // The latest return date when every item is back; empty while any is out.
  std::string returned_on() const;
};

struct Renewal {
  std::int64_t loan_id = 0;
  std::string renewed_on;
  std::string old_due;
  std::string new_due;
  std::string approver;  // empty: none
  std::string op;
};

// Which loans `loans` lists.
enum class LoanSelection {
  kAll,      // every loan, in lending order
  kOpen,     // loans with an item not returned (index loan_item_open), in lending order
  kOverdue,  // open loans due before `today` (index loan_due), most overdue first
};

class LoanRepo {
 public:
  explicit LoanRepo(Db& db) : db_(db) {}

  std::optional<LegalHold> legal_hold(std::int64_t customer_id);
  // Every material of the archive (destroyed ones too), in NO/N order.
  std::vector<LendableMaterial> materials(std::int64_t customer_id);
  std::optional<LendableMaterial> material(std::int64_t customer_id, std::int64_t seq);
  // The loan that has this material out; nothing when it is in the room.
  std::optional<OpenLoan> open_loan_of(std::int64_t material_id);

  // Inserts the loan and its items; returns the loan's id.
  std::int64_t insert(const NewLoan& loan);
  // A loan by number (upper-case "L-000017"), with its items and renewal count.
  std::optional<Loan> find(const std::string& loan_no);
  // An archive's loans with their items, in lending order.
  std::vector<Loan> of_customer(std::int64_t customer_id);
  std::vector<Loan> select(LoanSelection selection, const std::string& today);

  void renew(const Renewal& renewal);
  // Closes one open item; false when it was not open.
  bool close_item(std::int64_t loan_id, std::int64_t material_id, const std::string& returned_on,
                  const std::string& received_by, const std::string& condition);

 private:
  std::vector<Loan> read_loans(Statement& st);
  void load_items(Loan& loan);
  Db& db_;
};

}  // namespace archive::store
