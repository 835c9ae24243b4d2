// `archive import` and `import --revert`: rows from a reader, mapped by their headers,
// checked as `add` checks them, matched against the database for duplicates and written in
// one transaction as one batch. A second thread reads and checks the rows while this one
// writes them. Nothing of the file is kept in memory but a few batches of rows: duplicates
// inside the file are found through the rows already inserted (the transaction sees them;
// customer.import_batch tells them from older customers).
#include "archive/app/import.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "archive/app/customers.h"
#include "archive/app/grading.h"
#include "archive/domain/check.h"
#include "archive/domain/follow_up.h"
#include "archive/domain/numbering.h"
#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/fault.h"
#include "archive/i18n.h"
#include "archive/io/csv_writer.h"
#include "archive/io/rows.h"
#include "archive/io/sha256.h"
#include "archive/store/customers.h"
#include "archive/store/import_batches.h"

namespace archive::config {
extern const std::string_view kShippedHeaders;
}

namespace archive::app {

namespace fs = std::filesystem;

namespace {

// Position of a built-in field in domain::builtin_fields() (and the writer's values).
std::size_t builtin_index(std::string_view key) {
  const auto& fields = domain::builtin_fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].key == key) return i;
  }
  throw Error(Exit::kInternal, "no built-in field " + std::string(key));
}

[[noreturn]] void toml_error(const toml::parse_error& e, std::string_view name) {
  const auto& where = e.source().begin;
  throw Error(Exit::kConfig, fmt::format(fmt::runtime(tr("{} line {}, column {}: {}")), name,
                                         where.line, where.column, e.description()));
}

[[noreturn]] void node_error(const toml::node& node, std::string_view name,
                             const std::string& message) {
  const auto& where = node.source().begin;
  throw Error(Exit::kConfig, fmt::format(fmt::runtime(tr("{} line {}, column {}: {}")), name,
                                         where.line, where.column, message));
}

// The key of a target for the "two columns feed one target" check.
std::string target_key(const ColumnTarget& t) {
  switch (t.kind) {
    case ColumnKind::kField:
      return "field:" + t.field.key;
    case ColumnKind::kArchiveNo:
      return "archive_no";
    case ColumnKind::kGrade:
      return "grade:" + t.scheme;
    case ColumnKind::kCreated:
      return "created";
    case ColumnKind::kStatus:
      return "status";
    case ColumnKind::kClosedOn:
      return "closed_on";
    case ColumnKind::kIgnore:
      break;
  }
  return {};
}

std::string target_name(const ColumnTarget& t) {
  switch (t.kind) {
    case ColumnKind::kField:
      return t.field.key;
    case ColumnKind::kGrade:
      return t.scheme.empty() ? std::string("grade") : "grade." + t.scheme;
    default:
      return target_key(t);
  }
}

}  // namespace

std::string normalise_header(std::string_view header) {
  std::string s = domain::trim(domain::nfkc(header));
  while (!s.empty() && (s.back() == '*' || s.back() == ':')) {
    s.pop_back();
    s = domain::trim(s);
  }
  while (!s.empty() && s.front() == '*') s.erase(0, 1);
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    if (ch == ' ' || ch == '_' || ch == '\t') continue;
    out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
  }
  return out;
}

HeaderSynonyms HeaderSynonyms::shipped() {
  static const HeaderSynonyms kShipped =
      parse(config::kShippedHeaders, "share/archive/headers.toml");
  return kShipped;
}

HeaderSynonyms HeaderSynonyms::parse(std::string_view toml_text, std::string_view name) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    toml_error(e, name);
  }
  HeaderSynonyms out;
  for (const auto& [section, node] : doc) {
    const auto* table = node.as_table();
    if (section.str() == "fields" && table) {
      for (const auto& [target, list] : *table) {
        const auto* headers = list.as_array();
        if (!headers) node_error(list, name, tr("expected a list of headers"));
        for (const auto& h : *headers) {
          const auto text = h.value<std::string>();
          if (!text) node_error(h, name, tr("expected a list of headers"));
          out.shipped_[normalise_header(*text)] = std::string(target.str());
        }
      }
    } else if (section.str() == "ignore" && table) {
      for (const auto& [key, list] : *table) {
        const auto* headers = list.as_array();
        if (key.str() != "headers" || !headers) {
          node_error(list, name, fmt::format(fmt::runtime(tr("unknown key {}")), key.str()));
        }
        for (const auto& h : *headers) {
          const auto text = h.value<std::string>();
          if (!text) node_error(h, name, tr("expected a list of headers"));
          out.shipped_[normalise_header(*text)] = "";
        }
      }
    } else {
      node_error(node, name, fmt::format(fmt::runtime(tr("unknown key {}")), section.str()));
    }
  }
  return out;
}

void HeaderSynonyms::merge_map(const fs::path& file, const config::Config& config) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no mapping file {}")), file.string()));
  }
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    toml_error(e, file.string());
  }
  merge_parsed(doc, file.string(), config);
}

void HeaderSynonyms::merge_map_text(std::string_view toml_text, std::string_view name,
                                    const config::Config& config) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    toml_error(e, name);
  }
  merge_parsed(doc, name, config);
}

void HeaderSynonyms::merge_parsed(const toml::table& doc, std::string_view name,
                                  const config::Config& config) {
  for (const auto& [section, node] : doc) {
    const auto* table = node.as_table();
    if (section.str() != "columns" || !table) {
      node_error(node, name,
                 fmt::format(fmt::runtime(tr("unknown key {}; a mapping file has one table "
                                             "[columns] of \"header\" = \"field\"")),
                             section.str()));
    }
    for (const auto& [header, value] : *table) {
      const auto target = value.value<std::string>();
      if (!target) node_error(value, name, tr("expected a field name in quotes"));
      if (!resolve_target(*target, config)) {
        node_error(value, name,
                   fmt::format(fmt::runtime(tr("{} = {}: no such field; use a field key "
                                               "(archive-import(1)) or \"\" to ignore the "
                                               "column")),
                               header.str(), *target));
      }
      user_[normalise_header(header.str())] = *target;
    }
  }
}

