// Renderers of the neutral Table: exact output of the aligned table, CSV, Markdown and JSON.
#include <doctest/doctest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "archive/report/render.h"

namespace {

using archive::report::Cell;
using archive::report::CellType;
using archive::report::Column;
using archive::report::Format;
using archive::report::Group;
using archive::report::Period;
using archive::report::RenderOptions;
using archive::report::Table;

std::string rendered(const Table& table, Format format, RenderOptions options = {}) {
  std::ostringstream out;
  archive::report::render(table, format, options, out);
  return out.str();
}

std::string rendered_all(const std::vector<Table>& tables, Format format,
                         RenderOptions options = {}) {
  std::ostringstream out;
  archive::report::render_all(tables, format, options, out);
  return out.str();
}

// The spec's "follow-up due" listing: two owners, Chinese names, nulls, a number column.
Table follow_up_table() {
  Table table;
  table.name = "follow-up-due";
  table.show_title = false;
  table.columns = {{"archive_no", "archive_no", CellType::kText}, {"name", "name", CellType::kText},
                   {"grade", "grade", CellType::kText},           {"due", "due", CellType::kDate},
                   {"late", "late", CellType::kInteger},          {"why", "why", CellType::kText}};
  table.groups.push_back(Group{"王芳 — 3 to do, 1 overdue", {}});
  table.add_row({Cell::text("SH-000123"), Cell::text("张伟"), Cell::text("intent:H"),
                 Cell::date("2026-03-10"), Cell::integer(2), Cell::text("follow-up overdue")});
  table.add_row({Cell::text("SH-000311"), Cell::text("欧阳娜娜"), Cell::text("value:A"),
                 Cell::date("2026-03-12"), Cell::integer(0), Cell::text("follow-up due")});
  table.add_row({Cell::text("SH-000087"), Cell::text("上海建材有限公司"), Cell::text("value:A"),
                 Cell::null(), Cell::null(), Cell::text("major complaint open since 03-09")});
  table.groups.push_back(Group{"赵磊 — 1 lapsed claim", {}});
  table.add_row({Cell::text("BJ-000042"), Cell::text("李娜"), Cell::text("intent:C"),
                 Cell::date("2026-03-11"), Cell::integer(1),
                 Cell::text("owner claim lapsed (last contact 2026-01-10)")});
  return table;
}

// A small money report with a period and a totals row.
Table money_table() {
  Table table;
  table.name = "loans";
  table.title = "借阅 loans";
  table.period = Period{"2026-03-01", "2026-03-31"};
  table.columns = {{"dept", "部门", CellType::kText},
                   {"amount", "金额", CellType::kMoney},
                   {"share", "占比", CellType::kPercentage}};
  table.add_row({Cell::text("销售部"), Cell::money_fen(123450), Cell::percentage(12.5)});
  table.add_row({Cell::text("HR"), Cell::money_fen(-5), Cell::percentage(100)});
  table.totals = {Cell::text("total"), Cell::money_fen(123445), Cell::null()};
  return table;
}

}  // namespace

TEST_CASE("format_money and parse_format") {
  struct {
    std::int64_t fen;
    const char* text;
  } const money_cases[] = {{0, "0.00"},     {5, "0.05"},
                           {-5, "-0.05"},   {123450, "1234.50"},
                           {-100, "-1.00"}, {INT64_MIN, "-92233720368547758.08"}};
  for (const auto& c : money_cases) {
    CAPTURE(c.fen);
    CHECK(archive::report::format_money(c.fen) == c.text);
  }
  CHECK(archive::report::parse_format("table") == Format::kTable);
  CHECK(archive::report::parse_format("csv") == Format::kCsv);
  CHECK(archive::report::parse_format("md") == Format::kMarkdown);
  CHECK(archive::report::parse_format("markdown") == Format::kMarkdown);
  CHECK(archive::report::parse_format("json") == Format::kJson);
  CHECK_FALSE(archive::report::parse_format("xml"));
  CHECK_FALSE(archive::report::parse_format(""));
}

