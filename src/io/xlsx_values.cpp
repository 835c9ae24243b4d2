// What the XLSX reader makes of cell values: number formats that show dates, Excel's date
// serials (1900 and 1904 systems), number text, cell references and sheet-name quoting.
// Written here by hand: Debian 12 packages no XLSX reader library for C or C++.
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "archive/domain/date.h"
#include "archive/io/xlsx.h"

namespace archive::io::xlsx {

namespace {

constexpr std::size_t kMaxColumns = 16'384;      // XFD
constexpr std::size_t kMaxRows = 1'048'576;      // Excel's last row
constexpr std::int64_t kLastSerial = 2'958'465;  // 9999-12-31 in the 1900 system
// Days from 1970-01-01 back to the day before serial 1 (1900 system, serials 1-59), to
// serial 0 of the 1900 system from serial 61 on (Excel counts the fictitious 1900-02-29),
// and to serial 0 of the 1904 system.
constexpr std::int64_t kEpoch1900Early = -25'568;  // 1899-12-31
constexpr std::int64_t kEpoch1900 = -25'569;       // 1899-12-30
constexpr std::int64_t kEpoch1904 = -24'107;       // 1904-01-01

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(text[at + i]) != word[i]) return false;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The UTF-16 code unit of an escape "_xHHHH_" at `at`, or nothing.
std::optional<char32_t> escape_at(std::string_view text, std::size_t at) {
  if (text.size() - at < 7 || text[at] != '_' || text[at + 1] != 'x' || text[at + 6] != '_') {
    return std::nullopt;
  }
  unsigned value = 0;
  const char* first = text.data() + at + 2;
  const auto [end, ec] = std::from_chars(first, first + 4, value, 16);
  if (ec != std::errc() || end != first + 4) return std::nullopt;
  return static_cast<char32_t>(value);
}

}  // namespace

NumberKind builtin_number_kind(int id) {
  switch (id) {
    case 14:
    case 15:
    case 16:
    case 17:
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
      return NumberKind::kDate;
    case 22:
      return NumberKind::kDateTime;
    case 18:
    case 19:
    case 20:
    case 21:
    case 32:
    case 33:
    case 34:
    case 35:
    case 45:
    case 46:
    case 47:
    case 55:
    case 56:
      return NumberKind::kTime;
    default:
      return NumberKind::kNumber;
  }
}

NumberKind number_kind(std::string_view code) {
  bool day = false;    // y or d
  bool month = false;  // m: a month unless the format also has h or s (then minutes)
  bool time = false;   // h, s, AM/PM, elapsed [h] [m] [s]
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = lower(code[i]);
    if (c == ';') break;  // later sections are for negative numbers, zero and text
    if (c == '"') {
      const auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped character, a space as wide as one, a fill character
    } else if (c == '[') {
      const auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const std::string_view inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty() && inside.find_first_not_of("hHmMsS") == std::string_view::npos) {
        time = true;  // elapsed time: [h]:mm:ss
      }
      i = close;  // colours, conditions, locales ([$-804]), currencies
    } else if (starts_with_nocase(code, i, "general")) {
      i += 6;
    } else if (starts_with_nocase(code, i, "am/pm")) {
      time = true;
      i += 4;
    } else if (starts_with_nocase(code, i, "a/p")) {
      time = true;
      i += 2;
    } else if (c == 'y' || c == 'd') {
      day = true;
    } else if (c == 'm') {
      month = true;
    } else if (c == 'h' || c == 's') {
      time = true;
    }
  }
  if (month && !time) day = true;
  if (day) return time ? NumberKind::kDateTime : NumberKind::kDate;
  return time ? NumberKind::kTime : NumberKind::kNumber;
}

