// The database schema: private STRICT base tables, the public read-only views, and the
// migrations that bring any older database up to date by PRAGMA user_version.
#pragma once

#include "archive/store/db.h"

namespace archive::store {

// The schema version this program writes. A database with a higher user_version was made
// by a newer program and is refused (exit 65).
inline constexpr int kSchemaVersion = 4;
// PRAGMA application_id of archive databases ("ARCH"), so another program's SQLite file is
// never mistaken for an empty archive.
inline constexpr int kApplicationId = 0x41524348;

// Outcome of opening the schema.
enum class SchemaState { kCurrent, kMigrated, kCreated };

// Brings the schema of `db` to kSchemaVersion. Each migration step runs in its own
// BEGIN IMMEDIATE transaction, so a crash leaves the database at one version or the next.
// A new, empty file gets the whole schema and WAL mode. Throws Error(kData) for a
// database newer than the program, Error(kIo) for a file that is not an archive database.
// `target` below kSchemaVersion is for tests that build an older database to upgrade.
SchemaState migrate(Db& db, int target = kSchemaVersion);

}  // namespace archive::store
