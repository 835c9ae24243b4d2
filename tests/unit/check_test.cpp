// Normalisation and refusal of every typed value a card holds.
#include "archive/domain/check.h"

#include <doctest/doctest.h>

#include <string>

namespace d = archive::domain;

namespace {

struct Case {
  const char* in;
  const char* out;  // canonical value, or "" when invalid
  const char* problem = "";
};

const d::Date kToday = *d::Date::from_ymd(2024, 6, 1);

// Checks each case; `fn` is the checker under test.
template <typename Fn>
void run(const Case* begin, const Case* end, Fn fn) {
  for (const Case* c = begin; c != end; ++c) {
    INFO("in: ", std::string(c->in));
    const d::Checked got = fn(c->in);
    CHECK(got.problem == c->problem);
    CHECK(got.value == c->out);
    CHECK(got.ok() == std::string(c->problem).empty());
  }
}

template <typename Fn, std::size_t N>
void run(const Case (&cases)[N], Fn fn) {
  run(cases, cases + N, fn);
}

constexpr const char* kMasked = "is masked; export with --unmask to get the full number";

}  // namespace

TEST_CASE("check_mobile") {
  const char* kNot = "is not a mobile number";
  const Case cases[] = {
      {"13812348000", "13812348000"},
      {"  13812348000 ", "13812348000"},
      {"138 1234 8000", "13812348000"},
      {"138-1234-8000", "13812348000"},
      {"(138)12348000", "13812348000"},
      {"+8613812348000", "13812348000"},
      {"+86 138 1234 8000", "13812348000"},
      {"+86-13812348000", "13812348000"},
      {"008613812348000", "13812348000"},
      {"１３８１２３４８０００", "13812348000"},
      {"＋８６　１３８１２３４８０００", "13812348000"},
      {"19912345678", "19912345678"},
      {"+85291234567", "+85291234567"},
      {"0085291234567", "+85291234567"},
      {"+852 9123 4567", "+85291234567"},
      {"+1 (415) 555-2671", "+14155552671"},
      {"+12345678", "+12345678"},                // 8 digits: the shortest
      {"+123456789012345", "+123456789012345"},  // 15 digits: the longest
      {"", "", "must not be empty"},
      {"   ", "", "must not be empty"},
      {"12812348000", "", kNot},  // second digit 2
      {"10812348000", "", kNot},
      {"23812348000", "", kNot},
      {"1381234800", "", kNot},     // 10 digits
      {"138123480001", "", kNot},   // 12 digits
      {"8613812348000", "", kNot},  // 86 without + or 00
      {"+8612812348000", "", kNot},
      {"+86138123480", "", kNot},
      {"+1234567", "", kNot},           // 7 digits
      {"+1234567890123456", "", kNot},  // 16 digits
      {"+0123456789", "", kNot},        // no country code starts with 0
      {"000123456789", "", kNot},
      {"021-62345678", "", kNot},  // a landline
      {"138.1234.8000", "", kNot},
      {"138/1234/8000", "", kNot},
      {"mobile", "", kNot},
      {"+", "", kNot},
      {"138****8000", "", kMasked},
      {"138＊＊＊＊8000", "", kMasked},
      {"+852****4567", "", kMasked},
      {"*********00", "", kMasked},
  };
  run(cases, [](const char* s) { return d::check_mobile(s); });
}

TEST_CASE("check_phone") {
  const char* kNot = "is not a phone number";
  const Case cases[] = {
      {"021-62345678", "02162345678"},
      {"(021) 6234 5678", "02162345678"},
      {"０２１－６２３４５６７８", "02162345678"},
      {"+86 21 6234 5678", "+862162345678"},
      {"021-62345678转801", "02162345678-801"},
      {"021-62345678 转 801", "02162345678-801"},
      {"021-62345678 ext. 12", "02162345678-12"},
      {"021-62345678 EXT 12", "02162345678-12"},
      {"021-62345678x12", "02162345678-12"},
      {"021-62345678 X 12", "02162345678-12"},
      {"95588", "95588"},  // 5 digits
      {"12345678901234567890", "12345678901234567890"},
      {"13812348000", "13812348000"},  // a mobile is a phone too
      {"", "", "must not be empty"},
      {"1234", "", kNot},
      {"123456789012345678901", "", kNot},
      {"021-62345678转", "", kNot},           // empty extension
      {"021-62345678转123456789", "", kNot},  // extension too long
      {"021-62345678转8转9", "", kNot},
      {"021 6234 5678 #12", "", kNot},
      {"62345678+1", "", kNot},
      {"abc", "", kNot},
      {"转123", "", kNot},
  };
  run(cases, [](const char* s) { return d::check_phone(s); });
}