std::optional<std::string> HeaderSynonyms::lookup(std::string_view header) const {
  auto it = shipped_.find(normalise_header(header));
  if (it == shipped_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> HeaderSynonyms::lookup_map(std::string_view header) const {
  auto it = user_.find(normalise_header(header));
  if (it == user_.end()) return std::nullopt;
  return it->second;
}

std::optional<ColumnTarget> resolve_target(std::string_view raw, const config::Config& config) {
  const std::string target = domain::trim(raw);
  ColumnTarget t;
  if (target.empty()) return t;
  if (target == "archive_no") {
    t.kind = ColumnKind::kArchiveNo;
    return t;
  }
  if (target == "created" || target == "status" || target == "closed_on") {
    t.kind = target == "created"  ? ColumnKind::kCreated
             : target == "status" ? ColumnKind::kStatus
                                  : ColumnKind::kClosedOn;
    return t;
  }
  if (target == "grade") {
    t.kind = ColumnKind::kGrade;
    return t;
  }
  for (const char* prefix : {"grade.", "grade_", "grade:"}) {
    if (target.rfind(prefix, 0) == 0) {
      const auto* scheme = config.find_scheme(target.substr(6));
      if (!scheme) return std::nullopt;
      t.kind = ColumnKind::kGrade;
      t.scheme = scheme->name;
      return t;
    }
  }
  if (auto def = domain::find_field(target, config.fields)) {
    t.kind = ColumnKind::kField;
    t.field = *def;
    return t;
  }
  return std::nullopt;
}

HeaderMapping map_headers(const std::vector<std::string>& headers, const HeaderSynonyms& synonyms,
                          const config::Config& config) {
  HeaderMapping mapping;
  std::map<std::string, std::string> fed;  // target key -> the header that feeds it
  bool has_name = false;
  for (const auto& raw : headers) {
    const std::string header = domain::trim(raw);
    std::optional<ColumnTarget> target;
    if (header.empty()) {
      target = ColumnTarget{};
    } else if (auto mapped = synonyms.lookup_map(header)) {
      target = resolve_target(*mapped, config);
    } else if (auto direct = resolve_target(header, config)) {
      target = direct;
    } else if (auto lower = resolve_target(domain::ascii_lower(header), config)) {
      target = lower;
    } else {
      for (const auto& scheme : config.schemes) {
        if (header == scheme.label) target = ColumnTarget{ColumnKind::kGrade, {}, scheme.name};
      }
      if (!target) {
        if (auto listed = synonyms.lookup(header)) target = resolve_target(*listed, config);
      }
    }
    if (!target) {
      mapping.unknown.push_back(header);
      target = ColumnTarget{};
    }
    if (target->kind != ColumnKind::kIgnore) {
      const auto key = target_key(*target);
      auto [it, inserted] = fed.emplace(key, header);
      if (!inserted) {
        throw Error(Exit::kData,
                    fmt::format(fmt::runtime(tr("columns {} and {} both hold {}; map one of them "
                                                "away with --map")),
                                it->second, header, target_name(*target)));
      }
      if (target->kind == ColumnKind::kField && !target->field.custom &&
          target->field.key == "name") {
        has_name = true;
      }
    }
    mapping.columns.push_back(*target);
  }
  if (!has_name) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("no column holds the customer's name (姓名, 客户名称 "
                                            "or name); the columns are: {}; name one with "
                                            "--map")),
                            fmt::join(headers, ", ")));
  }
  return mapping;
}

std::string_view strip_export_quote(std::string_view text) {
  if (text.size() >= 2 && text[0] == '\'' &&
      (text[1] == '=' || text[1] == '+' || text[1] == '-' || text[1] == '@')) {
    return text.substr(1);
  }
  return text;
}

std::string reject_reason(std::string_view where, std::string_view message) {
  return fmt::format("{}: {}", where, message);
}

fs::path default_reject_file(const fs::path& input) {
  auto out = input;
  out.replace_filename(input.stem().string() + ".rejects.csv");
  return out;
}

namespace {

using Clock = std::chrono::steady_clock;

bool is_workbook(const fs::path& file) {
  auto ext = domain::ascii_lower(file.extension().string());
  return ext == ".xlsx" || ext == ".xlsm" || io::looks_like_zip(file);
}

// The reject file: created before the transaction, written as rows are rejected, kept only
// when it has rows and the import ran to its end.
class RejectSink {
 public:
  RejectSink(const fs::path& path, const std::vector<std::string>& headers) : headers_(headers) {
    file_.emplace(path);
  }
  RejectSink(const RejectSink&) = delete;
  RejectSink& operator=(const RejectSink&) = delete;
  ~RejectSink() {
    if (file_ && !keep_) file_->remove();
  }
  void add(const io::Row& row, const std::string& reason) {
    record_.clear();
    if (!started_) {
      record_ = "\xEF\xBB\xBF";
      fields_.assign(headers_.begin(), headers_.end());
      fields_.emplace_back("reject_reason");
      io::append_csv_record(record_, fields_);
      started_ = true;
    }
    fields_.clear();
    const std::size_t n = std::max(row.cells.size(), headers_.size());
    for (std::size_t i = 0; i < headers_.size(); ++i) {
      fields_.emplace_back(i < row.cells.size() ? std::string_view(row.cells[i].text) : "");
    }
    fields_.emplace_back(reason);
    for (std::size_t i = headers_.size(); i < n; ++i) fields_.emplace_back(row.cells[i].text);
    io::append_csv_record(record_, fields_);
    file_->write(record_);
  }
  // Keeps the file when it has rows; removes an empty one.
  fs::path finish() {
    if (!started_) return {};
    file_->close();
    keep_ = true;
    return file_->path();
  }

