// The read-only query runner: an SQLite authorizer that admits only reads of allowed views
// (and of what those views read), plus PRAGMA query_only while foreign SQL runs.
#include "archive/store/readonly.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <memory>
#include <optional>

#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::store {

namespace {

std::string lower(const char* text) {
  std::string s = text ? text : "";
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Built-in functions without side effects and without hidden inputs (random() is left out,
// and so are changes(), last_insert_rowid(), load_extension() and the FTS helpers).
constexpr std::string_view kFunctions[] = {"abs",
                                           "avg",
                                           "char",
                                           "coalesce",
                                           "count",
                                           "date",
                                           "datetime",
                                           "format",
                                           "glob",
                                           "group_concat",
                                           "hex",
                                           "ifnull",
                                           "iif",
                                           "instr",
                                           "julianday",
                                           "json",
                                           "json_array",
                                           "json_array_length",
                                           "json_extract",
                                           "json_object",
                                           "json_quote",
                                           "json_type",
                                           "json_valid",
                                           "json_group_array",
                                           "json_group_object",
                                           "json_each",
                                           "json_tree",
                                           "length",
                                           "like",
                                           "likelihood",
                                           "likely",
                                           "lower",
                                           "ltrim",
                                           "max",
                                           "min",
                                           "nullif",
                                           "printf",
                                           "quote",
                                           "replace",
                                           "round",
                                           "rtrim",
                                           "sign",
                                           "strftime",
                                           "substr",
                                           "substring",
                                           "sum",
                                           "time",
                                           "total",
                                           "trim",
                                           "typeof",
                                           "unicode",
                                           "unixepoch",
                                           "unlikely",
                                           "upper",
                                           "archive_today",
                                           "archive_mask_mobile",
                                           "archive_mask_id_number",
                                           "ceil",
                                           "floor",
                                           "trunc",
                                           "mod",
                                           "zeroblob"};

bool allowed_function(const std::string& name) {
  return std::find(std::begin(kFunctions), std::end(kFunctions), name) != std::end(kFunctions);
}

std::string action_name(int action, const char* a3) {
  switch (action) {
    case SQLITE_INSERT:
      return fmt::format("INSERT INTO {}", a3 ? a3 : "");
    case SQLITE_UPDATE:
      return fmt::format("UPDATE {}", a3 ? a3 : "");
    case SQLITE_DELETE:
      return fmt::format("DELETE FROM {}", a3 ? a3 : "");
    case SQLITE_PRAGMA:
      return fmt::format("PRAGMA {}", a3 ? a3 : "");
    case SQLITE_ATTACH:
      return "ATTACH";
    case SQLITE_DETACH:
      return "DETACH";
    case SQLITE_TRANSACTION:
      return "BEGIN/COMMIT";
    case SQLITE_SAVEPOINT:
      return "SAVEPOINT";
    case SQLITE_RECURSIVE:
      return "WITH RECURSIVE";
    case SQLITE_ALTER_TABLE:
      return "ALTER TABLE";
    case SQLITE_ANALYZE:
      return "ANALYZE";
    case SQLITE_REINDEX:
      return "REINDEX";
    default:
      return fmt::format("statement kind {}", action);
  }
}

using Learned = std::set<std::tuple<std::string, std::string, std::string>>;

struct AuthState {
  const std::set<std::string>* readable = nullptr;
  Learned* learned = nullptr;
  bool learning = false;                          // record reads instead of checking them
  std::string denied;                             // the first thing refused
  std::string schema;                             // non-empty: readable names only in this schema
  std::set<std::string> read_through_views = {};  // base tables read by allowed views so far
};

bool read_allowed(AuthState& st, const char* a3, const char* a4, const char* db, const char* via) {
  const auto table = lower(a3);
  const auto through = lower(via);
  if (st.schema.empty()) {
    return st.readable->count(table) || st.learned->count({table, lower(a4), through});
  }
  if (lower(db) == st.schema && st.readable->count(table)) return true;
  // No column: SQLite opens a table without reading a value (count(*) over a view). Allowed
  // only for a table that an allowed view of this statement has read through the view.
  if (!a4 || !*a4) return st.read_through_views.count(table) > 0;
  // Reads the allowed views make themselves always come through a view.
  if (through.empty() || !st.learned->count({table, lower(a4), through})) return false;
  st.read_through_views.insert(table);
  return true;
}

int authorize(void* user, int action, const char* a3, const char* a4, const char* db,
              const char* via) {
  auto& st = *static_cast<AuthState*>(user);
  if (st.learning) {
    if (action == SQLITE_READ) st.learned->emplace(lower(a3), lower(a4), lower(via));
    return SQLITE_OK;
  }
  std::string why;
  switch (action) {
    case SQLITE_SELECT:
      return SQLITE_OK;
    case SQLITE_READ: {
      if (read_allowed(st, a3, a4, db, via)) return SQLITE_OK;
      if (!st.schema.empty() && st.readable->count(lower(a3))) {
        why = fmt::format("reading {}.{}", db ? db : "", a3 ? a3 : "");
        break;
      }
      why = a4 && *a4 ? fmt::format("reading {}.{}", a3 ? a3 : "", a4)
                      : fmt::format("reading {}", a3 ? a3 : "");
      break;
    }
    case SQLITE_FUNCTION:
      if (allowed_function(lower(a4))) return SQLITE_OK;
      why = fmt::format("function {}()", a4 ? a4 : "");
      break;
    default:
      why = action_name(action, a3);
  }
  if (st.denied.empty()) st.denied = why;
  return SQLITE_DENY;
}

using StmtPtr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

// Installs the authorizer (after switching query_only on) and undoes both when it ends.
class Guard {
 public:
  Guard(Db& db, AuthState* state) : db_(db) {
    auto st = db.prepare("PRAGMA query_only");
    was_query_only_ = st.step() && st.integer(0) != 0;
    db.exec("PRAGMA query_only = ON");
    sqlite3_set_authorizer(db.handle(), authorize, state);
  }
  ~Guard() {
    sqlite3_set_authorizer(db_.handle(), nullptr, nullptr);
    sqlite3_exec(db_.handle(),
                 was_query_only_ ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF", nullptr,
                 nullptr, nullptr);
  }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

 private:
  Db& db_;
  bool was_query_only_ = false;
};

[[noreturn]] void refuse(const std::string& context, const std::string& message) {
  throw Error(Exit::kConfig, fmt::format("{}: {}", context, message));
}

std::string sqlite_message(Db& db, const AuthState& state) {
  std::string message = sqlite3_errmsg(db.handle());
  // SQLite says only "not authorized" for most refusals: name what was refused.
  if (!state.denied.empty() && message == "not authorized") message += " (" + state.denied + ")";
  return message;
}

void bind(Db& db, sqlite3_stmt* stmt, const std::vector<QueryParam>& params) {
  for (const auto& [name, value] : params) {
    const int index = sqlite3_bind_parameter_index(stmt, name.c_str());
    if (index == 0) continue;
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) db.fail(rc, "bind");
  }
}

QueryValue column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_NULL:
      return std::monostate{};
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
  }
}

