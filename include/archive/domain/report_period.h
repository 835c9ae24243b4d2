// The time axis of reports: the period a report covers when --from/--to are not given, and
// the buckets (day, ISO week, month, quarter) its rows are counted in. Pure date rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "archive/domain/date.h"

namespace archive::domain {

enum class Bucket { kDay, kWeek, kMonth, kQuarter };

// "day", "week", "month", "quarter"; nothing for anything else.
std::optional<Bucket> parse_bucket(std::string_view name);
std::string_view bucket_name(Bucket bucket);

// The ISO 8601 week of a day: weeks start on Monday, and week 1 is the week that holds the
// year's first Thursday, so 2026-12-31 can be in 2026-W53 and 2027-01-01 too, and
// 2024-12-30 is in 2025-W01. `year` is the ISO week-numbering year.
struct IsoWeek {
  int year = 0;
  int week = 0;
};
IsoWeek iso_week(Date day);
// 1 Monday … 7 Sunday.
int iso_weekday(Date day);

// The label of the bucket that holds `day`, which also sorts in time order:
// day "2026-03-12", week "2026-W11", month "2026-03", quarter "2026-Q1".
std::string bucket_label(Date day, Bucket bucket);
// The first day of the bucket that holds `day` (the Monday of its ISO week, the 1st of its
// month, the 1st of its quarter's first month).
Date bucket_start(Date day, Bucket bucket);

// Which way a report looks from the business date.
enum class Horizon {
  kBack,     // what happened: from the 1st of the current month to today
  kForward,  // what is coming: from today to today + kForwardDays
};
inline constexpr int kForwardDays = 90;

struct DateRange {
  Date from;
  Date to;  // inclusive
};
// The period of a report: `from` and `to` when given, each missing end from the horizon's
// default (so `--from` alone on a look-back report ends today). Does not check from <= to.
DateRange report_period(Horizon horizon, Date today, std::optional<Date> from,
                        std::optional<Date> to);

}  // namespace archive::domain
