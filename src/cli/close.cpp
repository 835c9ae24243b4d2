// archive close NO / archive reopen NO: the archive's status, with a reason in its history.
#include <fmt/format.h>

#include <memory>

#include "archive/app/customers.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct StatusOptions {
  std::string archive_no;
  std::string reason;
  bool duplicate_ok = false;
};

std::shared_ptr<StatusOptions> add_status_options(CLI::App& sub) {
  auto opts = std::make_shared<StatusOptions>();
  sub.add_option("NO", opts->archive_no, tr("archive number"))->required();
  sub.add_option("--reason", opts->reason, tr("why, kept in the field history"));
  return opts;
}

}  // namespace

Runner install_close(CLI::App& sub) {
  auto opts = add_status_options(sub);
  return [opts](Context& ctx) {
    app::close_customer(ctx.session, opts->archive_no, opts->reason);
    ctx.info(fmt::format(fmt::runtime(tr("closed {} on {}")), opts->archive_no,
                         ctx.session.today.iso()));
    return 0;
  };
}

Runner install_reopen(CLI::App& sub) {
  auto opts = add_status_options(sub);
  sub.add_flag("--duplicate-ok", opts->duplicate_ok,
               tr("reopen even when another active archive has the same mobile"));
  return [opts](Context& ctx) {
    app::reopen_customer(ctx.session, opts->archive_no, opts->reason, opts->duplicate_ok);
    ctx.info(fmt::format(fmt::runtime(tr("reopened {}")), opts->archive_no));
    return 0;
  };
}

}  // namespace archive::cli
