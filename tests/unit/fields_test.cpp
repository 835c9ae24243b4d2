// The built-in field table, field lookup, per-field checking and masks.
#include "archive/domain/fields.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace d = archive::domain;
using d::FieldType;

namespace {

const d::Date kToday = *d::Date::from_ymd(2024, 6, 1);

d::FieldDef builtin(const char* key) {
  const auto def = d::find_field(key, {});
  REQUIRE(def.has_value());
  return *def;
}

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

}  // namespace

TEST_CASE("builtin_fields in card order") {
  struct Expected {
    const char* key;
    const char* label;
    FieldType type;
    bool sensitive;
    bool editable;
  };
  const Expected expected[] = {
      {"name", "姓名", FieldType::kText, false, true},
      {"kind", "类别", FieldType::kKind, false, true},
      {"gender", "性别", FieldType::kGender, false, true},
      {"birthday", "生日", FieldType::kPastDate, false, true},
      {"id_number", "身份证号", FieldType::kIdNumber, true, true},
      {"company", "公司", FieldType::kText, false, true},
      {"credit_code", "统一社会信用代码", FieldType::kCreditCode, false, true},
      {"title", "职务", FieldType::kText, false, true},
      {"legal_rep", "法定代表人", FieldType::kText, false, true},
      {"mobile", "手机", FieldType::kMobile, true, true},
      {"phone", "电话", FieldType::kPhone, false, true},
      {"fax", "传真", FieldType::kPhone, false, true},
      {"email", "邮箱", FieldType::kEmail, false, true},
      {"website", "网站", FieldType::kText, false, true},
      {"address", "地址", FieldType::kText, false, true},
      {"postcode", "邮编", FieldType::kPostcode, false, true},
      {"region", "区域", FieldType::kRegion, false, false},
      {"owner", "跟进人", FieldType::kText, false, true},
      {"source", "来源", FieldType::kSource, false, true},
      {"level", "密级", FieldType::kLevel, false, true},
      {"note", "备注", FieldType::kText, false, true},
      {"sms_opt_out", "退订", FieldType::kFlag, false, true},
  };
  const auto& fields = d::builtin_fields();
  REQUIRE(fields.size() == std::size(expected));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    CAPTURE(expected[i].key);
    CHECK(fields[i].key == expected[i].key);
    CHECK(fields[i].label == expected[i].label);
    CHECK(fields[i].type == expected[i].type);
    CHECK(fields[i].sensitive == expected[i].sensitive);
    CHECK(fields[i].editable == expected[i].editable);
    CHECK_FALSE(fields[i].custom);
    CHECK(fields[i].values.empty());
  }
}

TEST_CASE("find_field") {
  d::FieldDef spouse;
  spouse.key = "spouse";
  spouse.label = "配偶";
  spouse.custom = true;
  d::FieldDef car;
  car.key = "car";
  car.label = "mobile";  // a label equal to a built-in key never hides that field
  car.custom = true;
  const std::vector<d::FieldDef> custom = {spouse, car};

  struct Case {
    const char* in;
    const char* key;  // nullptr: not found
  };
  const Case cases[] = {
      {"mobile", "mobile"},
      {"手机", "mobile"},
      {" 手机 ", "mobile"},
      {"\u3000邮编", "postcode"},
      {"统一社会信用代码", "credit_code"},
      {"spouse", "spouse"},
      {"配偶", "spouse"},
      {"car", "car"},
      {"Mobile", nullptr},
      {"手 机", nullptr},
      {"", nullptr},
      {"status", nullptr},
      {"created", nullptr},
      {"archive_no", nullptr},
      {"unknown", nullptr},
  };
  for (const Case& c : cases) {
    INFO("in: ", std::string(c.in));
    const auto def = d::find_field(c.in, custom);
    if (c.key == nullptr) {
      CHECK_FALSE(def.has_value());
    } else {
      REQUIRE(def.has_value());
      CHECK(def->key == c.key);
    }
  }
  CHECK(d::find_field("spouse", {}) == std::nullopt);
  CHECK(d::find_field("配偶", custom)->custom);
}

