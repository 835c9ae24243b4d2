// The `find` filters, shared by every command that selects customers (find, report, export).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "archive/app/session.h"
#include "archive/store/customers.h"

namespace archive::cli {

struct FindFilterOptions {
  std::string grade;  // [SCHEME:]CODE
  std::string owner;
  std::string kind;
  std::string status;
  std::string region;
  std::string source;
  std::int64_t limit = 0;
};

void add_find_filters(CLI::App& sub, FindFilterOptions& options);

// Checks the filter values (65 for an unknown grade, kind, status …) and builds the filter.
store::CustomerFilter make_filter(const app::Session& session, const FindFilterOptions& options,
                                  const std::string& text);

}  // namespace archive::cli