TEST_CASE("Table::add_row and row_count") {
  Table table;
  CHECK(table.row_count() == 0);
  table.add_row({Cell::text("a")});
  REQUIRE(table.groups.size() == 1);
  CHECK(table.groups[0].heading.empty());
  table.groups.push_back(Group{"second", {}});
  table.add_row({Cell::text("b")});
  table.add_row({Cell::text("c")});
  CHECK(table.groups[1].rows.size() == 2);
  CHECK(table.row_count() == 3);
}

TEST_CASE("aligned table") {
  SUBCASE("the spec's grouped listing lines up by display width") {
    const std::string expected =
        "王芳 — 3 to do, 1 overdue\n"
        "archive_no  name              grade     due         late  why\n"
        "──────────  ────────────────  ────────  ──────────  ────  "
        "────────────────────────────────\n"
        "SH-000123   张伟              intent:H  2026-03-10     2  follow-up overdue\n"
        "SH-000311   欧阳娜娜          value:A   2026-03-12     0  follow-up due\n"
        "SH-000087   上海建材有限公司  value:A   —              —  major complaint open since "
        "03-09\n"
        "\n"
        "赵磊 — 1 lapsed claim\n"
        "archive_no  name  grade     due         late  why\n"
        "──────────  ────  ────────  ──────────  ────  "
        "────────────────────────────────────────────\n"
        "BJ-000042   李娜  intent:C  2026-03-11     1  owner claim lapsed (last contact "
        "2026-01-10)\n";
    CHECK(rendered(follow_up_table(), Format::kTable) == expected);
  }

  SUBCASE("title with period, money and percentages right-aligned, totals counted in width") {
    const std::string expected =
        "借阅 loans · 2026-03-01 – 2026-03-31\n"
        "部门       金额    占比\n"
        "──────  ───────  ──────\n"
        "销售部  1234.50   12.5%\n"
        "HR        -0.05  100.0%\n"
        "total   1234.45       —\n";
    CHECK(rendered(money_table(), Format::kTable) == expected);
  }

  SUBCASE("open ends of a period show as an ellipsis; show_title=false hides the title") {
    Table table = money_table();
    table.period = Period{"", "2026-03-31"};
    CHECK(rendered(table, Format::kTable).rfind("借阅 loans · … – 2026-03-31\n部门", 0) == 0);
    table.period.reset();
    CHECK(rendered(table, Format::kTable).rfind("借阅 loans\n部门", 0) == 0);
    table.show_title = false;
    CHECK(rendered(table, Format::kTable).rfind("部门", 0) == 0);
  }

  SUBCASE("a table without rows prints nothing, not even its title or totals") {
    Table table = money_table();
    table.groups.clear();
    CHECK(rendered(table, Format::kTable).empty());
    table.groups.push_back(Group{"heading only", {}});
    CHECK(rendered(table, Format::kTable).empty());
  }

  SUBCASE("colour codes wrap the headers and take no width") {
    Table table;
    table.columns = {{"name", "名称", CellType::kText}, {"n", "n", CellType::kInteger}};
    table.add_row({Cell::text("abcdef"), Cell::integer(12)});
    const std::string expected =
        "\x1b[1m名称\x1b[0m     \x1b[1mn\x1b[0m\n"
        "──────  ──\n"
        "abcdef  12\n";
    CHECK(rendered(table, Format::kTable, {.bom = false, .color = true}) == expected);
  }

  SUBCASE("line breaks, tabs and control codes in a cell become spaces; no trailing spaces") {
    Table table;
    table.columns = {{"a", "a", CellType::kText}, {"b", "b", CellType::kText}};
    table.add_row({Cell::text("x\r\ny\tz\x1b"), Cell::text("")});
    CHECK(rendered(table, Format::kTable) ==
          "a       b\n"
          "──────  ─\n"
          "x y z\n");
  }
}

