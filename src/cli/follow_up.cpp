// archive follow-up NO …: records a contact; `follow-up close ID` closes a complaint. The
// nested sub-commands (due, birthdays, close, messages) are installed here and dispatched by
// the follow-up runner.
#include <fmt/format.h>

#include <memory>
#include <utility>
#include <vector>

#include "archive/app/follow_ups.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct CloseOptions {
  std::string id;
  std::string note;
};

}  // namespace

Runner install_follow_up_close(CLI::App& sub) {
  auto opts = std::make_shared<CloseOptions>();
  sub.add_option("ID", opts->id, tr("the complaint's follow-up number (F-000123)"))->required();
  sub.add_option("--note", opts->note, tr("how it was settled"));
  return [opts](Context& ctx) {
    auto closed = app::close_complaint(ctx.session, opts->id, opts->note);
    ctx.info(fmt::format(fmt::runtime(tr("closed complaint {} of {} on {}")), closed.follow_up_no,
                         closed.archive_no, ctx.session.today.iso()));
    return 0;
  };
}

Runner install_follow_up(CLI::App& sub) {
  auto request = std::make_shared<app::FollowUpRequest>();
  sub.add_option("NO", request->archive_no, tr("archive number"));
  sub.add_option("--channel", request->channel,
                 tr("phone, visit, store, sms, wechat, email or other (or 电话, 上门拜访 …)"));
  sub.add_option("--type", request->type, tr("sales (default), service, complaint or greeting"));
  sub.add_option("--note", request->note, tr("what was said: the summary"));
  sub.add_option("--outcome", request->outcome, tr("what came of it"));
  sub.add_option("--grade", request->grade, tr("the customer's new grade ([SCHEME:]CODE)"));
  sub.add_option("--next", request->next,
                 tr("when to follow up next (default: from the customer's grades)"));
  sub.add_option("--at", request->at,
                 tr("when the contact was: DATE or \"DATE HH:MM\" (default: the business date)"));
  sub.add_option("--severity", request->severity, tr("complaints: normal (default) or major"));

  // The nested commands; global options typed after them fall through to the top.
  std::vector<std::pair<CLI::App*, Runner>> nested;
  auto add = [&](const char* name, const char* summary, Runner (*install)(CLI::App&)) {
    auto* child = sub.add_subcommand(name, tr(summary));
    child->fallthrough();
    nested.emplace_back(child, install(*child));
  };
  add("due", N_("follow-ups due and overdue, per owner"), install_follow_up_due);
  add("birthdays", N_("birthdays in the next days"), install_follow_up_birthdays);
  add("close", N_("close a complaint"), install_follow_up_close);
  add("messages", N_("SMS texts for a gateway, from templates"), install_follow_up_messages);

  return [request, nested](Context& ctx) {
    for (const auto& [child, runner] : nested) {
      if (child->parsed()) return runner(ctx);
    }
    auto result = app::record_follow_up(ctx.session, *request);
    if (result.backdated) {
      ctx.info(fmt::format(fmt::runtime(tr("{} is earlier than the last contact {}: the next "
                                           "due date stays {}")),
                           result.follow_up_no, result.last_contact,
                           result.next_due.empty() ? "—" : result.next_due));
    }
    *ctx.out << result.follow_up_no << '\n';
    return 0;
  };
}

}  // namespace archive::cli
