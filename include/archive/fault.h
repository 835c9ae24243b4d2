// Named fault points for the crash tests. In a build with ARCHIVE_FAULT_POINTS (the test
// builds: it follows BUILD_TESTING) and ARCHIVE_FAULT=NAME[:N] in the environment, the N-th
// time (default the first) the program passes the point NAME it kills itself with SIGKILL,
// as a power cut or `kill -9` would. In other builds a fault point compiles to nothing.
#pragma once

#include <string_view>

namespace archive {

#ifdef ARCHIVE_FAULT_POINTS
void fault_point(std::string_view name);
#else
inline void fault_point(std::string_view /*name*/) {}
#endif

}  // namespace archive
