// Fuzz target: encoding detection and streaming decoding (BOMs, UTF-8 validation, the
// GB18030 fallback, characters split across chunks) over arbitrary bytes, then the text
// rules every imported cell goes through (NFKC, display width, printable).
#include <memory>
#include <optional>
#include <string>

#include "archive/domain/text.h"
#include "archive/error.h"
#include "archive/io/text_decoder.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (const std::optional<std::string>& forced :
       {std::optional<std::string>(), std::optional<std::string>("GB18030"),
        std::optional<std::string>("UTF-16LE")}) {
    try {
      archive::io::TextDecoder decoder(archive::io::ByteSource::memory(bytes), forced);
      std::string text;
      const auto room = decoder.min_room();
      auto buffer = std::make_unique<char[]>(room);
      while (const auto n = decoder.fill(buffer.get(), room)) text.append(buffer.get(), n);
      (void)decoder.bad();
      (void)decoder.label();
      (void)decoder.progress();
      (void)archive::domain::nfkc(text);
      (void)archive::domain::display_width(text);
      (void)archive::domain::printable(text);
    } catch (const archive::Error&) {
      // Refusing undecodable input with a message is the expected outcome.
    }
  }
  return 0;
}
