// `archive check`: the health of the database and the files around it.
#pragma once

#include "archive/app/session.h"
#include "archive/report/table.h"

namespace archive::app {

struct CheckResult {
  // "check": check, result (ok, or what is wrong), in a fixed order: integrity, foreign keys,
  // schema version, audit triggers, permissions of the database, its -wal, the register key
  // and every recorded backup, expired purge backups still on disk, an unfinished checkpoint
  // of a purge (finished here when it can be), the file system.
  report::Table table;
  bool ok = true;  // false: something is wrong (exit 65)
};

// Reads only, except that it finishes a checkpoint a purge could not (and then forgets it).
CheckResult check_database(const Session& session);

}  // namespace archive::app
