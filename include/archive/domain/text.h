// Unicode text helpers over UTF-8 strings (libutf8proc): normalisation, width, validity.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace archive::domain {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text);

// NFKC normalisation: full-width digits and letters become ASCII, compatibility forms fold.
// Input must be valid UTF-8; invalid input is returned unchanged.
std::string nfkc(std::string_view text);

// Strips leading and trailing white space, including U+3000 IDEOGRAPHIC SPACE and NBSP.
std::string trim(std::string_view text);

// Columns the text takes in a terminal: CJK and full-width characters count 2, combining
// marks 0, everything else 1. Independent of the process locale, so cron's C locale
// aligns tables exactly like a clerk's zh_CN.UTF-8 terminal.
std::size_t display_width(std::string_view text);

// The text with control characters shown as \xNN (and invalid UTF-8 bytes likewise), for
// echoing a rejected value in a message without sending escapes to the terminal.
std::string printable(std::string_view text);

// ASCII lower-casing; other bytes are left alone.
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

}  // namespace archive::domain
