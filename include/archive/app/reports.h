// `archive report`: the built-in reports (statistics and registers the regulations ask for)
// and the custom reports of the config, each built as a neutral report::Table. Read-only,
// except that --unmask is audited. archive-report(1) documents every report and its columns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "archive/app/session.h"
#include "archive/domain/date.h"
#include "archive/domain/report_period.h"
#include "archive/report/table.h"
#include "archive/store/customers.h"

namespace archive::app {

struct ReportInfo {
  std::string name;
  std::string title;        // translated
  std::string description;  // translated (custom reports: as written in the config)
  bool custom = false;
  // The --by values the report takes (empty: no time axis) and its default one.
  std::vector<domain::Bucket> buckets;
  std::optional<domain::Bucket> default_bucket;
  domain::Horizon horizon = domain::Horizon::kBack;
};

// Every report: the built-in ones in documentation order, then the config's custom ones in
// name order. A custom report with a built-in name is a configuration error (78).
std::vector<ReportInfo> report_catalogue(const config::Config& config);

// `archive report --list`: name, title, description, time axis and default period.
report::Table list_reports(const Session& session);

struct ReportRequest {
  std::string name;
  std::optional<domain::Date> from;  // missing: the report's default (see report_period)
  std::optional<domain::Date> to;
  std::optional<domain::Bucket> by;  // missing: the report's default bucket
  std::string scheme;                // summary, pipeline: another grade scheme
  store::CustomerFilter filter;      // the find filters (text unused)
  // The filters other than --owner that were given (custom reports take only --owner).
  std::vector<std::string> given_filters;
};

// Runs one report. Usage errors (64): an unknown report (the message lists the known
// ones), --from after --to, --by on a report without a time axis or with a bucket it does
// not take, --scheme on a report without grades or naming no scheme, find filters other
// than --owner on a custom report. A custom report's refusals and SQL errors are 78, named
// after the report. An empty period is a table with its headers and no rows.
report::Table run_report(const Session& session, const ReportRequest& request);

}  // namespace archive::app
