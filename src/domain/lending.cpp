// The approval rules of lending: pure, table-tested in tests/unit/lending_test.cpp.
#include "archive/domain/lending.h"

#include <string>

#include "archive/i18n.h"  // N_ only: messages are translated by the caller

namespace archive::domain {

namespace {

LendingDecision refuse(LendingDecision d, const char* message, std::vector<std::string> args) {
  d.message = message;
  d.args = std::move(args);
  return d;
}

}  // namespace

bool needs_approval_for_level(const std::string& level) {
  return level == "confidential" || level == "secret";
}

LendingDecision decide_lending(const LendingCase& c) {
  LendingDecision d;
  const LentThing* restricted = nullptr;
  for (const auto& t : c.things) {
    if (needs_approval_for_level(t.level) && !restricted) restricted = &t;
  }
  const bool too_long = c.days > c.max_days;
  const bool overdue = !c.overdue_due.empty();
  d.approval_required = restricted != nullptr || too_long || overdue;

  if (c.external && c.letter.empty()) {
    return refuse(d,
                  N_("a borrower from outside the company needs an introduction letter: give "
                     "--letter REF"),
                  {});
  }
  for (const auto& t : c.things) {
    if (t.level == "secret" && !c.lend_secret) {
      return refuse(d,
                    N_("{} is secret: secret materials never leave the room ([loans] lend_secret "
                       "is false)"),
                    {t.id});
    }
  }
  if (!c.approver.empty()) {
    if (c.approver == c.borrower) {
      return refuse(d, N_("{} cannot approve their own loan"), {c.approver});
    }
    if (!c.approver_is_manager) {
      return refuse(d, N_("{} is not a manager: [roles] managers does not list them"),
                    {c.approver});
    }
    return d;
  }
  if (restricted) {
    return refuse(d, N_("{} is {}: lending it needs a manager's approval; give --approved-by"),
                  {restricted->id, restricted->level});
  }
  if (too_long) {
    return refuse(d,
                  N_("{} days is longer than the {} days allowed ([loans] max_days): it needs a "
                     "manager's approval; give --approved-by"),
                  {std::to_string(c.days), std::to_string(c.max_days)});
  }
  if (overdue) {
    return refuse(d,
                  N_("{} was due on {}: renewing an overdue loan needs a manager's approval; "
                     "give --approved-by"),
                  {c.loan_no, c.overdue_due});
  }
  return d;
}

}  // namespace archive::domain
