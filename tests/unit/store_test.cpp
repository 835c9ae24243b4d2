// The storage layer on real temporary databases: migrations, refusals, the customer search.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "archive/error.h"
#include "archive/store/audit.h"
#include "archive/store/customers.h"
#include "archive/store/schema.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using archive::Error;
using archive::Exit;
namespace store = archive::store;

namespace {

using archive::testing::TempDir;

Exit exit_of(auto&& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.code();
  }
  return Exit::kOk;
}

archive::domain::Customer card(const std::string& no, const std::string& name,
                               const std::string& mobile, const std::string& company = "") {
  archive::domain::Customer c;
  c.archive_no = no;
  c.created = "2026-03-01";
  c.fields = {{"name", name}, {"region", no.substr(0, 2)}};
  if (!mobile.empty()) c.fields["mobile"] = mobile;
  if (!company.empty()) c.fields["company"] = company;
  return c;
}

}  // namespace

TEST_CASE("migrate creates, then finds the schema current") {
  TempDir dir;
  auto db = store::Db::open(dir.path / "a.db", true, 1000);
  CHECK(store::migrate(db) == store::SchemaState::kCreated);
  CHECK(store::migrate(db) == store::SchemaState::kCurrent);
  auto st = db.prepare("PRAGMA journal_mode");
  REQUIRE(st.step());
  CHECK(st.text(0) == "wal");
}

TEST_CASE("migrate refuses what it must not touch") {
  TempDir dir;
  const auto path = dir.path / "a.db";
  SUBCASE("a database newer than the program") {
    {
      auto db = store::Db::open(path, true, 1000);
      store::migrate(db);
      db.exec("PRAGMA user_version = 99");
    }
    auto db = store::Db::open(path, false, 1000);
    CHECK(exit_of([&] { store::migrate(db); }) == Exit::kData);
  }
  SUBCASE("another program's database") {
    {
      auto db = store::Db::open(path, true, 1000);
      db.exec("CREATE TABLE t (x)");
    }
    auto db = store::Db::open(path, false, 1000);
    CHECK(exit_of([&] { store::migrate(db); }) == Exit::kIo);
  }
  SUBCASE("a file that is not a database, left as it was") {
    std::ofstream(path) << "not a database, just text that is long enough to be read";
    const auto size = fs::file_size(path);
    auto db = store::Db::open(path, false, 1000);
    CHECK(exit_of([&] { store::migrate(db); }) == Exit::kIo);
    CHECK(fs::file_size(path) == size);
  }
}

TEST_CASE("a transaction rolls back unless committed") {
  TempDir dir;
  auto db = store::Db::open(dir.path / "a.db", true, 1000);
  store::migrate(db);
  store::CustomerRepo repo(db);
  {
    store::Transaction tx(db, store::Transaction::Kind::kWrite);
    repo.insert(card("KH-000001", "张伟", "13812348000"));
  }
  CHECK_FALSE(repo.find_by_no("KH-000001"));
  {
    store::Transaction tx(db, store::Transaction::Kind::kWrite);
    repo.insert(card("KH-000001", "张伟", "13812348000"));
    tx.commit();
  }
  CHECK(repo.find_by_no("KH-000001"));
}

TEST_CASE("the audit log refuses UPDATE and DELETE") {
  TempDir dir;
  auto db = store::Db::open(dir.path / "a.db", true, 1000);
  store::migrate(db);
  store::AuditRepo(db).append(
      {"2026-03-01T08:00:00Z", "2026-03-01", "wangf", "王芳", "add", "KH-000001", "name"});
  CHECK(exit_of([&] { db.exec("DELETE FROM audit_log"); }) != Exit::kOk);
  CHECK(exit_of([&] { db.exec("UPDATE audit_log SET action = 'x'"); }) != Exit::kOk);
  CHECK(store::AuditRepo(db).list({}).size() == 1);
}

TEST_CASE("sequences only grow") {
  TempDir dir;
  auto db = store::Db::open(dir.path / "a.db", true, 1000);
  store::migrate(db);
  store::CustomerRepo repo(db);
  CHECK(repo.next_in_sequence("archive:SH") == 1);
  CHECK(repo.next_in_sequence("archive:SH") == 2);
  CHECK(repo.next_in_sequence("archive:BJ") == 1);
  CHECK(repo.next_in_sequence("archive:SH") == 3);
}

