// HMAC-SHA-256 (RFC 2104 over FIPS 180-4), for the keyed hashes of mobile and ID numbers in
// the destruction register. Written here on top of io/sha256.h, because none of the
// project's packaged libraries offers an HMAC.
#pragma once

#include <string>
#include <string_view>

namespace archive::io {

// The MAC of `message` under `key` (any length; a key longer than the 64-byte block is
// hashed first) as 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace archive::io
