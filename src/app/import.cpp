// `archive import` and `import --revert`: rows from a reader, mapped by their headers,
// checked as `add` checks them, matched against the database for duplicates and written in
// one transaction as one batch. Nothing of the file is kept in memory but the current row:
// duplicates inside the file are found through the rows already inserted (the transaction
// sees them; customer.import_batch tells them from older customers).
#include "archive/app/import.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <set>

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

// One import: the state the row loop shares.
class Importer {
 public:
  Importer(const Session& session, const ImportRequest& request, store::Db& db,
           io::RowReader& reader, const std::vector<std::string>& headers,
           const HeaderMapping& mapping, const store::ImportBatch& batch, bool workbook)
      : session_(session),
        request_(request),
        db_(db),
        reader_(reader),
        headers_(headers),
        mapping_(mapping),
        batch_(batch),
        workbook_(workbook),
        writer_(db, batch.id),
        values_(domain::builtin_fields().size()),
        today_(session.today.iso()),
        reason_(fmt::format(fmt::runtime(tr("import {}")), batch.batch_no)),
        audit_{session.now_utc, today_, session.os_login, session.op, "import", "", ""} {}

  Outcome process(const io::Row& row);
  const std::vector<std::string>& problems() const { return problems_; }
  store::ImportWriter& writer() { return writer_; }
  void finish_sequences() {
    for (const auto& [region, next] : next_seq_) writer_.set_sequence("archive:" + region, next);
  }

 private:
  void reset();
  void read_cells(const io::Row& row);
  void problem(const io::Row& row, std::size_t column, const std::string& message) {
    problems_.push_back(reject_reason(reader_.locate(row, column, headers_[column]), message));
  }
  void row_problem(const io::Row& row, const std::string& message) {
    problems_.push_back(reject_reason(
        fmt::format(fmt::runtime(workbook_ ? tr("row {}") : tr("line {}")), row.line), message));
  }
  std::int64_t next_seq(const std::string& region) {
    auto it = next_seq_.find(region);
    if (it == next_seq_.end()) {
      it = next_seq_.emplace(region, writer_.peek_sequence("archive:" + region)).first;
    }
    return it->second++;
  }
  std::string duplicate_message(const store::ExistingCustomer& match, bool by_number);
  Outcome create();
  Outcome update(const io::Row& row, const store::ExistingCustomer& match);

  const Session& session_;
  const ImportRequest& request_;
  store::Db& db_;
  io::RowReader& reader_;
  const std::vector<std::string>& headers_;
  const HeaderMapping& mapping_;
  const store::ImportBatch& batch_;
  bool workbook_;
  store::ImportWriter writer_;
  std::map<std::string, std::int64_t> next_seq_;

  // Per row, reused.
  std::vector<std::string> values_;  // built-in fields, builtin_fields() order
  std::vector<bool> given_;          // which built-in fields the row gives
  std::vector<std::pair<const domain::FieldDef*, std::string>> custom_;
  std::vector<GradeRef> grades_;
  std::string archive_no_;
  std::string created_;
  std::string status_;
  std::string closed_on_;
  std::vector<std::string> problems_;
  const std::string today_;
  const std::string reason_;
  store::AuditEntry audit_;  // reused: one entry per created customer
};

void Importer::reset() {
  for (auto& v : values_) v.clear();
  given_.assign(values_.size(), false);
  custom_.clear();
  grades_.clear();
  archive_no_.clear();
  created_.clear();
  status_.clear();
  closed_on_.clear();
  problems_.clear();
}

bool digits_matter(const domain::FieldDef& def) {
  return !def.custom && (def.key == "mobile" || def.key == "id_number" ||
                         def.key == "credit_code" || def.key == "phone" || def.key == "fax");
}

std::string value_problem(std::string_view value, const std::string& problem) {
  const auto shown = domain::printable(domain::trim(value));
  if (shown.empty()) return tr_problem(problem);
  return fmt::format(fmt::runtime(tr("{} {}")), shown, tr_problem(problem));
}

