// archive purge [--dry-run] [--yes --approved-by MANAGER] [--no-backup]
// archive purge NO --on-request --reason TEXT --yes --approved-by MANAGER
// Without --yes and --approved-by a dry run; with --approved-by alone it asks on a terminal.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "archive/app/purge.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct PurgeOptions {
  std::string archive_no;
  bool dry_run = false;
  bool yes = false;
  std::string approved_by;
  bool no_backup = false;
  bool on_request = false;
  std::string reason;
};

// Asks on the terminal; anything but y or yes is no.
bool ask(const Context& ctx, const app::PurgePlan& plan) {
  ctx.print(app::plan_table(ctx.session, plan));
  *ctx.err << fmt::format(fmt::runtime(tr("destroy {} archives and {} materials? [y/N] ")),
                          plan.archives(), plan.materials())
           << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == tr("yes");
}

}  // namespace

Runner install_purge(CLI::App& sub) {
  auto opts = std::make_shared<PurgeOptions>();
  sub.add_option("NO", opts->archive_no, tr("the archive to erase on the customer's request"));
  auto* dry = sub.add_flag("--dry-run", opts->dry_run,
                           tr("only list what is due (the default without --yes)"));
  auto* yes = sub.add_flag("--yes", opts->yes, tr("destroy without asking"));
  sub.add_option("--approved-by", opts->approved_by,
                 tr("the manager who approves the destruction (not the operator)"));
  sub.add_flag("--no-backup", opts->no_backup, tr("do not write a backup before destroying"));
  sub.add_flag("--on-request", opts->on_request,
               tr("erase archive NO now, on the customer's request (PIPL)"));
  sub.add_option("--reason", opts->reason, tr("why, for an erasure on request"));
  dry->excludes(yes);
  return [opts, &sub](Context& ctx) {
    app::PurgeRequest request;
    request.archive_no = opts->archive_no;
    request.on_request = opts->on_request;
    request.reason = opts->reason;
    request.no_backup = opts->no_backup;
    request.approved_by = opts->approved_by;
    const bool approved = sub.count("--approved-by") > 0;
    if (opts->yes && !approved) {
      throw Error(Exit::kUsage, tr("--yes needs --approved-by MANAGER"));
    }
    if (opts->dry_run || !approved) {
      const auto plan = app::plan_purge(ctx.session, request);
      if (plan.due.empty() && plan.blocked.empty()) {
        ctx.info(tr("nothing is due for destruction"));
        return 0;
      }
      ctx.print(app::plan_table(ctx.session, plan));
      return 0;
    }
    std::function<bool(const app::PurgePlan&)> confirm;
    if (!opts->yes) {
      if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) {
        throw Error(Exit::kUsage, tr("--approved-by without --yes asks for confirmation, which "
                                     "needs a terminal; give --yes"));
      }
      confirm = [&ctx](const app::PurgePlan& plan) { return ask(ctx, plan); };
    }
    const auto out = app::run_purge(ctx.session, request, confirm);
    if (!out.confirmed) {
      ctx.info(tr("nothing was destroyed"));
      return 0;
    }
    for (const auto& item : out.skipped) {
      ctx.warn(fmt::format(fmt::runtime(tr("{} was not destroyed: it changed since it was "
                                           "listed (a hold, a loan or a complaint)")),
                           item));
    }
    for (const auto& path : out.deleted_backups) {
      ctx.info(fmt::format(fmt::runtime(tr("deleted backup {}")), path.string()));
    }
    if (out.retention_refreshed > 0) {
      ctx.info(fmt::format(fmt::runtime(tr("{} materials have a new retention end from the "
                                           "config")),
                           out.retention_refreshed));
    }
    if (out.run.empty()) {
      ctx.info(tr("nothing is due for destruction"));
      return 0;
    }
    if (!out.backup.empty()) {
      ctx.info(fmt::format(fmt::runtime(tr("backup {}")), out.backup.string()));
    }
    *ctx.out << out.run << '\n';
    ctx.info(fmt::format(fmt::runtime(tr("destroyed {} archives and {} materials (run {})")),
                         out.archives, out.materials, out.run));
    if (!out.checkpoint_done) {
      ctx.warn(
          tr("another process kept the checkpoint from finishing: destroyed data may "
             "remain in the write-ahead log until `archive check` finishes it"));
    }
    return 0;
  };
}

}  // namespace archive::cli
