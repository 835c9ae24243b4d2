// archive check: integrity, schema, permissions, backups, checkpoint, file system.
#include "archive/app/check.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

Runner install_check(CLI::App& /*sub*/) {
  return [](Context& ctx) {
    const auto result = app::check_database(ctx.session);
    ctx.print(result.table);
    return result.ok ? 0 : static_cast<int>(Exit::kData);
  };
}

}  // namespace archive::cli