 private:
  std::vector<std::string> headers_;
  std::optional<io::PrivateFile> file_;
  bool started_ = false;
  bool keep_ = false;
  std::string record_;
  std::vector<std::string_view> fields_;
};

enum class Outcome { kCreated, kUpdated, kSkipped, kRejected };

// One row as read and checked, before the database is asked about it.
struct CheckedRow {
  io::Row row;
  std::vector<std::string> values;  // built-in fields, builtin_fields() order
  std::vector<bool> given;          // which built-in fields the row gives
  std::vector<std::pair<const domain::FieldDef*, std::string>> custom;
  std::vector<GradeRef> grades;
  std::string archive_no;
  std::string created;
  std::string status;
  std::string closed_on;
  std::vector<std::string> problems;

  void reset(std::size_t fields) {
    values.resize(fields);
    for (auto& v : values) v.clear();
    given.assign(fields, false);
    custom.clear();
    grades.clear();
    archive_no.clear();
    created.clear();
    status.clear();
    closed_on.clear();
    problems.clear();
  }
};

std::string row_place(const io::Row& row, bool workbook) {
  return fmt::format(fmt::runtime(workbook ? tr("row {}") : tr("line {}")), row.line);
}

// The checks of one row that need nothing but the row, the mapping and the config: the same
// checks `add` makes. It never touches the database, so it runs on the reading thread.
class RowChecker {
 public:
  RowChecker(const Session& session, const io::RowReader& reader,
             const std::vector<std::string>& headers, const HeaderMapping& mapping, bool workbook)
      : session_(session),
        reader_(reader),
        headers_(headers),
        mapping_(mapping),
        workbook_(workbook) {}

  void check(CheckedRow& r) const;

 private:
  void problem(CheckedRow& r, std::size_t column, const std::string& message) const {
    r.problems.push_back(reject_reason(reader_.locate(r.row, column, headers_[column]), message));
  }

  const Session& session_;
  const io::RowReader& reader_;
  const std::vector<std::string>& headers_;
  const HeaderMapping& mapping_;
  bool workbook_;
};

bool digits_matter(const domain::FieldDef& def) {
  return !def.custom && (def.key == "mobile" || def.key == "id_number" ||
                         def.key == "credit_code" || def.key == "phone" || def.key == "fax");
}

std::string value_problem(std::string_view value, const std::string& problem) {
  const auto shown = domain::printable(domain::trim(value));
  if (shown.empty()) return tr_problem(problem);
  return fmt::format(fmt::runtime(tr("{} {}")), shown, tr_problem(problem));
}

void RowChecker::check(CheckedRow& r) const {
  static const std::size_t kName = builtin_index("name");
  r.reset(domain::builtin_fields().size());
  const auto& row = r.row;
  // A row must have the header's fields; empty cells after the last column are tolerated
  // (spreadsheets write them).
  std::size_t used = row.cells.size();
  while (used > headers_.size() && row.cells[used - 1].text.empty()) --used;
  if (used != headers_.size()) {
    r.problems.push_back(reject_reason(
        row_place(row, workbook_),
        fmt::format(fmt::runtime(tr("has {} fields, the header has {}")), used, headers_.size())));
    return;
  }
  for (std::size_t i = 0; i < mapping_.columns.size() && i < row.cells.size(); ++i) {
    const auto& target = mapping_.columns[i];
    if (target.kind == ColumnKind::kIgnore) continue;
    const auto& cell = row.cells[i];
    const std::string_view text = strip_export_quote(cell.text);
    const bool is_name =
        target.kind == ColumnKind::kField && !target.field.custom && target.field.key == "name";
    if (!is_name && (cell.type == io::CellType::kEmpty || domain::trim(text).empty())) continue;
    if (cell.type == io::CellType::kError) {
      problem(r, i, fmt::format(fmt::runtime(tr("the cell holds the error value {}")), cell.text));
      continue;
    }
    switch (target.kind) {
      case ColumnKind::kField: {
        const auto& def = target.field;
        if (cell.type == io::CellType::kNumber && cell.lost_digits && digits_matter(def)) {
          problem(r, i,
                  fmt::format(fmt::runtime(tr("{} was stored as a number and lost digits; "
                                              "format the column as text in Excel and export "
                                              "again")),
                              cell.text));
          continue;
        }
        if (def.sensitive && domain::looks_masked(text)) {
          problem(r, i,
                  fmt::format(fmt::runtime(tr("{} is masked; export with --unmask to import "
                                              "it")),
                              domain::printable(domain::trim(text))));
          continue;
        }
        auto checked = check_card_value(session_, def, text);
        if (!checked.ok()) {
          problem(r, i, value_problem(text, checked.problem));
          continue;
        }
        if (checked.value.empty()) continue;
        if (def.custom) {
          r.custom.emplace_back(&def, std::move(checked.value));
        } else {
          const std::size_t index = is_name ? kName : builtin_index(def.key);
          r.values[index] = std::move(checked.value);
          r.given[index] = true;
        }
        break;
      }
      case ColumnKind::kArchiveNo: {
        auto checked = domain::check_archive_no(text);
        if (!checked.ok()) {
          problem(r, i, value_problem(text, checked.problem));
        } else {
          r.archive_no = checked.value;
        }
        break;
      }
      case ColumnKind::kGrade: {
        std::string ref_text = domain::trim(text);
        if (!target.scheme.empty() && ref_text.find(':') == std::string::npos) {
          ref_text = target.scheme + ":" + ref_text;
        }
        try {
          auto ref = resolve_grade(session_.config, ref_text);
          const bool twice = std::any_of(r.grades.begin(), r.grades.end(),
                                         [&](const GradeRef& g) { return g.scheme == ref.scheme; });
          if (twice) {
            problem(r, i,
                    fmt::format(fmt::runtime(tr("two grades of scheme {}: a customer has at "
                                                "most one grade per scheme")),
                                ref.scheme));
          } else {
            r.grades.push_back(ref);
          }
        } catch (const Error& e) {
          problem(r, i, e.what());
        }
        break;
      }
      case ColumnKind::kCreated:
      case ColumnKind::kClosedOn: {
        auto checked = domain::check_past_date(text, session_.today);
        if (!checked.ok()) {
          problem(r, i, value_problem(text, checked.problem));
        } else {
          (target.kind == ColumnKind::kCreated ? r.created : r.closed_on) = checked.value;
        }
        break;
      }
      case ColumnKind::kStatus: {
        auto checked = domain::check_enum(domain::EnumKind::kStatus, text);
        if (!checked.ok()) {
          problem(r, i, value_problem(text, checked.problem));
        } else if (checked.value == "destroyed") {
          problem(r, i, tr("a destroyed archive cannot be imported"));
        } else {
          r.status = checked.value;
        }
        break;
      }
      case ColumnKind::kIgnore:
        break;
    }
  }
}

// Reads and checks the rows on a second thread while this one writes them to the database:
// the two halves take about as long as each other on a large file. Rows travel in batches
// through a queue of at most kBatches, so memory stays flat whatever the file's size, and
// arrive in the file's order. What the reading thread throws (a bad byte, an oversized
// field) is thrown again here after the rows before it.
class CheckedRows {
 public:
  CheckedRows(io::RowReader& reader, const RowChecker& checker)
      : reader_(reader), checker_(checker) {
    for (std::size_t i = 0; i < kBatches; ++i) free_.push_back(std::make_unique<Batch>());
    thread_ = std::thread([this] { produce(); });
  }
  CheckedRows(const CheckedRows&) = delete;
  CheckedRows& operator=(const CheckedRows&) = delete;
  ~CheckedRows() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // The next row, or nullptr after the last; valid until the next call.
  CheckedRow* next() {
    while (!current_ || index_ == current_->size) {
      std::unique_lock lock(mutex_);
      if (current_) {
        free_.push_back(std::move(current_));
        changed_.notify_all();
      }
      changed_.wait(lock, [&] { return !full_.empty() || done_; });
      if (full_.empty()) {
        if (error_) std::rethrow_exception(error_);
        return nullptr;
      }
      current_ = std::move(full_.front());
      full_.pop_front();
      index_ = 0;
      progress_ = current_->progress;
    }
    return &current_->rows[index_++];
  }
  // The reader's progress (0..1) at the end of the batch being handed out.
  double progress() const { return progress_; }

