// archive init: create the database, or bring an existing one up to date.
#include <fmt/format.h>

#include "archive/app/customers.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

Runner install_init(CLI::App&) {
  return [](Context& ctx) {
    const auto& path = ctx.session.db_path.string();
    if (app::init_database(ctx.session)) {
      ctx.info(fmt::format(fmt::runtime(tr("created database {}")), path));
    } else {
      ctx.info(fmt::format(fmt::runtime(tr("database {} exists and is up to date")), path));
    }
    return 0;
  };
}

}  // namespace archive::cli