// The tokens of SQL text that matter for shadowing: identifiers (bare, "quoted", [bracketed]
// or `back-quoted`, unquoted and lower-cased, flagged as names) and single punctuation
// characters; string literals, numbers, blanks and comments are dropped. A hand-written
// scanner: SQLite offers no tokenizer in its API.
struct Token {
  std::string text;
  bool name = false;
};

std::vector<Token> tokens_of(std::string_view sql) {
  std::vector<Token> out;
  std::size_t i = 0;
  const auto closing = [&](char open) { return open == '[' ? ']' : open; };
  while (i < sql.size()) {
    const char ch = sql[i];
    if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (ch == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else if (ch == '\'') {
      ++i;
      while (i < sql.size()) {
        if (sql[i] == '\'' && (i + 1 >= sql.size() || sql[i + 1] != '\'')) break;
        i += sql[i] == '\'' ? 2 : 1;
      }
      ++i;
    } else if (ch == '"' || ch == '[' || ch == '`') {
      const char close = closing(ch);
      std::string name;
      ++i;
      while (i < sql.size()) {
        if (sql[i] == close) {
          if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
            name += close;
            i += 2;
            continue;
          }
          break;
        }
        name += sql[i++];
      }
      ++i;
      out.push_back({lower(name.c_str()), true});
    } else if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' ||
               static_cast<unsigned char>(ch) >= 0x80) {
      std::string word;
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                sql[i] == '$' || static_cast<unsigned char>(sql[i]) >= 0x80)) {
        word += sql[i++];
      }
      out.push_back({lower(word.c_str()), true});
    } else if (std::isspace(static_cast<unsigned char>(ch))) {
      ++i;
    } else {
      out.push_back({std::string(1, ch), false});
      ++i;
    }
  }
  return out;
}

