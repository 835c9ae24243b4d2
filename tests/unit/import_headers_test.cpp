// The pure parts of `archive import`: header mapping (synonyms, --map, custom fields,
// refusals), the leading-quote rule and the shape of reject reasons.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "archive/app/import.h"
#include "archive/config/config.h"
#include "archive/error.h"

namespace archive::app {
namespace {

const config::Config& shipped() {
  static const config::Config c = config::load_config_text(config::kShippedConfig, std::nullopt);
  return c;
}

const config::Config& with_custom_fields() {
  static const config::Config c = config::load_config_text(config::kShippedConfig, R"(
[fields.spouse]
label = "配偶"
type = "text"
)");
  return c;
}

// The target of each column as text: "mobile", "grade.value", "archive_no", "-" (ignored).
std::vector<std::string> targets(const HeaderMapping& m) {
  std::vector<std::string> out;
  for (const auto& t : m.columns) {
    switch (t.kind) {
      case ColumnKind::kField:
        out.push_back(t.field.key);
        break;
      case ColumnKind::kGrade:
        out.push_back(t.scheme.empty() ? "grade" : "grade." + t.scheme);
        break;
      case ColumnKind::kArchiveNo:
        out.emplace_back("archive_no");
        break;
      case ColumnKind::kCreated:
        out.emplace_back("created");
        break;
      case ColumnKind::kStatus:
        out.emplace_back("status");
        break;
      case ColumnKind::kClosedOn:
        out.emplace_back("closed_on");
        break;
      case ColumnKind::kIgnore:
        out.emplace_back("-");
        break;
    }
  }
  return out;
}

HeaderMapping map(const std::vector<std::string>& headers,
                  const config::Config& config = shipped()) {
  return map_headers(headers, HeaderSynonyms::shipped(), config);
}

}  // namespace

TEST_CASE("headers are compared without case, spaces, full-width forms or markers") {
  CHECK(normalise_header(" E-Mail ") == "e-mail");
  CHECK(normalise_header("手机号码：") == "手机号码");
  CHECK(normalise_header("*姓名*") == "姓名");
  CHECK(normalise_header("ＩＤ　Ｎｏ") == "idno");
  CHECK(normalise_header("Archive_No") == "archiveno");
}

TEST_CASE("Chinese and English headers map through the synonym table") {
  struct Row {
    const char* header;
    const char* target;
  };
  const Row rows[] = {
      {"姓名", "name"},
      {"客户名称", "name"},
      {"手机", "mobile"},
      {"手机号", "mobile"},
      {"手机号码", "mobile"},
      {"移动电话", "mobile"},
      {"性别", "gender"},
      {"电话", "phone"},
      {"联系电话", "phone"},
      {"办公电话", "phone"},
      {"公司", "company"},
      {"公司名称", "company"},
      {"单位", "company"},
      {"地址", "address"},
      {"通讯地址", "address"},
      {"客户等级", "grade"},
      {"等级", "grade"},
      {"跟进人", "owner"},
      {"销售人员", "owner"},
      {"置业顾问", "owner"},
      {"来源", "source"},
      {"客户来源", "source"},
      {"生日", "birthday"},
      {"出生日期", "birthday"},
      {"身份证", "id_number"},
      {"身份证号", "id_number"},
      {"邮箱", "email"},
      {"E-mail", "email"},
      {"备注", "note"},
      {"Mobile", "mobile"},
      {"mobile phone", "mobile"},
      {"Name", "name"},
      {"id_number", "id_number"},
      {"档案编号", "archive_no"},
      {"archive_no", "archive_no"},
      {"建档日期", "created"},
      {"客户价值", "grade.value"},
      {"意向级别", "grade.intent"},
      {"grade_intent", "grade.intent"},
      {"status", "status"},
      {"closed_on", "closed_on"},
      {"统一社会信用代码", "credit_code"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.header);
    const auto m =
        map({"姓名" == std::string(row.header) || "客户名称" == std::string(row.header) ||
                     "Name" == std::string(row.header)
                 ? "序号"
                 : "name",
             row.header});
    CHECK(targets(m).back() == row.target);
  }
}

TEST_CASE("unknown columns are reported once and ignored") {
  const auto m = map({"序号", "姓名", "微信", "手机"});
  CHECK(targets(m) == std::vector<std::string>{"-", "name", "-", "mobile"});
  CHECK(m.unknown == std::vector<std::string>{"序号", "微信"});
  // Our own reject column is ignored without a note; an empty header too.
  const auto r = map({"姓名", "reject_reason", ""});
  CHECK(targets(r) == std::vector<std::string>{"name", "-", "-"});
  CHECK(r.unknown.empty());
}

TEST_CASE("custom fields map by their name and label") {
  CHECK(targets(map({"姓名", "配偶"}, with_custom_fields())) ==
        std::vector<std::string>{"name", "spouse"});
  CHECK(targets(map({"姓名", "spouse"}, with_custom_fields())) ==
        std::vector<std::string>{"name", "spouse"});
  // Without the field in the config the column feeds nothing.
  CHECK(map({"姓名", "配偶"}).unknown == std::vector<std::string>{"配偶"});
}

TEST_CASE("a mapping file overrides and adds, and is checked") {
  auto synonyms = HeaderSynonyms::shipped();
  synonyms.merge_map_text(R"([columns]
"客户手机" = "mobile"
"电话" = "fax"
"老婆" = "配偶"
"VIP等级" = "grade.value"
"序号" = ""
)",
                          "map.toml", with_custom_fields());
  const auto m = map_headers({"客户", "客户手机", "电话", "老婆", "VIP等级", "序号"}, synonyms,
                             with_custom_fields());
  CHECK(targets(m) ==
        std::vector<std::string>{"name", "mobile", "fax", "spouse", "grade.value", "-"});
  CHECK(m.unknown.empty());

