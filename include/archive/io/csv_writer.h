// Files this program writes for people to open elsewhere: created readable by their owner
// only, and CSV records as Excel and `archive import` read them (the reject file of import).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace archive::io {

// A file created (or truncated) with mode 0600, also when it existed with wider permissions.
// Writes are buffered; close() reports a failed write. The destructor closes quietly.
class PrivateFile {
 public:
  // Error(kCantCreate) naming the path when it cannot be created.
  explicit PrivateFile(const std::filesystem::path& path);
  ~PrivateFile();
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;

  void write(std::string_view bytes);
  // Flushes and closes; Error(kIo) when a write failed (disk full).
  void close();
  // Closes and deletes the file (an interrupted or unneeded output leaves nothing behind).
  void remove();
  const std::filesystem::path& path() const { return path_; }

 private:
  void flush();
  std::filesystem::path path_;
  int fd_ = -1;
  std::string buffer_;
};

// Appends one CSV record (RFC 4180, CRLF): a field is quoted when it holds a comma, a quote,
// CR or LF, or starts or ends with a space; a field starting with = + - or @ gets a leading
// ' (formula injection), which `archive import` removes again.
void append_csv_record(std::string& out, const std::vector<std::string_view>& fields);

}  // namespace archive::io
