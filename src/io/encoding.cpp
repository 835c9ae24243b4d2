// iconv wrapped so the handle is always closed and partial or invalid input is an answer,
// not an exception.
#include "archive/io/encoding.h"

#include <iconv.h>

#include <cerrno>
#include <memory>

namespace archive::io {

namespace {

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

}  // namespace

std::optional<std::string> to_utf8(std::string_view bytes, const char* from_charset) {
  iconv_t raw = iconv_open("UTF-8", from_charset);
  if (raw == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, IconvCloser> cd(raw);
  std::string out;
  out.resize(bytes.size() * 4 + 16);
  char* in_ptr = const_cast<char*>(bytes.data());  // iconv's signature; it does not write
  std::size_t in_left = bytes.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(raw, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno != E2BIG) return std::nullopt;  // EILSEQ or EINVAL: not valid input
      const auto used = static_cast<std::size_t>(out_ptr - out.data());
      out.resize(out.size() * 2);
      out_ptr = out.data() + used;
      out_left = out.size() - used;
    }
  }
  if (iconv(raw, nullptr, nullptr, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(out_ptr - out.data()));
  return out;
}

}  // namespace archive::io
