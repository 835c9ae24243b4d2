// Streaming decoding of text files to UTF-8: detection, validation, iconv in chunks.
#include "archive/io/text_decoder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::io {

namespace {

// Detection reads no further than it must. A file that is UTF-8 as a whole is UTF-8; GBK text
// almost never is, and it shows at its first Chinese character: the first byte invalid in
// UTF-8 comes within the first few characters (a GBK character forms a valid UTF-8 sequence
// only about one time in seven, and a run of them far more rarely). So detection scans from the
// start until one of:
//  - the end of the file: it is all UTF-8 -> UTF-8;
//  - kConfident valid multibyte UTF-8 characters: UTF-8. The rest is validated while it is read,
//    and a bad byte later on is refused as "not valid UTF-8" at its line: a file that is UTF-8
//    for its first several Chinese characters and then is not is a damaged or mixed file, which
//    decoding as GB18030 would turn into plausible-looking wrong text;
//  - a byte invalid in UTF-8 before that: GB18030 (a GBK, CP936 or GB18030 export).
// A Chinese spreadsheet reaches one of these within its header line, so the scan costs nothing;
// only a file (nearly) all ASCII is scanned to its end, at the speed of the 8-bytes-at-a-time
// ASCII path, and then read again from the start. A pipe cannot be read again: it is decided
// on its first chunk (undecided means UTF-8).
constexpr std::size_t kConfident = 8;

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::string upper_alnum(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

// The bytes at the point decoding stopped, for the message: the first one and the non-ASCII
// bytes right after it, at most four.
std::string bad_bytes(const char* at, const char* end) {
  std::string out(at, at + 1);
  for (const char* p = at + 1; p < end && out.size() < 4; ++p) {
    if (static_cast<unsigned char>(*p) < 0x80) break;
    out += *p;
  }
  return out;
}

}  // namespace

Utf8Scan scan_utf8(std::string_view bytes) {
  Utf8Scan scan;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII eight bytes at a time: most of a spreadsheet is digits, commas and Latin letters.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & kHighBits) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80;  // the range of the second byte (RFC 3629, section 4)
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      scan.status = Utf8Scan::kInvalid;
      scan.valid = i;
      return scan;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) {
        scan.status = Utf8Scan::kIncomplete;
        scan.valid = i;
        return scan;
      }
      const unsigned char d = p[i + k];
      const bool ok = k == 1 ? (d >= lo && d <= hi) : is_continuation(d);
      if (!ok) {
        scan.status = Utf8Scan::kInvalid;
        scan.valid = i;
        return scan;
      }
    }
    ++scan.multibyte;
    i += len;
  }
  scan.valid = n;
  return scan;
}

// ---------------------------------------------------------------------------------------
// ByteSource

ByteSource ByteSource::file(const std::filesystem::path& path, const std::string& name) {
  ByteSource source;
  source.name_ = name;
  source.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (source.fd_ < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("no file {}")), name));
    }
    throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("cannot read {}")), name));
  }
  struct stat st {};
  if (::fstat(source.fd_, &st) != 0 || S_ISDIR(st.st_mode)) {
    throw Error(Exit::kNoInput, fmt::format(fmt::runtime(tr("{} is not a regular file")), name));
  }
  if (S_ISREG(st.st_mode)) {
    source.size_ = static_cast<std::uint64_t>(st.st_size);
    source.seekable_ = true;
    ::posix_fadvise(source.fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  return source;
}

ByteSource ByteSource::memory(std::string bytes) {
  ByteSource source;
  source.size_ = bytes.size();
  source.seekable_ = true;
  source.bytes_ = std::move(bytes);
  return source;
}

ByteSource::ByteSource(ByteSource&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      bytes_(std::move(other.bytes_)),
      name_(std::move(other.name_)),
      size_(other.size_),
      consumed_(other.consumed_),
      seekable_(other.seekable_) {}

ByteSource& ByteSource::operator=(ByteSource&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    bytes_ = std::move(other.bytes_);
    name_ = std::move(other.name_);
    size_ = other.size_;
    consumed_ = other.consumed_;
    seekable_ = other.seekable_;
  }
  return *this;
}

ByteSource::~ByteSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t ByteSource::read(char* out, std::size_t size) {
  if (fd_ < 0) {
    const std::size_t n = std::min<std::size_t>(size, bytes_.size() - consumed_);
    std::memcpy(out, bytes_.data() + consumed_, n);
    consumed_ += n;
    return n;
  }
  for (;;) {
    const ::ssize_t n = ::read(fd_, out, size);
    if (n >= 0) {
      consumed_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno == EINTR) continue;
    throw Error(Exit::kIo,
                fmt::format(fmt::runtime(tr("cannot read {}: {}")), name_, std::strerror(errno)));
  }
}

bool ByteSource::rewind() {
  if (fd_ >= 0 && ::lseek(fd_, 0, SEEK_SET) != 0) return false;
  consumed_ = 0;
  return true;
}

// ---------------------------------------------------------------------------------------
// TextDecoder

void TextDecoder::IconvCloser::operator()(void* cd) const {
  ::iconv_close(static_cast<iconv_t>(cd));
}

TextDecoder::TextDecoder(ByteSource source, const std::optional<std::string>& encoding)
    : source_(std::move(source)),
      // A small file or string gets small buffers (fuzzing opens many tiny inputs).
      chunk_(source_.size() > 0 ? std::clamp<std::size_t>(source_.size() + 4, 64, kChunk) : kChunk),
      in_(new char[chunk_]) {
  if (encoding) {
    kind_ = Kind::kForced;
    encoding_ = *encoding;
    const std::string key = upper_alnum(*encoding);
    utf16_ = key.starts_with("UTF16") || key.starts_with("UCS2");
    // UTF-8 is read as it is (validated), whatever the spelling of its name.
    if (key != "UTF8") open_iconv(*encoding, true);
    read_more();
    return;
  }
  detect();
}

void TextDecoder::check_encoding(const std::string& name) {
  if (upper_alnum(name) == "UTF8") return;
  iconv_t cd = ::iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("unknown encoding {}")), name));
  }
  ::iconv_close(cd);
}

