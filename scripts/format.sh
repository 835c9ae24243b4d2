#!/usr/bin/env bash
# Formats every C++ file of the repository with .clang-format (CI checks the same files).
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -co --exclude-standard '*.cpp' '*.h' | xargs clang-format -i
