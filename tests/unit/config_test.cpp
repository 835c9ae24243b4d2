// The configuration: shipped defaults, merging a user's file over them, and every rejection.
#include "archive/config/config.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "archive/error.h"

namespace archive::config {
namespace {

Config with_user(std::string_view text) { return load_config_text(kShippedConfig, text); }

std::vector<std::string> grade_codes(const GradeScheme& scheme) {
  std::vector<std::string> codes;
  for (const Grade& grade : scheme.grades) codes.push_back(grade.code);
  return codes;
}

std::vector<std::string> rule_names(const Config& config) {
  std::vector<std::string> names;
  for (const GradeRule& rule : config.grade_rules) names.push_back(rule.name);
  return names;
}

}  // namespace

TEST_CASE("the shipped configuration has SPEC's values") {
  const Config c = load_config_text(kShippedConfig, std::nullopt);
  CHECK(c.lang == "zh_CN");
  CHECK(c.archive.number_pattern == "{region}-{seq:06}");
  CHECK(c.archive.default_region == "KH");
  CHECK(c.archive.closed_retention_years == 10);
  CHECK(c.staff.empty());
  CHECK(c.roles.managers.empty());
  CHECK(c.roles.unmask.empty());

  CHECK(c.default_scheme == "value");
  REQUIRE(c.schemes.size() == 2);
  CHECK(c.schemes[0].name == "value");  // the order written, not toml++'s sorted order
  CHECK(c.schemes[1].name == "intent");
  const GradeScheme* value = c.find_scheme("value");
  REQUIRE(value != nullptr);
  CHECK(value->label == "客户价值");
  CHECK(grade_codes(*value) == std::vector<std::string>{"A", "B", "C", "D"});
  const std::vector<int> value_days = {30, 60, 90, 90};
  for (std::size_t i = 0; i < value_days.size(); ++i) {
    CHECK(value->grades[i].follow_up_days == value_days[i]);
  }
  CHECK(value->find("A")->label == "贵宾客户");
  CHECK(value->find("a") == value->find("A"));
  CHECK(value->find("Z") == nullptr);

  const GradeScheme* intent = c.find_scheme("intent");
  REQUIRE(intent != nullptr);
  CHECK(intent->label == "意向级别");
  CHECK(grade_codes(*intent) == std::vector<std::string>{"O", "H", "A", "B", "C", "L"});
  const std::vector<int> intent_days = {1, 2, 3, 5, 7};
  for (std::size_t i = 0; i < intent_days.size(); ++i) {
    CHECK(intent->grades[i].follow_up_days == intent_days[i]);
  }
  CHECK_FALSE(intent->find("L")->follow_up_days.has_value());
  CHECK(c.find_scheme("nope") == nullptr);

  CHECK(c.follow_up.visit_every_days == 90);
  CHECK(c.follow_up.owner_claim_days == 60);
  REQUIRE(c.grade_rules.size() == 2);
  CHECK(c.grade_rules[0].name == "dormant");
  CHECK(c.grade_rules[0].scheme == "value");
  CHECK(c.grade_rules[0].grade == "D");
  CHECK(c.grade_rules[0].when == "days_since_contact > 180");

  CHECK(c.fields.empty());
  REQUIRE(!c.materials.empty());
  CHECK(c.materials[0].name == "contract");
  CHECK(c.materials[0].label == "合同");
  CHECK(c.materials[0].retention_years == 10);
  for (const MaterialKind& kind : c.materials) {
    CAPTURE(kind.name);
    CHECK(kind.retention_years >= 5);
    CHECK(kind.retention_years <= 30);
  }

  CHECK(c.loans.default_days == 3);
  CHECK(c.loans.max_days == 3);
  CHECK_FALSE(c.loans.lend_secret);
  CHECK(c.purge.backup_days == 30);
  CHECK(c.templates.at("birthday") == "尊敬的{name}，祝您生日快乐！{owner}敬上");
  CHECK(c.reports.empty());
  CHECK(c.effective["lang"].value_or(std::string()) == "zh_CN");
}

TEST_CASE("a user's file is merged over the shipped one") {
  SUBCASE("a scalar replaces, its neighbours stay") {
    const Config c = with_user("lang = \"C\"\n[loans]\nmax_days = 7\n");
    CHECK(c.lang == "en");
    CHECK(c.loans.max_days == 7);
    CHECK(c.loans.default_days == 3);
    CHECK(c.effective.at_path("loans.max_days").value_or(0) == 7);
    CHECK(c.effective.at_path("loans.default_days").value_or(0) == 3);
  }
  SUBCASE("arrays replace, staff adds") {
    const Config c = with_user(
        "[staff]\nwangf = \"王芳\"\n[roles]\nmanagers = [\"王经理\", \"lim\"]\n"
        "[archive]\ndefault_region = \"sh\"\n");
    CHECK(c.staff.at("wangf") == "王芳");
    CHECK(c.roles.managers == std::vector<std::string>{"王经理", "lim"});
    CHECK(c.archive.default_region == "SH");
    CHECK(c.archive.number_pattern == "{region}-{seq:06}");
  }
  SUBCASE("a declared scheme replaces the shipped one entirely") {
    const Config c = with_user(
        "[grades.value]\ngrades = [{ code = \"A\", label = \"重要\" }, "
        "{ code = \"D\", label = \"流失\", follow_up_days = 180 }]\n");
    const GradeScheme* value = c.find_scheme("value");
    REQUIRE(value != nullptr);
    CHECK(value->label == "value");  // the shipped label went with the rest
    CHECK(grade_codes(*value) == std::vector<std::string>{"A", "D"});
    CHECK_FALSE(value->find("A")->follow_up_days.has_value());
    CHECK(value->find("D")->follow_up_days == 180);
    CHECK(c.find_scheme("intent") != nullptr);
  }
  SUBCASE("a new scheme comes after the shipped ones and may be the default") {
    const Config c = with_user(
        "[grades]\ndefault_scheme = \"risk\"\n"
        "[grades.risk]\nlabel = \"风险\"\ngrades = [{ code = \"R1\", label = \"高\" }]\n");
    REQUIRE(c.schemes.size() == 3);
    CHECK(c.schemes[2].name == "risk");
    CHECK(c.default_scheme == "risk");
  }
  SUBCASE("rules merge by name") {
    const Config c = with_user(
        "[[grade_rules]]\nname = \"vip\"\nscheme = \"value\"\ngrade = \"a\"\n"
        "when = \"deal_amount > 1000000\"\n"
        "[[grade_rules]]\nname = \"dormant\"\nscheme = \"value\"\ngrade = \"C\"\n"
        "when = \"days_since_contact > 365\"\n");
    CHECK(rule_names(c) == std::vector<std::string>{"dormant", "complaints", "vip"});
    CHECK(c.grade_rules[0].grade == "C");
    CHECK(c.grade_rules[0].when == "days_since_contact > 365");
    CHECK(c.grade_rules[2].grade == "A");  // the scheme's spelling of the code
  }
  SUBCASE("a rule switched off needs only its name") {
    const Config c = with_user("[[grade_rules]]\nname = \"complaints\"\nenabled = false\n");
    CHECK(rule_names(c) == std::vector<std::string>{"dormant"});
  }
  SUBCASE("a template replaces the one of its name") {
    const Config c = with_user("[templates]\nbirthday = \"{name}生日快乐\"\nnew = \"x\"\n");
    CHECK(c.templates.at("birthday") == "{name}生日快乐");
    CHECK(c.templates.at("new") == "x");
    CHECK(c.templates.count("visit") == 1);
  }
  SUBCASE("a material kind replaces whole, new ones are added") {
    const Config c = with_user(
        "[materials.contract]\nlabel = \"购房合同\"\nretention_years = 30\n"
        "[materials.drawing]\nlabel = \"图纸\"\nretention_years = 15\n");
    CHECK(c.materials[0].name == "contract");
    CHECK(c.materials[0].label == "购房合同");
    CHECK(c.materials[0].retention_years == 30);
    CHECK(c.materials.back().name == "drawing");
  }
  SUBCASE("custom reports") {
    const Config c =
        with_user("[reports.by_owner]\ntitle = \"分布\"\nsql = \"SELECT owner FROM customers\"\n");
    REQUIRE(c.reports.size() == 1);
    CHECK(c.reports[0].name == "by_owner");
    CHECK(c.reports[0].title == "分布");
    CHECK(c.reports[0].description.empty());
  }
}

TEST_CASE("custom fields") {
  const Config c = with_user(
      "[fields.spouse]\nlabel = \"配偶\"\ntype = \"text\"\n"
      "[fields.children]\nlabel = \"子女数\"\ntype = \"int\"\n"
      "[fields.wedding]\nlabel = \"结婚纪念日\"\ntype = \"date\"\n"
      "[fields.budget]\nlabel = \"预算\"\ntype = \"money\"\n"
      "[fields.floor]\nlabel = \"意向楼层\"\ntype = \"enum\"\nvalues = [\"低\", \"中\", \"高\"]\n");
  const std::vector<std::pair<std::string, domain::FieldType>> expected = {
      {"spouse", domain::FieldType::kText},  {"children", domain::FieldType::kInteger},
      {"wedding", domain::FieldType::kDate}, {"budget", domain::FieldType::kMoney},
      {"floor", domain::FieldType::kEnum},
  };
  REQUIRE(c.fields.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(c.fields[i].key == expected[i].first);  // the order written
    CHECK(c.fields[i].type == expected[i].second);
    CHECK(c.fields[i].custom);
    CHECK_FALSE(c.fields[i].sensitive);
    CHECK(c.fields[i].editable);
  }
  CHECK(c.fields[4].values == std::vector<std::string>{"低", "中", "高"});
}

TEST_CASE("bad configurations are refused with file, line and column") {
  struct Case {
    const char* what;
    const char* user;
    const char* message;  // a part of the message
  };
  const Case cases[] = {
      {"unknown key", "[loans]\nmax_day = 3\n",
       "config.toml line 2, column 1: unknown key loans.max_day"},
      {"unknown section", "\n[loan]\nmax_days = 3\n",
       "config.toml line 2, column 2: unknown key loan"},
      {"unknown key in a grade",
       "[grades.x]\ngrades = [{ code = \"A\", label = \"a\", days = 1 }]\n",
       "unknown key grades.x.grades[0].days"},
      {"syntax error", "[loans\nmax_days = 3\n", "config.toml line 1, column"},
      {"syntax error in a value", "lang = \n", "config.toml line 1, column 8"},
      {"wrong type", "[loans]\nmax_days = \"3\"\n",
       "config.toml line 2, column 12: loans.max_days must be a whole number"},
      {"float for a whole number", "[purge]\nbackup_days = 3.5\n", "must be a whole number"},
      {"wrong type for a table", "loans = 3\n", "loans must be a table"},
      {"boolean", "[loans]\nlend_secret = \"no\"\n", "loans.lend_secret must be true or false"},
      {"staff value", "[staff]\nwangf = 1\n", "staff.wangf must be a string"},
      {"staff name empty", "[staff]\nwangf = \" \"\n", "staff.wangf must not be empty"},
      {"roles value", "[roles]\nmanagers = \"王经理\"\n",
       "roles.managers must be a list of strings"},
      {"roles element", "[roles]\nunmask = [\"a\", 2]\n",
       "line 2, column 16: roles.unmask must be a list of strings"},
      {"language", "lang = \"fr\"\n", "config.toml line 1, column 8: lang \"fr\""},
      {"pattern without seq", "[archive]\nnumber_pattern = \"{region}\"\n",
       "line 2, column 18: archive.number_pattern \"{region}\""},
      {"pattern literal", "[archive]\nnumber_pattern = \"{region}/{seq}\"\n",
       "archive.number_pattern"},
      {"region", "[archive]\ndefault_region = \"上海\"\n", "archive.default_region \"上海\""},
      {"retention 0", "[archive]\nclosed_retention_years = 0\n",
       "archive.closed_retention_years must be between 1 and 100"},
      {"retention 1e12",
       "[materials.contract]\nlabel = \"合同\"\nretention_years = 1000000000000\n",
       "materials.contract.retention_years must be between 1 and 100"},
      {"material without retention", "[materials.scan]\nlabel = \"扫描件\"\n",
       "line 1, column 1: materials.scan.retention_years is missing"},
      {"material label twice", "[materials.scan]\nlabel = \"合同\"\nretention_years = 5\n",
       "materials.scan.label \"合同\""},
      {"material name", "[materials.\"合同2\"]\nlabel = \"合同2\"\nretention_years = 5\n",
       "is not a valid name"},
      {"loan days 0", "[loans]\ndefault_days = 0\n", "loans.default_days must be between"},
      {"max below default", "[loans]\ndefault_days = 5\n",
       "line 2, column 16: loans.max_days (3) must not be less than loans.default_days (5)"},
      {"follow-up days", "[follow_up]\nowner_claim_days = -1\n", "follow_up.owner_claim_days"},
      {"default scheme missing", "[grades]\ndefault_scheme = \"nope\"\n",
       "line 2, column 18: grades.default_scheme \"nope\" is not a scheme"},
      {"duplicate grade codes",
       "[grades.intent]\ngrades = [{ code = \"A\", label = \"a\" },\n"
       "  { code = \"A\", label = \"b\" }]\n",
       "line 3, column 12: grades.intent.grades[1].code \"A\" appears twice"},
      {"grade codes differing in case",
       "[grades.intent]\ngrades = [{ code = \"A\", label = \"a\" }, { code = \"a\", label = \"b\" "
       "}]\n",
       "appears twice"},
      {"grade code not ASCII", "[grades.x]\ngrades = [{ code = \"甲\", label = \"a\" }]\n",
       "grades.x.grades[0].code \"甲\" must be ASCII letters or digits"},
      {"grade without label", "[grades.x]\ngrades = [{ code = \"A\" }]\n",
       "grades.x.grades[0].label is missing"},
      {"scheme without grades", "[grades.x]\nlabel = \"x\"\n", "grades.x.grades is missing"},
      {"empty scheme", "[grades.x]\ngrades = []\n", "grades.x.grades must not be empty"},
      {"follow_up_days 0",
       "[grades.x]\ngrades = [{ code = \"A\", label = \"a\", follow_up_days = 0 }]\n",
       "grades.x.grades[0].follow_up_days must be between 1"},
      {"scheme name with a colon", "[grades.\"a:b\"]\ngrades = [{ code = \"A\", label = \"a\" }]\n",
       "grades.\"a:b\" is not a valid name"},
      {"shipped rule loses its grade",
       "[grades.value]\ngrades = [{ code = \"A\", label = \"a\" }]\n",
       "share/archive/config.toml (shipped) line"},
      {"rule with unknown scheme",
       "[[grade_rules]]\nname = \"x\"\nscheme = \"nope\"\ngrade = \"A\"\nwhen = \"1\"\n",
       "line 3, column 10: grade_rules[2].scheme \"nope\" is not a scheme"},
      {"rule with unknown grade",
       "[[grade_rules]]\nname = \"x\"\nscheme = \"intent\"\ngrade = \"D\"\nwhen = \"1\"\n",
       "grade \"D\" is not a grade of scheme intent"},
      {"rule with empty when",
       "[[grade_rules]]\nname = \"x\"\nscheme = \"intent\"\ngrade = \"L\"\nwhen = \" \"\n",
       "grade_rules[2].when must not be empty"},
      {"rule without when", "[[grade_rules]]\nname = \"x\"\nscheme = \"intent\"\ngrade = \"L\"\n",
       "line 1, column 1: grade_rules[2].when is missing"},
      {"rule without name", "[[grade_rules]]\nscheme = \"intent\"\n",
       "grade_rules[0].name is missing"},
      {"rule names twice",
       "[[grade_rules]]\nname = \"x\"\nenabled = false\n[[grade_rules]]\nname = \"x\"\nenabled = "
       "false\n",
       "line 4, column 1: grade_rules[1]: a second rule named \"x\""},
      {"field type", "[fields.spouse]\nlabel = \"配偶\"\ntype = \"string\"\n",
       "line 3, column 8: fields.spouse.type \"string\" must be one of"},
      {"enum without values", "[fields.floor]\nlabel = \"楼层\"\ntype = \"enum\"\n",
       "line 1, column 1: fields.floor: an enum field needs a non-empty values list"},
      {"enum with empty values", "[fields.floor]\nlabel = \"楼层\"\ntype = \"enum\"\nvalues = []\n",
       "an enum field needs a non-empty values list"},
      {"enum value twice",
       "[fields.floor]\nlabel = \"楼层\"\ntype = \"enum\"\nvalues = [\"a\", \"a\"]\n",
       "fields.floor.values must be distinct"},
      {"values on text", "[fields.spouse]\nlabel = \"配偶\"\ntype = \"text\"\nvalues = [\"a\"]\n",
       "fields.spouse.values is only for fields of type enum"},
      {"field without label", "[fields.spouse]\ntype = \"text\"\n",
       "fields.spouse.label is missing"},
      {"field with empty label", "[fields.spouse]\nlabel = \"\"\ntype = \"text\"\n",
       "fields.spouse.label must not be empty"},
      {"field name", "[fields.Spouse]\nlabel = \"配偶\"\ntype = \"text\"\n",
       "line 1, column 9: fields.Spouse: a field name is"},
      {"built-in field", "[fields.mobile]\nlabel = \"手机2\"\ntype = \"text\"\n",
       "fields.mobile: mobile is a built-in field"},
      {"reserved field", "[fields.status]\nlabel = \"状态2\"\ntype = \"text\"\n",
       "is a built-in field"},
      {"report without sql", "[reports.x]\ntitle = \"X\"\n", "reports.x.sql is missing"},
      {"report with empty sql", "[reports.x]\ntitle = \"X\"\nsql = \"\"\n",
       "reports.x.sql must not be empty"},
      {"report hiding a built-in", "[reports.summary]\ntitle = \"X\"\nsql = \"SELECT 1\"\n",
       "reports.summary: summary is a built-in report"},
      {"empty template", "[templates]\nbirthday = \"\"\n", "templates.birthday must not be empty"},
  };
  for (const Case& c : cases) {
    const std::string what = c.what;
    CAPTURE(what);
    std::string message = "(accepted)";
    try {
      with_user(c.user);
    } catch (const Error& e) {
      CHECK(e.code() == Exit::kConfig);
      message = e.what();
    }
    CAPTURE(message);
    CHECK(message.find(c.message) != std::string::npos);
  }
}

TEST_CASE("a custom field may not take a built-in label") {
  const std::string label = domain::builtin_fields().front().label;
  try {
    with_user("[fields.x]\nlabel = \"" + label + "\"\ntype = \"text\"\n");
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::kConfig);
    CHECK(std::string(e.what()).find("fields.x.label") != std::string::npos);
  }
}