void Importer::read_cells(const io::Row& row) {
  static const std::size_t kName = builtin_index("name");
  for (std::size_t i = 0; i < mapping_.columns.size() && i < row.cells.size(); ++i) {
    const auto& target = mapping_.columns[i];
    if (target.kind == ColumnKind::kIgnore) continue;
    const auto& cell = row.cells[i];
    const std::string_view text = strip_export_quote(cell.text);
    const bool is_name =
        target.kind == ColumnKind::kField && !target.field.custom && target.field.key == "name";
    if (!is_name && (cell.type == io::CellType::kEmpty || domain::trim(text).empty())) continue;
    if (cell.type == io::CellType::kError) {
      problem(row, i,
              fmt::format(fmt::runtime(tr("the cell holds the error value {}")), cell.text));
      continue;
    }
    switch (target.kind) {
      case ColumnKind::kField: {
        const auto& def = target.field;
        if (cell.type == io::CellType::kNumber && cell.lost_digits && digits_matter(def)) {
          problem(row, i,
                  fmt::format(fmt::runtime(tr("{} was stored as a number and lost digits; "
                                              "format the column as text in Excel and export "
                                              "again")),
                              cell.text));
          continue;
        }
        if (def.sensitive && domain::looks_masked(text)) {
          problem(row, i,
                  fmt::format(fmt::runtime(tr("{} is masked; export with --unmask to import "
                                              "it")),
                              domain::printable(domain::trim(text))));
          continue;
        }
        auto checked = check_card_value(session_, def, text);
        if (!checked.ok()) {
          problem(row, i, value_problem(text, checked.problem));
          continue;
        }
        if (checked.value.empty()) continue;
        if (def.custom) {
          custom_.emplace_back(&def, std::move(checked.value));
        } else {
          const std::size_t index = is_name ? kName : builtin_index(def.key);
          values_[index] = std::move(checked.value);
          given_[index] = true;
        }
        break;
      }
      case ColumnKind::kArchiveNo: {
        auto checked = domain::check_archive_no(text);
        if (!checked.ok()) {
          problem(row, i, value_problem(text, checked.problem));
        } else {
          archive_no_ = checked.value;
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
          const bool twice = std::any_of(grades_.begin(), grades_.end(),
                                         [&](const GradeRef& g) { return g.scheme == ref.scheme; });
          if (twice) {
            problem(row, i,
                    fmt::format(fmt::runtime(tr("two grades of scheme {}: a customer has at "
                                                "most one grade per scheme")),
                                ref.scheme));
          } else {
            grades_.push_back(ref);
          }
        } catch (const Error& e) {
          problem(row, i, e.what());
        }
        break;
      }
      case ColumnKind::kCreated:
      case ColumnKind::kClosedOn: {
        auto checked = domain::check_past_date(text, session_.today);
        if (!checked.ok()) {
          problem(row, i, value_problem(text, checked.problem));
        } else {
          (target.kind == ColumnKind::kCreated ? created_ : closed_on_) = checked.value;
        }
        break;
      }
      case ColumnKind::kStatus: {
        auto checked = domain::check_enum(domain::EnumKind::kStatus, text);
        if (!checked.ok()) {
          problem(row, i, value_problem(text, checked.problem));
        } else if (checked.value == "destroyed") {
          problem(row, i, tr("a destroyed archive cannot be imported"));
        } else {
          status_ = checked.value;
        }
        break;
      }
      case ColumnKind::kIgnore:
        break;
    }
  }
}

std::string Importer::duplicate_message(const store::ExistingCustomer& match, bool by_number) {
  const bool in_file = match.import_batch == batch_.id;
  if (by_number) {
    return in_file ? fmt::format(fmt::runtime(tr("archive number {} is already in this file")),
                                 match.archive_no)
                   : fmt::format(fmt::runtime(tr("archive number {} exists")), match.archive_no);
  }
  static const std::size_t kMobile = builtin_index("mobile");
  return in_file ? fmt::format(fmt::runtime(tr("mobile {} is already in this file ({}, from an "
                                               "earlier row)")),
                               values_[kMobile], match.archive_no)
                 : fmt::format(fmt::runtime(tr("mobile {} already belongs to {}")),
                               values_[kMobile], match.archive_no);
}

