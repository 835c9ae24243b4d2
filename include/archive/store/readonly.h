// Runs SQL that someone other than the program wrote (grade rules, custom reports) so that it
// can only read: an authorizer admits one SELECT that names only the allowed views and calls
// only side-effect-free functions, and PRAGMA query_only is ON while it runs.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "archive/store/db.h"

namespace archive::store {

// One result value: NULL, integer, real or text (blobs come back as text).
using QueryValue = std::variant<std::monostate, std::int64_t, double, std::string>;

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<QueryValue>> rows;
};

// A named parameter (":scheme_0") and its value.
using QueryParam = std::pair<std::string, QueryValue>;

class ReadOnlyRunner {
 public:
  // `readable`: the views (or tables) the SQL may name. What they read themselves is allowed
  // too, column by column: it is learned by preparing `SELECT * FROM` each of them, so a
  // query can never read a column that the views do not already read.
  ReadOnlyRunner(Db& db, std::vector<std::string> readable);
  // The same, for SQL that must see the readable views of one schema only ("temp": TEMP
  // views that shadow main's views of the same names, as custom reports do). The SQL may
  // name them only there (never main.<view>); what they read themselves stays allowed. A
  // CTE or window given the name of a view those views read through is refused, since
  // SQLite reports reads inside a CTE as made through a view of the CTE's name.
  ReadOnlyRunner(Db& db, std::vector<std::string> readable, std::string schema);

  // Also allows whatever `trusted_sql` (text the program itself wrote, such as a CTE over an
  // allowed view) reads, column by column.
  void allow_reads_of(std::string_view trusted_sql);

  // Prepares and runs `sql` with the authorizer in place and query_only ON, and returns every
  // row. Anything but one SELECT (a write, a PRAGMA, ATTACH, a second statement, a read of
  // anything not allowed, a function with side effects, a recursive CTE) and every SQL error
  // throws Error(kConfig, "<context>: <SQLite's message>"). The connection's authorizer and
  // query_only setting are restored afterwards, whatever happened.
  QueryResult run(std::string_view sql, const std::vector<QueryParam>& params,
                  const std::string& context);

 private:
  void refuse_shadowing(std::string_view sql, const std::string& context) const;
  Db& db_;
  std::set<std::string> readable_;
  std::string schema_;  // empty: any schema
  // (table, column, innermost view or CTE) reads that the allowed views make themselves.
  std::set<std::tuple<std::string, std::string, std::string>> learned_;
};

}  // namespace archive::store
