// archive reassign (--from REP | --lapsed [--owner REP] | NO...) (--to REP[,REP...] | --pool)
//                  [--seed N] [--dry-run]
#include <fmt/format.h>

#include <memory>

#include "archive/app/reassign.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct ReassignOptions {
  std::vector<std::string> numbers;
  std::string from;
  bool lapsed = false;
  std::string owner;
  std::vector<std::string> to;
  bool pool = false;
  std::uint64_t seed = 0;
  bool dry_run = false;
};

}  // namespace

Runner install_reassign(CLI::App& sub) {
  auto opts = std::make_shared<ReassignOptions>();
  sub.add_option("NO", opts->numbers, tr("archive numbers to reassign"));
  sub.add_option("--from", opts->from, tr("move this rep's active customers"));
  sub.add_flag("--lapsed", opts->lapsed,
               tr("move active customers whose owner's claim has lapsed"));
  sub.add_option("--owner", opts->owner, tr("with --lapsed: only this owner's customers"));
  sub.add_option("--to", opts->to, tr("the new rep, or several separated by commas, dealt in turn"))
      ->delimiter(',');
  sub.add_flag("--pool", opts->pool, tr("clear the owner: back to the pool"));
  sub.add_option("--seed", opts->seed,
                 tr("seed of the deal over several reps (default: the business date)"));
  sub.add_flag("--dry-run", opts->dry_run, tr("show what would change, change nothing"));
  return [opts, &sub](Context& ctx) {
    app::ReassignRequest request;
    request.numbers = opts->numbers;
    request.from = opts->from;
    request.lapsed = opts->lapsed;
    request.lapsed_owner = opts->owner;
    request.to = opts->to;
    request.pool = opts->pool;
    if (sub.count("--seed") > 0) request.seed = opts->seed;
    request.dry_run = opts->dry_run;
    if (sub.count("--from") > 0 && opts->from.empty()) request.from = " ";
    if (sub.count("--to") > 0 && opts->to.empty()) request.to = {""};
    auto result = app::reassign(ctx.session, request);
    ctx.print(result.changes);
    if (result.count == 0) {
      ctx.info(result.selected == 0
                   ? tr("no archives to reassign")
                   : tr("nothing to reassign: the selected archives already have that owner"));
    } else if (opts->dry_run) {
      ctx.info(result.count == 1 ? std::string(tr("1 archive would be reassigned"))
                                 : fmt::format(fmt::runtime(tr("{} archives would be reassigned")),
                                               result.count));
    } else {
      ctx.info(result.count == 1
                   ? std::string(tr("1 archive reassigned"))
                   : fmt::format(fmt::runtime(tr("{} archives reassigned")), result.count));
    }
    return 0;
  };
}

}  // namespace archive::cli