Outcome Importer::process(const io::Row& row) {
  static const std::size_t kMobile = builtin_index("mobile");
  static const std::size_t kRegion = builtin_index("region");
  reset();
  // A row must have the header's fields; empty cells after the last column are tolerated
  // (spreadsheets write them).
  std::size_t used = row.cells.size();
  while (used > headers_.size() && row.cells[used - 1].text.empty()) --used;
  if (used != headers_.size()) {
    row_problem(row, fmt::format(fmt::runtime(tr("has {} fields, the header has {}")), used,
                                 headers_.size()));
    return Outcome::kRejected;
  }
  read_cells(row);
  if (!problems_.empty()) return Outcome::kRejected;

  auto& region = values_[kRegion];
  if (!archive_no_.empty()) {
    const auto& pattern = session_.config.archive.number_pattern;
    if (auto from_no = domain::region_of_archive_no(pattern, archive_no_)) {
      if (!region.empty() && region != *from_no) {
        row_problem(row, fmt::format(fmt::runtime(tr("archive number {} belongs to region {}, "
                                                     "not {}")),
                                     archive_no_, *from_no, region));
        return Outcome::kRejected;
      }
      region = *from_no;
    }
  }
  if (!closed_on_.empty() && status_ == "active") {
    row_problem(row, tr("an active archive has no closing date"));
    return Outcome::kRejected;
  }

  std::optional<store::ExistingCustomer> match;
  bool by_number = false;
  if (!archive_no_.empty()) {
    match = writer_.by_archive_no(archive_no_);
    by_number = match.has_value();
  }
  if (!values_[kMobile].empty()) {
    if (auto holder = writer_.active_by_mobile(values_[kMobile])) {
      if (match && match->id != holder->id) {
        row_problem(row, fmt::format(fmt::runtime(tr("mobile {} belongs to {}, not to {}")),
                                     values_[kMobile], holder->archive_no, match->archive_no));
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
        row_problem(row, fmt::format(fmt::runtime(tr("duplicate: {}; give --on-duplicate skip "
                                                     "or update")),
                                     duplicate_message(*match, by_number)));
        return Outcome::kRejected;
      case OnDuplicate::kUpdate:
        return update(row, *match);
    }
  }
  if (region.empty()) region = session_.config.archive.default_region;
  return create();
}

Outcome Importer::create() {
  static const std::size_t kRegion = builtin_index("region");
  const auto& region = values_[kRegion];
  std::string no = archive_no_;
  if (no.empty()) {
    no = generate_archive_no(
        session_, region, [&] { return next_seq(region); },
        [&](const std::string& n) { return writer_.by_archive_no(n).has_value(); });
  }
  const std::string& created = created_.empty() ? today_ : created_;
  std::string status = status_.empty() ? (closed_on_.empty() ? "active" : "closed") : status_;
  std::string closed_on = closed_on_;
  if (status == "closed" && closed_on.empty()) closed_on = today_;

  std::vector<domain::GradeEntry> entries;
  entries.reserve(grades_.size());
  for (const auto& g : grades_) entries.push_back({g.scheme, g.code, today_});
  // The same bookkeeping apply_grade and refresh_due keep: dealt from the grades, the next
  // due date from registration plus the shortest interval.
  std::string next_due;
  if (auto interval = shortest_interval(session_.config, entries)) {
    if (auto from = domain::Date::from_iso(created)) next_due = from->plus_days(*interval).iso();
  }
  const auto id = writer_.insert_customer(no, status, created, closed_on, values_, next_due,
                                          domain::is_dealt(entries));
  for (const auto& [def, value] : custom_) writer_.insert_custom_value(id, def->key, value);
  for (const auto& g : entries) writer_.insert_grade(id, g.scheme, g.code, today_, session_.op);
  audit_.archive_no = no;
  audit_.detail = batch_.batch_no;
  writer_.audit(audit_);
  return Outcome::kCreated;
}

Outcome Importer::update(const io::Row& row, const store::ExistingCustomer& match) {
  static const std::size_t kRegion = builtin_index("region");
  static const std::size_t kMobile = builtin_index("mobile");
  if (match.status == "destroyed") {
    row_problem(row, fmt::format(fmt::runtime(tr("archive {} was destroyed")), match.archive_no));
    return Outcome::kRejected;
  }
  if (match.status == "closed") {
    row_problem(row, fmt::format(fmt::runtime(tr("archive {} is closed; reopen it to update it")),
                                 match.archive_no));
    return Outcome::kRejected;
  }
  store::CustomerRepo repo(db_);
  const auto current = repo.find_by_no(match.archive_no);
  if (!current) throw Error(Exit::kInternal, "archive vanished: " + match.archive_no);
  if (given_[kRegion] && values_[kRegion] != current->get("region")) {
    row_problem(row, fmt::format(fmt::runtime(tr("region cannot be changed: it is part of the "
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
    if (!given_[i] || i == kRegion || values_[i] == current->get(builtin[i].key)) continue;
    changes.push_back({&builtin[i], values_[i]});
  }
  for (const auto& [def, value] : custom_) {
    if (value != current->get(def->key)) changes.push_back({def, value});
  }
  for (const auto& c : changes) {
    if (c.def->key != "mobile" || c.def->custom) continue;
    if (auto holder = repo.active_holder_of_mobile(values_[kMobile], current->id)) {
      row_problem(row, fmt::format(fmt::runtime(tr("mobile {} already belongs to {}")),
                                   values_[kMobile], holder->archive_no));
      return Outcome::kRejected;
    }
  }
  std::vector<std::string> keys;
  for (const auto& c : changes) {
    const auto& old = current->get(c.def->key);
    repo.set_field(current->id, c.def->key, c.value, c.def->custom);
    if (c.def->key == "owner" && !c.def->custom) {  // a new owner's claim starts today
      auto state = repo.contact_state(current->id);
      state.claim_start = today_;
      repo.set_contact_state(current->id, state);
    }
    writer_.add_field_history(current->id,
                              {c.def->key, old, c.value, today_, session_.op, reason_});
    keys.push_back(c.def->key);
  }
  for (const auto& g : grades_) {
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

  Importer importer(session, request, db, *reader, headers, mapping, batch, workbook);
  const auto size = fs::file_size(request.file, ec);
  const std::uintmax_t estimated_rows = ec ? 0 : size / kBytesPerRowEstimate;
  const bool bulk =
      estimated_rows >= kBulkMinimumRows &&
      estimated_rows > static_cast<std::uintmax_t>(importer.writer().customer_count());
  if (bulk) importer.writer().suspend_indexes();

  ImportResult result;
  result.rejects.name = "import_rejects";
  result.rejects.title = tr("rows that would be rejected");
  result.rejects.show_title = false;
  result.rejects.columns = {{"line", tr("line"), report::CellType::kInteger},
                            {"reason", tr("reason"), report::CellType::kText}};
  io::Row row;
  while (reader->next(row)) {
    if (request.interrupted && request.interrupted->load(std::memory_order_relaxed)) {
      throw Error(Exit::kInterrupted, tr("interrupted: nothing imported"));
    }
    ++result.rows;
    fault_point("import.row");
    if (result.rows % 1000 == 0) {
      if (request.progress) request.progress({result.rows, reader->progress()});
      poll_digest(false);
    }
    switch (importer.process(row)) {
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
        const auto reason = fmt::format("{}", fmt::join(importer.problems(), "; "));
        if (result.first_reject.empty()) result.first_reject = reason;
        if (rejects) rejects->add(row, reason);
        if (request.dry_run && result.rejects.row_count() < kDryRunRejectLimit) {
          result.rejects.add_row({report::Cell::integer(static_cast<std::int64_t>(row.line)),
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
  importer.finish_sequences();
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
