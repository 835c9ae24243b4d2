// Archive numbers expanded from the configured pattern, and the global L-/F-/B- identifiers.
#include "archive/domain/numbering.h"

#include <regex>
#include <vector>

#include <fmt/format.h>

namespace archive::domain {
namespace {

enum class PartKind { kLiteral, kRegion, kSeq, kYear, kUnknown };

struct Part {
  PartKind kind = PartKind::kLiteral;
  std::string text;  // literal text, or the placeholder as written ("{foo}")
  int width = 0;     // kSeq: minimum digits
};

bool is_literal_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// "seq:0N" with N from 1 to 12 -> N; anything else -> 0.
int seq_width(std::string_view name) {
  if (!name.starts_with("seq:0")) return 0;
  const std::string_view digits = name.substr(5);
  if (digits.empty() || digits.size() > 2) return 0;
  int width = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    width = width * 10 + (c - '0');
  }
  return width >= 1 && width <= 12 ? width : 0;
}

// Splits a pattern into literals and placeholders; an unclosed "{" is an unknown part.
std::vector<Part> split(std::string_view pattern) {
  std::vector<Part> parts;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const std::size_t open = pattern.find('{', pos);
    if (open != pos) {
      const std::size_t end = open == std::string_view::npos ? pattern.size() : open;
      parts.push_back({PartKind::kLiteral, std::string(pattern.substr(pos, end - pos)), 0});
      pos = end;
      continue;
    }
    const std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      parts.push_back({PartKind::kUnknown, std::string(pattern.substr(open)), 0});
      break;
    }
    const std::string_view name = pattern.substr(open + 1, close - open - 1);
    Part part{PartKind::kUnknown, std::string(pattern.substr(open, close - open + 1)), 0};
    if (name == "region") {
      part.kind = PartKind::kRegion;
    } else if (name == "year") {
      part.kind = PartKind::kYear;
    } else if (name == "seq") {
      part.kind = PartKind::kSeq;
      part.width = 1;
    } else if (const int width = seq_width(name)) {
      part.kind = PartKind::kSeq;
      part.width = width;
    }
    parts.push_back(std::move(part));
    pos = close + 1;
  }
  return parts;
}

}  // namespace

std::optional<std::string> pattern_problem(std::string_view pattern) {
  int seqs = 0;
  for (const Part& part : split(pattern)) {
    switch (part.kind) {
      case PartKind::kUnknown:
        // The placeholder is data: callers translate the fixed part before the colon.
        return fmt::format("has an unknown placeholder: {}", part.text);
      case PartKind::kLiteral:
        for (char c : part.text) {
          if (!is_literal_char(c)) {
            return std::string("may hold only letters, digits and hyphens outside placeholders");
          }
        }
        break;
      case PartKind::kSeq:
        ++seqs;
        break;
      case PartKind::kRegion:
      case PartKind::kYear:
        break;
    }
  }
  if (seqs != 1) return std::string("must contain {seq} exactly once");
  // Placeholders never expand to hyphens, so the literal text alone decides whether the
  // numbers could break the archive-number rule of single hyphens between groups.
  if (pattern.starts_with('-') || pattern.ends_with('-') ||
      pattern.find("--") != std::string_view::npos) {
    return std::string("must not start or end with a hyphen or hold two in a row");
  }
  return std::nullopt;
}

std::optional<std::string> region_of_archive_no(std::string_view pattern,
                                                std::string_view archive_no) {
  // Patterns are short and validated (literals are letters, digits and hyphens), so the
  // pattern itself is turned into a regular expression.
  std::string expression;
  bool has_region = false;
  for (const Part& part : split(pattern)) {
    switch (part.kind) {
      case PartKind::kLiteral:
        for (char c : part.text) {
          expression += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        }
        break;
      case PartKind::kRegion:
        expression += "([A-Z0-9]{1,8})";
        has_region = true;
        break;
      case PartKind::kSeq:
        expression += "[0-9]+";
        break;
      case PartKind::kYear:
        expression += "[0-9]{4}";
        break;
      case PartKind::kUnknown:
        return std::nullopt;
    }
  }
  if (!has_region) return std::nullopt;
  std::smatch match;
  const std::string number(archive_no);
  if (!std::regex_match(number, match, std::regex(expression))) return std::nullopt;
  return match[1].str();
}

std::string format_archive_no(std::string_view pattern, std::string_view region, std::int64_t seq,
                              Date today) {
  std::string out;
  for (const Part& part : split(pattern)) {
    switch (part.kind) {
      case PartKind::kLiteral:
      case PartKind::kUnknown:
        out += part.text;
        break;
      case PartKind::kRegion:
        out += region;
        break;
      case PartKind::kSeq:
        out += fmt::format("{:0{}}", seq, part.width);
        break;
      case PartKind::kYear:
        out += fmt::format("{:04}", today.year());
        break;
    }
  }
  return out;
}

std::string format_id(std::string_view prefix, std::int64_t n, int width) {
  return fmt::format("{}-{:0{}}", prefix, n, width);
}

}  // namespace archive::domain
