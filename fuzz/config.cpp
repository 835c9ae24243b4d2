// Fuzz target: the configuration loader, with arbitrary text as the user's file merged over
// the shipped one (TOML syntax, types, grade schemes, rules, templates, reports).
#include <optional>
#include <string_view>

#include "archive/config/config.h"
#include "archive/error.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)archive::config::load_config_text(archive::config::kShippedConfig, text, "fuzz.toml");
  } catch (const archive::Error&) {
    // A bad configuration is refused with a message naming file, line and column.
  }
  return 0;
}
