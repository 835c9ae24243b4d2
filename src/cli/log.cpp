// archive log [NO] [--from DATE] [--to DATE]: the audit trail.
#include <fmt/format.h>

#include <memory>

#include "archive/app/customers.h"
#include "archive/domain/date.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct LogOptions {
  std::string archive_no;
  std::string from;
  std::string to;
};

std::string checked_date(const char* option, const std::string& text) {
  if (text.empty()) return {};
  auto date = domain::parse_date(text);
  if (!date) {
    throw Error(Exit::kUsage,
                fmt::format(fmt::runtime(tr("{} {}: not a date (YYYY-MM-DD)")), option, text));
  }
  return date->iso();
}

}  // namespace

Runner install_log(CLI::App& sub) {
  auto opts = std::make_shared<LogOptions>();
  sub.add_option("NO", opts->archive_no, tr("only this archive"));
  sub.add_option("--from", opts->from, tr("from this business date"));
  sub.add_option("--to", opts->to, tr("up to this business date"));
  return [opts](Context& ctx) {
    store::AuditFilter filter{opts->archive_no, checked_date("--from", opts->from),
                              checked_date("--to", opts->to)};
    if (!filter.from.empty() && !filter.to.empty() && filter.from > filter.to) {
      throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("--from {} is after --to {}")),
                                            filter.from, filter.to));
    }
    ctx.print(app::audit_trail(ctx.session, filter));
    return 0;
  };
}

}  // namespace archive::cli
