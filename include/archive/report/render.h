// Renderers of the neutral Table: aligned text, CSV (RFC 4180), Markdown and JSON.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "archive/report/table.h"

namespace archive::report {

enum class Format { kTable, kCsv, kMarkdown, kJson };

// "table", "csv", "md" (also "markdown"), "json"; nothing for anything else.
std::optional<Format> parse_format(std::string_view name);

struct RenderOptions {
  bool bom = false;    // CSV: start with a UTF-8 BOM for Excel
  bool color = false;  // aligned table: bold headers (only ever on a terminal)
};

// Renders one table.
// - table: the title line (title, then " · from – to" when there is a period) unless
//   !show_title; per group an optional heading line, the headers, a rule of '─' under each
//   column, the rows; columns padded by display width and separated by two spaces; integer,
//   money, percentage and number columns right-aligned; null as "—"; the totals row after
//   the last group; groups separated by a blank line. A table with no rows prints nothing at all,
//   unless show_empty (then the title and headers).
// - csv: header of keys, CRLF line ends, fields quoted when they hold , " CR or LF; a
//   cell that starts with = + - @ or a tab gets a leading ' (formula injection); money as
//   "1234.50"; the totals row last; groups flattened.
// - md: a GitHub table (| escaped as \|, newlines as <br>), title as a heading line.
// - json: {"report","title","period":{"from","to"}|null,"columns":[{"key","label","type"}],
//   "rows":[{key: value}], "totals": {…} only when there is one}; integers as numbers, money
//   as "1234.50" strings, percentages and numbers as numbers, dates as ISO strings, null for
//   empty.
void render(const Table& table, Format format, const RenderOptions& options, std::ostream& out);

// Several tables one after another (`show` prints a card and its histories): aligned and
// Markdown separated by a blank line, CSV likewise, JSON as an array of envelopes.
void render_all(const std::vector<Table>& tables, Format format, const RenderOptions& options,
                std::ostream& out);

// Money in fen -> "1234.50" / "-0.05".
std::string format_money(std::int64_t fen);

}  // namespace archive::report
