// archive follow-up messages --template NAME (--birthdays [--within DAYS] | --due | [find
// filters]) [--dry-run]: SMS texts as CSV mobile,message for a gateway.
#include <fmt/format.h>

#include <memory>

#include "archive/app/messages.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"
#include "find_filters.h"

namespace archive::cli {

namespace {

struct MessagesOptions {
  std::string template_name;
  bool birthdays = false;
  int within = 0;
  bool due = false;
  FindFilterOptions filters;
  bool dry_run = false;
};

}  // namespace

Runner install_follow_up_messages(CLI::App& sub) {
  auto opts = std::make_shared<MessagesOptions>();
  sub.add_option("--template", opts->template_name, tr("the [templates] entry to render"))
      ->required()
      ->type_name("NAME");
  auto* birthdays = sub.add_flag("--birthdays", opts->birthdays,
                                 tr("customers whose birthday is today (or in --within days), "
                                    "and missed ones since the last run"));
  auto* within = sub.add_option("--within", opts->within,
                                tr("with --birthdays: also the next DAYS days (0 to 90)"))
                     ->type_name("DAYS");
  auto* due = sub.add_flag("--due", opts->due, tr("customers whose follow-up is due or overdue"));
  add_find_filters(sub, opts->filters);
  sub.add_flag("--dry-run", opts->dry_run, tr("show the messages; record nothing in the ledger"));

  return [opts, &sub, birthdays, within, due](Context& ctx) {
    int filters = 0;
    for (const char* name :
         {"--grade", "--owner", "--kind", "--status", "--region", "--source", "--limit"}) {
      filters += sub.count(name) > 0 ? 1 : 0;
    }
    const int selections =
        (birthdays->count() > 0 ? 1 : 0) + (due->count() > 0 ? 1 : 0) + (filters > 0 ? 1 : 0);
    if (selections == 0) {
      throw Error(Exit::kUsage, tr("say whom to write to: --birthdays, --due or find filters "
                                   "such as --owner"));
    }
    if (selections > 1) {
      throw Error(Exit::kUsage, tr("give one selection only: --birthdays, --due or find "
                                   "filters"));
    }
    if (within->count() > 0 && birthdays->count() == 0) {
      throw Error(Exit::kUsage, tr("--within goes with --birthdays"));
    }
    app::MessagesRequest request;
    request.template_name = opts->template_name;
    request.dry_run = opts->dry_run;
    request.within = opts->within;
    if (birthdays->count() > 0) {
      request.selection = app::MessageSelection::kBirthdays;
    } else if (due->count() > 0) {
      request.selection = app::MessageSelection::kDue;
    } else {
      request.selection = app::MessageSelection::kFilter;
      request.filter = make_filter(ctx.session, opts->filters, "");
    }
    const auto result = app::render_messages(ctx.session, request);
    if (result.count == 0) {
      ctx.info(tr("no messages to send"));
      return 0;  // nothing at all on stdout: cron mails only when there is something
    }
    const auto n = static_cast<unsigned long>(result.count);
    const char* counted =
        opts->dry_run ? ::dngettext(kTextDomain, "{} message (dry run: the ledger is unchanged)",
                                    "{} messages (dry run: the ledger is unchanged)", n)
                      : ::dngettext(kTextDomain, "{} message", "{} messages", n);
    ctx.info(fmt::format(fmt::runtime(counted), result.count));
    if (!ctx.format_given) ctx.format = report::Format::kCsv;
    ctx.print(result.table);
    return 0;
  };
}

}  // namespace archive::cli
