#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs unit and CLI tests with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh "$@"
bash scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
