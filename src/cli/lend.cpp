// archive lend NO[/N] --to … / archive lend --renew LOAN: lend a material or a whole archive,
// or renew an open loan. Prints the loan id.
#include <memory>

#include "archive/app/loans.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct LendOptions {
  app::LendRequest lend;
  std::string renew;
};

}  // namespace

Runner install_lend(CLI::App& sub) {
  auto opts = std::make_shared<LendOptions>();
  auto& r = opts->lend;
  auto* target =
      sub.add_option("NO", r.target, tr("the material (NO/N), or the whole archive (NO)"));
  auto* to = sub.add_option("--to", r.borrower, tr("the borrower"));
  auto* dept = sub.add_option("--dept", r.dept, tr("the borrower's department"));
  auto* purpose = sub.add_option("--purpose", r.purpose, tr("why it is borrowed"));
  sub.add_option("--days", r.days, tr("the loan period in days (default [loans] default_days)"))
      ->check(positive_number());
  sub.add_option("--approved-by", r.approver,
                 tr("the manager who approves (confidential, secret, long or overdue loans)"));
  auto* external = sub.add_flag("--external", r.external,
                                tr("the borrower is from outside the company (needs --letter)"));
  auto* letter = sub.add_option("--letter", r.letter, tr("the introduction-letter reference"));
  auto* renew = sub.add_option("--renew", opts->renew, tr("renew this open loan (L-000017)"));
  for (auto* o : {target, to, dept, purpose, external, letter}) renew->excludes(o);

  return [opts, renew](Context& ctx) {
    std::string loan_no;
    if (!renew->empty()) {
      loan_no = app::renew(ctx.session, {opts->renew, opts->lend.days, opts->lend.approver});
    } else {
      const auto& request = opts->lend;
      if (request.target.empty()) {
        throw Error(Exit::kUsage, tr("lend what? give NO/N (one material) or NO (the whole "
                                     "archive), or --renew LOAN"));
      }
      loan_no = app::lend(ctx.session, request);
    }
    *ctx.out << loan_no << '\n';
    return 0;
  };
}

}  // namespace archive::cli
