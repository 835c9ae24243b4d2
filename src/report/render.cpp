// Renderers of the neutral Table: aligned text, CSV (RFC 4180), Markdown and JSON.
#include "archive/report/render.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <system_error>

#include "archive/domain/text.h"

namespace archive::report {
namespace {

constexpr std::string_view kNullMark = "\u2014";  // — for null cells in the aligned table
constexpr std::string_view kRuleChar = "\u2500";  // ─
constexpr std::string_view kOpenEnd = "\u2026";   // … for an open end of a period
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacement = "\uFFFD";

bool is_right_aligned(CellType type) {
  return type == CellType::kInteger || type == CellType::kMoney || type == CellType::kPercentage ||
         type == CellType::kNumber;
}

// A row shorter than the columns is padded with nulls rather than read out of bounds.
const Cell& cell_at(const Row& row, std::size_t column) {
  static const Cell kNullCell;
  return column < row.size() ? row[column] : kNullCell;
}

// Shortest round-trip form, as JSON wants it; never locale-dependent (unlike printf).
std::string shortest(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "0";
  return std::string(buf, end);
}

std::string fixed_one_decimal(double value) {
  char buf[512];  // fixed notation of the largest double needs ~310 characters
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 1);
  if (ec != std::errc()) return shortest(value);
  std::string text(buf, end);
  if (text == "-0.0") text = "0.0";  // -0.04% rounds to nothing; a sign would mislead
  return text;
}

// Money held as a double by mistake is taken as fen, like the int64 form.
std::optional<std::int64_t> fen_of(double value) {
  if (!std::isfinite(value) || std::fabs(value) >= 9.0e18) return std::nullopt;
  return std::llround(value);
}

// The plain text of a cell as its column's type shows it, before any format's escaping;
// nothing for null. `percent_sign` adds "%" to percentages (the aligned table and Markdown).
std::optional<std::string> cell_text(const Cell& cell, CellType type, bool percent_sign) {
  if (const auto* text = std::get_if<std::string>(&cell.value)) return *text;
  if (const auto* number = std::get_if<std::int64_t>(&cell.value)) {
    switch (type) {
      case CellType::kMoney:
        return format_money(*number);
      case CellType::kPercentage:
        return fixed_one_decimal(static_cast<double>(*number)) + (percent_sign ? "%" : "");
      case CellType::kNumber:
        return fixed_one_decimal(static_cast<double>(*number));
      default:
        return std::to_string(*number);
    }
  }
  if (const auto* real = std::get_if<double>(&cell.value)) {
    if (!std::isfinite(*real)) return std::nullopt;
    switch (type) {
      case CellType::kMoney: {
        auto fen = fen_of(*real);
        if (!fen) return std::nullopt;
        return format_money(*fen);
      }
      case CellType::kPercentage:
        return fixed_one_decimal(*real) + (percent_sign ? "%" : "");
      case CellType::kNumber:
        return fixed_one_decimal(*real);
      default:
        return shortest(*real);
    }
  }
  return std::nullopt;
}

std::string period_suffix(const Table& table) {
  if (!table.period) return "";
  const Period& period = *table.period;
  std::string text = " \u00B7 ";
  text += period.from.empty() ? kOpenEnd : std::string_view(period.from);
  text += " \u2013 ";
  text += period.to.empty() ? kOpenEnd : std::string_view(period.to);
  return text;
}

// Only groups with rows are shown; the totals row rides with the last of them.
std::vector<const Group*> visible_groups(const Table& table) {
  std::vector<const Group*> groups;
  for (const Group& group : table.groups) {
    if (!group.rows.empty()) groups.push_back(&group);
  }
  return groups;
}

// ---------------------------------------------------------------- aligned table

// A line of the aligned table must stay one line and must not reach the terminal as
// control codes (a stray ESC in a customer name would repaint the clerk's screen), so
// line breaks, tabs and other C0/C1 controls become one space each (CRLF counts as one).
std::string one_line(std::string_view text) {
  std::string line;
  line.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      line += ' ';
      ++i;
    } else if (byte < 0x20 || byte == 0x7F) {
      line += ' ';
    } else if (byte == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      line += ' ';
      ++i;
    } else {
      line += text[i];
    }
  }
  return line;
}

std::string table_cell(const Cell& cell, CellType type) {
  auto text = cell_text(cell, type, /*percent_sign=*/true);
  return text ? one_line(*text) : std::string(kNullMark);
}