TEST_CASE("check_field") {
  struct Case {
    const char* key;
    std::string in;
    std::string out;
    std::string problem = "";
  };
  const Case cases[] = {
      // free text: trimmed, kept as typed
      {"name", "  张伟 ", "张伟"},
      {"name", "\u3000张伟\u3000", "张伟"},
      {"name", "ＡＢＣ公司", "ＡＢＣ公司"},  // no NFKC on free text
      {"name", "", "", "must not be empty"},
      {"name", " \u3000 ", "", "must not be empty"},
      {"name", "张\t伟", "", "holds a control character"},
      {"name", "张\n伟", "", "holds a control character"},
      {"name", "张\x7f伟", "", "holds a control character"},
      {"name", "张\u0085伟", "", "holds a control character"},
      {"name", "\xFF", "", "is not valid UTF-8"},
      {"name", repeat("张", 200), repeat("张", 200)},
      {"name", repeat("张", 201), "", "is longer than 200 characters"},
      {"company", repeat("a", 201), "", "is longer than 200 characters"},
      {"note", repeat("备", 1000), repeat("备", 1000)},
      {"note", repeat("备", 1001), "", "is longer than 1000 characters"},
      {"address", repeat("路", 1000), repeat("路", 1000)},
      {"address", repeat("路", 1001), "", "is longer than 1000 characters"},
      {"note", "", ""},
      {"website", " www.example.com ", "www.example.com"},
      // typed values: empty means "no value"
      {"mobile", "", ""},
      {"mobile", " \u3000", ""},
      {"mobile", "１３８ １２３４ ８０００", "13812348000"},
      {"mobile", "138****8000", "", "is masked; export with --unmask to get the full number"},
      {"mobile", "12345", "", "is not a mobile number"},
      {"phone", "021-62345678转8", "02162345678-8"},
      {"fax", "(021)62345679", "02162345679"},
      {"id_number", "11010519491231002x", "11010519491231002X"},
      {"id_number", "310101202406021232", "", "holds a birth date in the future"},
      {"credit_code", "91350100m000100y43", "91350100M000100Y43"},
      {"email", "Wei@Example.com", "Wei@example.com"},
      {"postcode", "２０００８０", "200080"},
      {"region", "sh", "SH"},
      {"birthday", "1980年1月2日", "1980-01-02"},
      {"birthday", "2024-06-02", "", "is in the future"},
      {"kind", "公司", "company"},
      {"gender", "女", "female"},
      {"source", "陌拜", "cold-call"},
      {"level", "机密", "confidential"},
      {"level", "", ""},
      {"kind", "shop", "", "is not one of: individual, company, government, special, partner"},
      // a flag: "no" is the card's "no value"
      {"sms_opt_out", "yes", "1"},
      {"sms_opt_out", "TRUE", "1"},
      {"sms_opt_out", "１", "1"},
      {"sms_opt_out", "是", "1"},
      {"sms_opt_out", "no", ""},
      {"sms_opt_out", "False", ""},
      {"sms_opt_out", "0", ""},
      {"sms_opt_out", "否", ""},
      {"sms_opt_out", "", ""},
      {"sms_opt_out", "maybe", "", "is not yes or no"},
      {"退订", "是", "1"},
  };
  for (const Case& c : cases) {
    INFO("key: ", std::string(c.key));
    INFO("in: ", std::string(c.in));
    const d::Checked got = d::check_field(builtin(c.key), c.in, kToday);
    CHECK(got.problem == c.problem);
    CHECK(got.value == c.out);
  }

  SUBCASE("custom fields") {
    d::FieldDef def;
    def.custom = true;
    def.key = "spouse";
    def.label = "配偶";
    CHECK(d::check_field(def, "", kToday).ok());
    CHECK(d::check_field(def, " 李娜 ", kToday).value == "李娜");

    def.key = "note";  // a custom field named like a built-in keeps the short limit
    CHECK(d::check_field(def, repeat("a", 201), kToday).problem == "is longer than 200 characters");

    def.key = "children";
    def.type = FieldType::kInteger;
    CHECK(d::check_field(def, "２", kToday).value == "2");
    CHECK(d::check_field(def, "two", kToday).problem == "is not a whole number");
    CHECK(d::check_field(def, "", kToday).ok());

    def.type = FieldType::kDate;
    CHECK(d::check_field(def, "2030/1/2", kToday).value == "2030-01-02");

    def.type = FieldType::kMoney;
    CHECK(d::check_field(def, "￥3,000", kToday).value == "3000.00");

    def.key = "house_type";
    def.type = FieldType::kEnum;
    def.values = {"一居", "两居", "三居", "A1"};
    CHECK(d::check_field(def, "两居", kToday).value == "两居");
    CHECK(d::check_field(def, " 三居\u3000", kToday).value == "三居");
    CHECK(d::check_field(def, "Ａ１", kToday).value == "A1");
    CHECK(d::check_field(def, "", kToday).ok());
    const d::Checked bad = d::check_field(def, "四居", kToday);
    CHECK(bad.problem == "is not one of: 一居, 两居, 三居, A1");
    CHECK(bad.value.empty());
    CHECK(d::check_field(def, "a1", kToday).problem == "is not one of: 一居, 两居, 三居, A1");
  }
}

TEST_CASE("masks") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case mobiles[] = {
      {"13812348000", "138****8000"},
      {"+85291234567", "+852****4567"},
      {"+14155552671", "+141****2671"},
      {"+12345678", "*******78"},  // too short to show both ends
      {"+1234567890", "+123****7890"},
      {"+123456789", "********89"},
      {"12345678", "******78"},
      {"1234567", "*****67"},
      {"12", "**"},
      {"", ""},
  };
  for (const Case& c : mobiles) {
    INFO("in: ", std::string(c.in));
    CHECK(d::mask_mobile(c.in) == c.out);
  }
  const Case ids[] = {
      {"11010519491231002X", "110105********002X"},
      {"440304200002291236", "440304********1236"},
      {"110105491231002", "110105*****1002"},
      {"12345", "***45"},
      {"", ""},
  };
  for (const Case& c : ids) {
    INFO("in: ", std::string(c.in));
    CHECK(d::mask_id_number(c.in) == c.out);
  }

  SUBCASE("every mask of a real number looks masked and is refused") {
    CHECK(d::looks_masked(d::mask_mobile("13812348000")));
    CHECK(d::looks_masked(d::mask_mobile("+85291234567")));
    CHECK(d::looks_masked(d::mask_id_number("11010519491231002X")));
    CHECK_FALSE(d::check_mobile(d::mask_mobile("13812348000")).ok());
    CHECK_FALSE(d::check_id_number(d::mask_id_number("11010519491231002X"), kToday).ok());
  }
}

TEST_CASE("looks_masked") {
  struct Case {
    const char* in;
    bool masked;
  };
  const Case cases[] = {
      {"138****8000", true}, {"110105********002X", true},
      {"**", true},          {"a***b", true},
      {"＊＊＊＊", true},    {"13812348000", false},
      {"a*b", false},        {"*a*", false},
      {"", false},           {"张伟", false},
  };
  for (const Case& c : cases) {
    INFO("in: ", std::string(c.in));
    CHECK(d::looks_masked(c.in) == c.masked);
  }
}
