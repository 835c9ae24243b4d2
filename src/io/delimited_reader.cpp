// The delimited-text reader of `archive import`: RFC 4180 CSV, semicolon- and tab-separated text
// and Excel's "Unicode text", in UTF-8, UTF-16 or GB18030 (text_decoder.h), one row at a time
// with bounded memory.
//
// The parser works on large buffers of decoded UTF-8. A record is parsed from its first byte
// to its line break in one go; when the buffer ends inside a record, the buffer is refilled and
// the record parsed again from its start (only records that straddle a chunk pay this, and a
// record is capped at kMaxRecord, so it stays linear). Written here: no Debian package offers
// a streaming CSV parser in C or C++ that reports lines and handles GB18030.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/io/rows.h"
#include "archive/io/text_decoder.h"

namespace archive::io {

namespace {

// Caps that keep memory bounded on any input (a damaged file, a missing closing quote, fuzzing).
// A field holds at most 1 MiB: Excel's own cell limit is 32,767 characters, so a larger field
// is a damaged file or a quote left open, refused at the line where that field starts. A record
// holds at most 16 MiB and 16,384 fields (Excel's column limit).
constexpr std::size_t kMaxField = std::size_t{1} << 20;
constexpr std::size_t kMaxRecord = std::size_t{16} << 20;
constexpr std::size_t kMaxFields = 16384;

using Table = std::array<bool, 256>;

inline unsigned char byte(char c) { return static_cast<unsigned char>(c); }

std::string hex_bytes(const std::string& bytes) {
  std::string out;
  for (const char c : bytes) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{:02X}", byte(c));
  }
  return out;
}

std::string delimiter_label(char delimiter) {
  switch (delimiter) {
    case ',':
      return tr("comma-separated");
    case ';':
      return tr("semicolon-separated");
    case '\t':
      return tr("tab-separated");
    default:
      return fmt::format(fmt::runtime(tr("separated by {}")), std::string(1, delimiter));
  }
}

class DelimitedReader final : public RowReader {
 public:
  DelimitedReader(TextDecoder decoder, std::string name, std::optional<char> delimiter);

  bool next(Row& row) override;
  std::string locate(const Row& row, std::size_t column, std::string_view header) const override;
  double progress() const override { return decoder_.progress(); }
  std::string description() const override {
    return fmt::format(fmt::runtime(tr("{}, {}")), decoder_.label(), delimiter_label(delimiter_));
  }

 private:
  enum class Parsed : std::uint8_t { kRow, kMore };

  bool refill();
  void skip_line_breaks();
  Parsed parse(Row& row);
  char detect_delimiter() const;
  void append(std::string& text, const char* from, const char* to, std::size_t line,
              std::size_t field) const;
  [[noreturn]] void fail_bad_bytes(std::size_t line, std::size_t column) const;
  [[noreturn]] void fail(std::size_t line, std::size_t column, const char* message) const;

  TextDecoder decoder_;
  std::string name_;
  char delimiter_ = ',';
  Table plain_{};   // bytes that end an unquoted run: the delimiter, CR, LF, NUL
  Table quoted_{};  // bytes that end a quoted run: the quote, CR, LF, NUL

  // Decoded text: [pos_, end_) not yet parsed, and one spare byte after end_ for a sentinel.
  std::unique_ptr<char[]> buf_;
  std::size_t cap_ = 0;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool end_of_input_ = false;

  std::size_t line_ = 1;         // the physical line at pos_
  bool after_cr_ = false;        // pos_ follows a CR, so an LF there ends no further line
  std::size_t more_line_ = 0;    // where the last parse that ran out of text stopped
  std::size_t more_column_ = 0;  // (for a message about bad bytes just after)
};

DelimitedReader::DelimitedReader(TextDecoder decoder, std::string name,
                                 std::optional<char> delimiter)
    : decoder_(std::move(decoder)), name_(std::move(name)) {
  for (;;) {
    skip_line_breaks();
    if (pos_ < end_) break;
    if (!refill()) {
      if (decoder_.bad()) fail_bad_bytes(line_, 1);
      throw Error(Exit::kData, fmt::format(fmt::runtime(tr("{} is empty")), name_));
    }
  }
  delimiter_ = delimiter ? *delimiter : detect_delimiter();
  for (const char c : {delimiter_, '\r', '\n', '\0'}) plain_[byte(c)] = true;
  for (const char c : {'"', '\r', '\n', '\0'}) quoted_[byte(c)] = true;
}

// Moves the unparsed text to the front and decodes more after it; false at the end of the
// input (then decoder_.bad() says whether it ended at bytes it could not decode).
bool DelimitedReader::refill() {
  if (end_of_input_) return false;
  const std::size_t kept = end_ - pos_;
  if (kept >= kMaxRecord) {
    fail(line_, 0, N_("{} line {}: a row longer than 16 MiB (is a quote left open?)"));
  }
  const std::size_t want = kept + decoder_.min_room() + 1;
  if (cap_ < want) {
    std::unique_ptr<char[]> bigger(new char[want]);
    if (kept > 0) std::memcpy(bigger.get(), buf_.get() + pos_, kept);
    buf_ = std::move(bigger);
    cap_ = want;
  } else if (pos_ > 0 && kept > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, kept);
  }
  pos_ = 0;
  end_ = kept;
  const std::size_t n = decoder_.fill(buf_.get() + end_, cap_ - end_ - 1);
  if (n == 0) {
    end_of_input_ = true;
    return false;
  }
  end_ += n;
  return true;
}