 private:
  static constexpr std::size_t kBatchRows = 256;
  static constexpr std::size_t kBatches = 4;
  struct Batch {
    std::vector<CheckedRow> rows{kBatchRows};
    std::size_t size = 0;
    double progress = 0;
  };

  void produce() {
    std::unique_ptr<Batch> batch;
    try {
      bool end = false;
      while (!end) {
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
          if (stop_) return;
          batch = std::move(free_.front());
          free_.pop_front();
        }
        batch->size = 0;
        while (batch->size < kBatchRows) {
          auto& r = batch->rows[batch->size];
          if (!reader_.next(r.row)) {
            end = true;
            break;
          }
          checker_.check(r);
          ++batch->size;
        }
        batch->progress = reader_.progress();
        {
          const std::lock_guard lock(mutex_);
          full_.push_back(std::move(batch));
          done_ = end;
        }
        changed_.notify_all();
      }
    } catch (...) {
      const std::lock_guard lock(mutex_);
      if (batch && batch->size > 0) full_.push_back(std::move(batch));
      error_ = std::current_exception();
      done_ = true;
      changed_.notify_all();
    }
  }

  io::RowReader& reader_;
  const RowChecker& checker_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Batch>> free_;  // guarded by mutex_
  std::deque<std::unique_ptr<Batch>> full_;  // guarded by mutex_
  bool done_ = false;                        // guarded by mutex_
  bool stop_ = false;                        // guarded by mutex_
  std::exception_ptr error_;                 // guarded by mutex_
  std::unique_ptr<Batch> current_;           // this thread's
  std::size_t index_ = 0;
  double progress_ = 0;
  std::thread thread_;  // last: starts once everything above exists
};

// The mobiles an active customer may hold, for a bulk import: a Bloom filter (hand-written:
// Debian packages none for C++) of 4 MiB whatever the file's size. A mobile it has never
// seen belongs to nobody, so the look-up in the database is skipped; one it may have seen
// (really, or one time in thousands by chance) is looked up as always. Almost every row of
// a first import holds a new mobile.
class MobileFilter {
 public:
  void add(std::string_view mobile) {
    for_each_bit(mobile,
                 [&](std::size_t bit) { bits_[bit / 64] |= std::uint64_t{1} << (bit % 64); });
  }
  bool may_hold(std::string_view mobile) const {
    bool all = true;
    for_each_bit(mobile, [&](std::size_t bit) {
      all = all && (bits_[bit / 64] & (std::uint64_t{1} << (bit % 64))) != 0;
    });
    return all;
  }

 private:
  static constexpr std::size_t kBits = std::size_t{1} << 25;
  static constexpr int kProbes = 4;
  template <typename F>
  static void for_each_bit(std::string_view mobile, F&& f) {
    // Two hashes combined as Kirsch and Mitzenmacher describe; the second is odd.
    const std::uint64_t h1 = std::hash<std::string_view>{}(mobile);
    std::uint64_t h2 = h1 * 0x9E3779B97F4A7C15ULL;
    h2 = (h2 ^ (h2 >> 29)) | 1;
    for (int i = 0; i < kProbes; ++i) f(static_cast<std::size_t>((h1 + i * h2) % kBits));
  }
  std::vector<std::uint64_t> bits_ = std::vector<std::uint64_t>(kBits / 64);
};

