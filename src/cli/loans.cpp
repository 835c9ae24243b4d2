// archive loans [--open] [--overdue] [--exit-code]: the loan register (外借登记册). The
// overdue list is for cron: when nothing is overdue it prints nothing at all, in every format.
#include <memory>

#include "archive/app/loans.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct LoansOptions {
  app::LoansRequest request;
  bool exit_code = false;
};

}  // namespace

Runner install_loans(CLI::App& sub) {
  auto opts = std::make_shared<LoansOptions>();
  sub.add_flag("--open", opts->request.open, tr("only loans with something still out"));
  sub.add_flag("--overdue", opts->request.overdue,
               tr("only overdue loans, most overdue first; nothing at all when none"));
  sub.add_flag("--exit-code", opts->exit_code, tr("exit with status 1 when anything is listed"));
  return [opts](Context& ctx) {
    auto table = app::loan_register(ctx.session, opts->request);
    if (table.row_count() == 0) {
      if (!opts->request.overdue) ctx.print(table);
      return 0;
    }
    ctx.print(table);
    return opts->exit_code ? 1 : 0;
  };
}

}  // namespace archive::cli
