// Follow-up rules: value lists, contact times, days late, the birthday calendar, and the
// plans of the reminder queries (partial indexes, never a scan).
#include "archive/domain/follow_up.h"
#include "temp_dir.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "archive/store/follow_ups.h"
#include "archive/store/schema.h"

namespace d = archive::domain;
namespace fs = std::filesystem;
namespace store = archive::store;
using d::FollowUpEnum;

namespace {

d::Date ymd(int y, int m, int day) { return *d::Date::from_ymd(y, m, day); }

}  // namespace

TEST_CASE("channels, types and severities accept codes, labels and aliases") {
  struct Case {
    FollowUpEnum kind;
    const char* in;
    const char* code;  // "" when refused
  };
  const Case cases[] = {
      {FollowUpEnum::kChannel, "phone", "phone"},
      {FollowUpEnum::kChannel, "PHONE", "phone"},
      {FollowUpEnum::kChannel, "电话", "phone"},
      {FollowUpEnum::kChannel, "上门拜访", "visit"},
      {FollowUpEnum::kChannel, "拜访", "visit"},
      {FollowUpEnum::kChannel, "上门", "visit"},
      {FollowUpEnum::kChannel, "到店", "store"},
      {FollowUpEnum::kChannel, "来店", "store"},
      {FollowUpEnum::kChannel, " sms ", "sms"},
      {FollowUpEnum::kChannel, "短信", "sms"},
      {FollowUpEnum::kChannel, "微信", "wechat"},
      {FollowUpEnum::kChannel, "邮件", "email"},
      {FollowUpEnum::kChannel, "其他", "other"},
      {FollowUpEnum::kChannel, "fax", ""},
      {FollowUpEnum::kChannel, "", ""},
      {FollowUpEnum::kType, "sales", "sales"},
      {FollowUpEnum::kType, "销售跟进", "sales"},
      {FollowUpEnum::kType, "服务回访", "service"},
      {FollowUpEnum::kType, "投诉", "complaint"},
      {FollowUpEnum::kType, "问候", "greeting"},
      {FollowUpEnum::kType, "Complaint", "complaint"},
      {FollowUpEnum::kType, "visit", ""},
      {FollowUpEnum::kSeverity, "normal", "normal"},
      {FollowUpEnum::kSeverity, "一般", "normal"},
      {FollowUpEnum::kSeverity, "重大", "major"},
      {FollowUpEnum::kSeverity, "minor", ""},
  };
  for (const Case& c : cases) {
    INFO("in: ", std::string(c.in));
    const auto got = d::check_follow_up_enum(c.kind, c.in);
    CHECK(got.value == c.code);
    CHECK(got.ok() == !std::string(c.code).empty());
  }
  CHECK(d::check_follow_up_enum(FollowUpEnum::kSeverity, "x").problem ==
        "is not one of: normal, major");
  CHECK(d::follow_up_label(FollowUpEnum::kChannel, "visit") == "上门拜访");
  CHECK(d::follow_up_label(FollowUpEnum::kType, "service") == "服务回访");
  CHECK(d::follow_up_label(FollowUpEnum::kSeverity, "major") == "重大");
  CHECK(d::follow_up_label(FollowUpEnum::kSeverity, "zzz") == "zzz");
  CHECK(d::is_visit_channel("visit"));
  CHECK(d::is_visit_channel("store"));
  CHECK_FALSE(d::is_visit_channel("phone"));
}