TEST_CASE("csv") {
  SUBCASE("keys as header, CRLF, totals last, groups flattened, null empty") {
    const std::string expected =
        "dept,amount,share\r\n"
        "销售部,1234.50,12.5\r\n"
        "HR,-0.05,100.0\r\n"
        "total,1234.45,\r\n";
    CHECK(rendered(money_table(), Format::kCsv) == expected);
    const std::string grouped = rendered(follow_up_table(), Format::kCsv);
    CHECK(grouped.find("SH-000087,上海建材有限公司,value:A,,,major") != std::string::npos);
    CHECK(grouped.find("\r\nBJ-000042,") != std::string::npos);
  }

  SUBCASE("BOM on request") {
    CHECK(rendered(money_table(), Format::kCsv, {.bom = true})
              .rfind("\xEF\xBB\xBF"
                     "dept,",
                     0) == 0);
  }

  SUBCASE("quoting and the formula guard") {
    struct {
      const char* text;
      const char* field;
    } const cases[] = {
        {"plain", "plain"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"=SUM(A1)", "'=SUM(A1)"},
        {"+86 138", "'+86 138"},
        {"-x", "'-x"},
        {"@cmd", "'@cmd"},
        {"\tx", "'\tx"},
        {"=a,b", "\"'=a,b\""},
        {"a=b", "a=b"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      Table table;
      table.columns = {{"t", "t", CellType::kText}};
      table.add_row({Cell::text(c.text)});
      CHECK(rendered(table, Format::kCsv) == std::string("t\r\n") + c.field + "\r\n");
    }
  }

  SUBCASE("the guard leaves negative money, integers and dates alone") {
    Table table;
    table.columns = {{"m", "m", CellType::kMoney},
                     {"i", "i", CellType::kInteger},
                     {"p", "p", CellType::kPercentage}};
    table.add_row({Cell::money_fen(-1250), Cell::integer(-3), Cell::percentage(-2.5)});
    CHECK(rendered(table, Format::kCsv) == "m,i,p\r\n-12.50,-3,-2.5\r\n");
  }

  SUBCASE("an empty table still has its header") {
    Table table = money_table();
    table.groups.clear();
    table.totals.reset();
    CHECK(rendered(table, Format::kCsv) == "dept,amount,share\r\n");
  }
}

TEST_CASE("markdown") {
  SUBCASE("title, alignment row, totals") {
    const std::string expected =
        "**借阅 loans · 2026-03-01 – 2026-03-31**\n"
        "\n"
        "| 部门 | 金额 | 占比 |\n"
        "| --- | ---: | ---: |\n"
        "| 销售部 | 1234.50 | 12.5% |\n"
        "| HR | -0.05 | 100.0% |\n"
        "| total | 1234.45 | |\n";
    CHECK(rendered(money_table(), Format::kMarkdown) == expected);
  }

  SUBCASE("pipes and newlines are escaped") {
    Table table;
    table.show_title = false;
    table.columns = {{"t", "a|b", CellType::kText}};
    table.add_row({Cell::text("x|y\r\nz\nw")});
    CHECK(rendered(table, Format::kMarkdown) ==
          "| a\\|b |\n"
          "| --- |\n"
          "| x\\|y<br>z<br>w |\n");
  }

  SUBCASE("groups get a bold heading and their own table") {
    const std::string text = rendered(follow_up_table(), Format::kMarkdown);
    CHECK(text.rfind("**王芳 — 3 to do, 1 overdue**\n\n| archive_no |", 0) == 0);
    CHECK(text.find("|\n\n**赵磊 — 1 lapsed claim**\n\n| archive_no |") != std::string::npos);
  }
}

TEST_CASE("json") {
  SUBCASE("the envelope with typed values") {
    const std::string expected =
        "{\n"
        "  \"report\": \"loans\",\n"
        "  \"title\": \"借阅 loans\",\n"
        "  \"period\": {\"from\": \"2026-03-01\", \"to\": \"2026-03-31\"},\n"
        "  \"columns\": [\n"
        "    {\"key\": \"dept\", \"label\": \"部门\", \"type\": \"text\"},\n"
        "    {\"key\": \"amount\", \"label\": \"金额\", \"type\": \"money\"},\n"
        "    {\"key\": \"share\", \"label\": \"占比\", \"type\": \"percentage\"}\n"
        "  ],\n"
        "  \"rows\": [\n"
        "    {\"dept\": \"销售部\", \"amount\": \"1234.50\", \"share\": 12.5},\n"
        "    {\"dept\": \"HR\", \"amount\": \"-0.05\", \"share\": 100}\n"
        "  ],\n"
        "  \"totals\": {\"dept\": \"total\", \"amount\": \"1234.45\", \"share\": null}\n"
        "}\n";
    CHECK(rendered(money_table(), Format::kJson) == expected);
  }

  SUBCASE("no period, open period end, no totals, integers and dates, empty rows") {
    Table table;
    table.name = "find";
    table.columns = {{"n", "n", CellType::kInteger}, {"d", "d", CellType::kDate}};
    CHECK(rendered(table, Format::kJson) ==
          "{\n  \"report\": \"find\",\n  \"title\": \"\",\n  \"period\": null,\n"
          "  \"columns\": [\n"
          "    {\"key\": \"n\", \"label\": \"n\", \"type\": \"integer\"},\n"
          "    {\"key\": \"d\", \"label\": \"d\", \"type\": \"date\"}\n"
          "  ],\n  \"rows\": []\n}\n");
    table.period = Period{"", "2026-03-31"};
    table.add_row({Cell::integer(-7), Cell::date("2026-03-01")});
    table.add_row({Cell::null(), Cell::null()});
    const std::string text = rendered(table, Format::kJson);
    CHECK(text.find("\"period\": {\"from\": null, \"to\": \"2026-03-31\"}") != std::string::npos);
    CHECK(text.find("{\"n\": -7, \"d\": \"2026-03-01\"},\n    {\"n\": null, \"d\": null}\n") !=
          std::string::npos);
    CHECK(text.find("totals") == std::string::npos);
  }

  SUBCASE("string escaping keeps UTF-8 and escapes controls; bad bytes become U+FFFD") {
    Table table;
    table.columns = {{"t", "t", CellType::kText}};
    table.add_row({Cell::text("\"q\" \\ 张\n\t\x01\x1f\xff")});
    CHECK(rendered(table, Format::kJson)
              .find("{\"t\": \"\\\"q\\\" \\\\ 张\\n\\t\\u0001\\u001f\xEF\xBF\xBD\"}") !=
          std::string::npos);
  }
}

TEST_CASE("render_all") {
  Table empty = money_table();
  empty.groups.clear();
  Table small;
  small.name = "small";
  small.show_title = false;
  small.columns = {{"k", "k", CellType::kText}};
  small.add_row({Cell::text("v")});

  SUBCASE("aligned: blank line between non-empty outputs only") {
    CHECK(rendered_all({small, empty, small}, Format::kTable) == "k\n─\nv\n\nk\n─\nv\n");
  }

  SUBCASE("csv: one BOM, CRLF blank line between tables") {
    CHECK(rendered_all({small, small}, Format::kCsv, {.bom = true}) ==
          "\xEF\xBB\xBFk\r\nv\r\n\r\nk\r\nv\r\n");
  }

  SUBCASE("json: one table is a plain envelope, several an array") {
    CHECK(rendered_all({small}, Format::kJson) == rendered(small, Format::kJson));
    const std::string array = rendered_all({small, small}, Format::kJson);
    CHECK(array.rfind("[\n  {\n    \"report\": \"small\",", 0) == 0);
    CHECK(array.find("\n  },\n  {\n    \"report\"") != std::string::npos);
    REQUIRE(array.size() >= 7);
    CHECK(array.substr(array.size() - 7) == "\n  }\n]\n");
    CHECK(rendered_all({}, Format::kJson) == "[]\n");
  }
}

TEST_CASE("a column kept out of the table still reaches CSV and JSON") {
  using namespace archive::report;
  Table t;
  t.name = "due";
  t.title = "due";
  t.show_title = false;
  t.columns = {{"owner", "owner", CellType::kText, false}, {"archive_no", "archive_no"}};
  t.groups.push_back({"王芳", {{Cell::text("王芳"), Cell::text("KH-000001")}}});
  std::ostringstream table, csv, json;
  render(t, Format::kTable, {}, table);
  render(t, Format::kCsv, {}, csv);
  render(t, Format::kJson, {}, json);
  CHECK(table.str() == "王芳\narchive_no\n──────────\nKH-000001\n");
  CHECK(csv.str() == "owner,archive_no\r\n王芳,KH-000001\r\n");
  CHECK(json.str().find("\"owner\": \"王芳\"") != std::string::npos);
}
