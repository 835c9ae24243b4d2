// Parsing and rendering of message templates: a small scanner, no regular expressions.
#include "archive/domain/message_template.h"

#include <algorithm>

#include "archive/i18n.h"  // N_ only: problems are translated by the caller

namespace archive::domain {

namespace {

constexpr const char* kLoneClose = N_("has a } without its {; write }} for a literal brace");
constexpr const char* kLoneOpen = N_("has a { without its }; write {{ for a literal brace");
constexpr const char* kEmptyName = N_("has an empty placeholder");
constexpr const char* kBadName = N_("has a malformed placeholder");

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

void add_literal(MessageTemplate& out, std::string_view text) {
  if (text.empty()) return;
  if (!out.parts.empty() && !out.parts.back().placeholder) {
    out.parts.back().text += text;
  } else {
    out.parts.push_back({std::string(text), false});
  }
}

MessageTemplate failed(std::string problem, std::string_view near) {
  MessageTemplate out;
  out.problem = std::move(problem);
  out.near = std::string(near);
  return out;
}

}  // namespace

MessageTemplate parse_template(std::string_view text) {
  MessageTemplate out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      add_literal(out, "{");
      i += 2;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      add_literal(out, "}");
      i += 2;
    } else if (c == '}') {
      return failed(kLoneClose, text.substr(i, 1));
    } else if (c == '{') {
      const std::size_t close = text.find_first_of("{}", i + 1);
      if (close == std::string_view::npos || text[close] == '{') {
        const std::size_t end = close == std::string_view::npos ? text.size() : close;
        return failed(kLoneOpen, text.substr(i, end - i));
      }
      const std::string_view name = text.substr(i + 1, close - i - 1);
      if (name.empty()) return failed(kEmptyName, "{}");
      if (!std::all_of(name.begin(), name.end(), is_name_char)) {
        return failed(kBadName, text.substr(i, close + 1 - i));
      }
      out.parts.push_back({std::string(name), true});
      i = close + 1;
    } else {
      const std::size_t next = text.find_first_of("{}", i);
      const std::size_t end = next == std::string_view::npos ? text.size() : next;
      add_literal(out, text.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

std::vector<std::string> placeholders(const MessageTemplate& message) {
  std::vector<std::string> names;
  for (const auto& part : message.parts) {
    if (part.placeholder && std::find(names.begin(), names.end(), part.text) == names.end()) {
      names.push_back(part.text);
    }
  }
  return names;
}

std::optional<std::string> unknown_placeholder(const MessageTemplate& message,
                                               const std::set<std::string>& allowed) {
  for (const auto& part : message.parts) {
    if (part.placeholder && !allowed.contains(part.text)) return part.text;
  }
  return std::nullopt;
}

std::string render_template(const MessageTemplate& message,
                            const std::map<std::string, std::string>& values) {
  std::string out;
  for (const auto& part : message.parts) {
    if (!part.placeholder) {
      out += part.text;
    } else if (auto it = values.find(part.text); it != values.end()) {
      out += it->second;
    }
  }
  return out;
}

}  // namespace archive::domain
