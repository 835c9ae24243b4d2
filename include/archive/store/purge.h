// Purge in SQLite: what the retention rules read, the erasure of archives and materials,
// the destruction register and its runs, the backups purge and `archive backup` wrote, and
// the maintenance statements (VACUUM INTO, checkpoint, integrity checks) around them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "archive/store/db.h"

namespace archive::store {

// A material that is not destroyed, of an archive that is not destroyed.
struct LiveMaterial {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::int64_t seq = 0;
  std::string kind;
  std::int64_t pages = 0;  // 0: not given
  std::string filed;
  std::string retention_end;
  std::string open_loan;  // loan number while it is out, else empty
};

// An archive that is not destroyed, with what blocks its destruction.
struct PurgeArchive {
  std::int64_t id = 0;
  std::string archive_no;
  std::string status;
  std::string closed_on;
  bool held = false;
  std::string open_complaint;  // F-… of an open complaint, else empty
  std::string mobile;          // for the keyed hashes of the register
  std::string id_number;
  std::vector<LiveMaterial> materials;  // not destroyed, in seq order
};

// One row of the destruction register (table destruction).
struct DestructionRow {
  std::string run;
  std::string archive_no;
  std::string item;
  std::string material_kinds;  // comma-separated kind names
  std::int64_t pages = 0;
  std::string retention_end;  // empty: none
  std::string reason;
  std::string approver;
  std::string op;
  std::string destroyed_on;
  std::string at;
  std::string mobile_hash;  // empty: none
  std::string id_hash;
};

struct PurgeRun {
  std::string run;
  bool on_request = false;
  std::string reason;
  std::string approver;
  std::string op;
  std::string os_login;
  std::string destroyed_on;
  std::string at;
  std::int64_t archives = 0;
  std::int64_t materials = 0;
  std::string backup;  // empty: none
};

// A register row whose keyed hash matched.
struct RegisterHit {
  std::string run;
  std::string archive_no;
  std::string destroyed_on;
  std::string field;  // "mobile" | "id_number"
};

struct BackupRecord {
  std::int64_t id = 0;
  std::string path;
  std::string purpose;  // purge | manual
  std::string written_on;
  std::string expires_on;  // empty for manual backups
};

class PurgeRepo {
 public:
  explicit PurgeRepo(Db& db) : db_(db) {}

  // Calls `visit` for every material that is not destroyed, of archives not destroyed, in
  // storage order, without loading them all at once.
  void for_each_live_material(const std::function<void(const LiveMaterial&)>& visit);
  // Closed archives (not destroyed) closed on or before `iso`.
  std::vector<std::int64_t> closed_on_or_before(const std::string& iso);
  // One archive's state for the decision, or nothing when it is destroyed or gone.
  std::optional<PurgeArchive> archive(std::int64_t customer_id);

  void set_retention_end(std::int64_t material_id, const std::string& iso);
  // Erases everything recorded about the archive but its tombstone: materials, loans (their
  // items and renewals), follow-ups, notices, custom values, grades, grade and field history;
  // every personal column of the card is blanked and the status set to destroyed.
  void destroy_archive(std::int64_t customer_id, const std::string& destroyed_on);
  // Erases one material but its tombstone (kind, pages, level, dates; the title replaced by
  // kDestroyedTitle, location, path and digest cleared) and its loan items; a loan left with
  // no items goes with them.
  void destroy_material(std::int64_t material_id, const std::string& destroyed_on);
  // Rebuilds the trigram index of names, so no token of an erased name remains.
  void rebuild_search_index();

  void insert_run(const PurgeRun& run);
  void insert_destruction(const DestructionRow& row);
  // Register rows whose mobile_hash or id_hash is one of these (empty: not asked).
  std::vector<RegisterHit> hits(const std::string& mobile_hash, const std::string& id_hash);
  // Whether any register row carries a keyed hash.
  bool any_hashes();

  void insert_backup(const std::string& path, const std::string& purpose,
                     const std::string& written_on, const std::string& at,
                     const std::string& expires_on);
  // Backups not yet deleted.
  std::vector<BackupRecord> live_backups();
  void mark_backup_deleted(std::int64_t id, const std::string& deleted_on);

  // meta 'checkpoint_pending': the run whose checkpoint did not finish; empty when none.
  std::string checkpoint_pending();
  void set_checkpoint_pending(const std::string& run);

 private:
  Db& db_;
};

// The title a destroyed material keeps (the schema requires one; titles often hold names).
inline constexpr const char* kDestroyedTitle = "—";

// PRAGMA secure_delete = ON for the connection: freed content is overwritten with zeros.
void enable_secure_delete(Db& db);
// PRAGMA wal_checkpoint(TRUNCATE), waiting at most `wait_ms` for readers: true when every
// frame was copied into the database and the log truncated to zero bytes.
bool checkpoint_truncate(Db& db, int wait_ms);
// VACUUM INTO `target` (an empty or missing file): a consistent copy of the database as this
// connection sees it. Must not run inside a transaction of `db`.
void vacuum_into(Db& db, const std::filesystem::path& target);
// PRAGMA quick_check of a database file: "ok", or the first problem it reports.
std::string quick_check_file(const std::filesystem::path& path);

// Rows of PRAGMA integrity_check ("ok" alone when all is well), at most `limit`.
std::vector<std::string> integrity_check(Db& db, int limit);
// Tables with rows that break a foreign key (PRAGMA foreign_key_check), each once.
std::vector<std::string> foreign_key_violations(Db& db);
int user_version(Db& db);
// Which of `names` are not triggers of the schema.
std::vector<std::string> missing_triggers(Db& db, const std::vector<std::string>& names);

}  // namespace archive::store
