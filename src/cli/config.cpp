// archive config: the effective configuration, shipped defaults merged with the user's file.
#include <ostream>

#include <toml++/toml.h>

#include "commands.h"

namespace archive::cli {

Runner install_config(CLI::App&) {
  return [](Context& ctx) {
    const auto& effective = ctx.session.config.effective;
    if (ctx.format == report::Format::kJson) {
      *ctx.out << toml::json_formatter{effective} << '\n';
    } else {
      *ctx.out << toml::toml_formatter{effective} << '\n';
    }
    return 0;
  };
}

}  // namespace archive::cli