// One import: the database half of the row loop.
class Importer {
 public:
  Importer(const Session& session, const ImportRequest& request, store::Db& db,
           const store::ImportBatch& batch, bool workbook)
      : session_(session),
        request_(request),
        db_(db),
        batch_(batch),
        workbook_(workbook),
        writer_(db, batch.id),
        today_(session.today.iso()),
        reason_(fmt::format(fmt::runtime(tr("import {}")), batch.batch_no)),
        created_entry_{session.now_utc, today_,        session.os_login, session.op,
                       "import",        std::string(), batch.batch_no} {
    recorded_upto_ = writer_.customer_count();
    last_created_ = recorded_upto_;
  }

  Outcome process(CheckedRow& r);
  // From here on every active mobile of the table is in a filter (MobileFilter), so new ones
  // are not looked up; end_mobile_filter() frees it.
  void start_mobile_filter() {
    filter_.emplace();
    writer_.each_active_mobile([&](std::string_view m) { filter_->add(m); });
  }
  void end_mobile_filter() { filter_.reset(); }
  store::ImportWriter& writer() { return writer_; }
  // Writes what is still owed for the customers created so far (record_created).
  void finish() {
    writer_.record_created(recorded_upto_, last_created_, created_entry_);
    recorded_upto_ = last_created_;
    for (const auto& [region, next] : next_seq_) writer_.set_sequence("archive:" + region, next);
  }

 private:
  void row_problem(CheckedRow& r, const std::string& message) const {
    r.problems.push_back(reject_reason(row_place(r.row, workbook_), message));
  }
  std::int64_t next_seq(const std::string& region) {
    auto it = next_seq_.find(region);
    if (it == next_seq_.end()) {
      it = next_seq_.emplace(region, writer_.peek_sequence("archive:" + region)).first;
    }
    return it->second++;
  }
  std::string duplicate_message(const CheckedRow& r, const store::ExistingCustomer& match,
                                bool by_number) const;
  Outcome create(CheckedRow& r);
  Outcome update(CheckedRow& r, const store::ExistingCustomer& match);

  const Session& session_;
  const ImportRequest& request_;
  store::Db& db_;
  const store::ImportBatch& batch_;
  bool workbook_;
  store::ImportWriter writer_;
  std::map<std::string, std::int64_t> next_seq_;
  const std::string today_;
  const std::string reason_;
  const store::AuditEntry created_entry_;  // the audit entry of each created customer
  std::int64_t recorded_upto_ = 0;         // customers up to this id have their history and audit
  std::int64_t last_created_ = 0;
  std::optional<MobileFilter> filter_;
};

std::string Importer::duplicate_message(const CheckedRow& r, const store::ExistingCustomer& match,
                                        bool by_number) const {
  const bool in_file = match.import_batch == batch_.id;
  if (by_number) {
    return in_file ? fmt::format(fmt::runtime(tr("archive number {} is already in this file")),
                                 match.archive_no)
                   : fmt::format(fmt::runtime(tr("archive number {} exists")), match.archive_no);
  }
  static const std::size_t kMobile = builtin_index("mobile");
  return in_file ? fmt::format(fmt::runtime(tr("mobile {} is already in this file ({}, from an "
                                               "earlier row)")),
                               r.values[kMobile], match.archive_no)
                 : fmt::format(fmt::runtime(tr("mobile {} already belongs to {}")),
                               r.values[kMobile], match.archive_no);
}

Outcome Importer::process(CheckedRow& r) {
  static const std::size_t kMobile = builtin_index("mobile");
  static const std::size_t kRegion = builtin_index("region");
  if (!r.problems.empty()) return Outcome::kRejected;

  auto& region = r.values[kRegion];
  if (!r.archive_no.empty()) {
    const auto& pattern = session_.config.archive.number_pattern;
    if (auto from_no = domain::region_of_archive_no(pattern, r.archive_no)) {
      if (!region.empty() && region != *from_no) {
        row_problem(r, fmt::format(fmt::runtime(tr("archive number {} belongs to region {}, "
                                                   "not {}")),
                                   r.archive_no, *from_no, region));
        return Outcome::kRejected;
      }
      region = *from_no;
    }
  }
  if (!r.closed_on.empty() && r.status == "active") {
    row_problem(r, tr("an active archive has no closing date"));
    return Outcome::kRejected;
  }

  std::optional<store::ExistingCustomer> match;
  bool by_number = false;
  if (!r.archive_no.empty()) {
    match = writer_.by_archive_no(r.archive_no);
    by_number = match.has_value();
  }
  if (!r.values[kMobile].empty()) {
    const bool maybe_held = !filter_ || filter_->may_hold(r.values[kMobile]);
    if (auto holder = maybe_held ? writer_.active_by_mobile(r.values[kMobile]) : std::nullopt) {
      if (match && match->id != holder->id) {
        row_problem(r, fmt::format(fmt::runtime(tr("mobile {} belongs to {}, not to {}")),
                                   r.values[kMobile], holder->archive_no, match->archive_no));
        return Outcome::kRejected;
      }
      if (!match) match = holder;
    }
  }
  if (match) {
    switch (request_.on_duplicate) {
      case OnDuplicate::kSkip:
        return Outcome::kSkipped;
      case OnDuplicate::kFail:
        row_problem(r, fmt::format(fmt::runtime(tr("duplicate: {}; give --on-duplicate skip "
                                                   "or update")),
                                   duplicate_message(r, *match, by_number)));
        return Outcome::kRejected;
      case OnDuplicate::kUpdate:
        return update(r, *match);
    }
  }
  if (region.empty()) region = session_.config.archive.default_region;
  return create(r);
}

