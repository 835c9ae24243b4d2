// SHA-256 against the FIPS 180-4 examples, split updates, and files read in chunks.
#include "archive/io/sha256.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using archive::io::Sha256;
using archive::io::sha256_file;
using archive::io::sha256_hex;

TEST_CASE("FIPS 180-4 test vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("updates in pieces give the same digest as one update") {
  const std::string text(1000, 'x');
  const std::string whole = sha256_hex(text);
  for (std::size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 127u, 999u}) {
    CAPTURE(piece);
    Sha256 digest;
    for (std::size_t at = 0; at < text.size(); at += piece) {
      digest.update(std::string_view(text).substr(at, piece));
    }
    CHECK(digest.hex() == whole);
  }
  // Lengths around the padding boundary.
  CHECK(sha256_hex(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

TEST_CASE("files are hashed in chunks; a missing file is nothing") {
  const auto path = std::filesystem::temp_directory_path() / "archive_sha256_test.bin";
  const std::string content(200000, 'a');  // more than three 64 KiB chunks
  {
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  CHECK(sha256_file(path) == sha256_hex(content));
  std::filesystem::remove(path);
  CHECK_FALSE(sha256_file(path).has_value());
}