// The first name of `names` that the SQL defines as a CTE or window: NAME [(columns)] AS
// [NOT] [MATERIALIZED] (.
std::optional<std::string> shadowing_name(std::string_view sql,
                                          const std::set<std::string>& names) {
  const auto tokens = tokens_of(sql);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].name || !names.count(tokens[i].text)) continue;
    std::size_t j = i + 1;
    if (j < tokens.size() && tokens[j].text == "(" && !tokens[j].name) {
      int depth = 0;
      for (; j < tokens.size(); ++j) {
        if (tokens[j].name) continue;
        if (tokens[j].text == "(") ++depth;
        if (tokens[j].text == ")" && --depth == 0) break;
      }
      ++j;
    }
    if (j >= tokens.size() || tokens[j].text != "as" || !tokens[j].name) continue;
    ++j;
    if (j < tokens.size() && tokens[j].name && tokens[j].text == "not") ++j;
    if (j < tokens.size() && tokens[j].name && tokens[j].text == "materialized") ++j;
    if (j < tokens.size() && !tokens[j].name && tokens[j].text == "(") return tokens[i].text;
  }
  return std::nullopt;
}

}  // namespace

ReadOnlyRunner::ReadOnlyRunner(Db& db, std::vector<std::string> readable, std::string schema)
    : ReadOnlyRunner(db, std::move(readable)) {
  schema_ = lower(schema.c_str());
}

void ReadOnlyRunner::refuse_shadowing(std::string_view sql, const std::string& context) const {
  std::set<std::string> views;
  for (const auto& [table, column, via] : learned_) {
    if (!via.empty()) views.insert(via);
  }
  for (const auto& name : readable_) views.insert(name);
  if (auto name = shadowing_name(sql, views)) {
    refuse(context, fmt::format(fmt::runtime(tr("a WITH clause may not define {}: that name "
                                                "belongs to a view")),
                                *name));
  }
}

ReadOnlyRunner::ReadOnlyRunner(Db& db, std::vector<std::string> readable) : db_(db) {
  for (const auto& name : readable) readable_.insert(lower(name.c_str()));
  for (const auto& name : readable) {
    std::string escaped;
    for (char c : name) escaped += c == '"' ? std::string("\"\"") : std::string(1, c);
    allow_reads_of("SELECT * FROM \"" + escaped + "\"");
  }
}

void ReadOnlyRunner::allow_reads_of(std::string_view trusted_sql) {
  AuthState state{&readable_, &learned_, true, {}, {}};
  sqlite3_set_authorizer(db_.handle(), authorize, &state);
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db_.handle(), trusted_sql.data(),
                                    static_cast<int>(trusted_sql.size()), &raw, nullptr);
  sqlite3_finalize(raw);
  sqlite3_set_authorizer(db_.handle(), nullptr, nullptr);
  if (rc != SQLITE_OK) db_.fail(rc, "prepare");
}

QueryResult ReadOnlyRunner::run(std::string_view sql, const std::vector<QueryParam>& params,
                                const std::string& context) {
  if (!schema_.empty()) refuse_shadowing(sql, context);
  AuthState state{&readable_, &learned_, false, {}, schema_};
  Guard guard(db_, &state);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_.handle(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  StmtPtr stmt(raw, sqlite3_finalize);
  if (rc != SQLITE_OK) refuse(context, sqlite_message(db_, state));
  if (!stmt) refuse(context, tr("no SQL statement"));
  // Whatever follows the first statement must be nothing but blanks and comments.
  const char* end = sql.data() + sql.size();
  while (tail && tail < end) {
    sqlite3_stmt* next = nullptr;
    const char* rest = nullptr;
    rc = sqlite3_prepare_v2(db_.handle(), tail, static_cast<int>(end - tail), &next, &rest);
    StmtPtr more(next, sqlite3_finalize);
    if (rc != SQLITE_OK || more) refuse(context, tr("only one SQL statement may be given"));
    if (rest == tail) break;
    tail = rest;
  }
  bind(db_, stmt.get(), params);

  QueryResult result;
  const int columns = sqlite3_column_count(stmt.get());
  for (int i = 0; i < columns; ++i) {
    const char* name = sqlite3_column_name(stmt.get(), i);
    result.columns.emplace_back(name ? name : "");
  }
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    std::vector<QueryValue> row;
    row.reserve(static_cast<std::size_t>(columns));
    for (int i = 0; i < columns; ++i) row.push_back(column_value(stmt.get(), i));
    result.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_NOMEM ||
        primary == SQLITE_IOERR || primary == SQLITE_CORRUPT) {
      db_.fail(rc, "query");
    }
    refuse(context, sqlite_message(db_, state));
  }
  return result;
}

}  // namespace archive::store
