// Calendar arithmetic and the date forms parse_date() accepts and refuses.
#include "archive/domain/date.h"

#include <doctest/doctest.h>

#include <string>

using archive::domain::Date;
using archive::domain::days_in_month;
using archive::domain::is_leap_year;
using archive::domain::parse_date;

TEST_CASE("from_ymd accepts real days only") {
  struct Case {
    int y, m, d;
    bool ok;
  };
  const Case cases[] = {
      {2024, 3, 5, true},   {1970, 1, 1, true},   {1, 1, 1, true},      {9999, 12, 31, true},
      {2000, 2, 29, true},  {2024, 2, 29, true},  {1900, 2, 29, false}, {2100, 2, 29, false},
      {2023, 2, 29, false}, {2023, 2, 28, true},  {2024, 4, 31, false}, {2024, 4, 30, true},
      {2024, 13, 1, false}, {2024, 0, 1, false},  {2024, 1, 0, false},  {2024, 1, 32, false},
      {0, 1, 1, false},     {10000, 1, 1, false}, {-1, 1, 1, false},    {2024, 12, 31, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.y);
    CAPTURE(c.m);
    CAPTURE(c.d);
    const auto date = Date::from_ymd(c.y, c.m, c.d);
    CHECK(date.has_value() == c.ok);
    if (date) {
      CHECK(date->year() == c.y);
      CHECK(date->month() == c.m);
      CHECK(date->day() == c.d);
    }
  }
}

TEST_CASE("days since the epoch") {
  CHECK(Date::from_ymd(1970, 1, 1)->days() == 0);
  CHECK(Date::from_ymd(1970, 1, 2)->days() == 1);
  CHECK(Date::from_ymd(1969, 12, 31)->days() == -1);
  CHECK(Date::from_ymd(2000, 3, 1)->days() == 11017);
  CHECK(Date::from_ymd(2024, 3, 5)->days() == 19787);
  CHECK(Date::from_days(19787).iso() == "2024-03-05");
  CHECK(Date::from_ymd(1, 1, 1)->iso() == "0001-01-01");
  CHECK(Date::from_ymd(9999, 12, 31)->iso() == "9999-12-31");

  SUBCASE("every day of a leap cycle round-trips") {
    const auto first = *Date::from_ymd(1999, 1, 1);
    for (std::int64_t i = 0; i < 3 * 366 + 400; ++i) {
      const Date d = first.plus_days(i);
      const auto again = Date::from_ymd(d.year(), d.month(), d.day());
      REQUIRE(again.has_value());
      REQUIRE(*again == d);
      REQUIRE(Date::from_iso(d.iso()) == d);
    }
  }
}

TEST_CASE("leap years and month lengths") {
  CHECK(is_leap_year(2024));
  CHECK(is_leap_year(2000));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2100));
  CHECK_FALSE(is_leap_year(2023));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2023, 2) == 28);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2024, 1) == 31);
  CHECK(days_in_month(2024, 4) == 30);
  CHECK(days_in_month(2024, 12) == 31);
  CHECK(days_in_month(2024, 13) == 0);
  CHECK(days_in_month(2024, 0) == 0);
}

TEST_CASE("arithmetic and ordering") {
  const Date a = *Date::from_ymd(2024, 2, 28);
  CHECK(a.plus_days(1).iso() == "2024-02-29");
  CHECK(a.plus_days(2).iso() == "2024-03-01");
  CHECK(a.plus_days(-59).iso() == "2023-12-31");
  CHECK(a.days_until(*Date::from_ymd(2025, 2, 28)) == 366);
  CHECK(Date::from_ymd(2025, 2, 28)->days_until(a) == -366);
  CHECK(a < a.plus_days(1));
  CHECK(a == *Date::from_iso("2024-02-28"));
  CHECK(a != a.plus_days(1));

  struct Case {
    const char* from;
    int years;
    const char* to;
  };
  const Case cases[] = {
      {"2024-02-29", 1, "2025-02-28"},   {"2024-02-29", 4, "2028-02-29"},
      {"2024-02-29", -1, "2023-02-28"},  {"2024-02-29", 76, "2100-02-28"},
      {"2000-02-29", 100, "2100-02-28"}, {"2023-03-05", 10, "2033-03-05"},
      {"2024-12-31", 30, "2054-12-31"},  {"2024-01-01", 0, "2024-01-01"},
  };
  for (const Case& c : cases) {
    INFO("from: ", std::string(c.from));
    CAPTURE(c.years);
    CHECK(Date::from_iso(c.from)->plus_years(c.years).iso() == c.to);
  }
}