void TextDecoder::open_iconv(const std::string& from, bool usage_error) {
  iconv_t cd = ::iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    if (usage_error) {
      throw Error(Exit::kUsage, fmt::format(fmt::runtime(tr("unknown encoding {}")), from));
    }
    throw Error(Exit::kInternal, fmt::format("iconv cannot convert from {}", from));
  }
  cd_.reset(cd);
}

// Moves the undecoded bytes to the front and reads until the raw buffer is full or the
// source ends.
void TextDecoder::read_more() {
  if (in_pos_ > 0) {
    std::memmove(in_.get(), in_.get() + in_pos_, in_end_ - in_pos_);
    in_end_ -= in_pos_;
    in_pos_ = 0;
  }
  while (!source_done_ && in_end_ < chunk_) {
    const std::size_t n = source_.read(in_.get() + in_end_, chunk_ - in_end_);
    if (n == 0) source_done_ = true;
    in_end_ += n;
  }
}

void TextDecoder::detect() {
  read_more();
  const auto starts = [&](std::string_view bom) {
    return in_end_ >= bom.size() && std::string_view(in_.get(), bom.size()) == bom;
  };
  if (starts("\xEF\xBB\xBF")) {
    kind_ = Kind::kBom;
    encoding_ = "UTF-8";
    return;  // read as it is; fill() drops the BOM
  }
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
    kind_ = Kind::kBom;
    encoding_ = starts("\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
    utf16_ = true;
    open_iconv(encoding_, false);  // iconv turns the BOM into U+FEFF, which fill() drops
    return;
  }

  encoding_ = "UTF-8";
  std::size_t multibyte = 0;
  bool past_first_chunk = false;
  for (;;) {
    const Utf8Scan scan = scan_utf8(std::string_view(in_.get() + in_pos_, in_end_ - in_pos_));
    multibyte += scan.multibyte;
    if (multibyte >= kConfident) break;
    const bool invalid =
        scan.status == Utf8Scan::kInvalid || (scan.status == Utf8Scan::kIncomplete && source_done_);
    if (invalid) {
      kind_ = Kind::kFallback;
      encoding_ = "GB18030";
      open_iconv(encoding_, false);
      break;
    }
    if (source_done_) break;                              // all of it is UTF-8
    if (!past_first_chunk && !source_.seekable()) break;  // a pipe: UTF-8
    past_first_chunk = true;
    in_pos_ += scan.valid;  // keeps a character cut by the end of the chunk
    read_more();
  }
  if (past_first_chunk) {
    if (!source_.rewind()) {
      throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("cannot read {}: {}")), source_.name(),
                                         std::strerror(errno)));
    }
    in_pos_ = in_end_ = 0;
    source_done_ = false;
    read_more();
  }
}

