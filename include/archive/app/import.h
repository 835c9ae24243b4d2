// `archive import`: a spreadsheet's rows (io::RowReader) -> header mapping -> the checks of
// `add` -> the duplicate policy -> one transaction, recorded as a batch (B-000001) that
// `import --revert` can undo. Also the pure parts the pipeline is built from (header
// mapping, the leading-quote rule, reject reasons), which the unit tests exercise.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "archive/app/session.h"
#include "archive/config/config.h"
#include "archive/domain/fields.h"
#include "archive/report/table.h"

namespace archive::app {

// ---- Header mapping -------------------------------------------------------------------

// What one column of the file feeds.
enum class ColumnKind { kIgnore, kField, kArchiveNo, kGrade, kCreated, kStatus, kClosedOn };

struct ColumnTarget {
  ColumnKind kind = ColumnKind::kIgnore;
  domain::FieldDef field;  // kField
  std::string scheme;      // kGrade: a scheme name, or empty for "[SCHEME:]CODE" text
};

// A header as it is compared: NFKC, trimmed, ASCII lower case, spaces and '_' dropped, a
// trailing '*' or ':' dropped ("手机号码：" -> "手机号码", " E-Mail " -> "e-mail").
std::string normalise_header(std::string_view header);

// Header -> target text, from share/archive/headers.toml (compiled in) and --map files.
class HeaderSynonyms {
 public:
  // The shipped table.
  static HeaderSynonyms shipped();
  // Parses a table in the shipped format ([fields] target = [headers], [ignore] headers =
  // [...]); `name` stands for the file in messages. Errors are Error(kConfig).
  static HeaderSynonyms parse(std::string_view toml_text, std::string_view name);
  // Adds a --map file ([columns] "header" = "target", "" to ignore a column) over this
  // table. A missing file is Error(kNoInput); a broken one Error(kConfig) naming the file,
  // line and column. Targets are checked against `config` (fields, grade schemes).
  void merge_map(const std::filesystem::path& file, const config::Config& config);
  void merge_map_text(std::string_view toml_text, std::string_view name,
                      const config::Config& config);

  // The target text of a header ("mobile", "grade.value", "" to ignore): lookup() in the
  // shipped table, lookup_map() among the --map entries.
  std::optional<std::string> lookup(std::string_view header) const;
  std::optional<std::string> lookup_map(std::string_view header) const;

 private:
  void merge_parsed(const toml::table& doc, std::string_view name, const config::Config& config);
  std::map<std::string, std::string> shipped_;  // normalised header -> target
  std::map<std::string, std::string> user_;     // the same from --map files
};

// Resolves a target text ("mobile", "手机", "archive_no", "grade", "grade.intent",
// "grade_intent", "created", "status", "closed_on", "" for ignore); nothing when unknown.
std::optional<ColumnTarget> resolve_target(std::string_view target, const config::Config& config);

struct HeaderMapping {
  std::vector<ColumnTarget> columns;  // one per column of the header row
  std::vector<std::string> unknown;   // headers that feed nothing (reported once)
};

// Maps a header row: a --map entry first, then a field's key or label (custom fields
// included), a grade scheme's name or label, then the synonym table. Throws Error(kData) when
// no column holds the name, or two columns feed the same target.
HeaderMapping map_headers(const std::vector<std::string>& headers, const HeaderSynonyms& synonyms,
                          const config::Config& config);

// ---- Cells ---------------------------------------------------------------------------

// Removes the ' that `export` (and every CSV this program writes) puts before a cell starting
// with = + - or @ against formula injection; any other text is returned as it is.
std::string_view strip_export_quote(std::string_view text);

// A reject reason: "line 17, column 手机: 1381234 is not a mobile number".
std::string reject_reason(std::string_view where, std::string_view message);

// ---- The use cases ---------------------------------------------------------------------

enum class OnDuplicate { kFail, kSkip, kUpdate };

struct ImportProgress {
  std::size_t rows = 0;   // data rows read so far
  double fraction = 0.0;  // of the input's bytes
};

struct ImportRequest {
  std::filesystem::path file;
  std::optional<std::string> sheet;     // --sheet (workbooks)
  std::optional<std::string> encoding;  // --encoding (text)
  std::optional<char> delimiter;        // --delimiter (text)
  std::optional<std::filesystem::path> map_file;
  OnDuplicate on_duplicate = OnDuplicate::kFail;
  std::optional<std::filesystem::path> reject_file;  // default: next to the input
  bool skip_invalid = false;
  bool again = false;
  bool dry_run = false;
  // Set (from a SIGINT handler) to stop: the transaction rolls back, Error(kInterrupted).
  const std::atomic<bool>* interrupted = nullptr;
  // Called now and then while rows are read (at most every 1,000 rows).
  std::function<void(const ImportProgress&)> progress;
  // Informational lines: what the reader detected, columns that feed nothing.
  std::function<void(const std::string&)> note;
};

struct ImportResult {
  std::string batch_no;  // empty for a dry run
  std::size_t rows = 0;
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t skipped = 0;
  std::size_t rejected = 0;
  double seconds = 0.0;
  std::filesystem::path reject_file;  // empty when none was written
  // Dry run: the rows that would be rejected (line, column, value, reason), at most
  // kDryRunRejectLimit of them.
  report::Table rejects;
  std::string first_reject;  // the first reason, for the message when the import fails
};

inline constexpr std::size_t kDryRunRejectLimit = 1000;

// The default reject file: "dir/customers.csv" -> "dir/customers.rejects.csv".
std::filesystem::path default_reject_file(const std::filesystem::path& input);

// Imports a file (see archive-import(1)). All or nothing: any rejected row without
// skip_invalid, a duplicate under kFail, an unreadable file, an interruption, or the
// same file imported before (unless `again`) changes nothing. Rejected rows go to the reject
// file (UTF-8 with BOM, the original cells and a reject_reason column), opened 0600 before
// the transaction starts (Error(kCantCreate) when it cannot be). Errors: kNoInput for a
// missing file, kData for unreadable input, rejected rows or a repeated file, kConfig for a
// broken --map file. A dry run does everything but commit and writes no reject file; it
// returns the would-be rejects instead of throwing for them.
ImportResult import_file(const Session& session, const ImportRequest& request);

struct RevertResult {
  std::string batch_no;
  std::size_t deleted = 0;   // customers the batch created
  std::size_t restored = 0;  // customers whose updated fields or grades were put back
  std::size_t kept = 0;      // updated values left alone because they changed since
};

// `import --revert BATCH`: deletes the customers the batch created and restores what it
// updated (fields and grades whose value is still the one the batch wrote). Refused (77)
// when a created customer has since gained follow-ups, materials or loans, unless `force`;
// never when one is under a legal hold. An unknown batch is 66, a reverted one 65.
RevertResult revert_batch(const Session& session, const std::string& batch_no, bool force);

}  // namespace archive::app