TEST_CASE("an error in the shipped text names the shipped file") {
  try {
    load_config_text("lang = \n", std::nullopt);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::kConfig);
    CHECK(std::string(e.what()).rfind("share/archive/config.toml (shipped) line 1, column", 0) ==
          0);
  }
}

TEST_CASE("load_config reads the user's file") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("archive_config_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "config.toml";

  SUBCASE("missing and not required: the shipped defaults") {
    CHECK(load_config(file, false).loans.max_days == 3);
    CHECK(load_config(std::nullopt, false).loans.max_days == 3);
  }
  SUBCASE("missing and required: an error") {
    try {
      load_config(file, true);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::kConfig);
      CHECK(std::string(e.what()) == "config file " + file.string() + " does not exist");
    }
  }
  SUBCASE("present: merged, and errors name its path") {
    std::ofstream(file) << "[loans]\nmax_days = 5\n";
    CHECK(load_config(file, true).loans.max_days == 5);
    std::ofstream(file) << "[loans]\nmax_dayz = 5\n";
    try {
      load_config(file, false);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) ==
            file.string() + " line 2, column 1: unknown key loans.max_dayz");
    }
  }
  SUBCASE("a directory is not a file") { CHECK_THROWS_AS(load_config(dir, false), Error); }
  std::filesystem::remove_all(dir);
}

TEST_CASE("listed") {
  const std::vector<std::string> managers = {"王经理", "lizg"};
  struct Case {
    std::string_view name, login;
    bool listed;
  };
  const Case cases[] = {
      {"王经理", "wangjl", true},
      {"李主管", "lizg", true},
      {"王芳", "wangf", false},
      {"", "", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(listed(managers, c.name, c.login) == c.listed);
  }
  CHECK_FALSE(listed({}, "王经理", "wangjl"));
  CHECK_FALSE(listed({""}, "", ""));
}

}  // namespace archive::config
