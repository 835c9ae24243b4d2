// HMAC-SHA-256 against the test vectors of RFC 4231 (cases 1-4, 6 and 7; case 5 truncates).
#include "archive/io/hmac.h"

#include <doctest/doctest.h>

#include <string>

using archive::io::hmac_sha256_hex;

TEST_CASE("HMAC-SHA-256 matches RFC 4231") {
  struct Case {
    std::string key;
    std::string data;
    const char* mac;
  };
  const std::string key131(131, '\xaa');
  const Case cases[] = {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13"
                   "\x14\x15\x16\x17\x18\x19",
                   25),
       std::string(50, '\xcd'), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {key131, "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {key131,
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.data);
    CHECK(hmac_sha256_hex(c.key, c.data) == c.mac);
  }
}

TEST_CASE("a different key gives a different MAC") {
  CHECK(hmac_sha256_hex("key one", "mobile:13812348000") !=
        hmac_sha256_hex("key two", "mobile:13812348000"));
  CHECK(hmac_sha256_hex("", "").size() == 64);
}
