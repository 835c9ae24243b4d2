// archive find [TEXT] [filters]: customers by name, company, number or mobile tail.
#include <memory>

#include "archive/app/customers.h"
#include "archive/i18n.h"
#include "commands.h"
#include "find_filters.h"

namespace archive::cli {

namespace {

struct FindOptions {
  std::string text;
  FindFilterOptions filters;
};

}  // namespace

Runner install_find(CLI::App& sub) {
  auto opts = std::make_shared<FindOptions>();
  sub.add_option("TEXT", opts->text,
                 tr("part of a name or company, an archive number, or the last 4+ digits of a "
                    "mobile"));
  add_find_filters(sub, opts->filters);
  return [opts](Context& ctx) {
    auto filter = make_filter(ctx.session, opts->filters, opts->text);
    auto table = app::find_customers(ctx.session, filter);
    if (table.row_count() == 0) ctx.info(tr("no archive matches"));
    ctx.print(table);
    return 0;
  };
}

}  // namespace archive::cli
