// The destruction register in storage: the public view's columns (the destruction
// certificate is built on them), append-only runs and rows, keyed-hash look-ups.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "archive/error.h"
#include "archive/store/purge.h"
#include "archive/store/schema.h"
#include "temp_dir.h"

namespace store = archive::store;
using archive::testing::TempDir;

namespace {

bool refused(store::Db& db, const char* sql) {
  try {
    db.exec(sql);
  } catch (const archive::Error&) {
    return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the destruction register: view columns, append-only, hash look-up") {
  TempDir dir;
  auto db = store::Db::open(dir.path / "a.db", true, 1000);
  store::migrate(db);

  std::vector<std::string> columns;
  auto info = db.prepare("SELECT name FROM pragma_table_info('destructions')");
  while (info.step()) columns.push_back(info.text(0));
  const std::vector<std::string> expected = {
      "run",    "archive_no", "item",     "material_kinds", "pages", "retention_end",
      "reason", "approver",   "operator", "destroyed_on",   "at",    "on_request"};
  CHECK(columns == expected);

  store::PurgeRepo repo(db);
  repo.insert_run({"P-000001", true, "客户申请", "王经理", "王芳", "wangf", "2026-03-12",
                   "2026-03-12T08:00:00Z", 1, 0, ""});
  repo.insert_destruction({"P-000001", "KH-000001", "KH-000001", "contract", 5, "", "客户申请",
                           "王经理", "王芳", "2026-03-12", "2026-03-12T08:00:00Z", "aa", "bb"});
  auto row = db.prepare("SELECT item, retention_end IS NULL, on_request FROM destructions");
  REQUIRE(row.step());
  CHECK(row.text(0) == "KH-000001");
  CHECK(row.integer(1) == 1);
  CHECK(row.integer(2) == 1);

  CHECK(refused(db, "UPDATE destruction SET reason = 'x'"));
  CHECK(refused(db, "DELETE FROM destruction"));
  CHECK(refused(db, "UPDATE purge_run SET approver = 'x'"));
  CHECK(refused(db, "DELETE FROM purge_run"));
  CHECK(refused(db, "UPDATE destruction SET mobile_hash = NULL"));

  const auto by_mobile = repo.hits("aa", "");
  REQUIRE(by_mobile.size() == 1);
  CHECK(by_mobile[0].field == "mobile");
  CHECK(by_mobile[0].archive_no == "KH-000001");
  CHECK(repo.hits("", "bb").at(0).field == "id_number");
  CHECK(repo.hits("bb", "aa").empty());
  CHECK(repo.hits("", "").empty());
  CHECK(store::missing_triggers(db, {"purge_run_no_update", "no_such_trigger"}) ==
        std::vector<std::string>{"no_such_trigger"});
}
