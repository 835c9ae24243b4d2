// Use cases of the loan register (外借登记册): lend, renew, return, loans.
// Each change is one BEGIN IMMEDIATE transaction with its audit entry ("lend", "renew",
// "return"; the detail names the loan and material ids, never a person). Every approval
// goes through domain::decide_lending(); its refusals, and refusals of state (on loan,
// destroyed, under a legal hold), are exit 77.
#pragma once

#include <string>
#include <vector>

#include "archive/app/session.h"
#include "archive/domain/customer.h"
#include "archive/report/table.h"
#include "archive/store/db.h"

namespace archive::app {

struct LendRequest {
  std::string target;    // "KH-000001/2" (one material) or "KH-000001" (the whole archive)
  std::string borrower;  // required (64 when empty)
  std::string dept;      // required
  std::string purpose;   // required
  int days = 0;          // 0: [loans] default_days; negative: 64
  std::string approver;  // a manager's name or login; empty: none
  bool external = false;
  std::string letter;  // required with external; without it 64
};
// Lends one material, or every material of an archive that is not destroyed (all of them
// must be in the room). An archive without materials is 65; an unknown archive or material
// 66. Returns the loan id ("L-000017"); the loan is due on the business date + days.
std::string lend(const Session& session, const LendRequest& request);

struct RenewRequest {
  std::string loan_no;   // case-insensitive
  int days = 0;          // 0: [loans] default_days
  std::string approver;  // empty: none
};
// Renews an open loan: the new due date is the business date + days. A loan with nothing out
// is 65, as is a renewal that would not move the due date later. Returns the loan id.
std::string renew(const Session& session, const RenewRequest& request);

struct ReturnRequest {
  std::string loan_no;      // case-insensitive
  std::string material;     // "N" or "NO/N": only this material; empty: every open item
  std::string received_by;  // empty: the operator
  std::string condition;    // free text
};
struct ReturnResult {
  std::string loan_no;
  std::vector<std::string> returned;  // material ids now back in the room
  std::size_t still_out = 0;          // items of the loan still out
};
// Closes the open items of a loan on the business date. Nothing open (or the named material
// already back) is 65, saying when it came back; a material not in the loan is 66.
ReturnResult return_loan(const Session& session, const ReturnRequest& request);

struct LoansRequest {
  bool open = false;     // only loans with something out
  bool overdue = false;  // only open loans past their due date, most overdue first
};
// `loans`: the register (one row per loan), or with `overdue` the morning list of borrower,
// dept, material, due and days overdue.
report::Table loan_register(const Session& session, const LoansRequest& request);

// The tables `show` prints about a card's loans: one table "loans" (the loan history, one
// row per material lent), inside show's transaction. Empty when the archive was never lent.
std::vector<report::Table> loan_tables(store::Db& db, const Session& session,
                                       const domain::Customer& customer);

}  // namespace archive::app
