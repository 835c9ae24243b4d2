// The neutral table every listing and report builds; renderers turn it into text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace archive::report {

enum class CellType { kText, kInteger, kMoney, kDate, kPercentage, kNumber };

// One typed value. Money is held in fen (cents) so sums are exact; a percentage is held as
// the percent value (12.5 means 12.5%); a number (an average) as a double, shown with one
// decimal; a date as its ISO string. An empty Cell is null:
// "—" in tables, empty in CSV and Markdown, null in JSON.
struct Cell {
  std::variant<std::monostate, std::string, std::int64_t, double> value;

  static Cell null() { return {}; }
  static Cell text(std::string s) { return {std::move(s)}; }
  static Cell integer(std::int64_t n) { return {n}; }
  static Cell money_fen(std::int64_t fen) { return {fen}; }
  static Cell date(std::string iso) { return {std::move(iso)}; }
  static Cell percentage(double percent) { return {percent}; }
  static Cell number(double value) { return {value}; }
  // Text, or null when empty: for optional card fields.
  static Cell text_or_null(std::string s) { return s.empty() ? Cell{} : Cell{std::move(s)}; }
  bool is_null() const { return std::holds_alternative<std::monostate>(value); }
};

struct Column {
  std::string key;    // stable English key: CSV header, JSON key ("archive_no")
  std::string label;  // header of the aligned table and Markdown (translated)
  CellType type = CellType::kText;
  // False for a column that only repeats the group heading (the owner of a per-owner list):
  // left out of the aligned table and Markdown, kept in CSV and JSON, which are flat.
  bool in_table = true;
};

using Row = std::vector<Cell>;  // one Cell per Column, in column order

// Rows under a heading, for listings a person reads per owner ("王芳 — 3 to do").
// The grouping value must also be a column of its own so CSV and JSON stay flat.
struct Group {
  std::string heading;  // empty: no heading line
  std::vector<Row> rows;
};

struct Period {
  std::string from;  // ISO dates; empty when open
  std::string to;
};

struct Table {
  std::string name;   // JSON "report": "find", "summary", "log" …
  std::string title;  // JSON "title"; the aligned table's first line when show_title
  bool show_title = true;
  // The aligned table prints nothing for a table without rows, unless this is set (reports:
  // an empty period still shows its title and headers).
  bool show_empty = false;
  std::optional<Period> period;
  std::vector<Column> columns;
  std::vector<Group> groups;  // most tables: one group with an empty heading
  std::optional<Row> totals;  // a totals row, where totals make sense

  // Appends to the last group, creating an unnamed one when there is none.
  void add_row(Row row);
  std::size_t row_count() const;
};

}  // namespace archive::report
