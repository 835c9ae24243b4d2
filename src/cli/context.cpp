// Output helpers of the command context.
#include "context.h"

#include <charconv>
#include <cstdint>
#include <ostream>

#include "archive/i18n.h"

namespace archive::cli {

CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::int64_t n = 0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, n);
        if (ec != std::errc() || ptr != end || n <= 0) {
          return tr("must be a whole number greater than 0");
        }
        return {};
      },
      "N>0");
}

void Context::info(const std::string& message) const {
  if (!quiet) *err << "archive: " << message << '\n';
}

void Context::warn(const std::string& message) const {
  *err << "archive: " << tr("warning: ") << message << '\n';
}

void Context::print(const report::Table& table) const {
  report::render(table, format, render, *out);
}

void Context::print(const std::vector<report::Table>& tables) const {
  report::render_all(tables, format, render, *out);
}

}  // namespace archive::cli