Outcome Importer::create(CheckedRow& r) {
  static const std::size_t kRegion = builtin_index("region");
  static const std::size_t kMobile = builtin_index("mobile");
  const auto& region = r.values[kRegion];
  const std::string& created = r.created.empty() ? today_ : r.created;
  std::string status = r.status.empty() ? (r.closed_on.empty() ? "active" : "closed") : r.status;
  std::string closed_on = r.closed_on;
  if (status == "closed" && closed_on.empty()) closed_on = today_;

  std::vector<domain::GradeEntry> entries;
  entries.reserve(r.grades.size());
  for (const auto& g : r.grades) entries.push_back({g.scheme, g.code, today_});
  // The same bookkeeping apply_grade and refresh_due keep: dealt from the grades, the next
  // due date from registration plus the shortest interval.
  std::string next_due;
  if (auto interval = shortest_interval(session_.config, entries)) {
    if (auto from = domain::Date::from_iso(created)) next_due = from->plus_days(*interval).iso();
  }
  // A new number is the region's next in sequence; one that was given explicitly before (by
  // `add --no` or an import) is found taken by the insert itself and skipped, as
  // generate_archive_no skips it for `add`, without a look-up of its own per row.
  std::optional<std::int64_t> inserted;
  while (!inserted) {
    const std::string no = r.archive_no.empty()
                               ? domain::format_archive_no(session_.config.archive.number_pattern,
                                                           region, next_seq(region), session_.today)
                               : r.archive_no;
    inserted = writer_.insert_customer(no, status, created, closed_on, r.values, next_due,
                                       domain::is_dealt(entries));
    if (!inserted && !r.archive_no.empty()) {
      throw Error(Exit::kInternal, "archive number taken after its check: " + no);
    }
  }
  const std::int64_t id = *inserted;
  for (const auto& [def, value] : r.custom) writer_.insert_custom_value(id, def->key, value);
  for (const auto& g : entries) writer_.insert_grade(id, g.scheme, g.code, today_);
  last_created_ = id;  // its grade history and audit entry: record_created
  if (filter_ && !r.values[kMobile].empty()) filter_->add(r.values[kMobile]);
  return Outcome::kCreated;
}

Outcome Importer::update(CheckedRow& r, const store::ExistingCustomer& match) {
  static const std::size_t kRegion = builtin_index("region");
  static const std::size_t kMobile = builtin_index("mobile");
  if (match.status == "destroyed") {
    row_problem(r, fmt::format(fmt::runtime(tr("archive {} was destroyed")), match.archive_no));
    return Outcome::kRejected;
  }
  if (match.status == "closed") {
    row_problem(r, fmt::format(fmt::runtime(tr("archive {} is closed; reopen it to update it")),
                               match.archive_no));
    return Outcome::kRejected;
  }
  store::CustomerRepo repo(db_);
  const auto current = repo.find_by_no(match.archive_no);
  if (!current) throw Error(Exit::kInternal, "archive vanished: " + match.archive_no);
  if (r.given[kRegion] && r.values[kRegion] != current->get("region")) {
    row_problem(r, fmt::format(fmt::runtime(tr("region cannot be changed: it is part of the "
                                               "archive number {}")),
                               match.archive_no));
    return Outcome::kRejected;
  }
  // Every check comes before the first write.
  struct Change {
    const domain::FieldDef* def;
    std::string value;
  };
  std::vector<Change> changes;
  const auto& builtin = domain::builtin_fields();
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    if (!r.given[i] || i == kRegion || r.values[i] == current->get(builtin[i].key)) continue;
    changes.push_back({&builtin[i], r.values[i]});
  }
  for (const auto& [def, value] : r.custom) {
    if (value != current->get(def->key)) changes.push_back({def, value});
  }
  for (const auto& c : changes) {
    if (c.def->key != "mobile" || c.def->custom) continue;
    if (auto holder = repo.active_holder_of_mobile(r.values[kMobile], current->id)) {
      row_problem(r, fmt::format(fmt::runtime(tr("mobile {} already belongs to {}")),
                                 r.values[kMobile], holder->archive_no));
      return Outcome::kRejected;
    }
  }
  // A customer created earlier in this file gets its first history and audit entries before
  // the ones of this change.
  if (current->id > recorded_upto_) {
    writer_.record_created(recorded_upto_, last_created_, created_entry_);
    recorded_upto_ = last_created_;
  }
  std::vector<std::string> keys;
  for (const auto& c : changes) {
    const auto& old = current->get(c.def->key);
    repo.set_field(current->id, c.def->key, c.value, c.def->custom);
    if (filter_ && c.def->key == "mobile" && !c.def->custom) filter_->add(c.value);
    if (c.def->key == "owner" && !c.def->custom) {  // a new owner's claim starts today
      auto state = repo.contact_state(current->id);
      state.claim_start = today_;
      repo.set_contact_state(current->id, state);
    }
    writer_.add_field_history(current->id,
                              {c.def->key, old, c.value, today_, session_.op, reason_});
    keys.push_back(c.def->key);
  }
  for (const auto& g : r.grades) {
    if (apply_grade(db_, session_, current->id, g, reason_)) {
      writer_.tag_grade_history(current->id, g.scheme);
      keys.push_back("grade");
    }
  }
  if (keys.empty()) return Outcome::kSkipped;
  writer_.audit({session_.now_utc, today_, session_.os_login, session_.op, "import",
                 current->archive_no, fmt::format("{} {}", batch_.batch_no, fmt::join(keys, ","))});
  return Outcome::kUpdated;
}

std::string on_duplicate_name(OnDuplicate policy) {
  switch (policy) {
    case OnDuplicate::kSkip:
      return "skip";
    case OnDuplicate::kUpdate:
      return "update";
    case OnDuplicate::kFail:
      break;
  }
  return "fail";
}

// Loads this large relative to the table drop the secondary indexes and rebuild them at
// the end: sorting once is cheaper than keeping a dozen B-trees up to date row by row.
constexpr std::uintmax_t kBytesPerRowEstimate = 200;
constexpr std::uintmax_t kBulkMinimumRows = 5000;

}  // namespace

