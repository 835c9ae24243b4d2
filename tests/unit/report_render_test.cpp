// What reports added to the renderers: number cells (an average with one decimal) and
// tables that show their headers when they have no rows.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "archive/report/render.h"

namespace {

using archive::report::Cell;
using archive::report::CellType;
using archive::report::Format;
using archive::report::Period;
using archive::report::Table;

std::string rendered(const Table& table, Format format) {
  std::ostringstream out;
  archive::report::render(table, format, {}, out);
  return out.str();
}

Table complaints() {
  Table t;
  t.name = "complaints";
  t.title = "complaints";
  t.period = Period{"2026-03-01", "2026-03-31"};
  t.columns = {{"period", "period", CellType::kText},
               {"complaints", "complaints", CellType::kInteger},
               {"avg_days", "avg days", CellType::kNumber}};
  return t;
}

}  // namespace

TEST_CASE("number cells: one decimal, right-aligned, numbers in JSON") {
  Table t = complaints();
  t.add_row({Cell::text("2026-03"), Cell::integer(3), Cell::number(5.5)});
  t.add_row({Cell::text("2026-04"), Cell::integer(12), Cell::number(12.0)});
  t.totals = {Cell::text("total"), Cell::integer(15), Cell::null()};
  CHECK(rendered(t, Format::kTable) ==
        "complaints · 2026-03-01 – 2026-03-31\n"
        "period   complaints  avg days\n"
        "───────  ──────────  ────────\n"
        "2026-03           3       5.5\n"
        "2026-04          12      12.0\n"
        "total            15         —\n");
  CHECK(rendered(t, Format::kCsv) ==
        "period,complaints,avg_days\r\n2026-03,3,5.5\r\n2026-04,12,12.0\r\ntotal,15,\r\n");
  const auto json = rendered(t, Format::kJson);
  CHECK(json.find("{\"key\": \"avg_days\", \"label\": \"avg days\", \"type\": \"number\"}") !=
        std::string::npos);
  CHECK(json.find("\"avg_days\": 5.5}") != std::string::npos);
  CHECK(json.find("\"avg_days\": 12}") != std::string::npos);
  CHECK(rendered(t, Format::kMarkdown).find("| 2026-03 | 3 | 5.5 |") != std::string::npos);
}

TEST_CASE("an empty table prints nothing, unless it shows its headers") {
  Table t = complaints();
  CHECK(rendered(t, Format::kTable).empty());
  t.show_empty = true;
  CHECK(rendered(t, Format::kTable) ==
        "complaints · 2026-03-01 – 2026-03-31\n"
        "period  complaints  avg days\n"
        "──────  ──────────  ────────\n");
  // The other formats were never empty: a CSV header, and "rows": [] in JSON.
  CHECK(rendered(t, Format::kCsv) == "period,complaints,avg_days\r\n");
  CHECK(rendered(t, Format::kJson).find("\"rows\": []") != std::string::npos);
}
