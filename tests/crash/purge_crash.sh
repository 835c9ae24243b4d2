#!/usr/bin/env bash
# Crash test of `archive purge`: kills it with SIGKILL at every named fault point
# (archive/fault.h) and at seeded random moments, and checks after each kill that the
# database is intact, that the run's destruction is all done or not done at all (customers,
# materials, register rows and audit entries agree), and that the next run deletes the
# backups a killed run left behind and completes. Usage: purge_crash.sh ARCHIVE [SEED]
set -u
binary=$1
seed=${2:-${PURGE_CRASH_SEED:-$(date +%s)}}
echo "seed $seed (rerun: PURGE_CRASH_SEED=$seed)"
RANDOM=$seed
bin_dir=$(cd "$(dirname "$binary")" && pwd)
data_dir=$(cd "$(dirname "$0")/../data" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$bin_dir:$PATH" HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export ARCHIVE_CONFIG="$data_dir/managers.toml" LANGUAGE=en LANG=C.UTF-8 TZ=UTC
unset ARCHIVE_TODAY ARCHIVE_FAULT
failures=0
fail() { echo "FAIL ($1): $2"; failures=$((failures + 1)); }

# The template: 12 closed archives due as a whole, 8 active ones with a material due, one
# archive held (blocked).
template=$work/template.db
export ARCHIVE_DB=$template
a() { archive -q --operator 王芳 "$@" >/dev/null; }
archive init -q
for i in $(seq 1 20); do
  a --today 2012-01-05 add --name "客户甲乙丙$i" --mobile "1380013$(printf %04d "$i")" --grade B
  a --today 2012-01-05 file "KH-$(printf %06d "$i")" --title "合同$i" --kind contract --pages 3
  a --today 2012-01-05 file "KH-$(printf %06d "$i")" --title "照片$i" --kind photo --pages 1
  if [ "$i" -le 12 ]; then a --today 2013-01-05 close "KH-$(printf %06d "$i")"; fi
done
a --today 2012-01-05 add --name 冻结客户
a --today 2012-02-01 close KH-000021
archive -q --today 2026-03-01 --operator 王经理 hold KH-000021 --reason 诉讼 >/dev/null
sqlite3 "$template" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

purge() {
  archive --db "$1" --today 2026-03-12 --operator 王芳 purge --yes --approved-by 王经理
}
q() { sqlite3 "$1" "$2"; }
# "destroyed customers, destroyed materials, register rows, destroy audit entries, runs"
state() {
  q "$1" "SELECT (SELECT count(*) FROM customer WHERE status = 'destroyed') || ' ' ||
                 (SELECT count(*) FROM material WHERE destroyed_on IS NOT NULL) || ' ' ||
                 (SELECT count(*) FROM destruction) || ' ' ||
                 (SELECT count(*) FROM audit_log WHERE action = 'destroy') || ' ' ||
                 (SELECT count(*) FROM purge_run)"
}

# The full effect of one run, from an undisturbed run on a copy.
cp "$template" "$work/full.db"
purge "$work/full.db" >/dev/null 2>&1 || fail full "a plain purge failed"
full=$(state "$work/full.db")
items=$(q "$work/full.db" "SELECT count(*) FROM destruction")
none=$(state "$template")
echo "before: $none; after a full run: $full ($items items)"
[ "$items" -ge 20 ] || fail full "expected at least 20 items, got $items"

trial() {
  local label=$1 db=$work/trial.db
  rm -f "$work"/trial.db*
  cp "$template" "$db"
  shift
  "$@"
  local after
  after=$(state "$db")
  [ "$(q "$db" 'PRAGMA integrity_check')" = ok ] || fail "$label" "integrity_check"
  if [ "$after" != "$none" ] && [ "$after" != "$full" ]; then
    fail "$label" "half a run: $after (none: $none, all: $full)"
  fi
  local kept=$after
  # The next run completes the work (or finds nothing left to do) and deletes what the
  # killed one left behind; the counts end as after one undisturbed run.
  purge "$db" >/dev/null 2>"$work/next.err" || fail "$label" "next run failed: $(cat "$work/next.err")"
  after=$(state "$db")
  [ "$(echo "$after" | cut -d' ' -f1-4)" = "$(echo "$full" | cut -d' ' -f1-4)" ] ||
    fail "$label" "after the next run: $after, expected $full"
  local recorded on_disk
  recorded=$(q "$db" "SELECT count(*) FROM backup WHERE deleted_on IS NULL")
  on_disk=$(find "$work" -maxdepth 1 -name 'trial.db.purge-*' | wc -l)
  [ "$on_disk" = "$recorded" ] || fail "$label" "$on_disk backup files on disk, $recorded recorded"
  echo "ok: $label (killed state: $([ "$kept" = "$none" ] && echo nothing || echo everything))"
}

killed_at() {  # fault point name[:N]
  ARCHIVE_FAULT=$1 purge "$work/trial.db" >/dev/null 2>&1
  local status=$?
  [ "$status" = 137 ] || fail "$1" "expected SIGKILL (137), got $status"
}
killed_after() {  # milliseconds
  purge "$work/trial.db" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(printf '0.%03d' "$1")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

for point in purge.after_backup purge.item purge.item:$((items / 2)) purge.item:$items \
             purge.before_commit purge.after_commit; do
  trial "$point" killed_at "$point"
done
for n in 1 2 3 4 5; do
  item=$((RANDOM % items + 1))
  trial "random item $item" killed_at "purge.item:$item"
  ms=$((RANDOM % 400))
  trial "random kill after ${ms}ms" killed_after "$ms"
done

if [ "$failures" -gt 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "purge crash test: ok"
