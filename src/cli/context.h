// What a subcommand's run function gets: the session for the use cases, the chosen output
// format, and the streams. Built in main once the command line has been parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "archive/app/session.h"
#include "archive/report/render.h"

namespace archive::cli {

struct Context {
  app::Session session;
  report::Format format = report::Format::kTable;
  report::RenderOptions render;
  bool format_given = false;  // --format was on the command line
  bool quiet = false;         // -q: no informational lines on stderr
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;

  // An informational line on stderr ("created database …"), unless -q.
  void info(const std::string& message) const;
  // A warning on stderr, always.
  void warn(const std::string& message) const;
  // Renders tables on stdout in the chosen format.
  void print(const report::Table& table) const;
  void print(const std::vector<report::Table>& tables) const;
};

// A subcommand's run function: returns the exit status (0, or 1 for --exit-code).
using Runner = std::function<int(Context&)>;

// One row of the command table: the name, a one-line summary (an English msgid), and the
// function that adds the subcommand's options and returns its runner.
struct CommandSpec {
  const char* name;
  const char* summary;
  Runner (*install)(CLI::App& sub);
};

// The command table: drives `archive --help` and dispatch alike.
const std::vector<CommandSpec>& command_table();

// A CLI11 check for counts such as --limit and --days: a whole number greater than 0.
CLI::Validator positive_number();

}  // namespace archive::cli
