// HMAC-SHA-256: H((K ^ opad) || H((K ^ ipad) || message)), with K padded to the block size.
#include "archive/io/hmac.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "archive/io/sha256.h"

namespace archive::io {

namespace {

constexpr std::size_t kBlock = 64;

// The 32 bytes of a digest given as 64 hex digits.
std::string bytes_of_hex(const std::string& hex) {
  auto nibble = [](char c) { return static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10); };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>((nibble(hex[i]) << 4U) | nibble(hex[i + 1])));
  }
  return out;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<std::uint8_t, kBlock> k{};
  if (key.size() > kBlock) {
    const std::string digest = bytes_of_hex(sha256_hex(key));
    for (std::size_t i = 0; i < digest.size(); ++i) k[i] = static_cast<std::uint8_t>(digest[i]);
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<std::uint8_t>(key[i]);
  }
  std::array<std::uint8_t, kBlock> inner_pad{};
  std::array<std::uint8_t, kBlock> outer_pad{};
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner_pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36U);
    outer_pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5cU);
  }
  Sha256 inner;
  inner.update(inner_pad.data(), inner_pad.size());
  inner.update(message);
  const std::string inner_digest = bytes_of_hex(inner.hex());
  Sha256 outer;
  outer.update(outer_pad.data(), outer_pad.size());
  outer.update(inner_digest);
  return outer.hex();
}

}  // namespace archive::io
