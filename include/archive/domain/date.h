// Calendar dates of the proleptic Gregorian calendar, and the date formats clerks type.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archive::domain {

// A calendar day, stored as days since 1970-01-01. Business dates are Dates: the clock is
// read once at start (or pinned by --today) and passed down, never read deep inside.
class Date {
 public:
  // A real day of the calendar, or nothing (2023-02-29, month 13, year 0 …).
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Strict ISO 8601 "YYYY-MM-DD" only; the form stored in the database.
  static std::optional<Date> from_iso(std::string_view text);
  static Date from_days(std::int64_t days_since_epoch) { return Date(days_since_epoch); }

  int year() const;
  int month() const;
  int day() const;
  std::int64_t days() const { return days_; }
  std::string iso() const;  // "2024-03-05"

  Date plus_days(std::int64_t n) const { return Date(days_ + n); }
  // Adds whole years; 29 February becomes 28 February in a common year.
  Date plus_years(int n) const;
  std::int64_t days_until(Date later) const { return later.days_ - days_; }

  // clang-tidy before 16 reads the synthesized "<=> 0" as a null pointer constant.
  friend auto operator<=>(const Date&, const Date&) = default;  // NOLINT(modernize-use-nullptr)

 private:
  explicit Date(std::int64_t days) : days_(days) {}
  std::int64_t days_ = 0;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

// Parses the date forms clerks and spreadsheets use, after NFKC (so full-width digits
// and punctuation count): 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305; leading
// and trailing white space is ignored. Two-digit years are refused (never guessed).
// Nothing when the text is not one of these forms or not a real day.
std::optional<Date> parse_date(std::string_view text);

}  // namespace archive::domain
