// archive export [TEXT] [find filters] [--output FILE] [--format csv|json]: customers as CSV
// that `archive import` reads back, or as JSON; files are created readable by the owner only.
#include <fmt/format.h>

#include <memory>
#include <sstream>

#include "archive/app/export.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/io/csv_writer.h"
#include "commands.h"
#include "find_filters.h"

namespace archive::cli {

namespace {

struct ExportOptions {
  std::string text;
  FindFilterOptions filters;
  std::string output;
};

}  // namespace

Runner install_export(CLI::App& sub) {
  auto opts = std::make_shared<ExportOptions>();
  sub.add_option("TEXT", opts->text,
                 tr("part of a name or company, an archive number, or the last 4+ digits of a "
                    "mobile"));
  add_find_filters(sub, opts->filters);
  sub.add_option("--output,-o", opts->output, tr("write to FILE (0600) instead of stdout"));
  return [opts](Context& ctx) {
    auto format = report::Format::kCsv;
    if (ctx.format_given) {
      if (ctx.format != report::Format::kCsv && ctx.format != report::Format::kJson) {
        throw Error(Exit::kUsage, tr("export writes --format csv (the default) or json; for a "
                                     "table on the screen use find"));
      }
      format = ctx.format;
    }
    auto filter = make_filter(ctx.session, opts->filters, opts->text);
    if (opts->output.empty()) {
      const auto table = app::export_customers(ctx.session, filter);
      report::render(table, format, ctx.render, *ctx.out);
      if (table.row_count() == 0) ctx.info(tr("no archive matches"));
      return 0;
    }
    // The file is created first, so an unwritable path (73) changes nothing, not even the
    // audit log.
    io::PrivateFile file(opts->output);
    try {
      const auto table = app::export_customers(ctx.session, filter);
      std::ostringstream text;
      report::render(table, format, ctx.render, text);
      file.write(text.str());
      file.close();
      ctx.info(fmt::format(fmt::runtime(tr("exported {} customers to {}")), table.row_count(),
                           opts->output));
    } catch (...) {
      file.remove();
      throw;
    }
    return 0;
  };
}

}  // namespace archive::cli
