// The pure rules of follow-ups: channels, types and complaint severities with their Chinese
// labels, the contact time a rep types, days late, and when a birthday is celebrated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/domain/check.h"
#include "archive/domain/customer.h"
#include "archive/domain/date.h"

namespace archive::domain {

// The fixed value lists of a follow-up, like EnumKind for the card: a stable English code
// (stored, used in CSV/JSON), a Chinese label and aliases; input matches any of them, ASCII
// case-insensitively.
//   channel: phone 电话, visit 上门拜访 (拜访, 上门), store 到店 (来店), sms 短信,
//            wechat 微信, email 邮件, other 其他
//   type:    sales 销售跟进, service 服务回访, complaint 投诉, greeting 问候
//   severity (complaints only): normal 一般, major 重大
enum class FollowUpEnum { kChannel, kType, kSeverity };
const std::vector<EnumValue>& follow_up_values(FollowUpEnum kind);
// -> the code, or invalid with "is not one of: CODES" (translated by the caller).
Checked check_follow_up_enum(FollowUpEnum kind, std::string_view text);
// The Chinese label of a code; the code itself when unknown.
std::string follow_up_label(FollowUpEnum kind, std::string_view code);
// Visits and store visits count as a visit for the periodic-visit rule.
bool is_visit_channel(std::string_view channel);

// Dealt customers (成交客户) are those of value grade A or B: the periodic-visit rule lists
// them when they have not been visited for [follow_up] visit_every_days.
inline constexpr const char* kDealtScheme = "value";
bool is_dealt(const std::vector<GradeEntry>& grades);

// When a contact happened, as typed after --at.
struct ContactTime {
  Date date;
  std::string at;  // "2026-03-12", or "2026-03-12 14:30" when a time was given
};
// Any date form parse_date() accepts, optionally followed by a time "HH:MM" or "HH:MM:SS"
// after a space or a 'T' ("2026-03-12T14:30", "2026年3月12日 9:05"). Full-width digits
// count. Nothing when the date or the time is not real.
std::optional<ContactTime> parse_contact_time(std::string_view text);

// Days `due` lies behind `today`: 0 when due today, negative when still ahead.
std::int64_t days_late(Date due, Date today);

// The day a birthday of `month`/`day` is celebrated in `year`: 29 February becomes
// 28 February in common years.
Date celebrated_on(int year, int month, int day);
// The first celebration of the birthday `birthday` (any year) on or after `today`, when it
// falls in [today, today + within]; nothing otherwise. `within` >= 0.
std::optional<Date> birthday_in_window(Date birthday, Date today, int within);

// Ranges of "MM-DD" keys (inclusive) that hold every birthday birthday_in_window() can
// accept: one range, or two across New Year, the whole year for a window of a year or
// more. A superset (29 February is included beside 28 February); the caller filters with
// birthday_in_window().
struct MonthDayRange {
  std::string from;
  std::string to;
};
std::vector<MonthDayRange> birthday_ranges(Date today, int within);

}  // namespace archive::domain
