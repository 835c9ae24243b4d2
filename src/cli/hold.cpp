// archive hold NO --reason TEXT / archive unhold NO --reason TEXT: a manager places or lifts
// a legal hold (法律冻结); while it stands nothing of the archive is lent or destroyed.
#include <fmt/format.h>

#include <memory>

#include "archive/app/materials.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct HoldOptions {
  std::string archive_no;
  std::string reason;
};

std::shared_ptr<HoldOptions> add_hold_options(CLI::App& sub) {
  auto opts = std::make_shared<HoldOptions>();
  sub.add_option("NO", opts->archive_no, tr("archive number"))->required();
  sub.add_option("--reason", opts->reason, tr("why, kept in the field history (required)"))
      ->required();
  return opts;
}

}  // namespace

Runner install_hold(CLI::App& sub) {
  auto opts = add_hold_options(sub);
  return [opts](Context& ctx) {
    app::hold_archive(ctx.session, opts->archive_no, opts->reason);
    ctx.info(fmt::format(fmt::runtime(tr("{} is under a legal hold since {}")), opts->archive_no,
                         ctx.session.today.iso()));
    return 0;
  };
}

Runner install_unhold(CLI::App& sub) {
  auto opts = add_hold_options(sub);
  return [opts](Context& ctx) {
    app::unhold_archive(ctx.session, opts->archive_no, opts->reason);
    ctx.info(fmt::format(fmt::runtime(tr("lifted the legal hold on {}")), opts->archive_no));
    return 0;
  };
}

}  // namespace archive::cli