std::optional<std::string> serial_to_iso(double serial, bool date1904, bool with_time) {
  if (!std::isfinite(serial) || serial < 0 || serial >= static_cast<double>(kLastSerial + 1)) {
    return std::nullopt;
  }
  auto days = static_cast<std::int64_t>(std::floor(serial));
  auto seconds = static_cast<std::int64_t>(std::llround((serial - std::floor(serial)) * 86'400.0));
  if (seconds == 86'400) {
    ++days;
    seconds = 0;
  }
  std::string date;
  if (date1904) {
    date = domain::Date::from_days(kEpoch1904 + days).iso();
  } else if (days < 1) {
    return std::nullopt;  // Excel shows 1900-01-00, which is no day
  } else if (days == 60) {
    date = "1900-02-29";  // Lotus 1-2-3's leap day, kept by Excel
  } else {
    date = domain::Date::from_days((days < 60 ? kEpoch1900Early : kEpoch1900) + days).iso();
  }
  if (date.size() != 10) return std::nullopt;  // after 9999-12-31 in the 1904 system
  if (with_time) {
    date += fmt::format(" {:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  return date;
}

std::string serial_time(double serial) {
  if (!std::isfinite(serial)) return "00:00:00";
  auto seconds =
      static_cast<std::int64_t>(std::llround((serial - std::floor(serial)) * 86'400.0)) % 86'400;
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

std::string number_text(double value, bool& lost_digits) {
  lost_digits = false;
  if (value == 0 || !std::isfinite(value)) return value == 0 ? "0" : fmt::format("{}", value);
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e15) {
    lost_digits = true;
    if (magnitude >= 1e21) return fmt::format("{}", value);  // Excel shows an exponent too
    // 15 significant digits, as Excel keeps and shows them.
    const std::string scientific = fmt::format("{:.14e}", magnitude);  // d.dddddddddddddde+XX
    const auto e = scientific.find('e');
    int exponent = 0;
    const std::size_t digits_at = scientific[e + 1] == '+' ? e + 2 : e + 1;
    std::from_chars(scientific.data() + digits_at, scientific.data() + scientific.size(), exponent);
    std::string digits = scientific.substr(0, 1) + scientific.substr(2, e - 2);
    digits.resize(static_cast<std::size_t>(exponent) + 1, '0');
    return value < 0 ? "-" + digits : digits;
  }
  if (value == std::trunc(value)) return fmt::format("{}", static_cast<std::int64_t>(value));
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), end);
}

std::string column_name(std::size_t column) {
  std::string name;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

std::optional<CellRef> parse_cell_ref(std::string_view ref) {
  std::size_t i = 0;
  std::size_t column = 0;
  for (; i < ref.size() && i < 4; ++i) {
    const char c = ref[i];
    if (c >= 'A' && c <= 'Z') {
      column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
    } else if (c >= 'a' && c <= 'z') {
      column = column * 26 + static_cast<std::size_t>(c - 'a' + 1);
    } else {
      break;
    }
  }
  if (column == 0 || column > kMaxColumns) return std::nullopt;
  std::size_t row = 0;
  const auto [end, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
  if (ec != std::errc() || end != ref.data() + ref.size() || row == 0 || row > kMaxRows) {
    return std::nullopt;
  }
  return CellRef{column - 1, row};
}

std::string cell_location(std::string_view sheet, std::size_t column, std::size_t row) {
  // Excel quotes a name that is not a plain word: spaces and punctuation, a leading digit,
  // or a name that could be read as a cell reference (A1).
  bool quote = sheet.empty() || (sheet[0] >= '0' && sheet[0] <= '9') ||
               parse_cell_ref(sheet).has_value() || sheet.find("\xE3\x80\x80") != sheet.npos;
  for (const char c : sheet) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      c == '_' || c == '.')) {
      quote = true;
    }
  }
  std::string name;
  if (quote) {
    name += '\'';
    for (const char c : sheet) {
      if (c == '\'') name += '\'';
      name += c;
    }
    name += '\'';
  } else {
    name = sheet;
  }
  return fmt::format("{}!{}{}", name, column_name(column), row);
}

std::string decode_escapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto unit = escape_at(text, i);
    if (!unit) {
      out += text[i++];
      continue;
    }
    i += 7;
    char32_t cp = *unit;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const auto low = escape_at(text, i);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        i += 7;
      }
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;  // no NUL, no lone surrogate
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace archive::io::xlsx
