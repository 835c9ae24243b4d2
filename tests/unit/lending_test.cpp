// The approval rules of lending and renewing: one table of cases over decide_lending().
#include "archive/domain/lending.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace d = archive::domain;

TEST_CASE("lending approvals") {
  struct Case {
    const char* name;
    std::vector<d::LentThing> things;
    int days;
    bool lend_secret;
    const char* approver;
    bool approver_is_manager;
    bool external;
    const char* letter;
    const char* overdue_due;  // renewals of overdue loans
    const char* refusal;      // "" when allowed; else the start of the msgid
    bool approval_required;
  };
  const std::vector<d::LentThing> pub = {{"KH-000001/1", "public"}};
  const std::vector<d::LentThing> internal = {{"KH-000001/1", "internal"}};
  const std::vector<d::LentThing> conf = {{"KH-000001/1", "public"},
                                          {"KH-000001/2", "confidential"}};
  const std::vector<d::LentThing> secret = {{"KH-000001/3", "secret"}};
  const std::vector<d::LentThing> whole_conf_folder = {{"KH-000001/1", "public"},
                                                       {"KH-000001", "confidential"}};
  const Case cases[] = {
      {"plain loan", pub, 3, false, "", false, false, "", "", "", false},
      {"internal needs nobody", internal, 3, false, "", false, false, "", "", "", false},
      {"one day", pub, 1, false, "", false, false, "", "", "", false},
      {"over max", pub, 4, false, "", false, false, "", "", "{} days is longer", true},
      {"over max, manager", pub, 10, false, "王经理", true, false, "", "", "", true},
      {"over max, not a manager", pub, 10, false, "王芳", false, false, "", "",
       "{} is not a manager", true},
      {"manager on a plain loan", pub, 3, false, "王经理", true, false, "", "", "", false},
      {"non-manager on a plain loan", pub, 3, false, "王芳", false, false, "", "",
       "{} is not a manager", false},
      {"confidential", conf, 3, false, "", false, false, "", "", "{} is {}: lending", true},
      {"confidential, manager", conf, 3, false, "王经理", true, false, "", "", "", true},
      {"confidential folder of a whole archive", whole_conf_folder, 3, false, "", false, false, "",
       "", "{} is {}: lending", true},
      {"secret, not allowed", secret, 3, false, "王经理", true, false, "", "", "{} is secret",
       true},
      {"secret allowed, no approver", secret, 3, true, "", false, false, "", "",
       "{} is {}: lending", true},
      {"secret allowed, manager", secret, 3, true, "王经理", true, false, "", "", "", true},
      {"borrower approves own", conf, 3, false, "李四", true, false, "", "",
       "{} cannot approve their own loan", true},
      {"external without letter", pub, 3, false, "", false, true, "", "", "a borrower from outside",
       false},
      {"external with letter", pub, 3, false, "", false, true, "沪律函-018", "", "", false},
      {"renew overdue", pub, 3, false, "", false, false, "", "2026-03-05", "{} was due on {}",
       true},
      {"renew overdue, manager", pub, 3, false, "王经理", true, false, "", "2026-03-05", "", true},
      {"renew overdue, not a manager", pub, 3, false, "王芳", false, false, "", "2026-03-05",
       "{} is not a manager", true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    d::LendingCase in;
    in.things = c.things;
    in.days = c.days;
    in.max_days = 3;
    in.lend_secret = c.lend_secret;
    in.approver = c.approver;
    in.approver_is_manager = c.approver_is_manager;
    in.borrower = "李四";
    in.external = c.external;
    in.letter = c.letter;
    in.loan_no = "L-000001";
    in.overdue_due = c.overdue_due;
    const auto out = d::decide_lending(in);
    CHECK(out.approval_required == c.approval_required);
    if (std::string(c.refusal).empty()) {
      CHECK(out.allowed());
      CHECK(out.args.empty());
    } else {
      CHECK_FALSE(out.allowed());
      CHECK(out.message.rfind(c.refusal, 0) == 0);
      // Every placeholder has its argument.
      std::size_t holes = 0;
      for (std::size_t at = out.message.find("{}"); at != std::string::npos;
           at = out.message.find("{}", at + 2)) {
        ++holes;
      }
      CHECK(holes == out.args.size());
    }
  }
}

TEST_CASE("the refusal names the material and the approver") {
  d::LendingCase in;
  in.things = {{"KH-000001/1", "public"}, {"KH-000001/2", "confidential"}};
  in.days = 3;
  in.max_days = 3;
  in.borrower = "李四";
  auto out = d::decide_lending(in);
  REQUIRE(out.args.size() == 2);
  CHECK(out.args[0] == "KH-000001/2");
  CHECK(out.args[1] == "confidential");

  in.approver = "王芳";
  out = d::decide_lending(in);
  REQUIRE(out.args.size() == 1);
  CHECK(out.args[0] == "王芳");
}
