// Opening the database for a command, the audit trail entry point, and role checks.
#include "archive/app/session.h"

#include <fmt/format.h>

#include <system_error>

#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/schema.h"

namespace archive::app {

store::Db open_db(const Session& session, OpenMode mode) {
  const auto& path = session.db_path;
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  bool create = mode == OpenMode::kCreate;
  if (!exists) {
    if (mode == OpenMode::kCreateIfDefault && session.db_is_default) create = true;
    if (!create) {
      throw Error(Exit::kNoInput,
                  fmt::format(fmt::runtime(tr("no database at {}; create it with `archive init`")),
                              path.string()));
    }
    if (path.has_parent_path()) {
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) {
        throw Error(Exit::kCantCreate,
                    fmt::format(fmt::runtime(tr("cannot create directory {}: {}")),
                                path.parent_path().string(), ec.message()));
      }
    }
  } else if (std::filesystem::is_directory(path, ec)) {
    throw Error(Exit::kIo,
                fmt::format(fmt::runtime(tr("{} is a directory, not a database")), path.string()));
  }
  auto db = store::Db::open(path, create, session.busy_timeout_ms);
  db.set_today(session.today.iso());
  store::migrate(db);
  return db;
}

void audit(store::Db& db, const Session& session, const std::string& action,
           const std::string& archive_no, const std::string& detail) {
  store::AuditRepo(db).append({session.now_utc, session.today.iso(), session.os_login, session.op,
                               action, archive_no, detail});
}

void require_unmask_allowed(const Session& session) {
  const auto& allowed = session.config.roles.unmask;
  if (allowed.empty() || config::listed(allowed, session.op, session.os_login)) return;
  throw Error(Exit::kPolicy,
              fmt::format(fmt::runtime(tr("{} may not use --unmask: [roles] unmask does not "
                                          "list them")),
                          session.op));
}

bool is_manager(const Session& session, const std::string& person) {
  return config::listed(session.config.roles.managers, person,
                        person == session.op ? session.os_login : person);
}

}  // namespace archive::app
