// The read-only runner and the grade-rule facts on real temporary databases.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "archive/error.h"
#include "archive/store/customers.h"
#include "archive/store/readonly.h"
#include "archive/store/rules.h"
#include "archive/store/schema.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using archive::Error;
using archive::Exit;
namespace store = archive::store;

namespace {

using archive::testing::TempDir;

// A migrated database with two customers: KH-000001 (value C, budget 2000000.00, created long
// ago) and KH-000002 (no grade, created recently).
struct Fixture {
  TempDir dir;
  store::Db db = store::Db::open(dir.path / "a.db", true, 1000);
  Fixture() {
    db.set_today("2026-03-10");
    store::migrate(db);
    store::CustomerRepo repo(db);
    archive::domain::Customer a;
    a.archive_no = "KH-000001";
    a.created = "2025-01-01";
    a.fields = {{"name", "张伟"}, {"region", "KH"}, {"budget", "2000000.00"}};
    const auto id = repo.insert(a);
    repo.set_grade(id, "value", "C", "2025-01-01");
    archive::domain::Customer b;
    b.archive_no = "KH-000002";
    b.created = "2026-03-01";
    b.fields = {{"name", "李娜"}, {"region", "KH"}};
    repo.insert(b);
  }
  std::int64_t count_customers() {
    auto st = db.prepare("SELECT count(*) FROM customer");
    st.step();
    return st.integer(0);
  }
  bool query_only() {
    auto st = db.prepare("PRAGMA query_only");
    return st.step() && st.integer(0) != 0;
  }
};

std::string refusal(auto&& action) {
  try {
    action();
  } catch (const Error& e) {
    CHECK(e.code() == Exit::kConfig);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the read-only runner reads the allowed views") {
  Fixture f;
  store::ReadOnlyRunner runner(f.db, {"customer_facts"});
  auto result =
      runner.run("SELECT archive_no, days_since_contact FROM customer_facts WHERE archive_no = :no",
                 {{":no", std::string("KH-000001")}}, "test");
  REQUIRE(result.rows.size() == 1);
  CHECK(result.columns == std::vector<std::string>{"archive_no", "days_since_contact"});
  CHECK(std::get<std::int64_t>(result.rows[0][1]) == 433);
  CHECK_FALSE(f.query_only());
}

TEST_CASE("the read-only runner refuses everything but reading") {
  Fixture f;
  store::ReadOnlyRunner runner(f.db, {"customer_facts"});
  auto refused = [&](const std::string& sql) {
    return refusal([&] { runner.run(sql, {}, "report x"); });
  };
  SUBCASE("a write") {
    CHECK(refused("DELETE FROM customer").rfind("report x: not authorized", 0) == 0);
    CHECK(refused("UPDATE customer SET name = 'x'") != "");
    CHECK(refused("INSERT INTO meta VALUES ('a', 'b')") != "");
  }
  SUBCASE("a second statement after a read") {
    CHECK(refused("SELECT 1; DELETE FROM customer") != "");
  }
  SUBCASE("a PRAGMA") {
    CHECK(refused("PRAGMA query_only = OFF") != "");
    CHECK(refused("SELECT * FROM pragma_table_info('customer')") != "");
  }
  SUBCASE("reading a base table directly") {
    CHECK(refused("SELECT name FROM customer") ==
          "report x: access to customer.name is prohibited");
    CHECK(refused("SELECT count(*) FROM customer") ==
          "report x: not authorized (reading customer)");
    CHECK(refused("SELECT code FROM customer_grade") != "");
  }
  SUBCASE("a CTE that borrows the name of an allowed view") {
    CHECK(refused("WITH customer_facts AS (SELECT name FROM customer) "
                  "SELECT * FROM customer_facts") != "");
  }
  SUBCASE("a view that is not allowed") { CHECK(refused("SELECT * FROM customers") != ""); }
  SUBCASE("ATTACH") {
    CHECK(refused("ATTACH DATABASE '" + (f.dir.path / "b.db").string() + "' AS b") != "");
    CHECK_FALSE(fs::exists(f.dir.path / "b.db"));
  }
  SUBCASE("functions with side effects or hidden inputs") {
    CHECK(refused("SELECT random()") != "");
    CHECK(refused("SELECT load_extension('x')") != "");
  }
  SUBCASE("an SQL error") {
    CHECK(refused("SELECT nosuch FROM customer_facts") == "report x: no such column: nosuch");
  }
  CHECK(f.count_customers() == 2);
  CHECK_FALSE(f.query_only());
}

TEST_CASE("rule facts: grade columns, custom money fields, the condition") {
  Fixture f;
  store::RuleFacts facts(f.db, {{"value", "intent"}, {{"budget", true}}});
  const auto columns = facts.columns();
  CHECK(std::find(columns.begin(), columns.end(), "grade_value") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "grade_intent") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "budget") != columns.end());

  auto m = facts.match("value", "days_since_contact > 180", "rule dormant");
  REQUIRE(m.size() == 1);
  CHECK(m[0].archive_no == "KH-000001");
  CHECK(m[0].current == "C");
  CHECK(facts.match("value", "budget >= 1000000 AND grade_value = 'C'", "r").size() == 1);
  CHECK(facts.match("intent", "grade_intent IS NULL", "r").size() == 2);
  CHECK(refusal([&] {
          facts.match("value", "1); DELETE FROM customer; --", "grade rule x: when");
        }).rfind("grade rule x: when: ", 0) == 0);
  CHECK(refusal([&] { facts.match("value", "(SELECT 1 FROM customer)", "r"); }) != "");
  CHECK(refusal([&] {
          facts.match("value",
                      "EXISTS (WITH facts AS (SELECT name FROM customer) "
                      "SELECT 1 FROM facts)",
                      "r");
        }) != "");
  CHECK(f.count_customers() == 2);
}
