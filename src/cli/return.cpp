// archive return LOAN: close a loan, or one material of a whole-archive loan.
#include <fmt/format.h>

#include <memory>

#include "archive/app/loans.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

Runner install_return(CLI::App& sub) {
  auto request = std::make_shared<app::ReturnRequest>();
  sub.add_option("LOAN", request->loan_no, tr("the loan id (L-000017)"))->required();
  sub.add_option("--material", request->material,
                 tr("only this material of a whole-archive loan (N or NO/N)"));
  sub.add_option("--received-by", request->received_by,
                 tr("the clerk who takes it back (default: the operator)"));
  sub.add_option("--condition", request->condition, tr("its condition on return"));
  return [request](Context& ctx) {
    auto result = app::return_loan(ctx.session, *request);
    const auto materials = fmt::format("{}", fmt::join(result.returned, ", "));
    if (result.still_out == 0) {
      ctx.info(fmt::format(fmt::runtime(tr("returned {} ({}) on {}")), result.loan_no, materials,
                           ctx.session.today.iso()));
    } else {
      ctx.info(fmt::format(fmt::runtime(tr("returned {} of {} on {}; {} still on loan")), materials,
                           result.loan_no, ctx.session.today.iso(), result.still_out));
    }
    return 0;
  };
}

}  // namespace archive::cli