void rstrip_spaces(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

void write_aligned_line(const std::vector<std::string>& cells, const std::vector<Column>& columns,
                        const std::vector<std::size_t>& widths, bool bold, std::ostream& out) {
  std::string line;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) line += "  ";
    const std::string& text = cells[c];
    const std::size_t width = domain::display_width(text);
    const std::size_t pad = widths[c] > width ? widths[c] - width : 0;
    const bool right = is_right_aligned(columns[c].type);
    if (right) line.append(pad, ' ');
    // The escape codes are added around the text after measuring, so they take no width.
    if (bold && !text.empty()) {
      line += kBold;
      line += text;
      line += kReset;
    } else {
      line += text;
    }
    if (!right && c + 1 < columns.size()) line.append(pad, ' ');
  }
  rstrip_spaces(line);  // an empty last cell must not leave the separator behind
  out << line << '\n';
}

void render_aligned(const Table& table, const RenderOptions& options, std::ostream& out) {
  std::vector<const Group*> groups = visible_groups(table);
  const Group kEmpty;
  if (groups.empty()) {
    if (!table.show_empty) return;
    groups.push_back(&kEmpty);
  }
  const std::vector<Column>& columns = table.columns;

  if (table.show_title && !table.title.empty()) {
    out << one_line(table.title + period_suffix(table)) << '\n';
  }

  std::vector<std::string> labels;
  for (const Column& column : columns) labels.push_back(one_line(column.label));

  for (std::size_t g = 0; g < groups.size(); ++g) {
    const bool last = g + 1 == groups.size();
    std::vector<std::vector<std::string>> lines;
    for (const Row& row : groups[g]->rows) {
      std::vector<std::string>& cells = lines.emplace_back();
      for (std::size_t c = 0; c < columns.size(); ++c) {
        cells.push_back(table_cell(cell_at(row, c), columns[c].type));
      }
    }
    if (last && table.totals) {
      std::vector<std::string>& cells = lines.emplace_back();
      for (std::size_t c = 0; c < columns.size(); ++c) {
        cells.push_back(table_cell(cell_at(*table.totals, c), columns[c].type));
      }
    }

    // Widths are per group, as in the spec's example: each owner's block fits its own data.
    std::vector<std::size_t> widths;
    for (const std::string& label : labels) widths.push_back(domain::display_width(label));
    for (const auto& cells : lines) {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        widths[c] = std::max(widths[c], domain::display_width(cells[c]));
      }
    }

    if (g > 0) out << '\n';
    if (!groups[g]->heading.empty()) out << one_line(groups[g]->heading) << '\n';
    write_aligned_line(labels, columns, widths, options.color, out);
    std::vector<std::string> rules;
    for (std::size_t width : widths) {
      std::string rule;
      for (std::size_t i = 0; i < width; ++i) rule += kRuleChar;
      rules.push_back(std::move(rule));
    }
    write_aligned_line(rules, columns, widths, false, out);
    for (const auto& cells : lines) write_aligned_line(cells, columns, widths, false, out);
  }
}

// ---------------------------------------------------------------- CSV

std::string csv_field(const Cell& cell, CellType type) {
  auto text = cell_text(cell, type, /*percent_sign=*/false);
  if (!text) return "";
  std::string field = std::move(*text);
  // Spreadsheets run a cell that starts like a formula. Only free text can carry one: a
  // negative amount such as "-12.50" must stay a number.
  if (type == CellType::kText && std::holds_alternative<std::string>(cell.value) &&
      !field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string::npos) {
    field.insert(field.begin(), '\'');
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char ch : field) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  quoted += '"';
  return quoted;
}

void write_csv_row(const Row& row, const std::vector<Column>& columns, std::ostream& out) {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) out << ',';
    out << csv_field(cell_at(row, c), columns[c].type);
  }
  out << "\r\n";
}

void render_csv(const Table& table, const RenderOptions& options, std::ostream& out) {
  if (options.bom) out << kUtf8Bom;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) out << ',';
    out << csv_field(Cell::text(table.columns[c].key), CellType::kInteger);  // no guard
  }
  out << "\r\n";
  for (const Group& group : table.groups) {
    for (const Row& row : group.rows) write_csv_row(row, table.columns, out);
  }
  if (table.totals) write_csv_row(*table.totals, table.columns, out);
}

// ---------------------------------------------------------------- Markdown

// Inside a table cell a | would end the cell and a newline the row.
std::string md_escape(std::string_view text, bool escape_stars) {
  std::string escaped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '|') {
      escaped += "\\|";
    } else if (ch == '*' && escape_stars) {
      escaped += "\\*";
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      escaped += "<br>";
    } else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) {
      escaped += ' ';
    } else {
      escaped += ch;
    }
  }
  return escaped;
}

