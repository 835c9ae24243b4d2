// archive backup [FILE]: a consistent, owner-only copy of the database; prints its path.
#include <memory>
#include <ostream>
#include <string>

#include "archive/app/backup.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

Runner install_backup(CLI::App& sub) {
  auto file = std::make_shared<std::string>();
  sub.add_option("FILE", *file,
                 tr("where to write it (default: beside the database, "
                    "<database>.backup-<time>.bak); must not exist"));
  return [file](Context& ctx) {
    *ctx.out << app::backup_database(ctx.session, *file).string() << '\n';
    return 0;
  };
}

}  // namespace archive::cli