// Blank lines between records: CR, LF and CRLF each end one line.
void DelimitedReader::skip_line_breaks() {
  const char* p = buf_.get() + pos_;
  const char* const end = buf_.get() + end_;
  for (; p < end; ++p) {
    if (*p == '\n') {
      if (!after_cr_) ++line_;
      after_cr_ = false;
    } else if (*p == '\r') {
      ++line_;
      after_cr_ = true;
    } else {
      after_cr_ = false;
      break;
    }
  }
  pos_ = static_cast<std::size_t>(p - buf_.get());
}

bool DelimitedReader::next(Row& row) {
  for (;;) {
    skip_line_breaks();
    if (pos_ == end_) {
      if (refill()) continue;
      if (decoder_.bad()) fail_bad_bytes(line_, 1);
      return false;
    }
    const std::size_t start = line_;
    if (parse(row) == Parsed::kMore) {
      // The text ran out inside the record: parse it again with more, or knowing it is the end.
      if (!refill() && decoder_.bad()) fail_bad_bytes(more_line_, more_column_);
      continue;
    }
    row.line = start;
    // A record of empty fields only is a blank row, as spreadsheets write them (",,,,").
    const bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                                   [](const Cell& cell) { return cell.text.empty(); });
    if (!blank) return true;
  }
}

void DelimitedReader::append(std::string& text, const char* from, const char* to, std::size_t line,
                             std::size_t field) const {
  const auto size = static_cast<std::size_t>(to - from);
  if (text.size() + size > kMaxField) {
    fail(line, field + 1,
         N_("{} line {}, column {}: a field larger than 1 MiB (is a quote left open?)"));
  }
  text.append(from, size);
}

// Parses the record at pos_ into `row`. kMore when the text ends before the record does and
// more may come: pos_ and line_ are then unchanged.
DelimitedReader::Parsed DelimitedReader::parse(Row& row) {
  char* const end = buf_.get() + end_;
  *end = '\n';  // a sentinel: every scan below stops at a line break
  const char* p = buf_.get() + pos_;
  std::size_t line = line_;
  std::size_t field = 0;
  auto& cells = row.cells;
  const auto more = [&] {
    more_line_ = line;
    more_column_ = field + 1;
    return Parsed::kMore;
  };
  for (;;) {
    if (field == cells.size()) {
      if (field == kMaxFields) fail(line, 0, N_("{} line {}: more than 16384 columns"));
      cells.emplace_back();
    }
    Cell& cell = cells[field];
    cell.type = CellType::kText;
    cell.lost_digits = false;
    std::string& text = cell.text;
    text.clear();
    const std::size_t field_line = line;
    if (*p == '"') {
      ++p;
      for (;;) {
        const char* q = p;
        while (!quoted_[byte(*q)]) ++q;
        append(text, p, q, field_line, field);
        p = q;
        if (p == end) {
          if (!end_of_input_) return more();
          fail(field_line, field + 1,
               N_("{} line {}, column {}: a quoted field that is never closed (the file "
                  "ends inside it)"));
        }
        const char c = *p;
        if (c == '"') {
          if (p + 1 == end && !end_of_input_) return more();  // "" or a closing quote?
          if (p[1] == '"') {  // the sentinel is not a quote, so p + 1 < end
            append(text, p, p + 1, field_line, field);
            p += 2;
            continue;
          }
          ++p;  // the closing quote
          break;
        }
        if (c == '\0') {
          fail(line, field + 1,
               N_("{} line {}, column {}: a NUL byte: the file is binary, or UTF-16 without a "
                  "byte-order mark (try --encoding UTF-16LE)"));
        }
        // A line break inside the field: CR, LF or CRLF, kept as one LF.
        if (c == '\r') {
          if (p + 1 == end && !end_of_input_) return more();
          if (p[1] == '\n' && p + 1 < end) ++p;
        }
        ++p;
        ++line;
        constexpr char kLf = '\n';
        append(text, &kLf, &kLf + 1, field_line, field);
      }
    }
    // Unquoted text, or what follows a closing quote (kept as it is, as spreadsheets do; a
    // quote inside unquoted text is an ordinary character).
    const char* q = p;
    while (!plain_[byte(*q)]) ++q;
    append(text, p, q, field_line, field);
    p = q;
    if (p == end) {
      if (!end_of_input_) return more();
      break;  // the last record, without a line break
    }
    const char c = *p;
    if (c == delimiter_) {
      ++p;
      ++field;
      continue;
    }
    if (c == '\0') {
      fail(line, field + 1,
           N_("{} line {}, column {}: a NUL byte: the file is binary, or UTF-16 without a "
              "byte-order mark (try --encoding UTF-16LE)"));
    }
    ++p;  // the line break that ends the record; an LF after a CR is skipped with blank lines
    ++line;
    after_cr_ = c == '\r';
    break;
  }
  cells.resize(field + 1);
  pos_ = static_cast<std::size_t>(p - buf_.get());
  line_ = line;
  return Parsed::kRow;
}

