// SHA-256 (FIPS 180-4) of byte strings and files, for the checksums of electronic materials.
// Written here because none of the allowed packaged libraries (SQLite, libzip, fmt …)
// exposes a SHA-256; OpenSSL is not among the project's dependencies.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace archive::io {

// An incremental digest: update() any number of times, then hex() once.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  // Finishes the digest: 64 lower-case hex digits. The object must not be updated after.
  std::string hex();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes so far
};

// The digest of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

// The digest of a file's contents, read in 64 KiB chunks; nothing when the file cannot be
// opened or read.
std::optional<std::string> sha256_file(const std::filesystem::path& path);

}  // namespace archive::io
