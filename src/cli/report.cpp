// archive report NAME [--from DATE] [--to DATE] [--by day|week|month|quarter] [--scheme S]
// [find filters], and archive report --list: statistics, registers and custom reports.
#include <fmt/format.h>

#include <memory>

#include "archive/app/reports.h"
#include "archive/domain/date.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"
#include "find_filters.h"

namespace archive::cli {

namespace {

struct ReportOptions {
  std::string name;
  bool list = false;
  std::string from;
  std::string to;
  std::string by;
  std::string scheme;
  FindFilterOptions filters;
};

std::optional<domain::Date> checked_date(const char* option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto date = domain::parse_date(text);
  if (!date) {
    throw Error(Exit::kUsage,
                fmt::format(fmt::runtime(tr("{} {}: not a date (YYYY-MM-DD)")), option, text));
  }
  return date;
}

}  // namespace

Runner install_report(CLI::App& sub) {
  auto opts = std::make_shared<ReportOptions>();
  sub.add_option("NAME", opts->name, tr("the report (archive report --list names them)"));
  sub.add_flag("--list", opts->list, tr("name and describe every report"));
  sub.add_option("--from", opts->from,
                 tr("first day of the period (default: the 1st of this month; today for "
                    "retention and birthdays)"));
  sub.add_option("--to", opts->to,
                 tr("last day of the period (default: today; today + 90 days for retention and "
                    "birthdays)"));
  sub.add_option("--by", opts->by, tr("count per day, week (ISO, Monday first), month or quarter"));
  sub.add_option("--scheme", opts->scheme, tr("summary, pipeline: this grade scheme"));
  add_find_filters(sub, opts->filters);
  return [opts](Context& ctx) {
    if (opts->list) {
      if (!opts->name.empty()) {
        throw Error(Exit::kUsage, tr("--list takes no report name"));
      }
      ctx.print(app::list_reports(ctx.session));
      return 0;
    }
    if (opts->name.empty()) {
      throw Error(Exit::kUsage, tr("which report? archive report --list names them"));
    }
    app::ReportRequest request;
    request.name = opts->name;
    request.from = checked_date("--from", opts->from);
    request.to = checked_date("--to", opts->to);
    if (!opts->by.empty()) {
      request.by = domain::parse_bucket(opts->by);
      if (!request.by) {
        throw Error(Exit::kUsage,
                    fmt::format(fmt::runtime(tr("--by {}: not one of day, week, month, quarter")),
                                opts->by));
      }
    }
    request.scheme = opts->scheme;
    request.filter = make_filter(ctx.session, opts->filters, "");
    const auto& f = opts->filters;
    for (const auto& [option, value] : {std::pair<const char*, bool>{"--grade", !f.grade.empty()},
                                        {"--kind", !f.kind.empty()},
                                        {"--status", !f.status.empty()},
                                        {"--region", !f.region.empty()},
                                        {"--source", !f.source.empty()},
                                        {"--limit", f.limit != 0}}) {
      if (value) request.given_filters.emplace_back(option);
    }
    ctx.print(app::run_report(ctx.session, request));
    return 0;
  };
}

}  // namespace archive::cli
