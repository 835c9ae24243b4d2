// A fresh temporary folder for one test, removed with everything in it afterwards.
#pragma once

#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <string>

namespace archive::testing {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "archive-test-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace archive::testing
