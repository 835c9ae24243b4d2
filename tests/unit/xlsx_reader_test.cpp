// The XLSX reader over the workbooks tests/data/xlsx/make_fixtures.py writes (ctest runs it
// first, into ARCHIVE_XLSX_FIXTURES): every cell type, dates in both date systems, gaps,
// rich text, sheets, the caps against zip bombs, and every bad input with its message.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "archive/error.h"
#include "archive/io/rows.h"
#include "archive/io/xlsx.h"

using archive::Error;
using archive::Exit;
using archive::io::Cell;
using archive::io::CellType;
using archive::io::Row;
using archive::io::RowReader;
using archive::io::XlsxLimits;
using archive::io::XlsxOptions;
namespace xlsx = archive::io::xlsx;

namespace {

std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(ARCHIVE_XLSX_FIXTURES) / name;
}

std::string bytes_of(const std::string& name) {
  std::ifstream in(fixture(name), std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<Row> read_all(RowReader& reader) {
  std::vector<Row> rows;
  Row row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

std::vector<Row> rows_of(const std::string& name, XlsxOptions options = {}) {
  auto reader = archive::io::open_xlsx(fixture(name), options);
  return read_all(*reader);
}

// The error a call throws: its exit status and message.
struct Failure {
  Exit code = Exit::kOk;
  std::string message;
};

template <typename F>
Failure failure_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  FAIL("no error was thrown");
  return {};
}

// Opens and reads a whole fixture, from its file and from memory; both must fail alike.
Failure reading_fails(const std::string& name, XlsxOptions options = {}, XlsxLimits limits = {}) {
  const Failure from_file = failure_of([&] {
    auto reader = archive::io::open_xlsx(fixture(name), options, limits);
    read_all(*reader);
  });
  const Failure from_memory = failure_of([&] {
    auto reader = archive::io::read_xlsx(bytes_of(name), fixture(name).string(), options, limits);
    read_all(*reader);
  });
  CHECK(static_cast<int>(from_memory.code) == static_cast<int>(from_file.code));
  CHECK(from_memory.message == from_file.message);
  return from_file;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const Cell& cell(const std::vector<Row>& rows, std::size_t line, std::size_t column) {
  for (const auto& row : rows) {
    if (row.line == line) {
      REQUIRE(column < row.cells.size());
      return row.cells[column];
    }
  }
  FAIL("no row ", line);
  static const Cell none;
  return none;
}

std::string text_at(const std::vector<Row>& rows, std::size_t line, std::size_t column) {
  return cell(rows, line, column).text;
}

CellType type_at(const std::vector<Row>& rows, std::size_t line, std::size_t column) {
  return cell(rows, line, column).type;
}

}  // namespace

TEST_CASE("number formats that show dates") {
  for (int id : {14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58}) {
    CAPTURE(id);
    CHECK(xlsx::builtin_number_kind(id) == xlsx::NumberKind::kDate);
  }
  CHECK(xlsx::builtin_number_kind(22) == xlsx::NumberKind::kDateTime);
  for (int id : {18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56}) {
    CAPTURE(id);
    CHECK(xlsx::builtin_number_kind(id) == xlsx::NumberKind::kTime);
  }
  for (int id : {0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 44, 48, 49, 59, 164}) {
    CAPTURE(id);
    CHECK(xlsx::builtin_number_kind(id) == xlsx::NumberKind::kNumber);
  }
  using K = xlsx::NumberKind;
  const std::vector<std::pair<std::string, K>> codes = {
      {"yyyy\"年\"m\"月\"d\"日\"", K::kDate},
      {"[$-804]yyyy\"年\"m\"月\"d\"日\";@", K::kDate},
      {"yyyy-mm-dd", K::kDate},
      {"mmm-yy", K::kDate},
      {"mmmm", K::kDate},
      {"DD/MM/YYYY", K::kDate},
      {"yyyy/m/d h:mm", K::kDateTime},
      {"[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\" hh:mm:ss", K::kDateTime},
      {"h:mm", K::kTime},
      {"mm:ss", K::kTime},
      {"[h]:mm:ss", K::kTime},
      {"[mm]", K::kTime},
      {"h:mm AM/PM", K::kTime},
      {"上午/下午h\"时\"mm\"分\"", K::kTime},
      {"General", K::kNumber},
      {"0.00", K::kNumber},
      {"#,##0.00_);[Red](#,##0.00)", K::kNumber},
      {"0.00E+00", K::kNumber},
      {"@", K::kNumber},
      {"\"day\" 0", K::kNumber},        // letters in quotes are text
      {"0\\d", K::kNumber},             // an escaped letter is text
      {"[Red]0;[Blue]-0", K::kNumber},  // colours in brackets
      {"[$USD-409] #,##0", K::kNumber},
      {"0 _m", K::kNumber},  // a space as wide as m
  };
  for (const auto& [code, kind] : codes) {
    CAPTURE(code);
    CHECK(xlsx::number_kind(code) == kind);
  }
}

TEST_CASE("date serials in the 1900 and 1904 systems") {
  CHECK(xlsx::serial_to_iso(1, false, false) == "1900-01-01");
  CHECK(xlsx::serial_to_iso(59, false, false) == "1900-02-28");
  CHECK(xlsx::serial_to_iso(60, false, false) == "1900-02-29");  // Lotus's leap day
  CHECK(xlsx::serial_to_iso(61, false, false) == "1900-03-01");
  CHECK(xlsx::serial_to_iso(45356, false, false) == "2024-03-05");
  CHECK(xlsx::serial_to_iso(45356.5, false, true) == "2024-03-05 12:00:00");
  CHECK(xlsx::serial_to_iso(45356.999999999, false, true) == "2024-03-06 00:00:00");
  CHECK(xlsx::serial_to_iso(45356.75, false, false) == "2024-03-05");
  CHECK(xlsx::serial_to_iso(2958465, false, false) == "9999-12-31");
  CHECK_FALSE(xlsx::serial_to_iso(2958466, false, false));
  CHECK_FALSE(xlsx::serial_to_iso(0, false, false));  // 1900-01-00
  CHECK_FALSE(xlsx::serial_to_iso(-1, false, false));
  CHECK(xlsx::serial_to_iso(0, true, false) == "1904-01-01");
  CHECK(xlsx::serial_to_iso(43894, true, false) == "2024-03-05");
  CHECK(xlsx::serial_to_iso(1.5, true, true) == "1904-01-02 12:00:00");
  CHECK(xlsx::serial_time(0.6041666666666666) == "14:30:00");
}

TEST_CASE("number text") {
  bool lost = true;
  CHECK(xlsx::number_text(13812340001.0, lost) == "13812340001");
  CHECK_FALSE(lost);
  CHECK(xlsx::number_text(123456789012345.0, lost) == "123456789012345");
  CHECK_FALSE(lost);
  CHECK(xlsx::number_text(0.5, lost) == "0.5");
  CHECK(xlsx::number_text(-7, lost) == "-7");
  CHECK(xlsx::number_text(-0.0, lost) == "0");
  CHECK(xlsx::number_text(1234.5, lost) == "1234.5");
  CHECK(xlsx::number_text(0.1 + 0.2, lost) == "0.30000000000000004");
  CHECK(xlsx::number_text(1e-7, lost) == "1e-07");
  CHECK(xlsx::number_text(1.101011990030712e+17, lost) == "110101199003071000");
  CHECK(lost);
  CHECK(xlsx::number_text(1234567890123456.0, lost) == "1234567890123460");
  CHECK(lost);
  CHECK(xlsx::number_text(-1e15, lost) == "-1000000000000000");
  CHECK(lost);
}

TEST_CASE("cell references and sheet names") {
  CHECK(xlsx::column_name(0) == "A");
  CHECK(xlsx::column_name(25) == "Z");
  CHECK(xlsx::column_name(26) == "AA");
  CHECK(xlsx::column_name(27) == "AB");
  CHECK(xlsx::column_name(16383) == "XFD");
  const auto ref = xlsx::parse_cell_ref("AB12");
  REQUIRE(ref);
  CHECK(ref->column == 27);
  CHECK(ref->row == 12);
  CHECK(xlsx::parse_cell_ref("XFD1048576"));
  for (const char* bad : {"", "A", "12", "A0", "XFE1", "A1048577", "A1B", "AAAA1", "A-1", "A+1"}) {
    CAPTURE(bad);
    CHECK_FALSE(xlsx::parse_cell_ref(bad));
  }
  CHECK(xlsx::cell_location("Sheet1", 3, 7) == "Sheet1!D7");
  CHECK(xlsx::cell_location("客户", 0, 2) == "客户!A2");
  CHECK(xlsx::cell_location("My Sheet", 3, 7) == "'My Sheet'!D7");
  CHECK(xlsx::cell_location("Bob's", 0, 1) == "'Bob''s'!A1");
  CHECK(xlsx::cell_location("2024", 0, 1) == "'2024'!A1");
  CHECK(xlsx::cell_location("A1", 0, 1) == "'A1'!A1");
  CHECK(xlsx::cell_location("客户-旧", 0, 1) == "'客户-旧'!A1");
}

TEST_CASE("escapes in text") {
  CHECK(xlsx::decode_escapes("a_x000D_b") == "a\rb");
  CHECK(xlsx::decode_escapes("_x005F_x0041_") == "_x0041_");
  CHECK(xlsx::decode_escapes("_xD83D__xDE00_") == "\xF0\x9F\x98\x80");
  CHECK(xlsx::decode_escapes("_xD83D_") == "\xEF\xBF\xBD");
  CHECK(xlsx::decode_escapes("_x0000_") == "\xEF\xBF\xBD");
  CHECK(xlsx::decode_escapes("_x00G1_ _x12") == "_x00G1_ _x12");
}

TEST_CASE("every kind of value openpyxl writes") {
  auto reader = archive::io::open_xlsx(fixture("openpyxl_types.xlsx"), {});
  CHECK(reader->description() == "sheet Sheet1");
  const auto rows = read_all(*reader);
  CHECK(reader->progress() == doctest::Approx(1.0));
  REQUIRE(rows.size() == 7);  // 1, 2, 4, 5, 6, 7, 9: rows 3 and 8 are blank

  CHECK(rows[0].line == 1);
  CHECK(text_at(rows, 1, 0) == "姓名");
  CHECK(type_at(rows, 1, 0) == CellType::kText);

  // A phone and an ID number stored as numbers, a date, a boolean, a formula without value.
  CHECK(text_at(rows, 2, 1) == "13812340001");
  CHECK(type_at(rows, 2, 1) == CellType::kNumber);
  CHECK_FALSE(cell(rows, 2, 1).lost_digits);
  CHECK(text_at(rows, 2, 2) == "1990-03-07");
  CHECK(type_at(rows, 2, 2) == CellType::kDate);
  CHECK(text_at(rows, 2, 3) == "110101199003071000");
  CHECK(cell(rows, 2, 3).lost_digits);
  CHECK(text_at(rows, 2, 4) == "1234.5");
  CHECK(text_at(rows, 2, 5) == "TRUE");
  CHECK(type_at(rows, 2, 5) == CellType::kBool);
  CHECK(text_at(rows, 2, 6) == "2024-03-05 14:30:00");
  CHECK(type_at(rows, 2, 6) == CellType::kDate);
  // The formula has no cached value: an empty cell. Rows are as wide as the header.
  REQUIRE(rows[1].cells.size() == 8);
  CHECK(rows[1].cells[7].type == CellType::kEmpty);

  // Gaps: missing cells are empty cells at their column; columns beyond Z.
  const Row& gaps = rows[2];
  CHECK(gaps.line == 4);
  REQUIRE(gaps.cells.size() == 28);
  CHECK(gaps.cells[0].text == "A列");
  CHECK(gaps.cells[1].type == CellType::kEmpty);
  CHECK(gaps.cells[1].text.empty());
  CHECK(gaps.cells[2].text == "C列");
  CHECK(gaps.cells[25].type == CellType::kEmpty);
  CHECK(gaps.cells[26].text == "AA列");
  CHECK(gaps.cells[27].text == "27");
  CHECK(reader->locate(gaps, 27, "x") == "Sheet1!AB4");

  // Dates in several formats.
  CHECK(text_at(rows, 5, 0) == "2024-03-05");           // yyyy"年"m"月"d"日"
  CHECK(text_at(rows, 5, 1) == "2024-03-05");           // built-in 14
  CHECK(text_at(rows, 5, 2) == "2024-03-05");           // [$-804]yyyy"年"m"月"d"日";@
  CHECK(text_at(rows, 5, 3) == "2024-03-05");           // built-in 15, d-mmm-yy
  CHECK(text_at(rows, 5, 4) == "2024-03-05 09:15:00");  // yyyy/m/d h:mm
  CHECK(type_at(rows, 5, 4) == CellType::kDate);
  CHECK(text_at(rows, 5, 5) == "14:30:00");  // a time of day alone is no date
  CHECK(type_at(rows, 5, 5) == CellType::kText);

  // Numbers.
  CHECK(text_at(rows, 6, 0) == "0.5");
  CHECK(text_at(rows, 6, 1) == "-7");
  CHECK(text_at(rows, 6, 2) == "1e-07");
  CHECK(text_at(rows, 6, 3) == "123456789012345");
  CHECK_FALSE(cell(rows, 6, 3).lost_digits);
  CHECK(text_at(rows, 6, 4) == "1234567890123460");
  CHECK(cell(rows, 6, 4).lost_digits);
  CHECK(text_at(rows, 6, 5) == "0.3");
  CHECK(text_at(rows, 6, 6) == "0");
  for (std::size_t column = 0; column < 7; ++column) {
    CHECK(type_at(rows, 6, column) == CellType::kNumber);
  }

  // Serials around 29 February 1900; 0 and -1 are no day and stay numbers.
  CHECK(text_at(rows, 7, 0) == "1900-01-01");
  CHECK(text_at(rows, 7, 1) == "1900-02-28");
  CHECK(text_at(rows, 7, 2) == "1900-02-29");
  CHECK(type_at(rows, 7, 2) == CellType::kDate);
  CHECK(text_at(rows, 7, 3) == "1900-03-01");
  CHECK(text_at(rows, 7, 4) == "0");
  CHECK(type_at(rows, 7, 4) == CellType::kNumber);
  CHECK(text_at(rows, 7, 5) == "-1");

  CHECK(rows.back().line == 9);
  REQUIRE(rows.back().cells.size() == 8);
  CHECK(rows.back().cells[1].type == CellType::kEmpty);
  CHECK(reader->locate(rows.back(), 3, "") == "Sheet1!D9");
}

TEST_CASE("what Excel writes: shared strings, rich text, errors, formulas, built-in formats") {
  auto reader = archive::io::open_xlsx(fixture("excel_style.xlsx"), {});
  CHECK(reader->description() == "sheet 客户资料");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 4);
  CHECK(text_at(rows, 1, 7) == "内联");
  // Rich-text runs joined, phonetic runs left out, spaces kept.
  CHECK(text_at(rows, 2, 0) == "张伟 ");
  CHECK(text_at(rows, 2, 1) == "第一行\r\n第二行 _x0041_ \xF0\x9F\x98\x80");
  CHECK(text_at(rows, 2, 2) == "#N/A");
  CHECK(type_at(rows, 2, 2) == CellType::kError);
  CHECK(reader->locate(rows[1], 2, "错误") == "客户资料!C2");
  CHECK(text_at(rows, 2, 3) == "张伟 先生");
  CHECK(type_at(rows, 2, 3) == CellType::kText);
  CHECK(text_at(rows, 2, 4) == "3");
  CHECK(type_at(rows, 2, 4) == CellType::kNumber);
  CHECK(text_at(rows, 2, 5) == "TRUE");
  CHECK(text_at(rows, 2, 6) == "#DIV/0!");
  CHECK(type_at(rows, 2, 6) == CellType::kError);
  CHECK(text_at(rows, 2, 7) == "内联");
  // Cells and a row without references follow on.
  CHECK(rows[2].line == 3);
  CHECK(text_at(rows, 3, 0) == "无引用");
  CHECK(text_at(rows, 3, 1) == "42");
  CHECK(text_at(rows, 3, 2) == "FALSE");
  // Built-in Chinese date formats, a date and time, a time, custom formats.
  CHECK(text_at(rows, 4, 0) == "2024-03-05");  // 31: yyyy"年"m"月"d"日"
  CHECK(text_at(rows, 4, 1) == "2024-03-05");  // 57: yyyy"年"m"月"
  CHECK(text_at(rows, 4, 2) == "2024-03-05");  // 58: m"月"d"日"
  CHECK(text_at(rows, 4, 3) == "2024-03-05 12:00:00");
  CHECK(text_at(rows, 4, 4) == "18:00:00");
  CHECK(text_at(rows, 4, 5) == "2024-03-05");  // yyyy/mm/dd
  CHECK(text_at(rows, 4, 6) == "45356");       // 0.00 is no date
  CHECK(type_at(rows, 4, 6) == CellType::kNumber);
  CHECK(text_at(rows, 4, 7) == "2024-03-05");
}

TEST_CASE("the 1904 date system") {
  auto reader = archive::io::open_xlsx(fixture("date1904.xlsx"), {});
  CHECK(reader->description() == "sheet Mac, 1904 date system");
  const auto rows = read_all(*reader);
  REQUIRE(rows.size() == 3);
  CHECK(text_at(rows, 2, 0) == "2024-03-05");
  CHECK(text_at(rows, 2, 1) == "2024-03-05 08:00:00");
  CHECK(text_at(rows, 3, 0) == "1904-01-01");
  CHECK(text_at(rows, 3, 1) == "1904-01-02 12:00:00");
}

TEST_CASE("sheets: the first by default, or by name") {
  SUBCASE("the first, saying which") {
    auto reader = archive::io::open_xlsx(fixture("two_sheets.xlsx"), {});
    CHECK(reader->description() == "sheet 客户 (the first of 2: 客户, 旧客户)");
    const auto rows = read_all(*reader);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].cells[0].text == "张伟");
    CHECK(reader->locate(rows[1], 1, "手机") == "客户!B2");
  }
  SUBCASE("by name") {
    XlsxOptions options;
    options.sheet = "旧客户";
    auto reader = archive::io::open_xlsx(fixture("two_sheets.xlsx"), options);
    CHECK(reader->description() == "sheet 旧客户");
    const auto rows = read_all(*reader);
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].cells[0].text == "王芳");
    CHECK(rows[2].cells[1].text == "13712340003");
    CHECK(reader->locate(rows[2], 1, "手机") == "旧客户!B3");
  }
  SUBCASE("a missing name lists the sheets") {
    XlsxOptions options;
    options.sheet = "新客户";
    const auto failure = reading_fails("two_sheets.xlsx", options);
    CHECK(failure.code == Exit::kNoInput);
    CHECK(contains(failure.message, "has no sheet named 新客户; its sheets: 客户, 旧客户"));
  }
  SUBCASE("a name that needs quotes") {
    auto reader = archive::io::open_xlsx(fixture("my_sheet.xlsx"), {});
    const auto rows = read_all(*reader);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].cells[1].text == "1381234");
    CHECK(reader->locate(rows[1], 1, "手机") == "'My Sheet'!B2");
  }
}

