// Proleptic Gregorian calendar arithmetic and the date forms clerks type.
#include "archive/domain/date.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "archive/domain/text.h"

namespace archive::domain {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

namespace chr = std::chrono;

chr::year_month_day to_ymd(std::int64_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}

std::int64_t to_days(const chr::year_month_day& ymd) {
  return chr::sys_days{ymd}.time_since_epoch().count();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads `min` to `max` ASCII digits at `pos` and advances past them; nothing otherwise.
std::optional<int> read_number(std::string_view s, std::size_t& pos, std::size_t min,
                               std::size_t max) {
  std::size_t end = pos;
  while (end < s.size() && is_digit(s[end])) ++end;
  const std::size_t n = end - pos;
  if (n < min || n > max) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < end; ++i) value = value * 10 + (s[i] - '0');
  pos = end;
  return value;
}

bool consume(std::string_view s, std::size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) != token) return false;
  pos += token.size();
  return true;
}

}  // namespace

bool is_leap_year(int year) { return chr::year{year}.is_leap(); }

int days_in_month(int year, int month) {
  if (month < 1 || month > 12) return 0;
  const auto last = chr::year{year} / chr::month{static_cast<unsigned>(month)} / chr::last;
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear) return std::nullopt;
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return Date(to_days(chr::year{year} / chr::month{static_cast<unsigned>(month)} /
                      chr::day{static_cast<unsigned>(day)}));
}

std::optional<Date> Date::from_iso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::size_t pos = 0;
  const auto y = read_number(text, pos, 4, 4);
  if (!y || !consume(text, pos, "-")) return std::nullopt;
  const auto m = read_number(text, pos, 2, 2);
  if (!m || !consume(text, pos, "-")) return std::nullopt;
  const auto d = read_number(text, pos, 2, 2);
  if (!d || pos != text.size()) return std::nullopt;
  return from_ymd(*y, *m, *d);
}

int Date::year() const { return static_cast<int>(to_ymd(days_).year()); }
int Date::month() const { return static_cast<int>(static_cast<unsigned>(to_ymd(days_).month())); }
int Date::day() const { return static_cast<int>(static_cast<unsigned>(to_ymd(days_).day())); }

std::string Date::iso() const { return fmt::format("{:04}-{:02}-{:02}", year(), month(), day()); }

Date Date::plus_years(int n) const {
  chr::year_month_day ymd = to_ymd(days_) + chr::years{n};
  // Only 29 February can fall off the calendar; it becomes the last day of February.
  if (!ymd.ok()) ymd = ymd.year() / chr::February / chr::last;
  return Date(to_days(ymd));
}

std::optional<Date> parse_date(std::string_view text) {
  const std::string s = trim(nfkc(text));

  // 20240305: exactly eight digits, split as the year and two-digit month and day.
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), is_digit)) {
    const auto part = [&](std::size_t at, std::size_t n) {
      int value = 0;
      for (std::size_t i = at; i < at + n; ++i) value = value * 10 + (s[i] - '0');
      return value;
    };
    return Date::from_ymd(part(0, 4), part(4, 2), part(6, 2));
  }

  std::size_t pos = 0;
  const auto year = read_number(s, pos, 4, 4);
  if (!year || pos == s.size()) return std::nullopt;

  // 2024年3月5日, the trailing 日 optional.
  if (consume(s, pos, "年")) {
    const auto m = read_number(s, pos, 1, 2);
    if (!m || !consume(s, pos, "月")) return std::nullopt;
    const auto d = read_number(s, pos, 1, 2);
    if (!d) return std::nullopt;
    consume(s, pos, "日");
    if (pos != s.size()) return std::nullopt;
    return Date::from_ymd(*year, *m, *d);
  }

  // 2024-03-05, 2024/3/5, 2024.3.5: one separator, used both times.
  const char sep = s[pos];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++pos;
  const auto m = read_number(s, pos, 1, 2);
  if (!m || pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  const auto d = read_number(s, pos, 1, 2);
  if (!d || pos != s.size()) return std::nullopt;
  return Date::from_ymd(*year, *m, *d);
}

}  // namespace archive::domain