std::size_t TextDecoder::fill(char* out, std::size_t room) {
  if (done_) return 0;
  std::size_t written = cd_ ? fill_iconv(out, room) : fill_utf8(out, room);
  if (strip_bom_ && written > 0) {
    strip_bom_ = false;
    if (written >= 3 && std::memcmp(out, "\xEF\xBB\xBF", 3) == 0) {
      std::memmove(out, out + 3, written - 3);
      written -= 3;
      if (written == 0) return fill(out, room);
    }
  }
  return written;
}

std::size_t TextDecoder::fill_utf8(char* out, std::size_t room) {
  for (;;) {
    if (in_pos_ == in_end_ && !source_done_) read_more();
    const std::size_t avail = in_end_ - in_pos_;
    if (avail == 0) {
      done_ = true;
      return 0;
    }
    const std::size_t take = std::min(avail, room);
    const Utf8Scan scan = scan_utf8(std::string_view(in_.get() + in_pos_, take));
    std::memcpy(out, in_.get() + in_pos_, scan.valid);
    in_pos_ += scan.valid;
    const bool cut_by_end = scan.status == Utf8Scan::kIncomplete && take == avail;
    if (scan.status == Utf8Scan::kInvalid || (cut_by_end && source_done_)) {
      bad_ = bad_bytes(in_.get() + in_pos_, in_.get() + in_end_);
      done_ = scan.valid == 0;
      if (done_) return 0;
      // Give back the good part first; the next call reports the bad bytes.
      in_end_ = in_pos_;
      source_done_ = true;
      return scan.valid;
    }
    if (scan.valid > 0) return scan.valid;
    if (cut_by_end) read_more();  // a character cut by the end of the chunk
  }
}

std::size_t TextDecoder::fill_iconv(char* out, std::size_t room) {
  auto* cd = static_cast<iconv_t>(cd_.get());
  std::size_t written = 0;
  for (;;) {
    if (in_pos_ == in_end_) {
      if (!source_done_) read_more();
      if (in_pos_ == in_end_) {
        char* op = out + written;
        std::size_t ol = room - written;
        ::iconv(cd, nullptr, nullptr, &op, &ol);  // the shift state of a stateful encoding
        written = static_cast<std::size_t>(op - out);
        if (written == 0) done_ = true;
        return written;
      }
    }
    char* ip = in_.get() + in_pos_;
    std::size_t il = in_end_ - in_pos_;
    char* op = out + written;
    std::size_t ol = room - written;
    const std::size_t result = ::iconv(cd, &ip, &il, &op, &ol);
    const int err = errno;
    in_pos_ = static_cast<std::size_t>(ip - in_.get());
    written = static_cast<std::size_t>(op - out);
    if (result != static_cast<std::size_t>(-1)) {
      if (written > 0) return written;  // one chunk per call
      continue;
    }
    if (err == E2BIG) {
      // fill() guarantees room for a whole chunk, so some output always fits.
      if (written == 0) throw Error(Exit::kInternal, "text decoder: no room for one character");
      return written;
    }
    if (err == EINVAL && !source_done_) {  // a character cut by the end of the chunk
      read_more();
      if (written > 0) return written;
      continue;
    }
    // CP936 (GBK as Windows writes it) has the euro sign as the single byte 0x80, which
    // GB18030 spells otherwise and glibc's GB18030 refuses; detection reads such files as
    // GB18030, so the byte is mapped here.
    if (err == EILSEQ && kind_ == Kind::kFallback && in_.get()[in_pos_] == '\x80' &&
        room - written >= 3) {
      std::memcpy(out + written, "\xE2\x82\xAC", 3);
      written += 3;
      ++in_pos_;
      continue;
    }
    // EILSEQ, or a character cut short by the end of the file.
    bad_ = bad_bytes(in_.get() + in_pos_, in_.get() + in_end_);
    in_end_ = in_pos_;
    source_done_ = true;
    if (written == 0) done_ = true;
    return written;
  }
}

std::string TextDecoder::label() const {
  switch (kind_) {
    case Kind::kBom:
      if (encoding_ == "UTF-8") return tr("UTF-8 with BOM");
      if (encoding_ == "UTF-16LE") return tr("UTF-16LE with BOM");
      return tr("UTF-16BE with BOM");
    case Kind::kDetected:
    case Kind::kFallback:
    case Kind::kForced:
      break;
  }
  return encoding_;
}

double TextDecoder::progress() const {
  if (source_.size() == 0) return done_ ? 1.0 : 0.0;
  return std::min(1.0,
                  static_cast<double>(source_.consumed()) / static_cast<double>(source_.size()));
}

}  // namespace archive::io
