// UTF-8 helpers built on libutf8proc, so that no locale of the process changes the result.
#include "archive/domain/text.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>
#include <utf8proc.h>

namespace archive::domain {
namespace {

const utf8proc_uint8_t* bytes(std::string_view text) {
  return reinterpret_cast<const utf8proc_uint8_t*>(text.data());
}

// Length of the white-space character at the start of `text`, or 0.
std::size_t leading_space(std::string_view text) {
  if (text.empty()) return 0;
  switch (text.front()) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\v':
    case '\f':
      return 1;
    default:
      break;
  }
  if (text.starts_with("\u3000")) return 3;
  if (text.starts_with("\u00a0")) return 2;
  return 0;
}

// Length of the white-space character at the end of `text`, or 0.
std::size_t trailing_space(std::string_view text) {
  if (text.empty()) return 0;
  switch (text.back()) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\v':
    case '\f':
      return 1;
    default:
      break;
  }
  if (text.ends_with("\u3000")) return 3;
  if (text.ends_with("\u00a0")) return 2;
  return 0;
}

}  // namespace

// utf8proc_iterate refuses overlongs, surrogates, code points past U+10FFFF and truncated
// sequences, so validity is its verdict rather than a decoder of our own.
bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(
        bytes(text.substr(pos)), static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) return false;
    pos += static_cast<std::size_t>(n);
  }
  return true;
}

std::string nfkc(std::string_view text) {
  // ASCII is its own NFKC form; imports check millions of such values.
  if (std::all_of(text.begin(), text.end(), [](char ch) { return (ch & 0x80) == 0; })) {
    return std::string(text);
  }
  if (!is_valid_utf8(text)) return std::string(text);
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      bytes(text), static_cast<utf8proc_ssize_t>(text.size()), &out,
      static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_STABLE));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
  if (n < 0) return std::string(text);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::string trim(std::string_view text) {
  while (const std::size_t n = leading_space(text)) text.remove_prefix(n);
  while (const std::size_t n = trailing_space(text)) text.remove_suffix(n);
  return std::string(text);
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(
        bytes(text.substr(pos)), static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) {
      // A stray byte still occupies a cell once the terminal shows its replacement glyph.
      ++width;
      ++pos;
      continue;
    }
    width += static_cast<std::size_t>(utf8proc_charwidth(cp));
    pos += static_cast<std::size_t>(n);
  }
  return width;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = -1;
    const utf8proc_ssize_t n =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                         static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0 || cp < 0) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[pos]));
      ++pos;
      continue;
    }
    const auto len = static_cast<std::size_t>(n);
    if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(pos, len));
    }
    pos += len;
  }
  return out;
}

}  // namespace archive::domain