TEST_CASE("from memory as from the file") {
  auto from_file = archive::io::open_xlsx(fixture("excel_style.xlsx"), {});
  auto from_memory = archive::io::read_xlsx(bytes_of("excel_style.xlsx"), "x.xlsx", {});
  const auto a = read_all(*from_file);
  const auto b = read_all(*from_memory);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].line == b[i].line);
    REQUIRE(a[i].cells.size() == b[i].cells.size());
    for (std::size_t j = 0; j < a[i].cells.size(); ++j) {
      CHECK(a[i].cells[j].text == b[i].cells[j].text);
      CHECK(a[i].cells[j].type == b[i].cells[j].type);
    }
  }
}

TEST_CASE("bad input is refused with a message naming the file") {
  const std::string csv = fixture("csv_named.xlsx").string();
  SUBCASE("a missing file") {
    const auto failure =
        failure_of([] { archive::io::open_xlsx(fixture("no_such_file.xlsx"), {}); });
    CHECK(failure.code == Exit::kNoInput);
    CHECK(contains(failure.message, "no such file "));
  }
  SUBCASE("a CSV file named .xlsx") {
    const auto failure = reading_fails("csv_named.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(failure.message == csv +
                                 " is not an xlsx workbook: it holds text, not a zip archive "
                                 "(a CSV file? name it .csv)");
  }
  SUBCASE("an empty file") {
    const auto failure = failure_of([] { archive::io::read_xlsx("", "empty.xlsx", {}); });
    CHECK(failure.code == Exit::kData);
    CHECK(failure.message == "empty.xlsx is not an xlsx workbook: the file is empty");
  }
  SUBCASE("binary that is no zip") {
    const auto failure = failure_of(
        [] { archive::io::read_xlsx(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "p.xlsx", {}); });
    CHECK(failure.code == Exit::kData);
    CHECK(failure.message == "p.xlsx is not an xlsx workbook: it is not a zip archive");
  }
  SUBCASE("a zip archive that is no workbook") {
    const auto failure = reading_fails("not_workbook.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message,
                   "is not an xlsx workbook: the zip archive has no "
                   "xl/workbook.xml"));
  }
  SUBCASE("a zip archive cut short") {
    const auto failure = reading_fails("damaged.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message, "damaged.xlsx is a damaged zip archive ("));
  }
  SUBCASE("a zip archive whose data does not match its checksum") {
    const auto failure = reading_fails("damaged_data.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message,
                   "damaged_data.xlsx is a damaged zip archive "
                   "(xl/worksheets/sheet1.xml: "));
  }
  SUBCASE("an encrypted workbook") {
    const auto failure = reading_fails("encrypted.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(failure.message == fixture("encrypted.xlsx").string() +
                                 " is encrypted with a password; save it without one and "
                                 "import again");
  }
  SUBCASE("an Excel 97-2003 workbook") {
    const auto failure = reading_fails("old_format.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message, "is not an xlsx workbook but an Excel 97-2003 one (.xls)"));
  }
  SUBCASE("a sheet with no rows") {
    const auto failure = reading_fails("no_rows.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message, "no_rows.xlsx: sheet Empty is empty: it has no rows"));
  }
  SUBCASE("a sheet of blank rows") {
    const auto failure = reading_fails("blank_rows.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message, "sheet Blank is empty"));
  }
  SUBCASE("XML that is not well-formed") {
    const auto failure = reading_fails("bad_xml.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message,
                   "bad_xml.xlsx: xl/worksheets/sheet1.xml is not well-formed XML (line 2: "));
  }
  SUBCASE("a DTD (entity expansion)") {
    const auto failure = reading_fails("dtd.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message, "dtd.xlsx: xl/workbook.xml has a DTD"));
  }
}

TEST_CASE("caps against zip bombs") {
  SUBCASE("a part that expands a thousand times") {
    const auto failure = reading_fails("bomb.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message,
                   "bomb.xlsx: xl/worksheets/sheet1.xml expands more than 100 times; refused"));
  }
  SUBCASE("a part whose headers claim a small size: what is decompressed counts") {
    const auto failure = reading_fails("lying_bomb.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message,
                   "lying_bomb.xlsx: xl/worksheets/sheet1.xml expands more than 100 times"));
  }
  SUBCASE("too many files") {
    const auto failure = reading_fails("many_entries.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message, "many_entries.xlsx holds more than 10000 files; refused"));
  }
  SUBCASE("elements nested too deep") {
    const auto failure = reading_fails("deep.xlsx");
    CHECK(failure.code == Exit::kData);
    CHECK(contains(failure.message, "nests XML elements more than 64 deep; refused"));
  }
  SUBCASE("the total, counted while reading") {
    XlsxLimits limits;
    limits.max_total_bytes = 2 << 20;
    limits.max_ratio = 10'000;
    const auto failure = reading_fails("bomb.xlsx", {}, limits);
    CHECK(contains(failure.message, "bomb.xlsx unpacks to more than 2 MiB; refused"));
  }
  SUBCASE("the ratio, from the first byte when there is no grace") {
    XlsxLimits limits;
    limits.ratio_grace_bytes = 0;
    limits.max_ratio = 2;
    const auto failure = reading_fails("excel_style.xlsx", {}, limits);
    CHECK(contains(failure.message, "expands more than 2 times"));
  }
  SUBCASE("the caps let ordinary workbooks through") {
    CHECK(rows_of("excel_style.xlsx").size() == 4);
  }
}

TEST_CASE("looks_like_zip") {
  CHECK(archive::io::looks_like_zip(fixture("excel_style.xlsx")));
  CHECK(archive::io::looks_like_zip(fixture("damaged.xlsx")));
  CHECK_FALSE(archive::io::looks_like_zip(fixture("csv_named.xlsx")));
  CHECK_FALSE(archive::io::looks_like_zip(fixture("encrypted.xlsx")));
  CHECK_FALSE(archive::io::looks_like_zip(fixture("no_such_file.xlsx")));
}

TEST_CASE("arbitrary bytes never crash the reader") {
  // Every prefix and single-byte corruption of a small workbook: each either reads or
  // throws archive::Error, never anything else.
  const std::string whole = bytes_of("my_sheet.xlsx");
  std::size_t errors = 0;
  std::size_t read = 0;
  const auto attempt = [&](std::string bytes) {
    try {
      auto reader = archive::io::read_xlsx(std::move(bytes), "fuzz.xlsx", {});
      read_all(*reader);
      ++read;
    } catch (const Error&) {
      ++errors;
    }
  };
  for (std::size_t size = 0; size < whole.size(); size += 37) attempt(whole.substr(0, size));
  for (std::size_t at = 0; at < whole.size(); at += 7) {
    std::string bytes = whole;
    bytes[at] = static_cast<char>(bytes[at] ^ 0xA5);
    attempt(std::move(bytes));
  }
  CHECK(errors > 0);
  CHECK(read + errors == (whole.size() + 36) / 37 + (whole.size() + 6) / 7);
}
