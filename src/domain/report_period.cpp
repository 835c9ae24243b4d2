// The time axis of reports: ISO weeks, bucket labels and default periods.
#include "archive/domain/report_period.h"

#include <fmt/format.h>

namespace archive::domain {

std::optional<Bucket> parse_bucket(std::string_view name) {
  if (name == "day") return Bucket::kDay;
  if (name == "week") return Bucket::kWeek;
  if (name == "month") return Bucket::kMonth;
  if (name == "quarter") return Bucket::kQuarter;
  return std::nullopt;
}

std::string_view bucket_name(Bucket bucket) {
  switch (bucket) {
    case Bucket::kDay:
      return "day";
    case Bucket::kWeek:
      return "week";
    case Bucket::kMonth:
      return "month";
    case Bucket::kQuarter:
      break;
  }
  return "quarter";
}

int iso_weekday(Date day) {
  // 1970-01-01 was a Thursday (4).
  const std::int64_t shifted = (day.days() + 3) % 7;  // 0 = Monday
  return static_cast<int>(shifted < 0 ? shifted + 7 : shifted) + 1;
}

IsoWeek iso_week(Date day) {
  // The Thursday of the day's week decides the year; its day of the year the week.
  const Date thursday = day.plus_days(4 - iso_weekday(day));
  const int year = thursday.year();
  const Date first = *Date::from_ymd(year, 1, 1);
  return {year, static_cast<int>(first.days_until(thursday) / 7) + 1};
}

Date bucket_start(Date day, Bucket bucket) {
  switch (bucket) {
    case Bucket::kDay:
      return day;
    case Bucket::kWeek:
      return day.plus_days(1 - iso_weekday(day));
    case Bucket::kMonth:
      return *Date::from_ymd(day.year(), day.month(), 1);
    case Bucket::kQuarter:
      break;
  }
  return *Date::from_ymd(day.year(), (day.month() - 1) / 3 * 3 + 1, 1);
}

std::string bucket_label(Date day, Bucket bucket) {
  switch (bucket) {
    case Bucket::kDay:
      return day.iso();
    case Bucket::kWeek: {
      const IsoWeek week = iso_week(day);
      return fmt::format("{:04}-W{:02}", week.year, week.week);
    }
    case Bucket::kMonth:
      return fmt::format("{:04}-{:02}", day.year(), day.month());
    case Bucket::kQuarter:
      break;
  }
  return fmt::format("{:04}-Q{}", day.year(), (day.month() - 1) / 3 + 1);
}

DateRange report_period(Horizon horizon, Date today, std::optional<Date> from,
                        std::optional<Date> to) {
  if (horizon == Horizon::kForward) {
    return {from.value_or(today), to.value_or(today.plus_days(kForwardDays))};
  }
  return {from.value_or(bucket_start(today, Bucket::kMonth)), to.value_or(today)};
}

}  // namespace archive::domain
