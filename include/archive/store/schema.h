// The database schema: private STRICT base tables, the public read-only views, and the
// migrations that bring any older database up to date by PRAGMA user_version.
#pragma once

#include <string>
#include <string_view>

#include "archive/store/db.h"

namespace archive::store {

// The schema version this program writes. A database with a higher user_version was made
// by a newer program and is refused (exit 65).
inline constexpr int kSchemaVersion = 5;
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

// `CREATE TABLE` text with every `CHECK (column IN (v1, v2, ...))` written as
// `CHECK (column = v1 OR column = v2 OR ...)`, which means the same (NULL included). SQLite
// builds a temporary b-tree for an IN list of more than two constants each time a statement
// runs, so such a CHECK made every single-row INSERT pay for it; comparisons cost nothing
// like it. Schema version 5 applies this to the stored table definitions.
std::string in_lists_as_comparisons(std::string_view create_sql);

}  // namespace archive::store
