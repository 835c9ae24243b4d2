// Follow-up value lists, contact times and the birthday calendar.
#include "archive/domain/follow_up.h"

#include <fmt/format.h>

#include "archive/domain/text.h"

namespace archive::domain {

namespace {

const std::vector<EnumValue>& channels() {
  static const std::vector<EnumValue> values = {
      {"phone", "电话", {"call", "来电", "去电"}},
      {"visit", "上门拜访", {"拜访", "上门"}},
      {"store", "到店", {"来店", "store-visit", "walk-in"}},
      {"sms", "短信", {"text"}},
      {"wechat", "微信", {"weixin"}},
      {"email", "邮件", {"e-mail", "电子邮件"}},
      {"other", "其他", {}},
  };
  return values;
}

const std::vector<EnumValue>& types() {
  static const std::vector<EnumValue> values = {
      {"sales", "销售跟进", {"跟进"}},
      {"service", "服务回访", {"回访"}},
      {"complaint", "投诉", {}},
      {"greeting", "问候", {}},
  };
  return values;
}

const std::vector<EnumValue>& severities() {
  static const std::vector<EnumValue> values = {
      {"normal", "一般", {}},
      {"major", "重大", {}},
  };
  return values;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "H:MM", "HH:MM" or "HH:MM:SS" -> "HH:MM[:SS]", or nothing.
std::optional<std::string> parse_time(std::string_view t) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t pos = 0;
  while (count < 3) {
    std::size_t digits = 0;
    int value = 0;
    while (pos < t.size() && is_digit(t[pos]) && digits < 2) {
      value = value * 10 + (t[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0 || (count > 0 && digits != 2)) return std::nullopt;
    parts[count++] = value;
    if (pos == t.size()) break;
    if (t[pos] != ':') return std::nullopt;
    ++pos;
  }
  if (pos != t.size() || count < 2) return std::nullopt;
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  if (count == 2) return fmt::format("{:02}:{:02}", parts[0], parts[1]);
  return fmt::format("{:02}:{:02}:{:02}", parts[0], parts[1], parts[2]);
}

std::string month_day(Date d) { return fmt::format("{:02}-{:02}", d.month(), d.day()); }

}  // namespace

const std::vector<EnumValue>& follow_up_values(FollowUpEnum kind) {
  switch (kind) {
    case FollowUpEnum::kChannel:
      return channels();
    case FollowUpEnum::kType:
      return types();
    case FollowUpEnum::kSeverity:
      return severities();
  }
  return channels();
}

Checked check_follow_up_enum(FollowUpEnum kind, std::string_view text) {
  const std::string wanted = ascii_lower(trim(nfkc(text)));
  if (wanted.empty()) return Checked::invalid("must not be empty");
  std::string codes;
  for (const EnumValue& value : follow_up_values(kind)) {
    if (wanted == value.code || wanted == value.label) return Checked::valid(value.code);
    for (const std::string& alias : value.aliases) {
      if (wanted == ascii_lower(alias)) return Checked::valid(value.code);
    }
    codes += (codes.empty() ? "" : ", ") + value.code;
  }
  return Checked::invalid(fmt::format("is not one of: {}", codes));
}

std::string follow_up_label(FollowUpEnum kind, std::string_view code) {
  for (const EnumValue& value : follow_up_values(kind)) {
    if (value.code == code) return value.label;
  }
  return std::string(code);
}

bool is_visit_channel(std::string_view channel) { return channel == "visit" || channel == "store"; }

std::optional<ContactTime> parse_contact_time(std::string_view text) {
  const std::string s = trim(nfkc(text));
  if (s.empty()) return std::nullopt;
  // The time, if any, is the last word: after a space or a 'T' that follows a digit or 日.
  std::string date_part = s;
  std::string time;
  if (s.find(':') != std::string::npos) {
    std::size_t sep = s.find_last_of(" T");
    if (sep == std::string::npos || sep == 0) return std::nullopt;
    auto parsed = parse_time(std::string_view(s).substr(sep + 1));
    if (!parsed) return std::nullopt;
    time = *parsed;
    date_part = trim(s.substr(0, sep));
  }
  auto date = parse_date(date_part);
  if (!date) return std::nullopt;
  ContactTime out{*date, date->iso()};
  if (!time.empty()) out.at += " " + time;
  return out;
}

std::int64_t days_late(Date due, Date today) { return due.days_until(today); }

Date celebrated_on(int year, int month, int day) {
  if (month == 2 && day == 29 && !is_leap_year(year)) day = 28;
  return *Date::from_ymd(year, month, day);
}

std::optional<Date> birthday_in_window(Date birthday, Date today, int within) {
  Date next = celebrated_on(today.year(), birthday.month(), birthday.day());
  if (next < today) next = celebrated_on(today.year() + 1, birthday.month(), birthday.day());
  if (today.days_until(next) > within) return std::nullopt;
  return next;
}

std::vector<MonthDayRange> birthday_ranges(Date today, int within) {
  // A window of 365 days or more may reach every day of the year (leap years included).
  if (within >= 365) return {{"01-01", "12-31"}};
  const Date end = today.plus_days(within);
  auto upper = [](std::string key) {
    // A 29 February birthday is celebrated on 28 February in a common year.
    return key == "02-28" ? std::string("02-29") : key;
  };
  if (end.year() == today.year()) return {{month_day(today), upper(month_day(end))}};
  return {{month_day(today), "12-31"}, {"01-01", upper(month_day(end))}};
}

bool is_dealt(const std::vector<GradeEntry>& grades) {
  for (const auto& g : grades) {
    if (g.scheme == kDealtScheme && (g.code == "A" || g.code == "B")) return true;
  }
  return false;
}

}  // namespace archive::domain
