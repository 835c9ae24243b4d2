// Named fault points (see archive/fault.h): compiled into test builds only.
#include "archive/fault.h"

#ifdef ARCHIVE_FAULT_POINTS

#include <csignal>
#include <cstdlib>
#include <string>

namespace archive {

void fault_point(std::string_view name) {
  static const char* const kSpec = std::getenv("ARCHIVE_FAULT");
  if (kSpec == nullptr) return;
  const std::string_view spec(kSpec);
  const auto colon = spec.find(':');
  if (spec.substr(0, colon) != name) return;
  static long remaining =
      colon == std::string_view::npos
          ? 1
          : std::strtol(std::string(spec.substr(colon + 1)).c_str(), nullptr, 10);
  if (--remaining == 0) std::raise(SIGKILL);
}

}  // namespace archive

#endif
