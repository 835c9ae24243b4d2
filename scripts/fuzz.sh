#!/usr/bin/env bash
# Runs every libFuzzer target for a fixed time: a clang build with ASan and UBSan in
# build-fuzz, each target started from a copy of its corpus (fuzz/corpus/<target>/).
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 12: about 60 s for the five targets)
# A crash stops the run and leaves the input in build-fuzz/crashes/<target>/: copy it into
# fuzz/corpus/<target>/ once fixed, so the normal test suite replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-12}
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DARCHIVE_FUZZ=ON -DBUILD_TESTING=OFF -DARCHIVE_WERROR=OFF >/dev/null
cmake --build "$build" --target fuzz_csv_reader fuzz_xlsx_reader fuzz_encoding fuzz_parsers \
  fuzz_config
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in csv_reader xlsx_reader encoding parsers config; do
  corpus="$build/corpus/$target"
  crashes="$build/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  cp -n fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $target for $seconds s"
  "$build/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -seed=1 -print_final_stats=0 -artifact_prefix="$crashes/" "$corpus" 2>"$build/$target.log" ||
    { tail -n 40 "$build/$target.log"; echo "fuzz: $target crashed; input in $crashes/"; exit 1; }
  grep -E "^#[0-9]+.*DONE" "$build/$target.log" | tail -n 1 || true
done
