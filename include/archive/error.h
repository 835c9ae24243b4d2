// Errors that end a command, each carrying the exit status archive(1) documents.
#pragma once

#include <stdexcept>
#include <string>

namespace archive {

// Exit statuses of the command-line contract (SPEC.md, archive(1)).
enum class Exit : int {
  kOk = 0,
  kDue = 1,          // something is due and --exit-code was given
  kUsage = 64,       // unknown option, missing or malformed argument
  kData = 65,        // invalid value, rejected rows, a state that forbids the step
  kNoInput = 66,     // no such archive, material, loan, batch or input file
  kInternal = 70,    // a bug
  kCantCreate = 73,  // cannot create an output file
  kIo = 74,          // I/O error or unreadable database
  kBusy = 75,        // database busy after waiting
  kPolicy = 77,      // refused by policy: approval or role missing, closed or destroyed archive
  kConfig = 78,      // bad configuration
  // Stopped by Ctrl-C (SIGINT) during an import; nothing was changed.
  kInterrupted = 130,
};

// The one exception type a command throws to stop. `what()` is the complete message,
// already translated and carrying its context ("customers.csv line 17, column 手机: …");
// main() prints it once, prefixed with the program name, and exits with `code()`.
class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Exit code() const { return code_; }

 private:
  Exit code_;
};

}  // namespace archive
