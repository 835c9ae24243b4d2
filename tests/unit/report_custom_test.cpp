// Custom reports on a real temporary database: masked TEMP views over the public views, and
// everything that must be refused (writes, base tables, main's views, shadowing CTEs).
#include <doctest/doctest.h>

#include <string>

#include "archive/error.h"
#include "archive/store/customers.h"
#include "archive/store/reports.h"
#include "archive/store/schema.h"
#include "temp_dir.h"

using archive::Error;
using archive::Exit;
namespace store = archive::store;

namespace {

using archive::testing::TempDir;

struct Fixture {
  TempDir dir;
  store::Db db = store::Db::open(dir.path / "a.db", true, 1000);
  Fixture() {
    db.set_today("2026-03-10");
    store::migrate(db);
    store::CustomerRepo repo(db);
    archive::domain::Customer a;
    a.archive_no = "KH-000001";
    a.created = "2026-03-01";
    a.fields = {{"name", "张伟"},
                {"region", "KH"},
                {"mobile", "13812348000"},
                {"id_number", "11010519491231002X"},
                {"owner", "王芳"}};
    repo.insert(a);
  }
  store::QueryResult run(const std::string& sql, bool unmask = false) {
    return store::run_custom_report(db, "test", sql, {{":owner", std::string("王芳")}}, unmask);
  }
  // The message of the refusal of `sql`, which must be Error(kConfig) naming the report.
  std::string refusal(const std::string& sql) {
    try {
      run(sql);
    } catch (const Error& e) {
      CHECK(e.code() == Exit::kConfig);
      const std::string message = e.what();
      CHECK(message.find("test") != std::string::npos);
      return message;
    }
    FAIL("not refused: " << sql);
    return {};
  }
};

std::string text_at(const store::QueryResult& r, std::size_t row, std::size_t column) {
  return std::get<std::string>(r.rows.at(row).at(column));
}

}  // namespace

TEST_CASE("custom reports see mobile and ID numbers masked, unless unmasked") {
  Fixture f;
  auto masked = f.run("SELECT archive_no, mobile, id_number FROM customers WHERE owner = :owner");
  REQUIRE(masked.rows.size() == 1);
  CHECK(text_at(masked, 0, 1) == "138****8000");
  CHECK(text_at(masked, 0, 2) == "110105********002X");
  // Through a subquery or a CTE of another name they stay masked.
  auto nested = f.run("WITH x AS (SELECT mobile FROM customers) SELECT * FROM (SELECT * FROM x)");
  CHECK(text_at(nested, 0, 0) == "138****8000");
  auto open = f.run("SELECT mobile, id_number FROM customers", true);
  CHECK(text_at(open, 0, 0) == "13812348000");
  CHECK(text_at(open, 0, 1) == "11010519491231002X");
  // The views stay what they were for a plain sqlite3 shell: main's customers is unmasked.
  auto st = f.db.prepare("SELECT mobile FROM main.customers");
  REQUIRE(st.step());
  CHECK(st.text(0) == "13812348000");
}

TEST_CASE("custom reports may read every public view") {
  Fixture f;
  for (const auto& view : store::public_views()) {
    CAPTURE(view);
    CHECK_NOTHROW(f.run("SELECT count(*) FROM " + view));
  }
}

TEST_CASE("custom reports cannot write, read base tables or main's views") {
  Fixture f;
  const char* refused[] = {
      "SELECT mobile FROM customer",
      "SELECT count(*) FROM customer",
      "SELECT * FROM audit_log",
      "SELECT mobile FROM main.customers",
      "SELECT c.mobile FROM customers x JOIN main.customers c USING (archive_no)",
      "WITH x AS (SELECT mobile FROM main.customers) SELECT * FROM x",
      "SELECT (SELECT mobile FROM customer LIMIT 1) FROM customers",
      // A CTE named like a view would inherit the view's reads of the base tables.
      "WITH customers AS (SELECT mobile FROM main.customer) SELECT mobile FROM customers",
      "with \"Customers\"(m) as materialized (select mobile from customer) select m from "
      "\"Customers\"",
      "WITH follow_ups AS (SELECT note FROM follow_up) SELECT * FROM follow_ups",
      "DELETE FROM customers",
      "UPDATE customer SET name = 'x'",
      "INSERT INTO sequence VALUES ('x', 1)",
      "SELECT 1; DELETE FROM customer",
      "PRAGMA user_version = 9",
      "ATTACH 'other.db' AS other",
      "SELECT * FROM sqlite_schema",
      "SELECT * FROM temp.sqlite_temp_schema",
      "SELECT load_extension('x')",
  };
  for (const char* sql : refused) {
    CAPTURE(sql);
    f.refusal(sql);
  }
  // Nothing was written.
  auto st = f.db.prepare("SELECT count(*), max(name) FROM customer");
  REQUIRE(st.step());
  CHECK(st.integer(0) == 1);
  CHECK(st.text(1) == "张伟");
}

TEST_CASE("a view's name in a string or a comment is not a CTE") {
  Fixture f;
  auto r = f.run(
      "SELECT 'customers AS (' AS note, archive_no -- customers AS (\n"
      "  FROM customers /* follow_ups AS ( */ AS c");
  CHECK(r.rows.size() == 1);
}

TEST_CASE("a syntax error names the report") {
  Fixture f;
  const auto message = f.refusal("SELEC archive_no FROM customers");
  CHECK(message.find("syntax error") != std::string::npos);
}