ImportResult import_file(const Session& session, const ImportRequest& request) {
  const auto start = Clock::now();
  const std::string name = request.file.string();
  auto note = [&](const std::string& text) {
    if (request.note) request.note(text);
  };

  // The input, its header and its mapping: every problem here comes before any write.
  std::error_code ec;
  if (!fs::exists(request.file, ec)) {
    throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no such file {}")), name));
  }
  const bool workbook = is_workbook(request.file);
  std::unique_ptr<io::RowReader> reader;
  if (workbook) {
    reader = io::open_xlsx(request.file, io::XlsxOptions{request.sheet});
  } else {
    reader =
        io::open_delimited(request.file, io::DelimitedOptions{request.encoding, request.delimiter});
  }
  note(fmt::format(fmt::runtime(tr("reading {}: {}")), name, reader->description()));
  io::Row header_row;
  if (!reader->next(header_row)) {
    throw Error(Exit::kData, fmt::format(fmt::runtime(tr("{}: the file is empty")), name));
  }
  std::vector<std::string> headers;
  headers.reserve(header_row.cells.size());
  for (const auto& cell : header_row.cells) headers.push_back(domain::trim(cell.text));
  while (!headers.empty() && headers.back().empty()) headers.pop_back();

  auto synonyms = HeaderSynonyms::shipped();
  if (request.map_file) synonyms.merge_map(*request.map_file, session.config);
  HeaderMapping mapping;
  try {
    mapping = map_headers(headers, synonyms, session.config);
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("{}: {}", name, e.what()));
  }
  if (!mapping.unknown.empty()) {
    note(fmt::format(fmt::runtime(tr("{}: ignoring columns that are not card fields: {}")), name,
                     fmt::join(mapping.unknown, ", ")));
  }

  // The digest is computed beside the import, on the other core; a repeated file is found
  // as soon as it is known.
  auto digest =
      std::async(std::launch::async, [path = request.file] { return io::sha256_file(path); });

  std::optional<RejectSink> rejects;
  const fs::path reject_path =
      request.reject_file ? *request.reject_file : default_reject_file(request.file);
  if (!request.dry_run) {
    if (fs::equivalent(reject_path, request.file, ec)) {
      throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("--reject-file {} is the input "
                                                            "file")),
                                            reject_path.string()));
    }
    rejects.emplace(reject_path, headers);
  }

  auto db = open_db(session, OpenMode::kCreateIfDefault);
  db.exec("PRAGMA cache_size = -16384");  // 16 MiB for this connection
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::ImportBatchRepo batches(db);
  store::ImportBatch batch;
  batch.batch_no = domain::format_id("B", store::CustomerRepo(db).next_in_sequence("batch"));
  batch.file_name = request.file.filename().string();
  batch.sha256 = std::string(64, '0');  // known once the digest is done
  batch.format = workbook ? "xlsx" : "csv";
  if (workbook) {
    batch.sheet = reader->description();
  } else {
    batch.encoding = reader->description();
    if (batch.encoding.find("UTF-16") != std::string::npos) batch.format = "text";
  }
  batch.on_duplicate = on_duplicate_name(request.on_duplicate);
  batch.imported_on = session.today.iso();
  batch.at = session.now_utc;
  batch.op = session.op;
  batch.os_login = session.os_login;
  batch.id = batches.insert(batch);

  auto check_digest = [&](const std::string& sha) {
    if (request.again) return;
    if (auto earlier = batches.find_live_by_sha256(sha)) {
      throw Error(Exit::kData,
                  fmt::format(fmt::runtime(tr("{} was already imported as batch {} on {}; give "
                                              "--again to import it again")),
                              name, earlier->batch_no, earlier->imported_on));
    }
  };
  std::optional<std::string> sha;
  auto poll_digest = [&](bool wait) {
    if (sha) return;
    if (!wait && digest.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    auto value = digest.get();
    if (!value) {
      throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("cannot read {}")), name));
    }
    sha = *value;
    check_digest(*sha);
  };

  Importer importer(session, request, db, batch, workbook);
  const auto size = fs::file_size(request.file, ec);
  const std::uintmax_t estimated_rows = ec ? 0 : size / kBytesPerRowEstimate;
  const bool bulk =
      estimated_rows >= kBulkMinimumRows &&
      estimated_rows > static_cast<std::uintmax_t>(importer.writer().customer_count());
  const bool dates_from_file =
      std::any_of(mapping.columns.begin(), mapping.columns.end(),
                  [](const ColumnTarget& t) { return t.kind == ColumnKind::kCreated; });
  if (bulk) {
    importer.writer().suspend_indexes(dates_from_file);
    importer.start_mobile_filter();
  }

  ImportResult result;
  result.rejects.name = "import_rejects";
  result.rejects.title = tr("rows that would be rejected");
  result.rejects.show_title = false;
  result.rejects.columns = {{"line", tr("line"), report::CellType::kInteger},
                            {"reason", tr("reason"), report::CellType::kText}};
  const RowChecker checker(session, *reader, headers, mapping, workbook);
  CheckedRows rows(*reader, checker);
  while (CheckedRow* checked = rows.next()) {
    if (request.interrupted && request.interrupted->load(std::memory_order_relaxed)) {
      throw Error(Exit::kInterrupted, tr("interrupted: nothing imported"));
    }
    ++result.rows;
    fault_point("import.row");
    if (result.rows % 1000 == 0) {
      if (request.progress) request.progress({result.rows, rows.progress()});
      poll_digest(false);
    }
    switch (importer.process(*checked)) {
      case Outcome::kCreated:
        ++result.created;
        break;
      case Outcome::kUpdated:
        ++result.updated;
        break;
      case Outcome::kSkipped:
        ++result.skipped;
        break;
      case Outcome::kRejected: {
        ++result.rejected;
        const auto reason = fmt::format("{}", fmt::join(checked->problems, "; "));
        if (result.first_reject.empty()) result.first_reject = reason;
        if (rejects) rejects->add(checked->row, reason);
        if (request.dry_run && result.rejects.row_count() < kDryRunRejectLimit) {
          result.rejects.add_row(
              {report::Cell::integer(static_cast<std::int64_t>(checked->row.line)),
               report::Cell::text(reason)});
        }
        break;
      }
    }
  }
  if (request.progress) request.progress({result.rows, 1.0});
  if (result.rows == 0) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{}: no rows: the file holds only its header")), name));
  }
  poll_digest(true);
  if (result.rejected > 0 && !request.skip_invalid && !request.dry_run) {
    result.reject_file = rejects->finish();
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{}: {} of {} rows rejected, nothing imported; the "
                                            "reasons are in {} (first: {}); fix them, or give "
                                            "--skip-invalid to import the other rows")),
                            name, result.rejected, result.rows, result.reject_file.string(),
                            result.first_reject));
  }
  importer.finish();
  importer.end_mobile_filter();
  if (bulk) importer.writer().restore_indexes();
  batch.sha256 = *sha;
  batch.rows_read = static_cast<std::int64_t>(result.rows);
  batch.created = static_cast<std::int64_t>(result.created);
  batch.updated = static_cast<std::int64_t>(result.updated);
  batch.skipped = static_cast<std::int64_t>(result.skipped);
  batch.rejected = static_cast<std::int64_t>(result.rejected);
  batches.set_counts(batch.id, batch);
  batches.set_sha256(batch.id, batch.sha256);
  if (request.interrupted && request.interrupted->load(std::memory_order_relaxed)) {
    throw Error(Exit::kInterrupted, tr("interrupted: nothing imported"));
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (request.dry_run) return result;  // the transaction rolls back
  audit(db, session, "import-batch", "",
        fmt::format("{} created {} updated {} skipped {} rejected {}", batch.batch_no,
                    result.created, result.updated, result.skipped, result.rejected));
  tx.commit();
  result.batch_no = batch.batch_no;
  if (rejects) result.reject_file = rejects->finish();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

RevertResult revert_batch(const Session& session, const std::string& raw_batch_no, bool force) {
  const std::string batch_no = domain::ascii_upper(domain::trim(raw_batch_no));
  auto db = open_db(session, OpenMode::kExisting);
  store::Transaction tx(db, store::Transaction::Kind::kWrite);
  store::ImportBatchRepo batches(db);
  const auto batch = batches.find(batch_no);
  if (!batch) {
    throw Error(Exit::kNoInput,
                fmt::format(fmt::runtime(tr("no import batch {}")), domain::printable(batch_no)));
  }
  if (!batch->reverted_on.empty()) {
    throw Error(Exit::kData, fmt::format(fmt::runtime(tr("batch {} was already reverted on {} "
                                                         "by {}")),
                                         batch_no, batch->reverted_on, batch->reverted_by));
  }
  const auto blockers = batches.blockers(batch->id, 5);
  if (!blockers.empty()) {
    if (blockers.front().held) {
      throw Error(Exit::kPolicy,
                  fmt::format(fmt::runtime(tr("batch {}: archive {} is under a legal hold; a "
                                              "revert never deletes a held archive")),
                              batch_no, blockers.front().archive_no));
    }
    if (!force) {
      std::vector<std::string> listed;
      for (const auto& b : blockers) {
        listed.push_back(fmt::format(fmt::runtime(tr("{} ({} follow-ups, {} materials, {} "
                                                     "loans)")),
                                     b.archive_no, b.follow_ups, b.materials, b.loans));
      }
      throw Error(Exit::kPolicy,
                  fmt::format(fmt::runtime(tr("batch {}: {} of the customers it created have "
                                              "records since: {}; give --force to delete them "
                                              "with their records")),
                              batch_no, batches.blocker_count(batch->id), fmt::join(listed, ", ")));
    }
  }
  const std::string today = session.today.iso();
  const std::string reason = fmt::format(fmt::runtime(tr("revert {}")), batch_no);
  RevertResult result;
  result.batch_no = batch_no;
  batches.audit_created(batch->id, {session.now_utc, today, session.os_login, session.op,
                                    "import-revert", "", batch_no});
  result.deleted = static_cast<std::size_t>(batches.delete_created(batch->id));

  store::CustomerRepo repo(db);
  std::set<std::string> restored;
  for (const auto& change : batches.field_changes(batch->id)) {
    if (change.status == "destroyed") {
      ++result.kept;
      continue;
    }
    auto current = repo.find_by_no(change.archive_no);
    if (!current || current->get(change.field) != change.new_value) {
      ++result.kept;
      continue;
    }
    const auto def = domain::find_field(change.field, session.config.fields);
    const bool custom = def ? def->custom : true;
    repo.set_field(change.customer_id, change.field, change.old_value, custom);
    repo.add_field_history(change.customer_id, {change.field, change.new_value, change.old_value,
                                                today, session.op, reason});
    restored.insert(change.archive_no);
  }
  for (const auto& change : batches.grade_changes(batch->id)) {
    if (change.status == "destroyed") {
      ++result.kept;
      continue;
    }
    std::string code;
    for (const auto& g : repo.grades(change.customer_id)) {
      if (g.scheme == change.scheme) code = g.code;
    }
    if (code != change.to_code) {
      ++result.kept;
      continue;
    }
    apply_grade(db, session, change.customer_id, {change.scheme, change.from_code}, reason);
    restored.insert(change.archive_no);
  }
  for (const auto& no : restored) audit(db, session, "import-revert", no, batch_no);
  result.restored = restored.size();
  batches.mark_reverted(batch->id, today, session.op);
  audit(db, session, "import-revert", "",
        fmt::format("{} deleted {} restored {}", batch_no, result.deleted, result.restored));
  tx.commit();
  return result;
}

}  // namespace archive::app
