#!/usr/bin/env bash
# Runs one CLI case (a folder under tests/cli/cases) against the real binary.
#
#   setup    optional: bash run first with `set -e` (any failure fails the case)
#   cmd      bash whose stdout, stderr and exit status are checked
#   status   expected exit status (default 0)
#   stdout   expected standard output (missing: must be empty)
#   stderr   expected standard error (missing: must be empty)
#   env      optional: extra `export` lines, sourced before setup
#
# Every case runs in a fresh temporary folder with a fixed environment: ARCHIVE_DB there,
# HOME and XDG folders inside it, NO_COLOR=1, LANG=C.UTF-8, LANGUAGE=en, TZ=UTC. Outputs are
# compared after replacing the folder with $TMP, real UTC timestamps with <time> and the OS
# login with <login>. When the expected status is not 0, the database file must be
# byte-for-byte what it was before `cmd` (or still absent).
# UPDATE_GOLDEN=1 writes the actual outputs as the expected ones.
set -u
binary=$1
case_dir=$2
bin_dir=$(cd "$(dirname "$binary")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/config" "$work/data"

export PATH="$bin_dir:$PATH"
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export ARCHIVE_DB="$work/archive.db" NO_COLOR=1 LANG=C.UTF-8 LANGUAGE=en TZ=UTC
export CASE="$case_dir" TESTDATA="$(cd "$case_dir/../../../data" 2>/dev/null && pwd)"
unset ARCHIVE_CONFIG ARCHIVE_TODAY LC_ALL LC_MESSAGES
cd "$work" || exit 2
[ -f "$case_dir/env" ] && . "$case_dir/env"

if [ -f "$case_dir/setup" ]; then
  if ! bash -e "$case_dir/setup" >"$work/.setup.out" 2>&1; then
    echo "FAIL: setup failed:"
    cat "$work/.setup.out"
    exit 1
  fi
fi

expected_status=0
[ -f "$case_dir/status" ] && expected_status=$(tr -d '[:space:]' <"$case_dir/status")
db_before=absent
[ -f "$ARCHIVE_DB" ] && db_before=$(sha256sum <"$ARCHIVE_DB")

bash "$case_dir/cmd" >"$work/.stdout" 2>"$work/.stderr"
actual_status=$?

login=$(id -un)
normalise() {
  sed -e "s#$work#\$TMP#g" \
      -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/<time>/g' \
      -e "s/\\b$login\\b/<login>/g" "$1"
}
normalise "$work/.stdout" >"$work/.stdout.n"
normalise "$work/.stderr" >"$work/.stderr.n"

if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  echo "$actual_status" >"$case_dir/status"
  if [ -s "$work/.stdout.n" ]; then cp "$work/.stdout.n" "$case_dir/stdout"; else rm -f "$case_dir/stdout"; fi
  if [ -s "$work/.stderr.n" ]; then cp "$work/.stderr.n" "$case_dir/stderr"; else rm -f "$case_dir/stderr"; fi
  exit 0
fi

failed=0
if [ "$actual_status" != "$expected_status" ]; then
  echo "FAIL: exit status $actual_status, expected $expected_status"
  failed=1
fi
for stream in stdout stderr; do
  expected="$case_dir/$stream"
  [ -f "$expected" ] || expected=/dev/null
  if ! diff -u --label "expected $stream" --label "actual $stream" "$expected" \
       "$work/.$stream.n"; then
    failed=1
  fi
done
if [ "$expected_status" != 0 ]; then
  db_after=absent
  [ -f "$ARCHIVE_DB" ] && db_after=$(sha256sum <"$ARCHIVE_DB")
  if [ "$db_before" != "$db_after" ]; then
    echo "FAIL: the database changed although the command failed"
    failed=1
  fi
fi
exit $failed
