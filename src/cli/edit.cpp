// archive edit NO --set FIELD=VALUE...: change fields; old values go to the field history.
#include <fmt/format.h>

#include <memory>

#include "archive/app/customers.h"
#include "archive/domain/fields.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

namespace {

struct EditOptions {
  std::string archive_no;
  std::vector<std::string> sets;
  std::string reason;
  bool duplicate_ok = false;
};

}  // namespace

Runner install_edit(CLI::App& sub) {
  auto opts = std::make_shared<EditOptions>();
  sub.add_option("NO", opts->archive_no, tr("archive number"))->required();
  sub.add_option("--set", opts->sets, tr("FIELD=VALUE, by field key or label; may be repeated"))
      ->required();
  sub.add_option("--reason", opts->reason, tr("why, kept in the field history"));
  sub.add_flag("--duplicate-ok", opts->duplicate_ok,
               tr("allow a mobile that another active archive has"));
  return [opts](Context& ctx) {
    std::vector<std::pair<std::string, std::string>> sets;
    for (const auto& s : opts->sets) sets.push_back(app::split_assignment(s));
    auto result =
        app::edit_customer(ctx.session, opts->archive_no, sets, opts->reason, opts->duplicate_ok);
    if (result.changed.empty()) {
      ctx.info(tr("nothing changed: the card already has these values"));
    } else {
      std::vector<std::string> names;
      for (const auto& key : result.changed) {
        auto def = domain::find_field(key, ctx.session.config.fields);
        names.push_back(def && def->custom ? def->label : tr(key));
      }
      ctx.info(fmt::format(fmt::runtime(tr("changed {}")), fmt::join(names, ", ")));
    }
    return 0;
  };
}

}  // namespace archive::cli
