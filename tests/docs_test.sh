#!/usr/bin/env bash
# Checks what a person installs and reads: `cmake --install` lays out a tree whose binary
# finds its catalogue; every man page renders without warnings; the commands in
# `archive --help`, the man pages and the bash completion are the same set.
set -euo pipefail
build=$1
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Installed tree: binary, catalogue, man pages, completion, shipped files.
cmake --install "$build" --prefix "$work/prefix" >/dev/null
for f in bin/archive share/locale/zh_CN/LC_MESSAGES/archive.mo share/man/man1/archive.1 \
         share/man/man5/archive.toml.5 share/archive/config.toml \
         share/bash-completion/completions/archive; do
  [ -f "$work/prefix/$f" ] || fail "cmake --install did not install $f"
done
message=$(cd "$work" && env -u LANGUAGE LANG=C ARCHIVE_DB="$work/none.db" \
  XDG_CONFIG_HOME="$work" "$work/prefix/bin/archive" find 2>&1 || true)
[[ $message == *"没有数据库"* ]] || fail "installed binary did not find its zh_CN catalogue: $message"

# Man pages render without warnings.
for page in "$build"/share/man/man*/*.[15]; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "$page: $warnings"
done

# The same commands everywhere.
commands=$(LANGUAGE=en "$build/bin/archive" --help |
  awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}' | sort)
[ -n "$commands" ] || fail "no commands in archive --help"
pages=$(cd "$source_dir/man" && ls archive-*.1.scd | sed 's/^archive-//; s/\.1\.scd$//' | sort)
[ "$commands" = "$pages" ] || fail "commands in --help and man pages differ:
$(diff <(echo "$commands") <(echo "$pages"))"
completion=$(bash -c "source '$source_dir/share/completions/archive.bash'
  COMP_WORDS=(archive ''); COMP_CWORD=1; _archive; printf '%s\n' \"\${COMPREPLY[@]}\"" |
  grep -v '^-' | sort)
[ "$commands" = "$completion" ] || fail "commands in --help and the completion differ:
$(diff <(echo "$commands") <(echo "$completion"))"
for c in $commands; do
  grep -q "archive-$c" "$source_dir/man/archive.1.scd" || fail "archive(1) does not list $c"
  grep -q "archive $c" "$source_dir/README.md" || fail "README does not list archive $c"
done
echo "docs: ok ($(echo "$commands" | wc -l) commands)"
