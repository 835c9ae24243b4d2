#!/usr/bin/env bash
# The main job on sample data: installs what is missing, builds, registers the sample
# customers of share/archive/sample/ into a fresh database, and shows what a clerk, cron
# and a manager see.
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
# The customers are registered on 5 January; the demo then looks at them on 12 March.
export ARCHIVE_TODAY=2026-01-05
"$archive" init

# The sample customers come in as one import batch, the way a spreadsheet would.
echo "== archive import share/archive/sample/customers.tsv"
"$archive" --operator 王芳 import share/archive/sample/customers.tsv
echo

export ARCHIVE_TODAY=2026-03-12
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
# A few weeks of work, so the morning lists have something to say.
"$archive" --today 2026-02-20 --operator 王芳 follow-up SH-000001 --channel visit \
  --note 上门回访 --outcome 满意 >/dev/null
"$archive" --today 2026-03-01 --operator 赵磊 follow-up SH-000003 --channel phone \
  --type complaint --severity major --note 送货延误 >/dev/null
"$archive" --today 2026-03-02 --operator 王芳 file SH-000001 --title 购房合同 --kind 合同 \
  --pages 12 --location A柜-3层-07盒 >/dev/null
"$archive" --today 2026-03-05 --operator 王芳 lend SH-000001/1 --to 张三 --dept 财务部 \
  --purpose 核对付款 >/dev/null
echo "== archive follow-up due             (what cron mails each rep every morning)"
"$archive" follow-up due
echo
echo "== archive loans --overdue           (the archive room's morning list)"
"$archive" loans --overdue
echo
echo "== archive report summary            (a manager's month)"
"$archive" report summary
echo
echo
echo "database: $ARCHIVE_DB"