TEST_CASE("--at takes a date and an optional time") {
  struct Case {
    const char* in;
    const char* at;  // "" when refused
  };
  const Case cases[] = {
      {"2026-03-12", "2026-03-12"},
      {"2026-03-12 14:30", "2026-03-12 14:30"},
      {"2026-03-12T14:30", "2026-03-12 14:30"},
      {"2026-03-12 9:05", "2026-03-12 09:05"},
      {"2026-03-12 09:05:07", "2026-03-12 09:05:07"},
      {"  2026/3/12   14:30 ", "2026-03-12 14:30"},
      {"2026年3月12日 14:30", "2026-03-12 14:30"},
      {"20260312", "2026-03-12"},
      {"２０２６－０３－１２　１４：３０", "2026-03-12 14:30"},
      {"2026-03-12 24:00", ""},
      {"2026-03-12 12:60", ""},
      {"2026-03-12 12", ""},
      {"2026-03-12 12:5", ""},
      {"2026-03-12 123:00", ""},
      {"14:30", ""},
      {"2026-02-30", ""},
      {"2026-02-30 10:00", ""},
      {"yesterday", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    INFO("in: ", std::string(c.in));
    const auto got = d::parse_contact_time(c.in);
    CHECK(got.has_value() == !std::string(c.at).empty());
    if (got) {
      CHECK(got->at == c.at);
      CHECK(got->date.iso() == std::string(c.at).substr(0, 10));
    }
  }
}

TEST_CASE("days late") {
  const auto today = ymd(2026, 3, 12);
  CHECK(d::days_late(ymd(2026, 3, 10), today) == 2);
  CHECK(d::days_late(ymd(2026, 3, 12), today) == 0);
  CHECK(d::days_late(ymd(2026, 3, 15), today) == -3);
  CHECK(d::days_late(ymd(2025, 12, 31), ymd(2026, 1, 1)) == 1);
}

TEST_CASE("birthdays: the celebration in the window") {
  struct Case {
    d::Date birthday;
    d::Date today;
    int within;
    const char* date;  // "" when not in the window
  };
  const Case cases[] = {
      // 29 February: 28 February in common years, 29 in leap years.
      {ymd(1980, 2, 29), ymd(2026, 2, 27), 7, "2026-02-28"},
      {ymd(1980, 2, 29), ymd(2026, 2, 28), 0, "2026-02-28"},
      {ymd(1980, 2, 29), ymd(2026, 3, 1), 7, ""},
      {ymd(1980, 2, 29), ymd(2028, 2, 28), 0, ""},
      {ymd(1980, 2, 29), ymd(2028, 2, 28), 1, "2028-02-29"},
      {ymd(1980, 2, 28), ymd(2028, 2, 28), 0, "2028-02-28"},
      // Across New Year.
      {ymd(1990, 1, 2), ymd(2026, 12, 28), 5, "2027-01-02"},
      {ymd(1990, 1, 2), ymd(2026, 12, 28), 4, ""},
      {ymd(1990, 12, 31), ymd(2026, 12, 28), 5, "2026-12-31"},
      {ymd(1980, 2, 29), ymd(2027, 12, 30), 61, "2028-02-29"},
      {ymd(1980, 2, 29), ymd(2027, 12, 30), 60, ""},
      // Within 0: today only.
      {ymd(1990, 3, 12), ymd(2026, 3, 12), 0, "2026-03-12"},
      {ymd(1990, 3, 13), ymd(2026, 3, 12), 0, ""},
      {ymd(1990, 3, 11), ymd(2026, 3, 12), 7, ""},
      {ymd(1990, 3, 11), ymd(2026, 3, 12), 365, "2027-03-11"},
  };
  for (const Case& c : cases) {
    INFO(c.birthday.iso(), " on ", c.today.iso(), " within ", c.within);
    const auto got = d::birthday_in_window(c.birthday, c.today, c.within);
    CHECK(got.has_value() == !std::string(c.date).empty());
    if (got) CHECK(got->iso() == c.date);
  }
  CHECK(d::celebrated_on(2026, 2, 29).iso() == "2026-02-28");
  CHECK(d::celebrated_on(2028, 2, 29).iso() == "2028-02-29");
  CHECK(d::celebrated_on(2100, 2, 29).iso() == "2100-02-28");
}

TEST_CASE("birthday index ranges") {
  using R = std::vector<std::pair<std::string, std::string>>;
  auto ranges = [](d::Date today, int within) {
    R out;
    for (const auto& r : d::birthday_ranges(today, within)) out.emplace_back(r.from, r.to);
    return out;
  };
  CHECK(ranges(ymd(2026, 3, 5), 7) == R{{"03-05", "03-12"}});
  CHECK(ranges(ymd(2026, 3, 5), 0) == R{{"03-05", "03-05"}});
  CHECK(ranges(ymd(2026, 2, 20), 8) == R{{"02-20", "02-29"}});  // 28 Feb: 29 Feb too
  CHECK(ranges(ymd(2026, 12, 28), 5) == R{{"12-28", "12-31"}, {"01-01", "01-02"}});
  CHECK(ranges(ymd(2026, 12, 31), 0) == R{{"12-31", "12-31"}});
  CHECK(ranges(ymd(2026, 3, 5), 365) == R{{"01-01", "12-31"}});
}

namespace {

using archive::testing::TempDir;

std::string plan(store::Db& db, const std::string& sql) {
  auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
  std::string out;
  while (st.step()) out += st.text(3) + "\n";
  return out;
}

}  // namespace

TEST_CASE("reminder queries answer from the partial indexes") {
  TempDir dir;
  auto db = store::Db::open(dir.path / "a.db", true, 1000);
  store::migrate(db);
  using Q = store::ReminderQuery;
  struct Case {
    Q query;
    bool by_owner;
    const char* index;
  };
  const Case cases[] = {
      {Q::kDue, false, "USING INDEX customer_due "},
      {Q::kDue, true, "USING INDEX customer_owner (owner=? AND status=? AND next_due<?)"},
      {Q::kVisit, false, "USING INDEX customer_visit "},
      {Q::kVisit, true, "USING INDEX customer_owner_visit "},
      {Q::kClaim, false, "USING INDEX customer_claim "},
      {Q::kClaim, true, "USING INDEX customer_owner (owner=? AND status=?)"},
      {Q::kMajorComplaint, false, "USING INDEX follow_up_open_complaint "},
      {Q::kMajorComplaint, true, "USING INDEX follow_up_open_complaint "},
      {Q::kBirthday, false, "USING INDEX customer_birthday "},
  };
  for (const Case& c : cases) {
    const auto p = plan(db, store::reminder_sql(c.query, c.by_owner));
    INFO(p);
    CHECK(p.find(c.index) != std::string::npos);
    CHECK(p.find("SCAN") == std::string::npos);
  }
}
