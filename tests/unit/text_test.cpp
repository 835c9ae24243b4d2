// UTF-8 validity, NFKC, trimming and terminal widths.
#include "archive/domain/text.h"

#include <doctest/doctest.h>

#include <string>

using namespace std::string_literals;
using archive::domain::ascii_lower;
using archive::domain::ascii_upper;
using archive::domain::display_width;
using archive::domain::is_valid_utf8;
using archive::domain::nfkc;
using archive::domain::trim;

TEST_CASE("is_valid_utf8") {
  struct Case {
    std::string text;
    bool valid;
  };
  const Case cases[] = {
      {"", true},
      {"abc", true},
      {"张伟", true},
      {"\u00e9", true},
      {"\U0001F600", true},         // 4-byte sequence
      {"\U0010FFFF", true},         // the last code point
      {"\uD7FF", true},             // just below the surrogates
      {"\uE000", true},             // just above them
      {"a\0b"s, true},              // NUL is a character
      {"\x80", false},              // lone continuation byte
      {"\xC0\xAF", false},          // overlong '/'
      {"\xC1\xBF", false},          // overlong
      {"\xE0\x80\xAF", false},      // overlong 3-byte
      {"\xF0\x80\x80\xAF", false},  // overlong 4-byte
      {"\xED\xA0\x80", false},      // surrogate U+D800
      {"\xED\xBF\xBF", false},      // surrogate U+DFFF
      {"\xF4\x90\x80\x80", false},  // U+110000
      {"\xF5\x80\x80\x80", false},  // lead byte past F4
      {"\xFF", false},
      {"\xE5\xBC", false},  // truncated 张
      {"\xE5", false},
      {"ab\xE5\xBC", false},    // truncated at the end
      {"\xF0\x9F\x98", false},  // truncated 4-byte
      {"\xE5\x41\xA0", false},  // ASCII inside a sequence
      {"\xC3\xA9\xC3", false},
  };
  for (const Case& c : cases) {
    INFO("text: ", std::string(c.text));
    CHECK(is_valid_utf8(c.text) == c.valid);
  }
}

TEST_CASE("nfkc folds compatibility forms") {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"", ""},
      {"abc", "abc"},
      {"１３８１２３４８０００", "13812348000"},
      {"ＡＢＣａｂｃ", "ABCabc"},
      {"２０２４－０３－０５", "2024-03-05"},
      {"（０２１）", "(021)"},
      {"＋８６", "+86"},
      {"￥１，２３４．５０", "\u00a51,234.50"},
      {"\u3000", " "},        // ideographic space -> space
      {"e\u0301", "\u00e9"},  // composed
      {"ｶ", "カ"},            // half-width katakana
      {"①", "1"},
      {"张伟", "张伟"},
      {"＠", "@"},
  };
  for (const Case& c : cases) {
    INFO("in: ", std::string(c.in));
    CHECK(nfkc(c.in) == c.out);
  }
  SUBCASE("invalid input comes back unchanged") {
    const std::string bad = "\xFF\xFE１";
    CHECK(nfkc(bad) == bad);
  }
}

TEST_CASE("trim") {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"", ""},
      {"   ", ""},
      {"abc", "abc"},
      {"  abc  ", "abc"},
      {"\t\r\nabc\r\n", "abc"},
      {"\u3000张伟\u3000", "张伟"},
      {"\u00a0张 伟\u00a0", "张 伟"},
      {" \u3000\u00a0\t", ""},
      {"a b", "a b"},
      {"张\u3000伟", "张\u3000伟"},  // inner space kept
      {"\v\fx\f", "x"},
  };
  for (const Case& c : cases) {
    INFO("in: ", std::string(c.in));
    CHECK(trim(c.in) == c.out);
  }
}

TEST_CASE("display_width") {
  struct Case {
    std::string text;
    std::size_t width;
  };
  const Case cases[] = {
      {"", 0},           {"abc", 3},
      {"张伟", 4},       {"上海建材有限公司", 16},
      {"\u00e9", 1},                   // composed é
      {"e\u0301", 1},                  // combining acute adds nothing
      {"SH-000123", 9},  {"ＡＢ", 4},  // full-width letters
      {"１３８", 6},     {"张三abc", 7},
      {"\u3000", 2},     {"a\tb", 2},  // control characters take no cell
      {"\x1b", 0},       {"\xFF", 1},  // a stray byte counts one
      {"a\xE5\xBC", 3},                // truncated sequence: each byte counts one
      {"\U0001F600", 2},               // emoji
      {"ｶﾀ", 2},                       // half-width katakana
  };
  for (const Case& c : cases) {
    INFO("text: ", std::string(c.text));
    CHECK(display_width(c.text) == c.width);
  }
}

TEST_CASE("ascii case mapping leaves other bytes alone") {
  CHECK(ascii_lower("SH-00aB") == "sh-00ab");
  CHECK(ascii_upper("sh-00aB") == "SH-00AB");
  CHECK(ascii_lower("ÉCOLE 张") == "École 张");
  CHECK(ascii_upper("école 张x") == "éCOLE 张X");
  CHECK(ascii_upper("") == "");
}

TEST_CASE("printable shows control characters and bad bytes as \\xNN") {
  using archive::domain::printable;
  CHECK(printable("张伟") == "张伟");
  CHECK(printable("张\x1b[31m伟") == "张\\x1B[31m伟");
  CHECK(printable("a\nb") == "a\\x0Ab");
  CHECK(printable("\xff") == "\\xFF");
}