void write_md_row(const std::vector<std::string>& cells, std::ostream& out) {
  out << '|';
  for (const std::string& cell : cells) {
    if (!cell.empty()) out << ' ' << cell;
    out << " |";
  }
  out << '\n';
}

std::vector<std::string> md_cells(const Row& row, const std::vector<Column>& columns) {
  std::vector<std::string> cells;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    auto text = cell_text(cell_at(row, c), columns[c].type, /*percent_sign=*/true);
    cells.push_back(text ? md_escape(*text, false) : std::string());
  }
  return cells;
}

void render_markdown(const Table& table, std::ostream& out) {
  const std::vector<Column>& columns = table.columns;
  if (table.show_title && !table.title.empty()) {
    out << "**" << md_escape(table.title + period_suffix(table), true) << "**\n\n";
  }
  std::vector<std::string> header;
  std::vector<std::string> alignment;
  for (const Column& column : columns) {
    header.push_back(md_escape(column.label, false));
    alignment.push_back(is_right_aligned(column.type) ? "---:" : "---");
  }

  // Unlike the aligned table, an empty result still shows its headers: a Markdown report
  // pasted into a document should say "nothing" rather than vanish.
  std::vector<const Group*> groups = visible_groups(table);
  const Group kEmpty;
  if (groups.empty()) groups.push_back(&kEmpty);

  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (g > 0) out << '\n';
    if (!groups[g]->heading.empty()) {
      out << "**" << md_escape(groups[g]->heading, true) << "**\n\n";
    }
    write_md_row(header, out);
    write_md_row(alignment, out);
    for (const Row& row : groups[g]->rows) write_md_row(md_cells(row, columns), out);
    if (g + 1 == groups.size() && table.totals) {
      write_md_row(md_cells(*table.totals, columns), out);
    }
  }
}

// ---------------------------------------------------------------- JSON

// Length of the well-formed UTF-8 sequence at text[i], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = at(i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (at(i + 1) < low || at(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return length;
}

// Non-ASCII stays as UTF-8; a malformed byte becomes U+FFFD so the document stays valid
// JSON even if a legacy import let one through.
void write_json_string(std::string_view text, std::ostream& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out << '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out << kReplacement;
        ++i;
      } else {
        out << text.substr(i, length);
        i += length;
      }
      continue;
    }
    switch (byte) {
      case '"':
        out << "\\\"";
        break;
      case '\\':
        out << "\\\\";
        break;
      case '\n':
        out << "\\n";
        break;
      case '\r':
        out << "\\r";
        break;
      case '\t':
        out << "\\t";
        break;
      default:
        if (byte < 0x20) {
          out << "\\u00" << kHex[byte >> 4] << kHex[byte & 0xF];
        } else {
          out << static_cast<char>(byte);
        }
    }
    ++i;
  }
  out << '"';
}

void write_json_value(const Cell& cell, CellType type, std::ostream& out) {
  if (const auto* text = std::get_if<std::string>(&cell.value)) {
    write_json_string(*text, out);
    return;
  }
  const bool numeric =
      type == CellType::kInteger || type == CellType::kPercentage || type == CellType::kNumber;
  if (const auto* number = std::get_if<std::int64_t>(&cell.value)) {
    if (numeric) {
      out << *number;
    } else {
      write_json_string(*cell_text(cell, type, false), out);
    }
    return;
  }
  if (const auto* real = std::get_if<double>(&cell.value)) {
    if (!std::isfinite(*real)) {
      out << "null";  // JSON has no NaN or infinity
    } else if (numeric) {
      out << shortest(*real);
    } else if (auto text = cell_text(cell, type, false)) {
      write_json_string(*text, out);
    } else {
      out << "null";
    }
    return;
  }
  out << "null";
}

std::string_view type_name(CellType type) {
  switch (type) {
    case CellType::kInteger:
      return "integer";
    case CellType::kMoney:
      return "money";
    case CellType::kDate:
      return "date";
    case CellType::kPercentage:
      return "percentage";
    case CellType::kNumber:
      return "number";
    case CellType::kText:
      break;
  }
  return "text";
}

void write_json_row(const Row& row, const std::vector<Column>& columns, std::ostream& out) {
  out << '{';
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) out << ", ";
    write_json_string(columns[c].key, out);
    out << ": ";
    write_json_value(cell_at(row, c), columns[c].type, out);
  }
  out << '}';
}

