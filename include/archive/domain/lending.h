// The approval rules of lending (借阅审批): one pure decision that every loan and every
// renewal goes through, so `lend` and `lend --renew` can never disagree.
#pragma once

#include <string>
#include <vector>

namespace archive::domain {

// Confidentiality levels, lowest first: public, internal, confidential, secret.
// Confidential and secret materials need a manager's approval to leave the room.
bool needs_approval_for_level(const std::string& level);

// One thing that leaves the room: a material ("KH-000001/2"), or the folder of a whole
// archive ("KH-000001"), with its confidentiality level.
struct LentThing {
  std::string id;
  std::string level;
};

// Everything the rules look at. Names are display names, already resolved from logins.
struct LendingCase {
  std::vector<LentThing> things;
  int days = 0;              // the loan period asked for (>= 1; checked by the caller)
  int max_days = 0;          // [loans] max_days: longer needs a manager
  bool lend_secret = false;  // [loans] lend_secret: secret materials may leave at all
  std::string approver;      // --approved-by; empty: none
  bool approver_is_manager = false;
  std::string borrower;
  bool external = false;  // a borrower from outside the company
  std::string letter;     // the introduction-letter reference (介绍信)
  // Renewals only: the loan's number, and its due date when that has passed (the loan is
  // overdue on the renewal date); empty otherwise.
  std::string loan_no;
  std::string overdue_due;
};

// The outcome: allowed, or refused with why. `message` is an English gettext msgid with
// {} placeholders filled in order from `args` by the caller (after translation); every
// refusal is a policy refusal (exit 77).
struct LendingDecision {
  std::string message;
  std::vector<std::string> args;
  // Whether a manager's approval was required (and, when allowed, given).
  bool approval_required = false;
  bool allowed() const { return message.empty(); }
};

// The rules, checked in this order (the first that fails is the answer):
// 1. an external borrower needs an introduction letter;
// 2. a secret material cannot leave unless lend_secret;
// 3. an approver must be a manager, and not the borrower;
// 4. a manager's approval is required for a confidential or secret material, for more
//    than max_days, and for renewing an overdue loan.
LendingDecision decide_lending(const LendingCase& c);

}  // namespace archive::domain
