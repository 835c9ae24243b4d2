// `archive backup [FILE]` and the backups purge writes: a consistent copy of the database by
// VACUUM INTO, owner-only (0600), checked with quick_check.
#pragma once

#include <filesystem>
#include <string>

#include "archive/app/session.h"
#include "archive/store/db.h"

namespace archive::app {

// Writes a consistent copy of `db` to `target`, which must not exist (73, as for a folder
// that is missing or not writable): created 0600 first, then filled by VACUUM INTO, then
// checked by quick_check (74 and the copy removed when it fails). Not inside a transaction
// of `db`.
void write_backup(store::Db& db, const std::filesystem::path& target);

// The name purge gives its backups, "<database file name>.purge-YYYYMMDDTHHMMSSZ.bak", from
// the real time of the session; and whether a file name is one of them (also a leftover
// with a suffix, such as a "-journal").
std::string purge_backup_name(const std::filesystem::path& db_path, const std::string& now_utc);
bool is_purge_backup_name(const std::filesystem::path& db_path, const std::string& file_name);
// The folder of purge backups: [purge] backup_dir (relative to the database's folder), else
// the database's folder.
std::filesystem::path purge_backup_dir(const Session& session);

// `archive backup [FILE]`: FILE, or "<database>.backup-YYYYMMDDTHHMMSSZ.bak" beside the
// database. Records it (kept until someone deletes it; `check` watches its permissions) and
// audits "backup". Returns the path written.
std::filesystem::path backup_database(const Session& session, const std::string& file);

}  // namespace archive::app
