// The entry point every fuzz target defines. libFuzzer calls it with generated inputs in
// the fuzzing build (scripts/fuzz.sh, clang); replay_main.cpp calls it with every file of
// the target's corpus in the normal build, so found crashes stay regression tests.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