TEST_CASE("check_id_number") {
  const Case cases[] = {
      {"11010519491231002X", "11010519491231002X"},  // the classic example
      {"11010519491231002x", "11010519491231002X"},
      {" 11010519491231002X\u3000", "11010519491231002X"},
      {"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"},
      {"440304200002291236", "440304200002291236"},  // born 29 Feb 2000
      {"310101199001010012", "310101199001010012"},
      {"310101190001011233", "310101190001011233"},  // 1900-01-01: earliest
      {"310101202406011237", "310101202406011237"},  // born today
      {"", "", "must not be empty"},
      {"11010519491231002", "", "is not 18 characters"},
      {"11010519491231002X1", "", "is not 18 characters"},
      {"110105491231002", "", "is not 18 characters"},  // the old 15-digit form
      {"11010519491231002Y", "", "may hold only digits and a final X"},
      {"1101051949123100X2", "", "may hold only digits and a final X"},
      {"11010519491231002-", "", "may hold only digits and a final X"},
      {"110105194912310021", "", "has a wrong check digit"},
      {"110105194912310020", "", "has a wrong check digit"},
      {"11010519491231003X", "", "has a wrong check digit"},
      {"310101190002291230", "", "holds a birth date that is not a real day"},
      {"110101200002301231", "", "holds a birth date that is not a real day"},
      {"320102198013041231", "", "holds a birth date that is not a real day"},
      {"310101189912311239", "", "holds a birth date before 1900"},
      {"310101202406021232", "", "holds a birth date in the future"},
      {"110105********002X", "", kMasked},
      {"110105＊＊＊＊＊＊＊＊002X", "", kMasked},
  };
  run(cases, [](const char* s) { return d::check_id_number(s, kToday); });
}

TEST_CASE("check_credit_code") {
  const Case cases[] = {
      {"91350100M000100Y43", "91350100M000100Y43"},  // commonly cited example
      {"91350100m000100y43", "91350100M000100Y43"},
      {"  91110108551385082Q ", "91110108551385082Q"},
      {"91310115MA1K4XY10Y", "91310115MA1K4XY10Y"},
      {"12100000400000624D", "12100000400000624D"},
      {"914403007152672630", "914403007152672630"},  // check value 31 -> 0
      {"９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"},
      {"", "", "must not be empty"},
      {"91350100M000100Y4", "", "is not 18 characters"},
      {"91350100M000100Y431", "", "is not 18 characters"},
      {"91350100M000100Y44", "", "has a wrong check character"},
      {"91350100M000100Y4Q", "", "has a wrong check character"},
      {"91350100I000100Y43", "", "holds a character not used in credit codes"},  // I
      {"91350100O000100Y43", "", "holds a character not used in credit codes"},  // O
      {"91350100Z000100Y43", "", "holds a character not used in credit codes"},  // Z
      {"91350100S000100Y43", "", "holds a character not used in credit codes"},  // S
      {"91350100V000100Y43", "", "holds a character not used in credit codes"},  // V
      {"91350100-00100Y43X", "", "holds a character not used in credit codes"},
  };
  run(cases, [](const char* s) { return d::check_credit_code(s); });
}

TEST_CASE("check_email") {
  const char* kNot = "is not an e-mail address";
  const Case cases[] = {
      {"zhang.wei@example.com", "zhang.wei@example.com"},
      {"Zhang.Wei@Example.COM", "Zhang.Wei@example.com"},
      {" wei@corp.example.cn ", "wei@corp.example.cn"},
      {"ｗｅｉ＠ｅｘａｍｐｌｅ．ｃｎ", "wei@example.cn"},
      {"a+tag@qq.com", "a+tag@qq.com"},
      {"", "", "must not be empty"},
      {"wei", "", kNot},
      {"wei@", "", kNot},
      {"@example.com", "", kNot},
      {"wei@example", "", kNot},
      {"wei@@example.com", "", kNot},
      {"wei@a@example.com", "", kNot},
      {"zhang wei@example.com", "", kNot},
      {"wei@exa mple.com", "", kNot},
      {"wei@.example.com", "", kNot},
      {"wei@example.com.", "", kNot},
      {"wei@example..com", "", kNot},
  };
  run(cases, [](const char* s) { return d::check_email(s); });
}

