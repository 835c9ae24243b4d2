// The time axis of reports: ISO weeks, bucket labels and starts, default periods.
#include <doctest/doctest.h>

#include "archive/domain/report_period.h"

using archive::domain::Bucket;
using archive::domain::Date;
using archive::domain::Horizon;
namespace domain = archive::domain;

namespace {

Date d(const char* iso) { return *Date::from_iso(iso); }

}  // namespace

TEST_CASE("ISO weeks start on Monday; week 1 holds the first Thursday") {
  struct Case {
    const char* day;
    int year;
    int week;
    int weekday;
  };
  const Case cases[] = {
      {"2026-03-12", 2026, 11, 4},  // Thursday
      {"2026-03-09", 2026, 11, 1},  // Monday opens the week
      {"2026-03-15", 2026, 11, 7},  // Sunday closes it
      {"2026-03-16", 2026, 12, 1},
      {"2024-12-30", 2025, 1, 1},   // a Monday in December belongs to the next year's week 1
      {"2021-01-03", 2020, 53, 7},  // a Sunday in January to the last year's week 53
      {"2020-12-31", 2020, 53, 4},
      {"2026-01-01", 2026, 1, 4},
      {"2027-01-01", 2026, 53, 5},  // 2026 has 53 weeks (it starts on a Thursday)
      {"2023-01-01", 2022, 52, 7},
      {"1970-01-01", 1970, 1, 4},
      {"1969-12-29", 1970, 1, 1},  // before the epoch
  };
  for (const auto& c : cases) {
    CAPTURE(c.day);
    const auto week = domain::iso_week(d(c.day));
    CHECK(week.year == c.year);
    CHECK(week.week == c.week);
    CHECK(domain::iso_weekday(d(c.day)) == c.weekday);
  }
}

TEST_CASE("bucket labels sort in time order and name their bucket") {
  CHECK(domain::bucket_label(d("2026-03-12"), Bucket::kDay) == "2026-03-12");
  CHECK(domain::bucket_label(d("2026-03-12"), Bucket::kWeek) == "2026-W11");
  CHECK(domain::bucket_label(d("2026-01-04"), Bucket::kWeek) == "2026-W01");
  CHECK(domain::bucket_label(d("2024-12-30"), Bucket::kWeek) == "2025-W01");
  CHECK(domain::bucket_label(d("2026-03-12"), Bucket::kMonth) == "2026-03");
  CHECK(domain::bucket_label(d("2026-03-31"), Bucket::kQuarter) == "2026-Q1");
  CHECK(domain::bucket_label(d("2026-04-01"), Bucket::kQuarter) == "2026-Q2");
  CHECK(domain::bucket_label(d("2026-12-31"), Bucket::kQuarter) == "2026-Q4");
}

TEST_CASE("bucket starts") {
  CHECK(domain::bucket_start(d("2026-03-12"), Bucket::kDay) == d("2026-03-12"));
  CHECK(domain::bucket_start(d("2026-03-12"), Bucket::kWeek) == d("2026-03-09"));
  CHECK(domain::bucket_start(d("2026-03-09"), Bucket::kWeek) == d("2026-03-09"));
  CHECK(domain::bucket_start(d("2026-03-15"), Bucket::kWeek) == d("2026-03-09"));
  CHECK(domain::bucket_start(d("2026-03-12"), Bucket::kMonth) == d("2026-03-01"));
  CHECK(domain::bucket_start(d("2026-03-12"), Bucket::kQuarter) == d("2026-01-01"));
  CHECK(domain::bucket_start(d("2026-08-31"), Bucket::kQuarter) == d("2026-07-01"));
  // Every day of a year maps into the bucket that starts at its bucket_start.
  for (Date day = d("2024-12-01"); day <= d("2026-01-31"); day = day.plus_days(1)) {
    for (auto b : {Bucket::kDay, Bucket::kWeek, Bucket::kMonth, Bucket::kQuarter}) {
      CAPTURE(day.iso());
      const Date start = domain::bucket_start(day, b);
      CHECK(start <= day);
      CHECK(domain::bucket_label(start, b) == domain::bucket_label(day, b));
      CHECK(domain::bucket_label(start.plus_days(-1), b) != domain::bucket_label(day, b));
    }
  }
}

TEST_CASE("--by names") {
  CHECK(domain::parse_bucket("day") == Bucket::kDay);
  CHECK(domain::parse_bucket("week") == Bucket::kWeek);
  CHECK(domain::parse_bucket("month") == Bucket::kMonth);
  CHECK(domain::parse_bucket("quarter") == Bucket::kQuarter);
  CHECK_FALSE(domain::parse_bucket("year"));
  CHECK_FALSE(domain::parse_bucket("Month"));
  CHECK_FALSE(domain::parse_bucket(""));
  CHECK(domain::bucket_name(Bucket::kWeek) == "week");
}

TEST_CASE("default periods: this month back, the next 90 days forward") {
  const Date today = d("2026-03-12");
  auto back = domain::report_period(Horizon::kBack, today, std::nullopt, std::nullopt);
  CHECK(back.from == d("2026-03-01"));
  CHECK(back.to == today);
  auto forward = domain::report_period(Horizon::kForward, today, std::nullopt, std::nullopt);
  CHECK(forward.from == today);
  CHECK(forward.to == d("2026-06-10"));
  // A given end is kept; the other end keeps its default.
  auto from_only = domain::report_period(Horizon::kBack, today, d("2026-01-01"), std::nullopt);
  CHECK(from_only.from == d("2026-01-01"));
  CHECK(from_only.to == today);
  auto to_only = domain::report_period(Horizon::kForward, today, std::nullopt, d("2026-04-01"));
  CHECK(to_only.from == today);
  CHECK(to_only.to == d("2026-04-01"));
  // Not checked here: from after to is the caller's usage error.
  auto backwards = domain::report_period(Horizon::kBack, today, d("2026-03-20"), std::nullopt);
  CHECK(backwards.to < backwards.from);
  // The first of the month.
  auto first = domain::report_period(Horizon::kBack, d("2026-03-01"), std::nullopt, std::nullopt);
  CHECK(first.from == first.to);
}
