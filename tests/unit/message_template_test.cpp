// Message templates: parsing, literal braces, placeholder checks and rendering.
#include "archive/domain/message_template.h"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace d = archive::domain;

TEST_CASE("parse_template splits literals and placeholders") {
  const auto t = d::parse_template("尊敬的{name}，祝您生日快乐！{owner}敬上");
  REQUIRE(t.ok());
  REQUIRE(t.parts.size() == 5);
  CHECK(t.parts[0].text == "尊敬的");
  CHECK_FALSE(t.parts[0].placeholder);
  CHECK(t.parts[1].text == "name");
  CHECK(t.parts[1].placeholder);
  CHECK(t.parts[2].text == "，祝您生日快乐！");
  CHECK(t.parts[3].text == "owner");
  CHECK(t.parts[4].text == "敬上");
  CHECK(d::placeholders(t) == std::vector<std::string>{"name", "owner"});
}

TEST_CASE("doubled braces are literal braces") {
  const auto t = d::parse_template("{{name}} is {name}; }}{{");
  REQUIRE(t.ok());
  REQUIRE(t.parts.size() == 3);
  CHECK(t.parts[0].text == "{name} is ");  // adjacent literals merged
  CHECK(t.parts[1].text == "name");
  CHECK(t.parts[2].text == "; }{");
  CHECK(d::render_template(t, {{"name", "张伟"}}) == "{name} is 张伟; }{");
  CHECK(d::placeholders(d::parse_template("{{{name}}}")) == std::vector<std::string>{"name"});
  CHECK(d::render_template(d::parse_template("{{{name}}}"), {{"name", "x"}}) == "{x}");
}

TEST_CASE("malformed templates say what and where") {
  struct Case {
    const char* text;
    const char* problem;
    const char* near;
  };
  const Case cases[] = {
      {"您好{name", "has a { without its }; write {{ for a literal brace", "{name"},
      {"您好{na{me}", "has a { without its }; write {{ for a literal brace", "{na"},
      {"您好}", "has a } without its {; write }} for a literal brace", "}"},
      {"您好{}", "has an empty placeholder", "{}"},
      {"您好{ name }", "has a malformed placeholder", "{ name }"},
      {"您好{姓名}", "has a malformed placeholder", "{姓名}"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto t = d::parse_template(c.text);
    CHECK_FALSE(t.ok());
    CHECK(t.problem == c.problem);
    CHECK(t.near == c.near);
  }
}

TEST_CASE("an empty template has no parts and renders empty") {
  const auto t = d::parse_template("");
  CHECK(t.ok());
  CHECK(t.parts.empty());
  CHECK(d::placeholders(t).empty());
  CHECK(d::render_template(t, {{"name", "x"}}).empty());
}

TEST_CASE("unknown_placeholder finds the first one not allowed") {
  const std::set<std::string> allowed = {"name", "owner", "date"};
  CHECK_FALSE(d::unknown_placeholder(d::parse_template("{name}{owner}{date}"), allowed));
  CHECK_FALSE(d::unknown_placeholder(d::parse_template("no placeholders {{here}}"), allowed));
  CHECK(d::unknown_placeholder(d::parse_template("{name}{nmae}{mobile}"), allowed) == "nmae");
  CHECK(d::unknown_placeholder(d::parse_template("{mobile}"), allowed) == "mobile");
}

TEST_CASE("render_template fills values; a missing value renders as nothing") {
  const auto t = d::parse_template("{name}，{owner}将于{date}回访{name}");
  const std::map<std::string, std::string> values = {
      {"name", "欧阳娜娜"}, {"owner", "王芳"}, {"date", "2026-03-12"}};
  CHECK(d::render_template(t, values) == "欧阳娜娜，王芳将于2026-03-12回访欧阳娜娜");
  CHECK(d::render_template(t, {{"name", "张伟"}}) == "张伟，将于回访张伟");
}
