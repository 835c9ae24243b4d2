// Text files in whatever encoding they came in (UTF-8, UTF-8 or UTF-16 with a byte-order mark,
// GBK/GB18030, any iconv name), turned into UTF-8 a large chunk at a time with bounded memory:
// encoding detection, UTF-8 validation and streaming iconv that copes with characters split
// across chunks. The delimited-text reader of `archive import` sits on top of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace archive::io {

// How much of a byte string is valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF).
struct Utf8Scan {
  enum Status : std::uint8_t {
    kValid,       // all of it
    kIncomplete,  // valid up to `valid`, then the start of a character the bytes cut short
    kInvalid,     // valid up to `valid`, then a byte that cannot be there
  };
  Status status = kValid;
  std::size_t valid = 0;      // bytes of whole, valid characters from the start
  std::size_t multibyte = 0;  // characters of two to four bytes among them
};
Utf8Scan scan_utf8(std::string_view bytes);

// The bytes of a file or of a string, read front to back. Files are read with read(2) into
// the caller's buffer; nothing is kept. Throws Error(kNoInput) when the file cannot be opened.
class ByteSource {
 public:
  static ByteSource file(const std::filesystem::path& path, const std::string& name);
  static ByteSource memory(std::string bytes);

  ByteSource(ByteSource&&) noexcept;
  ByteSource& operator=(ByteSource&&) noexcept;
  ~ByteSource();

  // Reads up to `size` bytes into `out`; 0 only at the end. Throws Error(kIo) on a read error.
  std::size_t read(char* out, std::size_t size);
  // Whether rewind() can work: a regular file or memory, not a pipe.
  bool seekable() const { return seekable_; }
  // Starts again from the first byte; false when it cannot.
  bool rewind();
  const std::string& name() const { return name_; }
  // The size in bytes when known (0 for a pipe), and how many bytes have been read so far.
  std::uint64_t size() const { return size_; }
  std::uint64_t consumed() const { return consumed_; }

 private:
  ByteSource() = default;
  int fd_ = -1;
  std::string bytes_;  // a memory source
  std::string name_;   // for messages
  std::uint64_t size_ = 0;
  std::uint64_t consumed_ = 0;
  bool seekable_ = false;
};

// Decodes a ByteSource into UTF-8.
//
// Without a forced encoding it detects one: a UTF-8 BOM -> UTF-8 (the BOM dropped); a UTF-16LE
// or UTF-16BE BOM -> that; else UTF-8 when the bytes are UTF-8, else GB18030 (which reads GBK
// and CP936). See text_decoder.cpp for how "the bytes are UTF-8" is decided without a second
// pass over a large file. A forced encoding is any name iconv knows; a U+FEFF at the start of
// the decoded text is dropped whatever the encoding.
class TextDecoder {
 public:
  // The largest number of raw bytes read at once: 1 MiB, less for a smaller source.
  static constexpr std::size_t kChunk = std::size_t{1} << 20;

  // Throws Error(kUsage) "unknown encoding X" when iconv does not know the name.
  static void check_encoding(const std::string& name);

  // Throws as check_encoding() for a forced encoding iconv does not know.
  TextDecoder(ByteSource source, const std::optional<std::string>& encoding);
  TextDecoder(TextDecoder&&) noexcept = default;
  TextDecoder& operator=(TextDecoder&&) noexcept = default;
  ~TextDecoder() = default;

  // The room fill() needs: a GB18030 or UTF-16 chunk grows by half in UTF-8, a single-byte
  // encoding can double.
  std::size_t min_room() const { return 2 * chunk_ + 16; }

  // Writes the next UTF-8 into `out` (whole characters only, at most `room` bytes, `room` at
  // least min_room()) and returns how many bytes; 0 at the end of the input, or where the input
  // stops being decodable: then bad() is set.
  std::size_t fill(char* out, std::size_t room);

  // After fill() returned 0: the undecodable bytes (up to four), or nothing at a clean end.
  const std::optional<std::string>& bad() const { return bad_; }

  // What is being read: "UTF-8", "UTF-8 with BOM", "UTF-16LE with BOM", "GB18030", or the
  // forced name as given. Translated.
  std::string label() const;
  // The name of the encoding in messages about invalid bytes: "UTF-8", "GB18030", the forced
  // name.
  const std::string& encoding() const { return encoding_; }
  // Whether the encoding was found by detection falling back to GB18030 (the file is not UTF-8).
  bool fell_back() const { return kind_ == Kind::kFallback; }
  // Whether the text came as UTF-16 (Excel's "Unicode text", tab-separated).
  bool utf16() const { return utf16_; }
  // Raw bytes read so far over the size of the source, 0.0 to 1.0.
  double progress() const;

 private:
  enum class Kind : std::uint8_t { kDetected, kBom, kFallback, kForced };
  struct IconvCloser {
    void operator()(void* cd) const;
  };
  void detect();
  void read_more();
  std::size_t fill_utf8(char* out, std::size_t room);
  std::size_t fill_iconv(char* out, std::size_t room);
  void open_iconv(const std::string& from, bool usage_error);

  ByteSource source_;
  std::size_t chunk_ = kChunk;
  std::unique_ptr<char[]> in_;  // raw bytes: [in_pos_, in_end_) not yet decoded
  std::size_t in_pos_ = 0;
  std::size_t in_end_ = 0;
  bool source_done_ = false;
  bool done_ = false;
  bool strip_bom_ = true;                  // the first decoded bytes are still to come
  std::unique_ptr<void, IconvCloser> cd_;  // iconv_t, or null for UTF-8 read as it is
  std::string encoding_;
  Kind kind_ = Kind::kDetected;
  bool utf16_ = false;
  std::optional<std::string> bad_;
};

}  // namespace archive::io
