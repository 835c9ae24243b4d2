// Owner-only output files and CSV records (RFC 4180), for the reject files of import.
#include "archive/io/csv_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "archive/error.h"
#include "archive/i18n.h"

namespace archive::io {

namespace {

constexpr std::size_t kBufferSize = 64 * 1024;

}  // namespace

PrivateFile::PrivateFile(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0 || ::fchmod(fd_, 0600) != 0) {
    const int error = errno;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    throw Error(Exit::kCantCreate, fmt::format(fmt::runtime(tr("cannot create {}: {}")),
                                               path.string(), std::strerror(error)));
  }
  buffer_.reserve(kBufferSize);
}

PrivateFile::~PrivateFile() {
  if (fd_ >= 0) ::close(fd_);
}

void PrivateFile::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= kBufferSize) flush();
}

void PrivateFile::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("cannot write {}: {}")), path_.string(),
                                         std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void PrivateFile::close() {
  if (fd_ < 0) return;
  flush();
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) {
    throw Error(Exit::kIo, fmt::format(fmt::runtime(tr("cannot write {}: {}")), path_.string(),
                                       std::strerror(errno)));
  }
}

void PrivateFile::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void append_csv_record(std::string& out, const std::vector<std::string_view>& fields) {
  bool first = true;
  for (const auto field : fields) {
    if (!first) out += ',';
    first = false;
    const bool guard = !field.empty() && (field.front() == '=' || field.front() == '+' ||
                                          field.front() == '-' || field.front() == '@');
    const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) {
      if (guard) out += '\'';
      out += field;
      continue;
    }
    out += '"';
    if (guard) out += '\'';
    for (const char ch : field) {
      if (ch == '"') out += '"';
      out += ch;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace archive::io
