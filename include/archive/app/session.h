// What every use case needs to know about the running command: the configuration, the
// database, the business date, the real time and who is at the keyboard. Built once in
// main from flags, environment and config; nothing below reads the clock or the environment.
#pragma once

#include <filesystem>
#include <string>

#include "archive/config/config.h"
#include "archive/domain/date.h"
#include "archive/store/audit.h"
#include "archive/store/db.h"

namespace archive::app {

struct Session {
  config::Config config;
  std::filesystem::path db_path;
  bool db_is_default = false;                       // no --db and no ARCHIVE_DB: the XDG location
  domain::Date today = domain::Date::from_days(0);  // the business date
  std::string now_utc;  // the real time, read once at start: "2026-03-12T08:30:00Z"
  std::string os_login;
  std::string op;       // --operator, else [staff] name of the login, else the login
  bool unmask = false;  // --unmask: show mobile and ID numbers in full
  int busy_timeout_ms = 30000;
};

enum class OpenMode {
  kExisting,         // read and change commands: a missing file is an error (66)
  kCreateIfDefault,  // `add`: creates the database at the default location only
  kCreate,           // `init`
};

// Opens the database and brings its schema up to date (migrations run by themselves).
// A missing database for kExisting says so and suggests `archive init` (66).
store::Db open_db(const Session& session, OpenMode mode);

// Appends an audit entry for the session's operator, in the caller's transaction.
void audit(store::Db& db, const Session& session, const std::string& action,
           const std::string& archive_no, const std::string& detail);

// Refuses --unmask (77) unless `[roles] unmask` is empty or names the operator or login.
void require_unmask_allowed(const Session& session);

// Whether the operator (name or login) is listed in `[roles] managers`.
bool is_manager(const Session& session, const std::string& person);

}  // namespace archive::app
