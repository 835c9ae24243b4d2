// Owners of SQLite resources: a connection, prepared statements and transactions.
// Every SQLite failure becomes an archive::Error with the documented exit status:
// busy -> 75, not a database / damaged / I/O / disk full -> 74, constraint -> 65.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace archive::store {

class Db;

// A prepared statement; parameters are 1-based, columns 0-based. Text is UTF-8.
class Statement {
 public:
  Statement(Db& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind_null(int index);
  // Empty text binds NULL: optional card fields are NULL in storage, never ''.
  Statement& bind_text_or_null(int index, std::string_view text);
  // As bind_text_or_null, without copying: `text` must stay unchanged until the statement
  // is stepped and reset (bulk writers binding the same buffers row after row).
  Statement& bind_borrowed_or_null(int index, std::string_view text);
  // Binds a named parameter (":name") if the statement has it; ignored otherwise, so one
  // set of bindings serves statements assembled from optional fixed fragments.
  Statement& bind(const char* name, std::string_view text);
  Statement& bind(const char* name, std::int64_t value);

  // Advances to the next row: true while there is one.
  bool step();
  // Runs a statement that returns no rows (or ignores them).
  void run();
  void reset();

  bool is_null(int column) const;
  std::string text(int column) const;  // NULL reads as ""
  std::int64_t integer(int column) const;

 private:
  Db* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Db {
 public:
  // Opens an existing database file, or creates it when `create`. Sets foreign_keys=ON and
  // the busy timeout on the connection. Does not read the file yet: a file that is not a
  // database is found by the first statement (-> exit 74), never overwritten.
  static Db open(const std::filesystem::path& path, bool create, int busy_timeout_ms);
  ~Db();
  Db(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  Db& operator=(Db&&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(*this, sql); }
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }
  // Defines the SQL function archive_today() on this connection: the business date (ISO),
  // which views such as customer_facts are computed against.
  void set_today(const std::string& iso);
  const std::filesystem::path& path() const { return path_; }

  // Throws the archive::Error for SQLite result `rc`, with `what` as context.
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  Db(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::filesystem::path path_;
  std::unique_ptr<std::string> today_;  // stable address: SQLite holds a pointer to it
};

// BEGIN IMMEDIATE (writers: takes the write lock at once, so a busy database is found
// before any work) or BEGIN DEFERRED (readers: one consistent snapshot). Rolls back in the
// destructor unless commit() was called.
class Transaction {
 public:
  enum class Kind { kRead, kWrite };
  Transaction(Db& db, Kind kind);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Db& db_;
  bool open_ = true;
};

}  // namespace archive::store