TEST_CASE("check_date and check_past_date") {
  const Case dates[] = {
      {"2024/3/5", "2024-03-05"},          {"２０２４年３月５日", "2024-03-05"},
      {"2030-01-01", "2030-01-01"},        {"", "", "must not be empty"},
      {"2024-02-30", "", "is not a date"}, {"3/5/2024", "", "is not a date"},
  };
  run(dates, [](const char* s) { return d::check_date(s); });

  const Case past[] = {
      {"1980年1月2日", "1980-01-02"},
      {"2024-06-01", "2024-06-01"},  // today is not the future
      {"2024-06-02", "", "is in the future"},
      {"2100-2-28", "", "is in the future"},
      {"2100-2-29", "", "is not a date"},
      {"", "", "must not be empty"},
  };
  run(past, [](const char* s) { return d::check_past_date(s, kToday); });
}

TEST_CASE("check_integer") {
  const char* kNot = "is not a whole number";
  const Case cases[] = {
      {"0", "0"},
      {"42", "42"},
      {"+42", "42"},
      {"-42", "-42"},
      {"007", "7"},
      {"-0", "0"},
      {"1,234", "1234"},
      {"-1,234,567", "-1234567"},
      {"１，２３４", "1234"},
      {" 12 ", "12"},
      {"9223372036854775807", "9223372036854775807"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"9,223,372,036,854,775,807", "9223372036854775807"},
      {"0009223372036854775807", "9223372036854775807"},
      {"", "", "must not be empty"},
      {"9223372036854775808", "", "is out of range"},
      {"-9223372036854775809", "", "is out of range"},
      {"99999999999999999999", "", "is out of range"},
      {"1.5", "", kNot},
      {"12,34", "", kNot},
      {"1,2345", "", kNot},
      {",123", "", kNot},
      {"123,", "", kNot},
      {"1,,234", "", kNot},
      {"1234,567", "", kNot},
      {"--1", "", kNot},
      {"+", "", kNot},
      {"-", "", kNot},
      {"1 234", "", kNot},
      {"1e3", "", kNot},
      {"abc", "", kNot},
  };
  run(cases, [](const char* s) { return d::check_integer(s); });
}

TEST_CASE("check_money") {
  const char* kNot = "is not an amount of money";
  const Case cases[] = {
      {"1234.5", "1234.50"},
      {"1234", "1234.00"},
      {"1234.56", "1234.56"},
      {"0.5", "0.50"},
      {"0", "0.00"},
      {"-0.00", "0.00"},
      {"-12", "-12.00"},
      {"+12", "12.00"},
      {"¥1,234.50", "1234.50"},
      {"￥1,234.50", "1234.50"},
      {"¥ 88", "88.00"},
      {"-¥12", "-12.00"},
      {"¥-12", "-12.00"},
      {"1,234元", "1234.00"},
      {"99.9 元", "99.90"},
      {"¥100元", "100.00"},
      {"０１２．３０", "12.30"},
      {" 1,000,000.00 ", "1000000.00"},
      {"999999999999999.99", "999999999999999.99"},
      {"", "", "must not be empty"},
      {"1.234", "", "has more than two decimals"},
      {"1,234.567", "", "has more than two decimals"},
      {"1000000000000000", "", "is out of range"},
      {"1.", "", kNot},
      {".5", "", kNot},
      {"1.2.3", "", kNot},
      {"12,34.00", "", kNot},
      {"¥", "", kNot},
      {"元", "", kNot},
      {"$12", "", kNot},
      {"12元整", "", kNot},
      {"元12", "", kNot},
      {"12¥", "", kNot},
      {"--12", "", kNot},
      {"-¥-12", "", kNot},
      {"1.-5", "", kNot},
      {"abc", "", kNot},
  };
  run(cases, [](const char* s) { return d::check_money(s); });
}

TEST_CASE("check_flag") {
  const Case flags[] = {
      {"yes", "1"},
      {"Yes", "1"},
      {"true", "1"},
      {"1", "1"},
      {"１", "1"},
      {" 是 ", "1"},
      {"no", "0"},
      {"NO", "0"},
      {"false", "0"},
      {"0", "0"},
      {"否", "0"},
      {"", "", "must not be empty"},
      {"y", "", "is not yes or no"},
      {"2", "", "is not yes or no"},
      {"退订", "", "is not yes or no"},
  };
  run(flags, [](const char* s) { return d::check_flag(s); });
}

