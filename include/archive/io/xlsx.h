// The XLSX reader's caps against zip bombs and hostile XML, and the value rules it applies to
// cells (number formats, Excel's date serials, number text, cell references), exposed so the
// unit tests can check them on their own. The reader itself is open_xlsx() in rows.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "archive/io/rows.h"

namespace archive::io {

// What the reader refuses to unpack. The defaults let a 1,000,000-row sheet through (its
// XML is a few hundred MB to about 2 GB) and stop a zip bomb long before memory or disk
// suffer; they are counted on the bytes actually decompressed, not on the sizes the zip's
// central directory claims.
struct XlsxLimits {
  std::uint64_t max_entries = 10'000;          // files in the zip archive
  std::uint64_t max_total_bytes = 4ULL << 30;  // decompressed, over all parts read (4 GiB)
  std::uint64_t max_ratio = 100;               // decompressed : compressed bytes of one part
  std::uint64_t ratio_grace_bytes = 1 << 20;   // ... checked once a part is past 1 MiB
  int max_depth = 64;                          // nesting of XML elements
};

// open_xlsx() and read_xlsx() with other caps (tests).
std::unique_ptr<RowReader> open_xlsx(const std::filesystem::path& path, const XlsxOptions& options,
                                     const XlsxLimits& limits);
std::unique_ptr<RowReader> read_xlsx(std::string bytes, std::string name,
                                     const XlsxOptions& options, const XlsxLimits& limits);

namespace xlsx {

// What a cell's number format makes of a number.
enum class NumberKind : std::uint8_t {
  kNumber,    // General, 0.00, #,##0, text (@) …
  kDate,      // shows a day: yyyy-mm-dd, yyyy"年"m"月"d"日", mmm-yy …
  kDateTime,  // a day and a time of day: m/d/yy h:mm
  kTime,      // a time of day only: h:mm:ss, 上午/下午h"时"mm"分"
};

// The kind of a built-in format (numFmtId below 164 without a numFmt of its own): 14-17,
// 22, 27-31, 36, 50-54, 57 and 58 show days (the zh-CN ones among them), 18-21, 32-35,
// 45-47, 55 and 56 times of day.
NumberKind builtin_number_kind(int id);
// The kind of a format code: y, d (and m without h or s) show a day, h and s a time, read
// outside quoted text, escaped characters and [brackets] (elapsed [h] [m] [s] count as
// time), in the first section of the code.
NumberKind number_kind(std::string_view format_code);

// A date serial as ISO text: "YYYY-MM-DD", with " HH:MM:SS" when `with_time`. The 1900
// system counts 1 as 1900-01-01 and keeps Lotus 1-2-3's fictitious 1900-02-29 as serial 60
// (given as "1900-02-29", which no calendar accepts); the 1904 system counts 0 as
// 1904-01-01. Nothing for serials that are no day (negative, 0 in the 1900 system, after
// 9999-12-31).
std::optional<std::string> serial_to_iso(double serial, bool date1904, bool with_time);
// The time of day of a serial's fraction, "HH:MM:SS", rounded to the second.
std::string serial_time(double serial);

// A number as text: integers without ".0" and without an exponent below 10^15, others in
// the shortest form that reads back as the same double. From 10^15 on, the integer part
// has more digits than Excel keeps (15): `lost_digits` is set and the text is what Excel
// shows, 15 significant digits and zeros (110101199003071000).
std::string number_text(double value, bool& lost_digits);

// Column letters of a 0-based column: 0 -> A, 25 -> Z, 26 -> AA.
std::string column_name(std::size_t column);
// A cell reference "AB12" as a 0-based column and a 1-based row; nothing when malformed or
// beyond Excel's last cell XFD1048576.
struct CellRef {
  std::size_t column = 0;
  std::size_t row = 0;
};
std::optional<CellRef> parse_cell_ref(std::string_view ref);
// "Sheet1!D7", quoting the sheet name the way Excel does when it needs it: 'My Sheet'!D7.
std::string cell_location(std::string_view sheet, std::size_t column, std::size_t row);

// Text with OOXML's _xHHHH_ escapes (Excel writes a carriage return as _x000D_) decoded.
std::string decode_escapes(std::string_view text);

}  // namespace xlsx
}  // namespace archive::io