// One envelope, every line after the first prefixed by `indent` so it can sit in an array.
void write_json_envelope(const Table& table, std::string_view indent, std::ostream& out) {
  const std::string inner = std::string(indent) + "  ";
  const std::string item = inner + "  ";
  out << "{\n" << inner << "\"report\": ";
  write_json_string(table.name, out);
  out << ",\n" << inner << "\"title\": ";
  write_json_string(table.title, out);
  out << ",\n" << inner << "\"period\": ";
  if (table.period) {
    const auto write_end = [&](const std::string& date) {
      if (date.empty()) {
        out << "null";
      } else {
        write_json_string(date, out);
      }
    };
    out << "{\"from\": ";
    write_end(table.period->from);
    out << ", \"to\": ";
    write_end(table.period->to);
    out << '}';
  } else {
    out << "null";
  }

  out << ",\n" << inner << "\"columns\": [";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const Column& column = table.columns[c];
    out << (c > 0 ? ",\n" : "\n") << item << "{\"key\": ";
    write_json_string(column.key, out);
    out << ", \"label\": ";
    write_json_string(column.label, out);
    out << ", \"type\": \"" << type_name(column.type) << "\"}";
  }
  out << (table.columns.empty() ? "]" : "\n" + inner + "]");

  out << ",\n" << inner << "\"rows\": [";
  bool first = true;
  for (const Group& group : table.groups) {
    for (const Row& row : group.rows) {
      out << (first ? "\n" : ",\n") << item;
      write_json_row(row, table.columns, out);
      first = false;
    }
  }
  out << (first ? "]" : "\n" + inner + "]");

  if (table.totals) {
    out << ",\n" << inner << "\"totals\": ";
    write_json_row(*table.totals, table.columns, out);
  }
  out << '\n' << indent << '}';
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::kTable;
  if (name == "csv") return Format::kCsv;
  if (name == "md" || name == "markdown") return Format::kMarkdown;
  if (name == "json") return Format::kJson;
  return std::nullopt;
}

std::string format_money(std::int64_t fen) {
  // Through the unsigned magnitude so INT64_MIN does not overflow on negation.
  const bool negative = fen < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / 100);
  text += '.';
  const std::uint64_t cents = magnitude % 100;
  text += static_cast<char>('0' + cents / 10);
  text += static_cast<char>('0' + cents % 10);
  return text;
}

namespace {

// The table without the columns marked !in_table, for the formats a person reads.
Table for_people(const Table& table) {
  Table out = table;
  out.columns.clear();
  std::vector<std::size_t> keep;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].in_table) {
      keep.push_back(c);
      out.columns.push_back(table.columns[c]);
    }
  }
  auto project = [&](const Row& row) {
    Row projected;
    for (std::size_t c : keep) projected.push_back(c < row.size() ? row[c] : Cell::null());
    return projected;
  };
  for (auto& group : out.groups) {
    for (auto& row : group.rows) row = project(row);
  }
  if (out.totals) out.totals = project(*out.totals);
  return out;
}

bool all_in_table(const Table& table) {
  for (const auto& column : table.columns) {
    if (!column.in_table) return false;
  }
  return true;
}

}  // namespace

void render(const Table& table, Format format, const RenderOptions& options, std::ostream& out) {
  switch (format) {
    case Format::kTable:
      render_aligned(all_in_table(table) ? table : for_people(table), options, out);
      return;
    case Format::kCsv:
      render_csv(table, options, out);
      return;
    case Format::kMarkdown:
      render_markdown(all_in_table(table) ? table : for_people(table), out);
      return;
    case Format::kJson:
      write_json_envelope(table, "", out);
      out << '\n';
      return;
  }
}

void render_all(const std::vector<Table>& tables, Format format, const RenderOptions& options,
                std::ostream& out) {
  if (format == Format::kJson) {
    if (tables.size() == 1) {
      render(tables.front(), format, options, out);
      return;
    }
    out << '[';
    for (std::size_t t = 0; t < tables.size(); ++t) {
      out << (t > 0 ? ",\n  " : "\n  ");
      write_json_envelope(tables[t], "  ", out);
    }
    out << (tables.empty() ? "]\n" : "\n]\n");
    return;
  }

  // The BOM belongs to the file, not to each table in it.
  if (format == Format::kCsv && options.bom) out << kUtf8Bom;
  RenderOptions each = options;
  each.bom = false;
  const std::string_view blank_line = format == Format::kCsv ? "\r\n" : "\n";
  bool wrote = false;
  for (const Table& table : tables) {
    std::ostringstream text;
    render(table, format, each, text);
    if (text.view().empty()) continue;  // an empty aligned table leaves no gap either
    if (wrote) out << blank_line;
    out << text.view();
    wrote = true;
  }
}

}  // namespace archive::report
