// Retention end dates: filing date plus whole years, 29 February falling back to 28.
#include "archive/domain/retention.h"

#include <doctest/doctest.h>

#include <string>

using archive::domain::Date;
using archive::domain::past_retention;
using archive::domain::retention_end;

TEST_CASE("retention ends the filing date plus the kind's years") {
  struct Case {
    const char* filed;
    int years;
    const char* end;
  };
  const Case cases[] = {
      {"2026-03-05", 10, "2036-03-05"},  {"2026-03-05", 5, "2031-03-05"},
      {"2026-03-01", 30, "2056-03-01"},  {"2024-02-29", 5, "2029-02-28"},
      {"2024-02-29", 4, "2028-02-29"},   {"2024-02-29", 1, "2025-02-28"},
      {"2023-02-28", 1, "2024-02-28"},   {"2026-12-31", 1, "2027-12-31"},
      {"1999-01-01", 100, "2099-01-01"}, {"2000-02-29", 100, "2100-02-28"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.filed);
    CAPTURE(c.years);
    CHECK(retention_end(*Date::from_iso(c.filed), c.years).iso() == std::string(c.end));
  }
}

TEST_CASE("a material is past its retention only after the end date") {
  const Date end = *Date::from_iso("2029-02-28");
  CHECK_FALSE(past_retention(end, *Date::from_iso("2029-02-27")));
  CHECK_FALSE(past_retention(end, end));
  CHECK(past_retention(end, *Date::from_iso("2029-03-01")));
}