  auto broken = HeaderSynonyms::shipped();
  try {
    broken.merge_map_text("[columns]\n\"a\" = \"mobil\"\n", "map.toml", shipped());
    FAIL("an unknown target was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::kConfig);
    CHECK(std::string(e.what()).find("map.toml line 2") != std::string::npos);
  }
  CHECK_THROWS_AS(broken.merge_map_text("[other]\n", "map.toml", shipped()), Error);
  CHECK_THROWS_AS(broken.merge_map_text("[columns\n", "map.toml", shipped()), Error);
  CHECK_THROWS_AS(broken.merge_map_text("[columns]\n\"a\" = 3\n", "map.toml", shipped()), Error);
}

TEST_CASE("a file without a name column, or with two columns for one field, is refused") {
  try {
    map({"序号", "手机"});
    FAIL("no name column was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::kData);
    CHECK(std::string(e.what()).find("序号, 手机") != std::string::npos);
  }
  try {
    map({"姓名", "手机", "手机号码"});
    FAIL("two mobile columns were accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::kData);
    CHECK(std::string(e.what()).find("手机 and 手机号码") != std::string::npos);
  }
}

TEST_CASE("targets resolve to fields, grades and the card's own columns") {
  CHECK(resolve_target("", shipped())->kind == ColumnKind::kIgnore);
  CHECK(resolve_target("手机", shipped())->field.key == "mobile");
  CHECK(resolve_target("grade.intent", shipped())->scheme == "intent");
  CHECK(resolve_target("grade:value", shipped())->scheme == "value");
  CHECK_FALSE(resolve_target("grade.nope", shipped()));
  CHECK_FALSE(resolve_target("mobil", shipped()));
}

TEST_CASE("the leading quote of our own formula guard is removed, nothing else") {
  CHECK(strip_export_quote("'=SUM(A1)") == "=SUM(A1)");
  CHECK(strip_export_quote("'+86 138") == "+86 138");
  CHECK(strip_export_quote("'-5") == "-5");
  CHECK(strip_export_quote("'@home") == "@home");
  CHECK(strip_export_quote("'abc") == "'abc");
  CHECK(strip_export_quote("'") == "'");
  CHECK(strip_export_quote("''=x") == "''=x");
  CHECK(strip_export_quote("=x") == "=x");
  CHECK(strip_export_quote("") == "");
}

TEST_CASE("reject reasons name where and why; reject files sit next to the input") {
  CHECK(reject_reason("line 17, column 手机", "1381234 is not a mobile number") ==
        "line 17, column 手机: 1381234 is not a mobile number");
  CHECK(default_reject_file("data/customers.csv") == "data/customers.rejects.csv");
  CHECK(default_reject_file("客户资料.txt") == "客户资料.rejects.csv");
  CHECK(default_reject_file("/tmp/book.xlsx") == "/tmp/book.rejects.csv");
}

}  // namespace archive::app
