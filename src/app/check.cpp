// `archive check`: integrity, schema, append-only triggers, file permissions, backups, an
// unfinished checkpoint and the file system, as one table; exit 65 when anything is wrong.
#include "archive/app/check.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>
#include <system_error>

#include "archive/app/backup.h"
#include "archive/app/purge.h"
#include "archive/i18n.h"
#include "archive/io/filesystem.h"
#include "archive/store/purge.h"
#include "archive/store/schema.h"

namespace archive::app {

namespace {

namespace fs = std::filesystem;
using report::Cell;
using report::CellType;

// The triggers that make the audit log and the destruction register append-only.
const std::vector<std::string>& append_only_triggers() {
  static const std::vector<std::string> kTriggers = {
      "audit_log_no_update",   "audit_log_no_delete", "destruction_no_update",
      "destruction_no_delete", "purge_run_no_update", "purge_run_no_delete"};
  return kTriggers;
}

// Group or other permission bits of an existing file: nothing when there are none (or no file).
std::optional<std::string> open_to_others(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  const auto mode = static_cast<unsigned>(st.st_mode) & 0777U;
  if ((mode & 0077U) == 0) return std::nullopt;
  return fmt::format("{:04o}", mode);
}

constexpr std::size_t kMaxLines = 10;

}  // namespace

CheckResult check_database(const Session& session) {
  CheckResult result;
  auto& t = result.table;
  t.name = "check";
  t.title = fmt::format(fmt::runtime(tr("check of {}")), session.db_path.string());
  t.show_title = false;
  t.columns = {{"check", tr("check"), CellType::kText}, {"result", tr("result"), CellType::kText}};
  auto ok = [&](const std::string& what) { t.add_row({Cell::text(what), Cell::text(tr("ok"))}); };
  auto wrong = [&](const std::string& what, const std::string& why) {
    t.add_row({Cell::text(what), Cell::text(why)});
    result.ok = false;
  };

  auto db = open_db(session, OpenMode::kExisting);
  {
    store::Transaction tx(db, store::Transaction::Kind::kRead);
    const auto integrity = store::integrity_check(db, static_cast<int>(kMaxLines));
    if (integrity.size() == 1 && integrity.front() == "ok") {
      ok(tr("integrity"));
    } else {
      wrong(tr("integrity"), fmt::format("{}", fmt::join(integrity, "; ")));
    }
    const auto fk = store::foreign_key_violations(db);
    if (fk.empty()) {
      ok(tr("foreign keys"));
    } else {
      wrong(tr("foreign keys"),
            fmt::format(fmt::runtime(tr("rows without their parent in: {}")), fmt::join(fk, ", ")));
    }
    const int version = store::user_version(db);
    if (version == store::kSchemaVersion) {
      t.add_row({Cell::text(tr("schema version")),
                 Cell::text(fmt::format(fmt::runtime(tr("ok ({})")), version))});
    } else {
      wrong(tr("schema version"),
            fmt::format(fmt::runtime(tr("{}, expected {}")), version, store::kSchemaVersion));
    }
    const auto missing = store::missing_triggers(db, append_only_triggers());
    if (missing.empty()) {
      ok(tr("append-only triggers"));
    } else {
      wrong(tr("append-only triggers"),
            fmt::format(fmt::runtime(tr("missing: {}")), fmt::join(missing, ", ")));
    }
  }

  // Files that hold customer data or the register key: owner-only.
  std::vector<fs::path> files = {session.db_path, fs::path(session.db_path.string() + "-wal"),
                                 register_key_path(session.db_path)};
  std::vector<store::BackupRecord> backups;
  std::string pending;
  {
    store::Transaction tx(db, store::Transaction::Kind::kRead);
    store::PurgeRepo repo(db);
    backups = repo.live_backups();
    pending = repo.checkpoint_pending();
    std::error_code ec;
    if (repo.any_hashes() && !fs::exists(register_key_path(session.db_path), ec)) {
      wrong(tr("register key"),
            fmt::format(fmt::runtime(tr("{} is missing: earlier erasures can no longer be "
                                        "recognised")),
                        register_key_path(session.db_path).string()));
    }
  }
  std::vector<std::string> open_files;
  std::vector<std::string> expired;
  for (const auto& b : backups) {
    std::error_code ec;
    if (!fs::exists(b.path, ec)) continue;
    files.emplace_back(b.path);
    if (b.purpose == "purge" && b.expires_on <= session.today.iso()) {
      expired.push_back(fmt::format(fmt::runtime(tr("{} (expired {})")), b.path, b.expires_on));
    }
  }
  for (const auto& f : files) {
    if (auto mode = open_to_others(f))
      open_files.push_back(fmt::format("{} {}", f.string(), *mode));
  }
  if (open_files.empty()) {
    ok(tr("permissions"));
  } else {
    wrong(tr("permissions"),
          fmt::format(fmt::runtime(tr("readable or writable by others (chmod 600): {}")),
                      fmt::join(open_files, ", ")));
  }
  if (expired.empty()) {
    ok(tr("expired backups"));
  } else {
    wrong(tr("expired backups"),
          fmt::format(fmt::runtime(tr("still on disk, hold destroyed data; the next "
                                      "`archive purge --yes` deletes them: {}")),
                      fmt::join(expired, ", ")));
  }

  if (pending.empty()) {
    ok(tr("checkpoint"));
  } else if (store::checkpoint_truncate(db, 3000)) {
    store::Transaction tx(db, store::Transaction::Kind::kWrite);
    store::PurgeRepo(db).set_checkpoint_pending("");
    tx.commit();
    store::checkpoint_truncate(db, 3000);
    t.add_row({Cell::text(tr("checkpoint")),
               Cell::text(fmt::format(fmt::runtime(tr("finished the checkpoint of purge run {}")),
                                      pending))});
  } else {
    wrong(tr("checkpoint"),
          fmt::format(fmt::runtime(tr("the checkpoint of purge run {} is still unfinished: "
                                      "another process is reading; run check again later")),
                      pending));
  }

  const fs::path dir = fs::absolute(session.db_path).parent_path();
  if (auto network = io::network_fs_of(dir)) {
    wrong(tr("file system"),
          fmt::format(fmt::runtime(tr("{} is on a network file system ({}): SQLite's WAL mode is "
                                      "not safe there; keep the database on a local disk")),
                      dir.string(), *network));
  } else {
    ok(tr("file system"));
  }
  return result;
}

}  // namespace archive::app