TEST_CASE("search finds by name, company, number and mobile tail") {
  TempDir dir;
  auto db = store::Db::open(dir.path / "a.db", true, 1000);
  store::migrate(db);
  store::CustomerRepo repo(db);
  repo.insert(card("KH-000001", "张伟", "13812348000"));
  repo.insert(card("KH-000002", "张伟明", "13912341234"));
  repo.insert(card("SH-000001", "上海建材有限公司", "15012345678", "上海建材有限公司"));
  repo.insert(card("SH-000002", "李娜", "18612340000", "杭州恒达装饰工程有限公司"));

  struct Case {
    const char* text;
    std::vector<std::string> numbers;
  };
  const Case cases[] = {
      {"张", {"KH-000001", "KH-000002"}},        // a surname: prefix
      {"张伟", {"KH-000001", "KH-000002"}},      // two characters: prefix
      {"伟明", {}},                              // two characters inside: no match
      {"建材有", {"SH-000001"}},                 // three characters inside: trigram
      {"恒达装饰", {"SH-000002"}},               // a company, not the name
      {"8000", {"KH-000001"}},                   // a mobile tail
      {"1234", {"KH-000002"}},                   // tail, not the middle of 13912341234
      {"13812348000", {"KH-000001"}},            // a whole mobile
      {"sh-00000", {"SH-000001", "SH-000002"}},  // a number prefix, any case
      {"123", {}},                               // three digits are no tail
      {"\"; DROP TABLE customer; --", {}},       // just text
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    store::CustomerFilter filter;
    filter.text = c.text;
    std::vector<std::string> found;
    for (const auto& customer : repo.search(filter, "value")) found.push_back(customer.archive_no);
    CHECK(found == c.numbers);
  }
  CHECK(repo.find_by_no("KH-000001"));  // the table survived
}

TEST_CASE("an older database is migrated with its data") {
  TempDir dir;
  const auto path = dir.path / "a.db";
  {
    auto db = store::Db::open(path, true, 1000);
    REQUIRE(store::migrate(db, 1) == store::SchemaState::kCreated);
    db.exec(
        "INSERT INTO customer (archive_no, name, region, created, mobile, opted_out) "
        "VALUES ('KH-000001', '张伟', 'KH', '2026-01-10', '13812348000', 1)");
    db.exec("INSERT INTO customer_grade VALUES (1, 'value', 'B', '2026-01-10')");
  }
  auto db = store::Db::open(path, false, 1000);
  db.set_today("2026-03-01");
  CHECK(store::migrate(db) == store::SchemaState::kMigrated);
  auto st = db.prepare(
      "SELECT c.sms_opt_out, f.days_since_contact, c.dealt, c.claim_start FROM customer c "
      "JOIN customer_facts f ON f.customer_id = c.id WHERE c.archive_no = 'KH-000001'");
  REQUIRE(st.step());
  CHECK(st.integer(0) == 1);
  CHECK(st.integer(1) == 50);
  CHECK(st.integer(2) == 1);  // value B: dealt, for the visit rule
  CHECK(st.text(3) == "2026-01-10");
}

TEST_CASE("IN lists in CHECKs become comparisons that mean the same") {
  using store::in_lists_as_comparisons;
  CHECK(in_lists_as_comparisons("a TEXT CHECK (a IN ('x', 'y', 'z')), b INT") ==
        "a TEXT CHECK (a = 'x' OR a = 'y' OR a = 'z'), b INT");
  // Lists over several lines, commas inside quotes, numbers.
  CHECK(in_lists_as_comparisons("CHECK (s IN ('a,b',\n    'c''d'))") ==
        "CHECK (s = 'a,b' OR s = 'c''d')");
  CHECK(in_lists_as_comparisons("CHECK (f IN (0, 1))") == "CHECK (f = 0 OR f = 1)");
  // Anything else is left as it is.
  const std::string other =
      "CHECK ((status = 'closed') = (closed_on IS NOT NULL)), CHECK (d IS date(d)), "
      "CHECK (x IN (SELECT y FROM t)), CHECK (length(n) = 18), CHECK (k IN ())";
  CHECK(in_lists_as_comparisons(other) == other);
}

TEST_CASE("schema 5 keeps every CHECK's meaning and leaves no IN list") {
  TempDir dir;
  const auto path = dir.path / "a.db";
  {
    auto db = store::Db::open(path, true, 1000);
    REQUIRE(store::migrate(db, 4) == store::SchemaState::kCreated);
    db.exec(
        "INSERT INTO customer (archive_no, name, region, created, kind) "
        "VALUES ('KH-000001', '张伟', 'KH', '2026-01-10', 'company')");
  }
  auto db = store::Db::open(path, false, 1000);
  CHECK(store::migrate(db) == store::SchemaState::kMigrated);
  auto left =
      db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '% IN (%'");
  REQUIRE(left.step());
  CHECK(left.integer(0) == 0);
  auto quick = db.prepare("PRAGMA integrity_check");
  REQUIRE(quick.step());
  CHECK(quick.text(0) == "ok");
  // The same values pass and fail as before; NULL passes where the column allows it.
  CHECK_THROWS(
      db.exec("INSERT INTO customer (archive_no, name, region, created, kind) "
              "VALUES ('KH-000002', '李娜', 'KH', '2026-01-10', 'bogus')"));
  CHECK_THROWS(
      db.exec("INSERT INTO customer (archive_no, name, region, created, gender) "
              "VALUES ('KH-000002', '李娜', 'KH', '2026-01-10', 'other')"));
  db.exec(
      "INSERT INTO customer (archive_no, name, region, created, kind, gender, source) "
      "VALUES ('KH-000002', '李娜', 'KH', '2026-01-10', 'partner', NULL, 'cold-call')");
  auto n = db.prepare("SELECT count(*) FROM customer");
  REQUIRE(n.step());
  CHECK(n.integer(0) == 2);
}
