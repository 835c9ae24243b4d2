#!/usr/bin/env bash
# The main job on sample data: installs what is missing, builds, registers the sample
# customers of share/archive/sample/ into a fresh database, and shows what a clerk sees.
# The database goes to $ARCHIVE_DB if set, else a new temporary folder (printed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
archive=$PWD/${BUILD_DIR:-build}/bin/archive

if [ -z "${ARCHIVE_DB:-}" ]; then
  ARCHIVE_DB=$(mktemp -d "${TMPDIR:-/tmp}/archive-demo.XXXXXX")/archive.db
fi
export ARCHIVE_DB
export ARCHIVE_TODAY=${ARCHIVE_TODAY:-2026-03-12}
"$archive" init

# One `archive add` per sample row (tab-separated, header first). Tabs become US characters
# first: read would merge consecutive tabs and lose empty fields.
tail -n +2 share/archive/sample/customers.tsv | tr '\t' '\037' |
  while IFS=$'\037' read -r name kind gender mobile company region owner source grade level note; do
    args=(--name "$name" --kind "$kind" --region "$region" --owner "$owner" --source "$source")
    [ -n "$gender" ] && args+=(--gender "$gender")
    [ -n "$mobile" ] && args+=(--mobile "$mobile")
    [ -n "$company" ] && args+=(--company "$company")
    [ -n "$grade" ] && args+=(--grade "$grade")
    [ -n "$level" ] && args+=(--level "$level")
    [ -n "$note" ] && args+=(--note "$note")
    "$archive" add --operator 王芳 "${args[@]}" >/dev/null
  done

echo "== archive find                      (all customers, mobiles masked)"
"$archive" find
echo
echo "== archive find 上海建材             (a name or company prefix)"
"$archive" find 上海建材
echo
echo "== archive find 8000                 (a mobile tail, 尾号)"
"$archive" find 8000
echo
echo "== archive edit SH-000001 --set 邮箱=zhangwei@example.com --reason 客户来电更新"
"$archive" edit SH-000001 --set 邮箱=zhangwei@example.com --reason 客户来电更新 --operator 王芳
echo
echo "== archive show SH-000001"
"$archive" show SH-000001
echo
echo "== archive find --grade A --format csv"
"$archive" find --grade A --format csv
echo
echo "database: $ARCHIVE_DB"
