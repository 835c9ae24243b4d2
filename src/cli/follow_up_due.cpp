// archive follow-up due / archive follow-up birthdays: the morning lists. When nothing is
// listed they print nothing at all, in every format, so cron mails only when there is work.
#include <charconv>
#include <cstdint>
#include <memory>

#include "archive/app/reminders.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

// A count of days that may be 0 (--within 0: today only).
CLI::Validator non_negative_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::int64_t n = 0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, n);
        if (ec != std::errc() || ptr != end || n < 0 || n > 36500) {
          return tr("must be a whole number of days, 0 or more");
        }
        return {};
      },
      "N>=0");
}

struct DueOptions {
  app::DueRequest request;
  bool exit_code = false;
};

}  // namespace

Runner install_follow_up_due(CLI::App& sub) {
  auto opts = std::make_shared<DueOptions>();
  sub.add_option("--owner", opts->request.owner, tr("only this rep's customers (name or login)"));
  sub.add_option("--within", opts->request.within,
                 tr("also what falls due in the next DAYS days (default 0)"))
      ->check(non_negative_number());
  sub.add_flag("--exit-code", opts->exit_code, tr("exit with status 1 when anything is listed"));
  return [opts](Context& ctx) {
    auto table = app::follow_ups_due(ctx.session, opts->request);
    if (table.row_count() == 0) return 0;
    ctx.print(table);
    return opts->exit_code ? 1 : 0;
  };
}

Runner install_follow_up_birthdays(CLI::App& sub) {
  auto within = std::make_shared<int>(7);
  sub.add_option("--within", *within, tr("birthdays in the next DAYS days (default 7)"))
      ->check(non_negative_number());
  return [within](Context& ctx) {
    auto table = app::birthdays(ctx.session, *within);
    if (table.row_count() > 0) ctx.print(table);
    return 0;
  };
}

}  // namespace archive::cli
