// Character-set conversion through glibc iconv (GBK/GB18030 spreadsheets and terminals).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace archive::io {

// Converts `bytes` in `from_charset` (any name iconv knows: "GB18030", "UTF-16LE") to UTF-8.
// Nothing when the bytes are not valid in that charset.
std::optional<std::string> to_utf8(std::string_view bytes, const char* from_charset);

}  // namespace archive::io
