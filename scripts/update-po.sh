#!/usr/bin/env bash
# Extracts the messages of src/ into po/archive.pot and merges them into every po/*.po.
# Run after changing user-facing strings; then translate the new entries.
set -euo pipefail
cd "$(dirname "$0")/.."
find src -name '*.cpp' | sort |
  xargs xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=N_ --keyword=invalid --keyword=format_tr --keyword=builtin:1 \
    --package-name=archive --msgid-bugs-address=none --no-location --sort-output \
    --add-comments=TRANSLATORS: -o po/archive.pot
# Translations written beside new code (po/fragments/*.po) fill the new entries.
compendia=()
for fragment in po/fragments/*.po; do
  if [ -f "$fragment" ]; then compendia+=("--compendium=$fragment"); fi
done
for po in po/*.po; do
  if [ -f "$po" ]; then
    msgmerge --quiet --update --backup=none --no-location --sort-output "${compendia[@]}" "$po" po/archive.pot
    msgattrib --no-obsolete -o "$po" "$po"
  fi
done
