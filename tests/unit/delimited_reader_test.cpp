// The delimited-text reader of `archive import`: RFC 4180 quoting, line endings, delimiter and
// encoding detection (UTF-8, BOMs, UTF-16, GBK through GB18030), every refusal with its line,
// chunk boundaries, and the caps that bound memory.
#include <doctest/doctest.h>
#include <iconv.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/io/rows.h"
#include "archive/io/text_decoder.h"
#include "temp_dir.h"

using namespace std::string_literals;
using archive::Error;
using archive::Exit;
using archive::io::DelimitedOptions;
using archive::io::read_delimited;
using archive::io::Row;
using archive::io::RowReader;

namespace {

// UTF-8 text in another encoding, through iconv: the bytes a GBK or UTF-16 export holds.
std::string encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* op = out.data();
  std::size_t out_left = out.size();
  const std::size_t result = iconv(cd, &in, &in_left, &op, &out_left);
  iconv_close(cd);
  REQUIRE(result != static_cast<std::size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

struct Read {
  Rows rows;
  std::vector<std::size_t> lines;
  std::string description;
};

Read read_all(RowReader& reader) {
  Read read;
  read.description = reader.description();
  Row row;
  while (reader.next(row)) {
    std::vector<std::string> cells;
    for (const auto& cell : row.cells) {
      CHECK(cell.type == archive::io::CellType::kText);
      cells.push_back(cell.text);
    }
    read.rows.push_back(cells);
    read.lines.push_back(row.line);
  }
  CHECK(reader.progress() == doctest::Approx(1.0));
  return read;
}

Read read_bytes(std::string bytes, const DelimitedOptions& options = {}) {
  auto reader = read_delimited(std::move(bytes), "t.csv", options);
  return read_all(*reader);
}

struct Failure {
  Exit code = Exit::kOk;
  std::string message;
};

// The error reading the bytes ends with (opening or reading).
Failure failure(std::string bytes, const DelimitedOptions& options = {}) {
  try {
    auto reader = read_delimited(std::move(bytes), "t.csv", options);
    Row row;
    while (reader->next(row)) {
    }
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {};
}

DelimitedOptions with_encoding(const char* name) {
  DelimitedOptions options;
  options.encoding = name;
  return options;
}

DelimitedOptions with_delimiter(char c) {
  DelimitedOptions options;
  options.delimiter = c;
  return options;
}

}  // namespace

TEST_CASE("scan_utf8 agrees with is_valid_utf8 and says where it stops") {
  using archive::io::scan_utf8;
  using archive::io::Utf8Scan;
  const std::string cases[] = {"",
                               "abc",
                               "张伟",
                               "\u00e9",
                               "\U0001F600",
                               "\U0010FFFF",
                               "\uD7FF",
                               "\uE000",
                               "a\0b"s,
                               "\x80",
                               "\xC0\xAF",
                               "\xC1\xBF",
                               "\xE0\x80\xAF",
                               "\xED\xA0\x80",
                               "\xF4\x90\x80\x80",
                               "\xF5\x80",
                               "\xFF",
                               "\xE5\xBC",
                               "ab\xE5\xBC",
                               "\xE5\x41\xA0",
                               "12345678张",
                               "1234567\xE5",
                               "abcdefghijklmnop\xC3\xA9"};
  for (const auto& text : cases) {
    CAPTURE(text);
    CHECK((scan_utf8(text).status == Utf8Scan::kValid) == archive::domain::is_valid_utf8(text));
  }
  const auto cut = scan_utf8("ab\xE5\xBC");
  CHECK(cut.status == Utf8Scan::kIncomplete);
  CHECK(cut.valid == 2);
  const auto bad = scan_utf8("张\xE5\x41");
  CHECK(bad.status == Utf8Scan::kInvalid);
  CHECK(bad.valid == 3);
  CHECK(bad.multibyte == 1);
  CHECK(scan_utf8("a张b伟\U0001F600").multibyte == 3);
}

TEST_CASE("RFC 4180: quoted commas, doubled quotes, line breaks inside fields") {
  const Read read = read_bytes(
      "姓名,备注,手机\n"
      "张伟,\"住址:北京,朝阳\",13812345678\n"
      "\"王\"\"芳\",\"第一行\n第二行\r\n第三行\",\"\"\n"
      "李娜,\"\"\"引号\"\"\",13900001111\n");
  REQUIRE(read.rows.size() == 4);
  CHECK(read.rows[0] == std::vector<std::string>{"姓名", "备注", "手机"});
  CHECK(read.rows[1] == std::vector<std::string>{"张伟", "住址:北京,朝阳", "13812345678"});
  CHECK(read.rows[2] == std::vector<std::string>{"王\"芳", "第一行\n第二行\n第三行", ""});
  CHECK(read.rows[3] == std::vector<std::string>{"李娜", "\"引号\"", "13900001111"});
  // Row::line is the physical line where the record starts.
  CHECK(read.lines == std::vector<std::size_t>{1, 2, 3, 6});
}

TEST_CASE("lenient quoting: text after a closing quote, quotes inside unquoted text") {
  const Read read = read_bytes("a,b\n\"x\"y,5'10\"\n  \"q\",z\n");
  REQUIRE(read.rows.size() == 3);
  CHECK(read.rows[1] == std::vector<std::string>{"xy", "5'10\""});
  CHECK(read.rows[2] == std::vector<std::string>{"  \"q\"", "z"});
}

TEST_CASE("line endings: LF, CRLF, CR and mixed; blank lines skipped; last newline optional") {
  struct Case {
    std::string bytes;
    std::vector<std::size_t> lines;
  };
  const Case cases[] = {
      {"a,b\n1,2\n3,4\n", {1, 2, 3}},
      {"a,b\r\n1,2\r\n3,4\r\n", {1, 2, 3}},
      {"a,b\r1,2\r3,4\r", {1, 2, 3}},
      {"a,b\r\n1,2\n3,4\r", {1, 2, 3}},
      {"a,b\n1,2\n3,4", {1, 2, 3}},
      {"a,b\r\n1,2\r\n3,4", {1, 2, 3}},
      {"\n\r\na,b\n\n1,2\r\n\r\n\r\n3,4\n\n", {3, 5, 8}},
      {"a,b\r\r1,2\n\n\n3,4", {1, 3, 6}},
      // rows of empty fields only are blank too
      {"a,b\n,\n1,2\n\"\",\n3,4\n", {1, 3, 5}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.bytes);
    const Read read = read_bytes(c.bytes);
    CHECK(read.rows == Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(read.lines == c.lines);
  }
}

TEST_CASE("rows with more or fewer fields than the header come as they are") {
  const Read read = read_bytes("a,b,c\n1,2\n1,2,3,4\n,,,x\n");
  CHECK(read.rows == Rows{{"a", "b", "c"}, {"1", "2"}, {"1", "2", "3", "4"}, {"", "", "", "x"}});
}

TEST_CASE("the delimiter is detected from the header line, or forced") {
  SUBCASE("semicolon") {
    const Read read = read_bytes("姓名;手机;备注\n张伟;13812345678;a,b\n");
    CHECK(read.rows[1] == std::vector<std::string>{"张伟", "13812345678", "a,b"});
    CHECK(read.description == "UTF-8, semicolon-separated");
  }
  SUBCASE("tab") {
    const Read read = read_bytes("姓名\t手机\t备注\n张伟\t13812345678\ta;b,c\n");
    CHECK(read.rows[1] == std::vector<std::string>{"张伟", "13812345678", "a;b,c"});
    CHECK(read.description == "UTF-8, tab-separated");
  }
  SUBCASE("delimiters inside quotes in the header do not count") {
    const Read read = read_bytes("\"a;b;c\",\"d;e\"\n1,2\n");
    CHECK(read.rows[0] == std::vector<std::string>{"a;b;c", "d;e"});
    CHECK(read.description == "UTF-8, comma-separated");
  }
  SUBCASE("the most frequent wins; a tie or none goes to comma") {
    CHECK(read_bytes("a;b;c,d\n").rows[0] == std::vector<std::string>{"a", "b", "c,d"});
    CHECK(read_bytes("a;b,c\n").rows[0] == std::vector<std::string>{"a;b", "c"});
    CHECK(read_bytes("a\tb,c\n").rows[0] == std::vector<std::string>{"a\tb", "c"});
    CHECK(read_bytes("a\tb;c\n").rows[0] == std::vector<std::string>{"a", "b;c"});
    CHECK(read_bytes("name\n张伟\n").description == "UTF-8, comma-separated");
  }
  SUBCASE("only the header line counts") {
    CHECK(read_bytes("a,b\n1;2;3;4;5\n").rows[1] == std::vector<std::string>{"1;2;3;4;5"});
  }
  SUBCASE("forced") {
    const Read read = read_bytes("a,b;c\n1,2;3\n", with_delimiter(';'));
    CHECK(read.rows == Rows{{"a,b", "c"}, {"1,2", "3"}});
    CHECK(read.description == "UTF-8, semicolon-separated");
    const Read pipe = read_bytes("a|b\n1|2\n", with_delimiter('|'));
    CHECK(pipe.rows == Rows{{"a", "b"}, {"1", "2"}});
    CHECK(pipe.description == "UTF-8, separated by |");
    CHECK(read_bytes("a,b\tc\n", with_delimiter('\t')).rows[0] ==
          std::vector<std::string>{"a,b", "c"});
  }
  SUBCASE("a quote or a line break cannot be the delimiter") {
    for (char c : {'"', '\n', '\r', '\0'}) {
      CHECK(failure("a,b\n", with_delimiter(c)).code == Exit::kUsage);
    }
  }
}

TEST_CASE("encodings: UTF-8 with and without BOM, GBK through GB18030, UTF-16 with BOM") {
  const std::string text =
      "序号,姓名,手机,公司名称\r\n"
      "1,张伟,13812345678,\"北京华信科技有限公司\"\r\n"
      "2,欧阳娜娜,15900001234,上海宏达贸易有限公司\r\n";
  const Rows expected = {{"序号", "姓名", "手机", "公司名称"},
                         {"1", "张伟", "13812345678", "北京华信科技有限公司"},
                         {"2", "欧阳娜娜", "15900001234", "上海宏达贸易有限公司"}};
  SUBCASE("UTF-8") {
    const Read read = read_bytes(text);
    CHECK(read.rows == expected);
    CHECK(read.description == "UTF-8, comma-separated");
  }
  SUBCASE("UTF-8 with BOM: the BOM is dropped") {
    const Read read = read_bytes("\xEF\xBB\xBF" + text);
    CHECK(read.rows == expected);
    CHECK(read.description == "UTF-8 with BOM, comma-separated");
  }
  SUBCASE("GBK bytes are read as GB18030") {
    const std::string gbk = encode(text, "GBK");
    // The first bytes are 序号 in GBK, as Excel writes them.
    CHECK(gbk.substr(0, 4) == "\xD0\xF2\xBA\xC5");
    const Read read = read_bytes(gbk);
    CHECK(read.rows == expected);
    CHECK(read.description == "GB18030, comma-separated");
    // Escaped literal bytes: 姓名,手机 / 张伟,13812345678 in GBK.
    const Read literal =
        read_bytes("\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA\r\n\xD5\xC5\xCE\xB0,13812345678\r\n");
    CHECK(literal.rows == Rows{{"姓名", "手机"}, {"张伟", "13812345678"}});
  }
  SUBCASE("CP936 and GB18030 four-byte characters") {
    // The euro sign is one byte (0x80) in CP936; 㐀 and 𠀀 take four bytes in GB18030.
    const Read read =
        read_bytes("\xD0\xD5\xC3\xFB,x\n\xD5\xC5\xCE\xB0,\x80\x81\x39\xEE\x39\x95\x32\x82\x36\n");
    CHECK(read.rows[1] == std::vector<std::string>{"张伟", "€㐀𠀀"});
  }
  SUBCASE("UTF-16LE with BOM, tab-separated (Excel's Unicode text)") {
    std::string tsv = text;
    for (char& c : tsv) {
      if (c == ',') c = '\t';
    }
    const Read read = read_bytes("\xFF\xFE" + encode(tsv, "UTF-16LE"));
    CHECK(read.rows == expected);
    CHECK(read.description == "UTF-16LE with BOM, tab-separated");
  }
  SUBCASE("UTF-16BE with BOM") {
    const Read read = read_bytes("\xFE\xFF" + encode(text, "UTF-16BE"));
    CHECK(read.rows == expected);
    CHECK(read.description == "UTF-16BE with BOM, comma-separated");
  }
  SUBCASE("UTF-16 with one column defaults to tab") {
    CHECK(read_bytes("\xFF\xFE" + encode("姓名\n张伟\n", "UTF-16LE")).description ==
          "UTF-16LE with BOM, tab-separated");
  }
  SUBCASE("forced encoding, any iconv name, the BOM dropped") {
    const Read read = read_bytes(encode(text, "GBK"), with_encoding("gbk"));
    CHECK(read.rows == expected);
    CHECK(read.description == "gbk, comma-separated");
    CHECK(read_bytes("\xEF\xBB\xBF" + text, with_encoding("utf8")).rows == expected);
    CHECK(read_bytes("\xFF\xFE" + encode(text, "UTF-16LE"), with_encoding("UTF-16LE")).rows ==
          expected);
    CHECK(read_bytes(encode("姓名,手機\n張偉,13812345678\n", "BIG5"), with_encoding("BIG5")).rows ==
          Rows{{"姓名", "手機"}, {"張偉", "13812345678"}});
  }
  SUBCASE("forcing the wrong encoding is refused where the bytes stop fitting") {
    const Failure f = failure(encode(text, "GBK"), with_encoding("UTF-8"));
    CHECK(f.code == Exit::kData);
    CHECK(f.message == "t.csv line 1, column 1: bytes D0 F2 BA C5 that are not valid UTF-8");
  }
  SUBCASE("an unknown encoding is a usage error") {
    const Failure f = failure(text, with_encoding("KLINGON-8"));
    CHECK(f.code == Exit::kUsage);
    CHECK(f.message == "unknown encoding KLINGON-8");
  }
}

TEST_CASE("bad input is refused naming the file and the line") {
  struct Case {
    const char* what;
    std::string bytes;
    std::string message;
  };
  const Case cases[] = {
      {"empty", "", "t.csv is empty"},
      {"only a BOM", "\xEF\xBB\xBF", "t.csv is empty"},
      {"only blank lines", "\r\n\n\r\n", "t.csv is empty"},
      {"an unterminated quote names the line where the field starts",
       "a,b\n1,2\n3,\"four\nfive\n6,7\n",
       "t.csv line 3, column 2: a quoted field that is never closed (the file ends inside it)"},
      {"a NUL byte (a binary file)", "a,b\n1,2\x00x"s + "\n",
       "t.csv line 2, column 2: a NUL byte: the file is binary, or UTF-16 without a byte-order "
       "mark (try --encoding UTF-16LE)"},
      {"a NUL byte inside quotes", "a,b\n\"1\n\x00\",2\n"s,
       "t.csv line 3, column 1: a NUL byte: the file is binary, or UTF-16 without a byte-order "
       "mark (try --encoding UTF-16LE)"},
      {"UTF-16 without a BOM", encode("name,mobile\n张伟,13812345678\n", "UTF-16LE"),
       "t.csv line 1, column 1: a NUL byte: the file is binary, or UTF-16 without a byte-order "
       "mark (try --encoding UTF-16LE)"},
      {"Chinese UTF-16 without a BOM", encode("序号,手机\n张伟,13812345678\n", "UTF-16LE"),
       "t.csv line 1, column 2: a NUL byte: the file is binary, or UTF-16 without a byte-order "
       "mark (try --encoding UTF-16LE)"},
      {"bytes valid in neither UTF-8 nor GB18030",
       encode("姓名,手机\n张伟,13812345678\n", "GBK") + "\xCD\xF5\xFF\xB7\xBC,13987654321\n",
       "t.csv line 3, column 1: bytes FF B7 BC that are valid in neither UTF-8 nor GB18030 "
       "(give --encoding if the file uses another encoding)"},
      {"a GB18030 character cut short by the end of the file",
       encode("姓名,手机\n张伟,13812345678\n", "GBK") + "x,\xD5",
       "t.csv line 3, column 2: bytes D5 that are valid in neither UTF-8 nor GB18030 (give "
       "--encoding if the file uses another encoding)"},
      {"a UTF-8 file damaged after many Chinese characters",
       "序号,姓名,手机,性别,公司名称\n1,张伟,13812345678,男,华信\n2,王\xE8\x8A,x\n",
       "t.csv line 3, column 2: bytes E8 8A that are not valid UTF-8"},
      {"a bad byte right after a line break",
       "序号,姓名,手机,性别,公司名称\n1,张伟,13812345678,男,华信\n\xFF\n",
       "t.csv line 3, column 1: bytes FF that are not valid UTF-8"},
      {"a UTF-8 BOM then invalid bytes",
       "\xEF\xBB\xBF"
       "a,b\n1,\xC0\xAF\n",
       "t.csv line 2, column 2: bytes C0 AF that are not valid UTF-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const Failure f = failure(c.bytes);
    CHECK(f.code == Exit::kData);
    CHECK(f.message == c.message);
  }
}

TEST_CASE("rows before a bad byte are read; the error comes where the byte is") {
  auto reader = read_delimited("a,b\n1,2\n3,\xFF\n", "t.csv", {});
  Row row;
  CHECK(reader->next(row));
  CHECK(reader->next(row));
  CHECK(row.cells[1].text == "2");
  CHECK_THROWS_WITH_AS(reader->next(row),
                       "t.csv line 3, column 2: bytes FF that are valid in neither UTF-8 nor "
                       "GB18030 (give --encoding if the file uses another encoding)",
                       Error);
}

TEST_CASE("caps: a field over 1 MiB, a row over 16 MiB, more than 16384 columns") {
  SUBCASE("a 10 MB field is refused at the line where it starts") {
    std::string field;
    field.resize(10'000'000, 'x');
    const Failure f = failure("a,b\n1,2\n3,\"" + field + "\"\n");
    CHECK(f.code == Exit::kData);
    CHECK(f.message == "t.csv line 3, column 2: a field larger than 1 MiB (is a quote left open?)");
    const Failure unquoted = failure("a,b\n" + field + "\n");
    CHECK(unquoted.message ==
          "t.csv line 2, column 1: a field larger than 1 MiB (is a quote left open?)");
  }
  SUBCASE("an open quote swallowing the rest of a large file") {
    std::string bytes = "a,b\n\"1,2\n";
    for (int i = 0; i < 400'000; ++i) bytes += "3,4\n";
    const Failure f = failure(bytes);
    CHECK(f.message == "t.csv line 2, column 1: a field larger than 1 MiB (is a quote left open?)");
  }
  SUBCASE("a field of exactly 1 MiB is read") {
    const Read read = read_bytes("a\n" + std::string(std::size_t{1} << 20, 'x') + "\n");
    CHECK(read.rows[1][0].size() == std::size_t{1} << 20);
  }
  SUBCASE("a row of 17 fields of 1 MiB") {
    std::string bytes = "a\n";
    for (int i = 0; i < 17; ++i) bytes += std::string(std::size_t{1} << 20, 'x') + ",";
    const Failure f = failure(bytes + "\n");
    CHECK(f.message == "t.csv line 2: a row longer than 16 MiB (is a quote left open?)");
  }
  SUBCASE("too many columns") {
    const Failure f = failure("a\n" + std::string(20000, ',') + "x\n");
    CHECK(f.message == "t.csv line 2: more than 16384 columns");
    CHECK(read_bytes("a\n" + std::string(16383, ',') + "x\n").rows[1].size() == 16384);
  }
}

TEST_CASE("chunk boundaries: characters and records split across the 1 MiB chunks") {
  // ~3 MiB with Chinese text, quoted fields with line breaks and CRLF at every offset.
  std::string text = "序号,姓名,备注\r\n";
  Rows expected = {{"序号", "姓名", "备注"}};
  std::vector<std::size_t> lines = {1};
  std::size_t line = 2;
  for (int i = 0; i < 130000; ++i) {
    const std::string number = std::to_string(i);
    const std::string name = i % 3 == 0 ? "欧阳娜娜" : "张伟";
    const std::string note = i % 7 == 0 ? "第一行\n第二行,\"引\"" : std::string(i % 13, 'x');
    text += number + "," + name + ",";
    text += i % 7 == 0 ? "\"第一行\r\n第二行,\"\"引\"\"\"" : note;
    text += "\r\n";
    expected.push_back({number, name, note});
    lines.push_back(line);
    line += i % 7 == 0 ? 2 : 1;
  }
  REQUIRE(text.size() > 3 * (std::size_t{1} << 20));
  SUBCASE("UTF-8") {
    const Read read = read_bytes(text);
    CHECK(read.rows == expected);
    CHECK(read.lines == lines);
  }
  SUBCASE("GB18030") {
    const Read read = read_bytes(encode(text, "GB18030"));
    CHECK(read.description == "GB18030, comma-separated");
    CHECK(read.rows == expected);
    CHECK(read.lines == lines);
  }
  SUBCASE("UTF-16LE") {
    const Read read = read_bytes("\xFF\xFE" + encode(text, "UTF-16LE"));
    CHECK(read.rows == expected);
    CHECK(read.lines == lines);
  }
  SUBCASE("every split of a CR LF pair and of a character") {
    // Lengths around the chunk size put each byte of the tail on the boundary in turn.
    for (std::size_t pad = (std::size_t{1} << 20) - 8; pad < (std::size_t{1} << 20) + 2; ++pad) {
      CAPTURE(pad);
      const std::string bytes = "a\r\n" + std::string(pad - 3, 'x') + "\r\n张伟\r\n\"\r\n\"\r\n";
      const Read read = read_bytes(bytes);
      CHECK(read.rows == Rows{{"a"}, {std::string(pad - 3, 'x')}, {"张伟"}, {"\n"}});
      CHECK(read.lines == std::vector<std::size_t>{1, 2, 3, 4});
    }
  }
}

TEST_CASE("detection looks past a long ASCII start") {
  std::string ascii = "a,b\n";
  while (ascii.size() < 3 * (std::size_t{1} << 20)) ascii += "12345678,abcdefgh\n";
  SUBCASE("GBK after 3 MiB of ASCII is GB18030") {
    const Read read = read_bytes(ascii + encode("张伟,王芳\n", "GBK"));
    CHECK(read.description == "GB18030, comma-separated");
    CHECK(read.rows.back() == std::vector<std::string>{"张伟", "王芳"});
  }
  SUBCASE("UTF-8 after 3 MiB of ASCII is UTF-8") {
    const Read read = read_bytes(ascii + "张伟,王芳\n");
    CHECK(read.description == "UTF-8, comma-separated");
    CHECK(read.rows.back() == std::vector<std::string>{"张伟", "王芳"});
  }
}

TEST_CASE("locate names the line and the column") {
  auto reader = read_delimited("姓名,手机\n张伟,138\n", "t.csv", {});
  Row row;
  REQUIRE(reader->next(row));
  REQUIRE(reader->next(row));
  CHECK(reader->locate(row, 1, "手机") == "line 2, column 手机");
  CHECK(reader->locate(row, 1, "") == "line 2, column 2");
}

TEST_CASE("a row's cells are replaced, not appended") {
  auto reader = read_delimited("a,b,c\n1\n", "t.csv", {});
  Row row;
  REQUIRE(reader->next(row));
  REQUIRE(reader->next(row));
  CHECK(row.cells.size() == 1);
  CHECK(row.cells[0].text == "1");
  CHECK_FALSE(reader->next(row));
}

TEST_CASE("files: missing, a directory, the fixtures") {
  archive::testing::TempDir dir;
  SUBCASE("a missing file") {
    try {
      archive::io::open_delimited(dir.path / "nope.csv", {});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::kNoInput);
      CHECK(std::string(e.what()) == "no file " + (dir.path / "nope.csv").string());
    }
  }
  SUBCASE("a directory") { CHECK_THROWS_AS(archive::io::open_delimited(dir.path, {}), Error); }
  SUBCASE("an empty file") {
    std::ofstream(dir.path / "empty.csv").close();
    const std::string message = (dir.path / "empty.csv").string() + " is empty";
    CHECK_THROWS_WITH(archive::io::open_delimited(dir.path / "empty.csv", {}), message.c_str());
  }
  SUBCASE("the fixtures of tests/data/import all read the same rows") {
    const std::filesystem::path data = ARCHIVE_TEST_DATA "/import";
    Rows first;
    for (const char* name : {"customers_gbk.csv", "customers_bom.csv", "customers_utf16.txt"}) {
      CAPTURE(name);
      auto reader = archive::io::open_delimited(data / name, {});
      const Read read = read_all(*reader);
      REQUIRE(read.rows.size() == 6);
      CHECK(read.rows[0] == std::vector<std::string>{"序号", "姓名", "手机", "性别", "公司名称",
                                                     "客户等级", "跟进人", "生日"});
      if (first.empty()) first = read.rows;
      CHECK(read.rows == first);
    }
    CHECK(archive::io::open_delimited(data / "customers_gbk.csv", {})->description() ==
          "GB18030, comma-separated");
    CHECK(archive::io::open_delimited(data / "customers_bom.csv", {})->description() ==
          "UTF-8 with BOM, comma-separated");
    CHECK(archive::io::open_delimited(data / "customers_utf16.txt", {})->description() ==
          "UTF-16LE with BOM, tab-separated");
    const std::string bad = (data / "bad_bytes.csv").string();
    CHECK_THROWS_WITH(read_all(*archive::io::open_delimited(data / "bad_bytes.csv", {})),
                      (bad + " line 3, column 2: bytes FF that are valid in neither UTF-8 nor "
                             "GB18030 (give --encoding if the file uses another encoding)")
                          .c_str());
  }
  SUBCASE("a large file is read in chunks and progress reaches 1") {
    const auto path = dir.path / "big.csv";
    {
      std::ofstream out(path, std::ios::binary);
      out << encode("序号,姓名\n", "GBK");
      for (int i = 0; i < 300000; ++i) out << i << "," << encode("张伟", "GBK") << "\r\n";
    }
    auto reader = archive::io::open_delimited(path, {});
    Row row;
    std::size_t rows = 0;
    double last = 0;
    while (reader->next(row)) {
      CHECK(reader->progress() >= last);
      last = reader->progress();
      ++rows;
    }
    CHECK(rows == 300001);
    CHECK(row.cells[1].text == "张伟");
    CHECK(reader->progress() == doctest::Approx(1.0));
  }
}

TEST_CASE("arbitrary bytes give rows or an archive::Error, never a crash") {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  const auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::string alphabet = "ab,;\t\"\r\n\xE5\xBC\xA0\xD5\xC5\xFF\x00\xFE\xEF\xBB\xBF"s;
  for (int round = 0; round < 3000; ++round) {
    std::string bytes;
    const std::size_t size = next() % 64;
    for (std::size_t i = 0; i < size; ++i) bytes += alphabet[next() % alphabet.size()];
    for (const auto& options :
         {DelimitedOptions{}, with_encoding("UTF-16LE"), with_delimiter(';')}) {
      try {
        auto reader = read_delimited(bytes, "t.csv", options);
        Row row;
        std::size_t rows = 0;
        while (reader->next(row)) {
          CHECK(row.line >= 1);
          CHECK(++rows <= bytes.size());
        }
      } catch (const Error& e) {
        CHECK(e.code() == Exit::kData);
      }
    }
  }
}
