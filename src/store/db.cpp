// SQLite connection, statement and transaction owners, and the mapping of SQLite failures
// to the documented exit statuses.
#include "archive/store/db.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "archive/error.h"
#include "archive/fault.h"
#include "archive/i18n.h"

namespace archive::store {

namespace {

Exit exit_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Exit::kBusy;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return Exit::kData;
    case SQLITE_NOMEM:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_ERROR:
      return Exit::kInternal;
    default:  // NOTADB, CORRUPT, IOERR, FULL, CANTOPEN, READONLY, PERM, AUTH …
      return Exit::kIo;
  }
}

}  // namespace

void Db::fail(int rc, std::string_view what) const {
  const std::string db_name = path_.string();
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(Exit::kBusy,
                  fmt::format(fmt::runtime(tr("database {} is busy: another archive command "
                                              "held it longer than the wait allows; try again")),
                              db_name));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("{} is not an archive database or is "
                                                         "damaged ({}); it was left untouched")),
                                         db_name, sqlite3_errstr(rc)));
    case SQLITE_FULL:
      throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("disk full while writing {}; nothing "
                                                         "was changed")),
                                         db_name));
    case SQLITE_IOERR: {
      // A failed write of the database or its WAL: the transaction is rolled back.
      const int os_error = db_ ? sqlite3_system_errno(db_) : 0;
      if (os_error == ENOSPC || os_error == EDQUOT) {
        throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("disk full while writing {}; nothing "
                                                           "was changed")),
                                           db_name));
      }
      if (os_error != 0 && rc != SQLITE_IOERR_READ && rc != SQLITE_IOERR_SHORT_READ) {
        throw Error(Exit::kIo,
                    fmt::format(fmt::runtime(tr("cannot write {}: {}; nothing was changed")),
                                db_name, std::strerror(os_error)));
      }
      break;
    }
    default:
      break;
  }
  const char* detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw Error(exit_for(rc), fmt::format("{}: {}: {}", db_name, what, detail));
}

Db Db::open(const std::filesystem::path& path, bool create, int busy_timeout_ms) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  Db db(handle, path);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) db.fail(rc, "open");
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, busy_timeout_ms);
  db.exec("PRAGMA foreign_keys = ON");
#ifdef ARCHIVE_FAULT_POINTS
  // Test builds: ARCHIVE_FAULT_MAX_PAGES caps the file, the way a full disk would.
  if (const char* pages = std::getenv("ARCHIVE_FAULT_MAX_PAGES")) {
    db.exec(fmt::format("PRAGMA max_page_count = {}", std::strtol(pages, nullptr, 10)));
  }
#endif
  return db;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Db::Db(Db&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), today_(std::move(other.today_)) {
  other.db_ = nullptr;
}

void Db::set_today(const std::string& iso) {
  today_ = std::make_unique<std::string>(iso);
  auto today = [](sqlite3_context* context, int, sqlite3_value**) {
    const auto* value = static_cast<const std::string*>(sqlite3_user_data(context));
    sqlite3_result_text(context, value->data(), static_cast<int>(value->size()), SQLITE_STATIC);
  };
  int rc = sqlite3_create_function_v2(db_, "archive_today", 0, SQLITE_UTF8, today_.get(), today,
                                      nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "archive_today");
}

void Db::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (message) sqlite3_free(message);
  if (rc != SQLITE_OK) fail(rc, "exec");
}

std::int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Db::changes() const { return sqlite3_changes(db_); }

Statement::Statement(Db& db, std::string_view sql) : db_(&db) {
  int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "prepare");
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

Statement& Statement::bind_text_or_null(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

Statement& Statement::bind_borrowed_or_null(int index, std::string_view text) {
  if (text.empty()) return bind_null(index);
  int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) db_->fail(rc, "bind");
  return *this;
}

Statement& Statement::bind(const char* name, std::string_view text) {
  const int index = sqlite3_bind_parameter_index(stmt_, name);
  return index > 0 ? bind(index, text) : *this;
}

Statement& Statement::bind(const char* name, std::int64_t value) {
  const int index = sqlite3_bind_parameter_index(stmt_, name);
  return index > 0 ? bind(index, value) : *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->fail(rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

Transaction::Transaction(Db& db, Kind kind) : db_(db) {
  db_.exec(kind == Kind::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  fault_point("commit.before");
  db_.exec("COMMIT");
  open_ = false;
  fault_point("commit.after");
}

}  // namespace archive::store