TEST_CASE("from_iso is strict") {
  CHECK(Date::from_iso("2024-03-05")->iso() == "2024-03-05");
  const char* bad[] = {"2024-3-5",       "2024/03/05", "20240305",   " 2024-03-05", "2024-03-05 ",
                       "2024-02-30",     "0000-01-01", "2024-03-5",  "24-03-05",    "2024-03-05T00",
                       "２０２４-03-05", "",           "2024-0a-05", "+024-03-05",  "2024--3-05"};
  for (const char* text : bad) {
    INFO("text: ", std::string(text));
    CHECK_FALSE(Date::from_iso(text).has_value());
  }
}

TEST_CASE("parse_date accepts the forms clerks type") {
  struct Case {
    const char* text;
    const char* iso;
  };
  const Case cases[] = {
      {"2024-03-05", "2024-03-05"},         {"2024-3-5", "2024-03-05"},
      {"2024/3/5", "2024-03-05"},           {"2024/03/05", "2024-03-05"},
      {"2024.3.5", "2024-03-05"},           {"2024.12.31", "2024-12-31"},
      {"2024年3月5日", "2024-03-05"},       {"2024年3月5", "2024-03-05"},
      {"2024年03月05日", "2024-03-05"},     {"20240305", "2024-03-05"},
      {"２０２４年３月５日", "2024-03-05"}, {"２０２４－０３－０５", "2024-03-05"},
      {"２０２４／３／５", "2024-03-05"},   {"２０２４０３０５", "2024-03-05"},
      {"  2024-03-05\t", "2024-03-05"},     {"\u30002024/3/5\u3000", "2024-03-05"},
      {"\u00a02024.3.5\r\n", "2024-03-05"}, {"2000-2-29", "2000-02-29"},
      {"0001-01-01", "0001-01-01"},         {"9999/12/31", "9999-12-31"},
  };
  for (const Case& c : cases) {
    INFO("text: ", std::string(c.text));
    const auto date = parse_date(c.text);
    REQUIRE(date.has_value());
    CHECK(date->iso() == c.iso);
  }
}

TEST_CASE("parse_date refuses everything else") {
  const char* cases[] = {
      "",
      "   ",
      "24-3-5",  // two-digit year
      "24/03/05",
      "240305",
      "3/5/2024",  // day or month first
      "05.03.2024",
      "2024-03-05 10:00",  // times
      "2024-03-05T10:00:00",
      "2024-3/5",  // mixed separators
      "2024/3-5",
      "2024-03",  // incomplete
      "2024",
      "2024年3月",
      "2024年3",
      "2024年3月5日日",
      "2024 年 3 月 5 日",  // spaces inside
      "2024 - 03 - 05",
      "2024-003-05",  // three-digit parts
      "2024-03-005",
      "02024-03-05",
      "202435",
      "2024030",
      "202403055",
      "1900-02-29",  // not real days
      "2100-2-29",
      "2023年2月29日",
      "20230229",
      "2024-13-01",
      "2024-00-10",
      "2024-01-00",
      "0000-01-01",
      "00000101",
      "2024。3。5",  // ideographic full stop is not a separator
      "2024_03_05",
      "-2024-03-05",
      "yesterday",
      "2024-03-05x",
  };
  for (const char* text : cases) {
    INFO("text: ", std::string(text));
    CHECK_FALSE(parse_date(text).has_value());
  }
}