// The delimiter, when not given: whichever of comma, tab and semicolon occurs most often
// outside quotes in the header line (the first non-blank line). A tie, or a header with none
// of them (one column), goes to comma, or to tab for UTF-16 text (Excel's "Unicode text" is
// tab-separated); among the others a tie goes to comma, then tab, then semicolon.
char DelimitedReader::detect_delimiter() const {
  std::size_t comma = 0;
  std::size_t tab = 0;
  std::size_t semicolon = 0;
  bool quoted = false;
  for (std::size_t i = pos_; i < end_; ++i) {
    const char c = buf_[i];
    if (c == '"') {
      quoted = !quoted;  // a doubled quote toggles twice
    } else if (quoted) {
      continue;
    } else if (c == '\n' || c == '\r') {
      break;
    } else if (c == ',') {
      ++comma;
    } else if (c == '\t') {
      ++tab;
    } else if (c == ';') {
      ++semicolon;
    }
  }
  std::array<std::pair<char, std::size_t>, 3> order = {
      {{',', comma}, {'\t', tab}, {';', semicolon}}};
  if (decoder_.utf16()) std::swap(order[0], order[1]);
  auto best = order[0];
  for (const auto& candidate : order) {
    if (candidate.second > best.second) best = candidate;
  }
  return best.first;
}

std::string DelimitedReader::locate(const Row& row, std::size_t column,
                                    std::string_view header) const {
  if (header.empty()) {
    return fmt::format(fmt::runtime(tr("line {}, column {}")), row.line, column + 1);
  }
  return fmt::format(fmt::runtime(tr("line {}, column {}")), row.line, header);
}

void DelimitedReader::fail(std::size_t line, std::size_t column, const char* message) const {
  if (column == 0) throw Error(Exit::kData, fmt::format(fmt::runtime(tr(message)), name_, line));
  throw Error(Exit::kData, fmt::format(fmt::runtime(tr(message)), name_, line, column));
}

void DelimitedReader::fail_bad_bytes(std::size_t line, std::size_t column) const {
  const std::string bytes = hex_bytes(decoder_.bad().value_or(std::string()));
  if (decoder_.fell_back()) {
    throw Error(Exit::kData,
                fmt::format(fmt::runtime(tr("{} line {}, column {}: bytes {} that are valid in "
                                            "neither UTF-8 nor GB18030 (give --encoding if the "
                                            "file uses another encoding)")),
                            name_, line, column, bytes));
  }
  throw Error(Exit::kData,
              fmt::format(fmt::runtime(tr("{} line {}, column {}: bytes {} that are not valid {}")),
                          name_, line, column, bytes, decoder_.encoding()));
}

void check_delimiter(std::optional<char> delimiter) {
  if (!delimiter) return;
  const char c = *delimiter;
  if (c == '"' || c == '\r' || c == '\n' || c == '\0' || byte(c) >= 0x80) {
    throw Error(Exit::kUsage, tr("--delimiter must be one ASCII character other than a quote "
                                 "or a line break"));
  }
}

}  // namespace

std::unique_ptr<RowReader> open_delimited(const std::filesystem::path& path,
                                          const DelimitedOptions& options) {
  check_delimiter(options.delimiter);
  if (options.encoding) TextDecoder::check_encoding(*options.encoding);
  const std::string name = path.string();
  TextDecoder decoder(ByteSource::file(path, name), options.encoding);
  return std::make_unique<DelimitedReader>(std::move(decoder), name, options.delimiter);
}

std::unique_ptr<RowReader> read_delimited(std::string bytes, std::string name,
                                          const DelimitedOptions& options) {
  check_delimiter(options.delimiter);
  TextDecoder decoder(ByteSource::memory(std::move(bytes)), options.encoding);
  return std::make_unique<DelimitedReader>(std::move(decoder), std::move(name), options.delimiter);
}

}  // namespace archive::io
