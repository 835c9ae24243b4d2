// Archive-number patterns and the global identifiers.
#include "archive/domain/numbering.h"

#include <doctest/doctest.h>

#include <string>

#include "archive/domain/check.h"

namespace d = archive::domain;

namespace {
const d::Date kToday = *d::Date::from_ymd(2024, 6, 1);
}  // namespace

TEST_CASE("pattern_problem") {
  struct Case {
    const char* pattern;
    const char* problem;  // nullptr: good
  };
  const char* kSeqOnce = "must contain {seq} exactly once";
  const char* kLiteral = "may hold only letters, digits and hyphens outside placeholders";
  const char* kHyphens = "must not start or end with a hyphen or hold two in a row";
  const Case cases[] = {
      {"{region}-{seq:06}", nullptr},
      {"{region}-{seq}", nullptr},
      {"{seq}", nullptr},
      {"{region}{seq:04}", nullptr},
      {"{region}-{year}-{seq:05}", nullptr},
      {"KH-{seq:01}", nullptr},
      {"KH-{seq:012}", nullptr},
      {"DA{year}{seq:6}", "has an unknown placeholder: {seq:6}"},
      {"", kSeqOnce},
      {"{region}-", kSeqOnce},
      {"{seq}-{seq}", kSeqOnce},
      {"{seq:03}{seq:04}", kSeqOnce},
      {"{region}-{seq:00}", "has an unknown placeholder: {seq:00}"},
      {"{region}-{seq:013}", "has an unknown placeholder: {seq:013}"},
      {"{region}-{seq:0x}", "has an unknown placeholder: {seq:0x}"},
      {"{region}-{seq:0}", "has an unknown placeholder: {seq:0}"},
      {"{foo}-{seq}", "has an unknown placeholder: {foo}"},
      {"{Region}-{seq}", "has an unknown placeholder: {Region}"},
      {"{}-{seq}", "has an unknown placeholder: {}"},
      {"{region-{seq}", "has an unknown placeholder: {region-{seq}"},
      {"{seq}-{region", "has an unknown placeholder: {region"},
      {"{region}_{seq}", kLiteral},
      {"{region} {seq}", kLiteral},
      {"{region}/{seq}", kLiteral},
      {"档案-{seq}", kLiteral},
      {"{seq}}", kLiteral},
      {"-{seq}", kHyphens},
      {"{seq}-", kHyphens},
      {"{region}--{seq}", kHyphens},
  };
  for (const Case& c : cases) {
    INFO("pattern: ", std::string(c.pattern));
    const auto problem = d::pattern_problem(c.pattern);
    if (c.problem == nullptr) {
      CHECK_FALSE(problem.has_value());
    } else {
      REQUIRE(problem.has_value());
      CHECK(*problem == c.problem);
    }
  }
}

TEST_CASE("format_archive_no") {
  struct Case {
    const char* pattern;
    const char* region;
    std::int64_t seq;
    const char* out;
  };
  const Case cases[] = {
      {"{region}-{seq:06}", "SH", 123, "SH-000123"},
      {"{region}-{seq:06}", "KH", 1, "KH-000001"},
      {"{region}-{seq:06}", "SH", 1234567, "SH-1234567"},  // the width is a minimum
      {"{region}-{seq}", "SH", 7, "SH-7"},
      {"{region}{seq:03}", "BJ01", 42, "BJ01042"},
      {"{region}-{year}-{seq:04}", "SH", 5, "SH-2024-0005"},
      {"DA{year}{seq:05}", "SH", 17, "DA202400017"},
      {"da-{seq:02}", "SH", 3, "da-03"},  // literal parts stay as written
      {"{seq:012}", "", 1, "000000000001"},
  };
  for (const Case& c : cases) {
    INFO("pattern: ", std::string(c.pattern));
    CHECK(d::format_archive_no(c.pattern, c.region, c.seq, kToday) == c.out);
  }

  SUBCASE("numbers from good patterns are good archive numbers") {
    for (const char* pattern : {"{region}-{seq:06}", "{region}-{year}-{seq}", "X{seq:012}"}) {
      INFO("pattern: ", std::string(pattern));
      REQUIRE_FALSE(d::pattern_problem(pattern).has_value());
      const std::string number = d::format_archive_no(pattern, "SH", 999, kToday);
      CHECK(d::check_archive_no(number).value == number);
    }
  }
}

TEST_CASE("format_id") {
  CHECK(d::format_id("L", 17, 6) == "L-000017");
  CHECK(d::format_id("L", 17) == "L-000017");
  CHECK(d::format_id("F", 123) == "F-000123");
  CHECK(d::format_id("B", 3, 6) == "B-000003");
  CHECK(d::format_id("L", 1234567) == "L-1234567");
  CHECK(d::format_id("L", 5, 1) == "L-5");
  CHECK(d::format_id("L", 0, 3) == "L-000");
}

TEST_CASE("region_of_archive_no finds the region an explicit number was made for") {
  struct Case {
    const char* pattern;
    const char* number;
    std::optional<std::string> region;
  };
  const Case cases[] = {
      {"{region}-{seq:06}", "SH-000500", "SH"},
      {"{region}-{seq:06}", "KH-1", "KH"},
      {"{region}-{seq:06}", "OLD12345", std::nullopt},
      {"{region}-{year}-{seq}", "BJ-2026-17", "BJ"},
      {"{region}-{year}-{seq}", "BJ-17", std::nullopt},
      {"KH{seq:05}", "KH00001", std::nullopt},
      {"c-{region}-{seq}", "C-GZ-3", "GZ"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.number);
    CHECK(archive::domain::region_of_archive_no(c.pattern, c.number) == c.region);
  }
}