TEST_CASE("check_postcode, check_region, check_archive_no") {
  const Case postcodes[] = {
      {"200001", "200001"},
      {"２００００１", "200001"},
      {" 100080 ", "100080"},
      {"", "", "must not be empty"},
      {"20001", "", "is not a postcode"},
      {"2000011", "", "is not a postcode"},
      {"20000a", "", "is not a postcode"},
      {"200 001", "", "is not a postcode"},
  };
  run(postcodes, [](const char* s) { return d::check_postcode(s); });

  const Case regions[] = {
      {"sh", "SH"},
      {"SH", "SH"},
      {"Ｓｈ", "SH"},
      {"kh01", "KH01"},
      {"ABCDEFGH", "ABCDEFGH"},
      {"1", "1"},
      {"", "", "must not be empty"},
      {"ABCDEFGHI", "", "is not a region code"},
      {"S-H", "", "is not a region code"},
      {"S H", "", "is not a region code"},
      {"上海", "", "is not a region code"},
  };
  run(regions, [](const char* s) { return d::check_region(s); });

  const char* kNot = "is not an archive number";
  const Case numbers[] = {
      {"sh-000123", "SH-000123"},
      {"SH-000123", "SH-000123"},
      {"KH-2024-000001", "KH-2024-000001"},
      {"A1", "A1"},
      {"ｓｈ－０００１２３", "SH-000123"},
      {" SH-1 ", "SH-1"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZ-12345", "ABCDEFGHIJKLMNOPQRSTUVWXYZ-12345"},  // 32
      {"", "", "must not be empty"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZ-123456", "", kNot},  // 33
      {"SH--1", "", kNot},
      {"-SH", "", kNot},
      {"SH-", "", kNot},
      {"-", "", kNot},
      {"张-1", "", kNot},
      {"SH_1", "", kNot},
      {"SH 1", "", kNot},
      {"SH/1", "", kNot},
  };
  run(numbers, [](const char* s) { return d::check_archive_no(s); });
}

TEST_CASE("check_enum") {
  struct EnumCase {
    d::EnumKind kind;
    const char* in;
    const char* code;
  };
  const EnumCase cases[] = {
      {d::EnumKind::kKind, "individual", "individual"},
      {d::EnumKind::kKind, "个人", "individual"},
      {d::EnumKind::kKind, "Person", "individual"},
      {d::EnumKind::kKind, "个人客户", "individual"},
      {d::EnumKind::kKind, "COMPANY", "company"},
      {d::EnumKind::kKind, "普通公司", "company"},
      {d::EnumKind::kKind, "公司", "company"},
      {d::EnumKind::kKind, "企业", "company"},
      {d::EnumKind::kKind, "政府机构", "government"},
      {d::EnumKind::kKind, "政府", "government"},
      {d::EnumKind::kKind, "GOV", "government"},
      {d::EnumKind::kKind, "特殊公司", "special"},
      {d::EnumKind::kKind, "Special", "special"},
      {d::EnumKind::kKind, "交易伙伴", "partner"},
      {d::EnumKind::kKind, "伙伴", "partner"},
      {d::EnumKind::kKind, "  partner\u3000", "partner"},
      {d::EnumKind::kKind, "ｐａｒｔｎｅｒ", "partner"},
      {d::EnumKind::kGender, "male", "male"},
      {d::EnumKind::kGender, "男", "male"},
      {d::EnumKind::kGender, "M", "male"},
      {d::EnumKind::kGender, "男性", "male"},
      {d::EnumKind::kGender, "Female", "female"},
      {d::EnumKind::kGender, "女", "female"},
      {d::EnumKind::kGender, "f", "female"},
      {d::EnumKind::kGender, "女性", "female"},
      {d::EnumKind::kSource, "walk-in", "walk-in"},
      {d::EnumKind::kSource, "来店", "walk-in"},
      {d::EnumKind::kSource, "Walk_In", "walk-in"},
      {d::EnumKind::kSource, "walkin", "walk-in"},
      {d::EnumKind::kSource, "到店", "walk-in"},
      {d::EnumKind::kSource, "phone", "phone"},
      {d::EnumKind::kSource, "来电", "phone"},
      {d::EnumKind::kSource, "call", "phone"},
      {d::EnumKind::kSource, "电话", "phone"},
      {d::EnumKind::kSource, "referral", "referral"},
      {d::EnumKind::kSource, "转介绍", "referral"},
      {d::EnumKind::kSource, "介绍", "referral"},
      {d::EnumKind::kSource, "exhibition", "exhibition"},
      {d::EnumKind::kSource, "展会", "exhibition"},
      {d::EnumKind::kSource, "web", "web"},
      {d::EnumKind::kSource, "网络", "web"},
      {d::EnumKind::kSource, "Online", "web"},
      {d::EnumKind::kSource, "网站", "web"},
      {d::EnumKind::kSource, "INTERNET", "web"},
      {d::EnumKind::kSource, "cold-call", "cold-call"},
      {d::EnumKind::kSource, "陌拜", "cold-call"},
      {d::EnumKind::kSource, "cold_call", "cold-call"},
      {d::EnumKind::kSource, "ColdCall", "cold-call"},
      {d::EnumKind::kSource, "陌生拜访", "cold-call"},
      {d::EnumKind::kSource, "other", "other"},
      {d::EnumKind::kSource, "其他", "other"},
      {d::EnumKind::kSource, "其它", "other"},
      {d::EnumKind::kLevel, "public", "public"},
      {d::EnumKind::kLevel, "普通", "public"},
      {d::EnumKind::kLevel, "公开", "public"},
      {d::EnumKind::kLevel, "内部", "internal"},
      {d::EnumKind::kLevel, "Confidential", "confidential"},
      {d::EnumKind::kLevel, "机密", "confidential"},
      {d::EnumKind::kLevel, "绝密", "secret"},
      {d::EnumKind::kLevel, "SECRET", "secret"},
      {d::EnumKind::kStatus, "active", "active"},
      {d::EnumKind::kStatus, "在档", "active"},
      {d::EnumKind::kStatus, "正常", "active"},
      {d::EnumKind::kStatus, "已结档", "closed"},
      {d::EnumKind::kStatus, "结档", "closed"},
      {d::EnumKind::kStatus, "关闭", "closed"},
      {d::EnumKind::kStatus, "Closed", "closed"},
      {d::EnumKind::kStatus, "已销毁", "destroyed"},
      {d::EnumKind::kStatus, "销毁", "destroyed"},
  };
  for (const EnumCase& c : cases) {
    INFO("in: ", std::string(c.in));
    const d::Checked got = d::check_enum(c.kind, c.in);
    CHECK(got.ok());
    CHECK(got.value == c.code);
  }

  SUBCASE("an unknown value lists the codes") {
    struct Bad {
      d::EnumKind kind;
      const char* in;
      const char* problem;
    };
    const Bad bad[] = {
        {d::EnumKind::kKind, "club",
         "is not one of: individual, company, government, special, partner"},
        {d::EnumKind::kKind, "", "must not be empty"},
        {d::EnumKind::kGender, "x", "is not one of: male, female"},
        {d::EnumKind::kGender, "男人", "is not one of: male, female"},
        {d::EnumKind::kSource, "walk in",
         "is not one of: walk-in, phone, referral, exhibition, web, cold-call, other"},
        {d::EnumKind::kLevel, "top", "is not one of: public, internal, confidential, secret"},
        {d::EnumKind::kStatus, "open", "is not one of: active, closed, destroyed"},
    };
    for (const Bad& c : bad) {
      INFO("in: ", std::string(c.in));
      const d::Checked got = d::check_enum(c.kind, c.in);
      CHECK_FALSE(got.ok());
      CHECK(got.value.empty());
      CHECK(got.problem == c.problem);
    }
  }

  SUBCASE("labels") {
    CHECK(d::enum_label(d::EnumKind::kKind, "individual") == "个人");
    CHECK(d::enum_label(d::EnumKind::kKind, "partner") == "交易伙伴");
    CHECK(d::enum_label(d::EnumKind::kGender, "female") == "女");
    CHECK(d::enum_label(d::EnumKind::kSource, "cold-call") == "陌拜");
    CHECK(d::enum_label(d::EnumKind::kLevel, "secret") == "绝密");
    CHECK(d::enum_label(d::EnumKind::kStatus, "destroyed") == "已销毁");
    CHECK(d::enum_label(d::EnumKind::kStatus, "unknown") == "unknown");
  }

  SUBCASE("every code, label and alias maps back to its own code") {
    for (d::EnumKind kind : {d::EnumKind::kKind, d::EnumKind::kGender, d::EnumKind::kSource,
                             d::EnumKind::kLevel, d::EnumKind::kStatus}) {
      for (const d::EnumValue& value : d::enum_values(kind)) {
        CAPTURE(value.code);
        CHECK(d::check_enum(kind, value.code).value == value.code);
        CHECK(d::check_enum(kind, value.label).value == value.code);
        CHECK(d::enum_label(kind, value.code) == value.label);
        for (const std::string& alias : value.aliases) {
          CHECK(d::check_enum(kind, alias).value == value.code);
        }
      }
    }
  }
}
