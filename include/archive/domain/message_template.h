// Message texts for an SMS gateway ([templates] of the config): literal text with
// {placeholder}s, parsed once, checked against the placeholders a command allows, then
// rendered per customer. Pure: no config, no database.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace archive::domain {

// One piece of a template: literal text, or the name of a placeholder.
struct TemplatePart {
  std::string text;
  bool placeholder = false;
};

// A parsed template. `{{` and `}}` stand for literal braces; `{name}` is a placeholder whose
// name is ASCII letters, digits, _ or -. When the text is malformed, `problem` is an English
// message fragment (a gettext msgid) and `near` the offending piece of text; parts are then
// meaningless.
struct MessageTemplate {
  std::vector<TemplatePart> parts;  // adjacent literals merged; an empty text has no parts
  std::string problem;
  std::string near;
  bool ok() const { return problem.empty(); }
};

MessageTemplate parse_template(std::string_view text);

// The placeholder names in order of first use, each once.
std::vector<std::string> placeholders(const MessageTemplate& message);

// The first placeholder that `allowed` does not hold, or nothing.
std::optional<std::string> unknown_placeholder(const MessageTemplate& message,
                                               const std::set<std::string>& allowed);

// The text with each placeholder replaced by its value; a placeholder without a value (or
// with an empty one) renders as nothing. Literal braces come out single.
std::string render_template(const MessageTemplate& message,
                            const std::map<std::string, std::string>& values);

}  // namespace archive::domain
