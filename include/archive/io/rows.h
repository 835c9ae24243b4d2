// The one reader interface of `archive import`: a spreadsheet as rows of cells, each row
// knowing where it came from, so every message can name the file, line or cell. Readers for
// delimited text (CSV, Excel's "Unicode text") and XLSX workbooks plug in behind it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archive::io {

// What a cell held in its source. Delimited text only ever has kText; a workbook also says
// whether the cell was a number, a date (found through its number format), a boolean or an
// error value, so that import can tell a phone stored as a number from one typed as text.
enum class CellType : std::uint8_t {
  kEmpty,
  kText,
  kNumber,  // text: the shortest decimal digits that round-trip ("13812340001", "0.5")
  kDate,    // text: ISO "YYYY-MM-DD" (or "YYYY-MM-DD HH:MM:SS" when it has a time)
  kBool,    // text: "TRUE" or "FALSE"
  kError,   // text: the error value as Excel shows it ("#N/A")
};

struct Cell {
  std::string text;  // UTF-8
  CellType type = CellType::kText;
  // kNumber only: the number has more significant digits than a double keeps (15), so
  // Excel has already rounded it (an ID number stored as a number).
  bool lost_digits = false;
};

struct Row {
  std::vector<Cell> cells;
  // Where the row starts in its source, 1-based: the physical line of a delimited file (a
  // quoted field may span lines), the row number of a sheet.
  std::size_t line = 0;
};

class RowReader {
 public:
  RowReader() = default;
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;
  virtual ~RowReader() = default;

  // Reads the next non-blank row into `row` (its cells replaced); false at the end. Throws
  // archive::Error(kData) naming the file and line (or cell) for input it cannot read:
  // an unterminated quote, a NUL byte, bytes invalid in the encoding, an oversized field.
  virtual bool next(Row& row) = 0;

  // Where a cell is, for messages and the reject file: "line 17, column 手机" for text,
  // "Sheet1!D7" for a workbook. `column` is 0-based; `header` is the column's header.
  virtual std::string locate(const Row& row, std::size_t column, std::string_view header) const = 0;

  // How much of the input has been read, 0.0 to 1.0 (bytes of the file), for progress.
  virtual double progress() const = 0;

  // What was detected, for the note on stderr: "UTF-8 with BOM, comma-separated" or
  // "sheet 客户 (first of 2)".
  virtual std::string description() const = 0;
};

struct DelimitedOptions {
  std::optional<std::string> encoding;  // --encoding: any name iconv knows; else detected
  std::optional<char> delimiter;        // --delimiter: else detected (comma, semicolon, tab)
};

// Opens a delimited text file. Encoding: a UTF-8 BOM -> UTF-8; a UTF-16 BOM -> UTF-16 (Excel's
// "Unicode text", tab-separated); a file that is valid UTF-8 -> UTF-8; else GB18030 (which
// reads GBK and CP936); a file valid in none is refused (kData) naming the line of the first
// bad byte. Throws Error(kNoInput) for a missing or unreadable file, Error(kData) for an
// empty one. Memory stays bounded whatever the file size.
std::unique_ptr<RowReader> open_delimited(const std::filesystem::path& path,
                                          const DelimitedOptions& options);

struct XlsxOptions {
  std::optional<std::string> sheet;  // --sheet: else the first sheet
};

// Opens one sheet of an .xlsx workbook (see xlsx_reader.cpp for the caps that guard
// against zip bombs). Throws Error(kData) for a file that is not a workbook, a corrupt or
// encrypted one; Error(kNoInput) for a missing file or sheet (the message lists the sheets).
std::unique_ptr<RowReader> open_xlsx(const std::filesystem::path& path, const XlsxOptions& options);

// The same over bytes already in memory (unit tests and fuzzing); `name` stands for the file
// in messages.
std::unique_ptr<RowReader> read_delimited(std::string bytes, std::string name,
                                          const DelimitedOptions& options);
std::unique_ptr<RowReader> read_xlsx(std::string bytes, std::string name,
                                     const XlsxOptions& options);

// Whether a file is a zip archive (an .xlsx workbook) by its first bytes, whatever its name.
bool looks_like_zip(const std::filesystem::path& path);

}  // namespace archive::io
