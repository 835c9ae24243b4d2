// Consistent copies of the database: `archive backup` and the backups purge writes first.
#include "archive/app/backup.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/store/purge.h"

namespace archive::app {

namespace fs = std::filesystem;

namespace {

// "2026-03-12T08:30:00Z" -> "20260312T083000Z"
std::string stamp(const std::string& now_utc) {
  std::string out;
  for (char c : now_utc) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

}  // namespace

void write_backup(store::Db& db, const fs::path& target) {
  // Created here, owner-only and exclusively, so the failure is "cannot create" (73) and
  // the copy is never readable by others, whatever the umask.
  const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error(Exit::kCantCreate, fmt::format(fmt::runtime(tr("cannot create backup {}: {}")),
                                               target.string(), std::strerror(errno)));
  }
  ::close(fd);
  try {
    store::vacuum_into(db, target);
    ::chmod(target.c_str(), 0600);
    const std::string result = store::quick_check_file(target);
    if (result != "ok") {
      throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("backup {} failed its check: {}")),
                                         target.string(), result));
    }
  } catch (...) {
    std::error_code ec;
    fs::remove(target, ec);
    throw;
  }
}

std::string purge_backup_name(const fs::path& db_path, const std::string& now_utc) {
  return fmt::format("{}.purge-{}.bak", db_path.filename().string(), stamp(now_utc));
}

bool is_purge_backup_name(const fs::path& db_path, const std::string& file_name) {
  const std::string prefix = db_path.filename().string() + ".purge-";
  return file_name.size() > prefix.size() && file_name.compare(0, prefix.size(), prefix) == 0 &&
         file_name.find(".bak", prefix.size()) != std::string::npos;
}

fs::path purge_backup_dir(const Session& session) {
  const fs::path db_dir = fs::absolute(session.db_path).parent_path();
  const auto& configured = session.config.purge.backup_dir;
  if (configured.empty()) return db_dir;
  const fs::path dir(configured);
  return dir.is_absolute() ? dir : db_dir / dir;
}

fs::path backup_database(const Session& session, const std::string& file) {
  fs::path target = file.empty()
                        ? fs::absolute(session.db_path).parent_path() /
                              fmt::format("{}.backup-{}.bak", session.db_path.filename().string(),
                                          stamp(session.now_utc))
                        : fs::absolute(fs::path(file));
  std::error_code ec;
  if (fs::exists(target, ec)) {
    throw Error(Exit::kCantCreate,
                fmt::format(fmt::runtime(tr("{} exists; a backup never overwrites a file")),
                            target.string()));
  }
  auto db = open_db(session, OpenMode::kExisting);
  write_backup(db, target);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::PurgeRepo(db).insert_backup(target.string(), "manual", session.today.iso(),
                                     session.now_utc, "");
  audit(db, session, "backup", "", target.filename().string());
  tx.commit();
  return target;
}

}  // namespace archive::app
