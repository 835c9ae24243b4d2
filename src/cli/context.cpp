// Output helpers of the command context.
#include "context.h"

#include <ostream>

#include "archive/i18n.h"

namespace archive::cli {

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
