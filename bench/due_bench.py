#!/usr/bin/env python3
"""Benchmark of `archive follow-up due` on 1,000,000 customers, next to the sqlite3 shell.

Builds (once; cached) a database of 1,000,000 customers and 5,000,000 follow-ups made by
gen_data.py (`customers --format sql --follow-ups N`, piped into the sqlite3 shell after
`archive init`), then times several runs of each case and reports the median:

  due --owner REP   archive follow-up due --owner REP (a rep who owns customers in the data)
  due               archive follow-up due               (every owner)

Each case is set beside the sqlite3 shell running, in one read transaction, the four
SELECTs that FollowUpRepo (src/store/follow_ups.cpp) prepares for it (due, open major
complaints, unvisited dealt customers, lapsed claims) with the values inlined, plus the
per-row grade lookup (CustomerRepo::grades) as a correlated subquery. Output goes to
/dev/null in both cases; before timing, the script checks that both list the same number
of rows. Target: archive median <= 1.5 * sqlite3 median + 20 ms.

It also times each statement alone and counts the index entries it reads (a statement
reading over ten times the rows it yields is flagged NOT SELECTIVE), and prints the SCAN
lines of EXPLAIN QUERY PLAN.

Memory: the peak RSS of archive (/usr/bin/time -v, else getrusage of a wrapper process)
for each case on the big database and on one of 100,000 customers and 500,000 follow-ups
(same seed). Flat means: no growth with the table itself. The lists grow with it (ten
times the customers, about ten times the rows listed), and so does what holds them.

The business date is 2026-11-23 (`--today`), as in gen_data.py. Benchmarks report, they do
not gate: the exit status is 0 unless something fails.

Usage: python3 bench/due_bench.py [--runs N] [--binary PATH] [--db PATH] [--small-db PATH]
                                  [--count N] [--follow-ups N] [--seed S] [--owner REP]
Needs the sqlite3 shell (Debian/Ubuntu: apt-get install sqlite3); /usr/bin/time (package
`time`) is used when present.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import bench_env, print_rows, quote, run, time_command, verdict

HERE = Path(__file__).resolve().parent
BINARIES = (HERE.parent / "build" / "bin" / "archive",)
GEN_DATA = HERE / "gen_data.py"
CACHE_DIR = Path(tempfile.gettempdir()) / "archive-due-bench"
GNU_TIME = "/usr/bin/time"

TODAY = dt.date(2026, 11, 23)  # the business date of gen_data.py
VISIT_EVERY_DAYS = 90          # [follow_up] of the shipped config
OWNER_CLAIM_DAYS = 60

BIG_COUNT, BIG_FOLLOW_UPS = 1_000_000, 5_000_000
SMALL_COUNT, SMALL_FOLLOW_UPS = 100_000, 500_000

TARGET_FACTOR = 1.5
TARGET_SLACK_MS = 20.0

# FollowUpRepo's statements (reminder_sql), with {placeholders} for the inlined values.
CUSTOMER_COLUMNS = """
SELECT c.id, c.archive_no, c.name, c.owner, c.status, c.created, c.last_contact, c.last_visit,
       c.next_due, c.claim_start, c.birthday, c.mobile,
       (SELECT group_concat(g.scheme || ':' || g.code, ' ') FROM customer_grade g
         WHERE g.customer_id = c.id) AS grades"""
DUE_SQL = """
  FROM customer c
 WHERE c.status = 'active' AND c.next_due <= {limit}"""
VISIT_SQL = """
  FROM customer c
 WHERE c.status = 'active' AND c.dealt = 1 AND coalesce(c.last_visit, c.created) <= {visit_cutoff}"""
CLAIM_SQL = """
  FROM customer c
 WHERE c.status = 'active' AND c.owner IS NOT NULL AND c.claim_start <= {claim_cutoff}"""
MAJOR_COMPLAINT_SQL = """,
       f.follow_up_no, f.contact_date
  FROM follow_up f JOIN customer c ON c.id = f.customer_id
 WHERE f.state = 'open' AND f.severity = 'major' AND c.status <> 'destroyed'"""
BY_OWNER_SQL = "\n   AND c.owner = {owner}"
# The index range each statement reads, before the conditions the index does not cover:
# (FROM ... WHERE, whether the owner is part of the range).
RANGES = {
    "due": (DUE_SQL, True),
    "major complaint": ("""
  FROM follow_up f
 WHERE f.state = 'open' AND f.severity = 'major'""", False),
    "visit": ("""
  FROM customer c
 WHERE c.status = 'active' AND c.dealt = 1 AND coalesce(c.last_visit, c.created) <= {visit_cutoff}""", True),
    "claim": (CLAIM_SQL, True),
}
UNSELECTIVE_FACTOR = 10  # a range of ten times the rows it yields (and over
UNSELECTIVE_MIN = 10000  # this many entries) is reported as not selective
# In the order follow_ups_due (src/app/reminders.cpp) runs them.
REMINDERS = (("due", DUE_SQL), ("major complaint", MAJOR_COMPLAINT_SQL),
             ("visit", VISIT_SQL), ("claim", CLAIM_SQL))




def inlined_values(owner):
    """The values the program binds, as SQL literals."""
    return dict(limit=quote(TODAY.isoformat()),
                visit_cutoff=quote((TODAY - dt.timedelta(days=VISIT_EVERY_DAYS)).isoformat()),
                claim_cutoff=quote((TODAY - dt.timedelta(days=OWNER_CLAIM_DAYS)).isoformat()),
                owner=quote(owner))


def reminder_statements(owner=""):
    """The four SELECTs of `follow-up due [--owner owner]`, values inlined."""
    values = inlined_values(owner)
    statements = []
    for name, body in REMINDERS:
        sql = CUSTOMER_COLUMNS + body + (BY_OWNER_SQL if owner else "")
        statements.append((name, sql.format(**values)))
    return statements


def range_count_sql(name, owner=""):
    """Counts the index entries the statement `name` reads."""
    body, by_owner = RANGES[name]
    sql = "SELECT count(*)" + body + (BY_OWNER_SQL if owner and by_owner else "")
    return sql.format(**inlined_values(owner))


def baseline_sql(owner=""):
    """One read transaction running the four SELECTs, as the program does."""
    return "BEGIN;" + ";".join(sql for _, sql in reminder_statements(owner)) + ";\nCOMMIT;"








# ---------------------------------------------------------------------------------------
# The databases


def stamp_of(count, follow_ups, seed):
    """What a cached database was made from; kept beside it as DB.json."""
    return {"count": count, "follow_ups": follow_ups, "seed": seed,
            "generator_mtime": int(GEN_DATA.stat().st_mtime)}


def load_database(binary, env, db, count, follow_ups, seed):
    """`archive init`, then gen_data.py piped into the sqlite3 shell (journal off for the
    load), then the file back in WAL mode as the program made it."""
    run([binary, "-q", "init"], env)
    gen = subprocess.Popen([sys.executable, str(GEN_DATA), "customers", "--count", str(count),
                            "--seed", str(seed), "--format", "sql", "--follow-ups",
                            str(follow_ups)], env=env, stdout=subprocess.PIPE)
    try:
        run(["sqlite3", "-batch", "-bail", "-cmd", "PRAGMA journal_mode = OFF",
             "-cmd", "PRAGMA synchronous = OFF", str(db)], env, stdin=gen.stdout)
    finally:
        gen.stdout.close()
        if gen.wait() != 0:
            raise RuntimeError(f"gen_data.py exited {gen.returncode}")
    run(["sqlite3", str(db), "PRAGMA journal_mode = WAL"], env)


def database(binary, workdir, path, count, follow_ups, seed, explicit):
    """The path of a database of `count` customers and `follow_ups` follow-ups: reused when
    its stamp matches, else made (a path given on the command line is never overwritten)."""
    path = Path(path)
    stamp_file = path.with_name(path.name + ".json")
    stamp = stamp_of(count, follow_ups, seed)
    if path.exists() and stamp_file.exists() and json.loads(stamp_file.read_text()) == stamp:
        print(f"reusing {path} ({count} customers, {follow_ups} follow-ups, seed {seed})",
              flush=True)
        return path
    if path.exists() and explicit:
        raise RuntimeError(f"{path} exists but was not made by due_bench.py with these "
                           "arguments; remove it or pass another --db")
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, stamp_file, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    print(f"making {path}: {count} customers, {follow_ups} follow-ups (seed {seed}) ...",
          flush=True)
    started = time.perf_counter()
    load_database(binary, bench_env(workdir, path), path, count, follow_ups, seed)
    stamp_file.write_text(json.dumps(stamp))
    print(f"  made in {time.perf_counter() - started:.0f} s, "
          f"{path.stat().st_size / 1e6:.0f} MB", flush=True)
    return path


def default_owner(db, env):
    """The owner of the customer in the middle of the table: a rep from the data."""
    out = run(["sqlite3", str(db), "SELECT owner FROM customer WHERE owner IS NOT NULL "
               "AND id >= (SELECT max(id) / 2 FROM customer) ORDER BY id LIMIT 1"], env,
              stdout=subprocess.PIPE)
    owner = out.stdout.decode().strip()
    if not owner:
        raise RuntimeError("no owner in the generated data")
    return owner


# ---------------------------------------------------------------------------------------
# Checks, plans, memory


def due_command(binary, owner=""):
    cmd = [binary, "-q", "--today", TODAY.isoformat(), "follow-up", "due"]
    return cmd + (["--owner", owner] if owner else [])


def row_counts(binary, db, env, owner):
    """Rows listed by archive (CSV, one header line) and by the sqlite3 shell: they must agree."""
    cmd = due_command(binary, owner)
    ours = run(cmd[:2] + ["--format", "csv"] + cmd[2:], env, stdout=subprocess.PIPE)
    lines = ours.stdout.decode().splitlines()
    theirs = run(["sqlite3", str(db), baseline_sql(owner)], env, stdout=subprocess.PIPE)
    return max(len(lines) - 1, 0), len(theirs.stdout.decode().splitlines())


def scans(db, env, owner):
    """The SCAN lines of EXPLAIN QUERY PLAN of each statement (a SCAN reads a whole table or
    index; SEARCH is an index range)."""
    found = []
    for name, sql in reminder_statements(owner):
        out = run(["sqlite3", str(db), "EXPLAIN QUERY PLAN " + sql], env, stdout=subprocess.PIPE)
        for line in out.stdout.decode().splitlines():
            if "SCAN" in line:
                found.append(f"{name}: {line.strip(' |`-')}")
    return found


def peak_rss_mb(cmd, env):
    """Peak resident set size of cmd in MB: /usr/bin/time -v when present, else the
    getrusage(RUSAGE_CHILDREN) of a wrapper process whose only child is cmd (Linux counts
    the forked Python's pages in the child's peak, so that figure has a floor of ~10 MB)."""
    if os.access(GNU_TIME, os.X_OK):
        out = subprocess.run([GNU_TIME, "-v"] + cmd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, check=True).stderr.decode()
        for line in out.splitlines():
            if "Maximum resident set size" in line:
                return int(line.rsplit(":", 1)[1]) / 1024.0
        raise RuntimeError("/usr/bin/time -v printed no maximum resident set size")
    wrapper = ("import resource, subprocess, sys; "
               "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = run([sys.executable, "-c", wrapper] + cmd, env, stdout=subprocess.PIPE)
    return int(out.stdout.decode()) / 1024.0


def statement_times(db, env, owner, runs):
    """(name, rows, index entries read, median ms) of each statement alone in the shell."""
    out = []
    for name, sql in reminder_statements(owner):
        rows = len(run(["sqlite3", str(db), sql], env, stdout=subprocess.PIPE)
                   .stdout.decode().splitlines())
        read = int(run(["sqlite3", str(db), range_count_sql(name, owner)], env,
                       stdout=subprocess.PIPE).stdout)
        times = time_command(["sqlite3", str(db), sql], env, runs)
        out.append((name, rows, read, statistics.median(times)))
    return out


def median_rss(cmd, env, runs):
    return statistics.median(peak_rss_mb(cmd, env) for _ in range(runs))


# ---------------------------------------------------------------------------------------
# Report










def print_times(results, runs):
    print(f"\nmedian wall time of {runs} runs, ms; target: archive <= "
          f"{TARGET_FACTOR} * sqlite3 + {TARGET_SLACK_MS:.0f} ms")
    lines = [("case", "rows", "archive ms", "sqlite3 ms", "ratio", "target ms", "result")]
    for name, rows, ours, base in results:
        ours_ms, base_ms = statistics.median(ours), statistics.median(base)
        limit, ok = verdict(ours_ms, base_ms, TARGET_FACTOR, TARGET_SLACK_MS)
        lines.append((name, rows, f"{ours_ms:.1f}", f"{base_ms:.1f}", f"{ours_ms / base_ms:.2f}",
                      f"<= {limit:.1f}", ok))
    print_rows(lines)


def print_statements(breakdown, runs):
    print(f"\nwhere the time goes: each statement alone in the sqlite3 shell, median of {runs} "
          "runs, ms (including the shell's start, about 2 ms)")
    lines = [("case", "statement", "rows", "range read", "sqlite3 ms")]
    unselective = []
    for label, statements in breakdown:
        for name, rows, read, ms in statements:
            lines.append((label, name, rows, read, f"{ms:.1f}"))
            if read >= UNSELECTIVE_MIN and read > UNSELECTIVE_FACTOR * rows:
                unselective.append(f"{label}: {name} reads {read} index entries for {rows} rows")
    print_rows(lines, left=2)
    for line in unselective:
        print(f"NOT SELECTIVE: {line}")


def print_memory(memory, small_count, big_count, method):
    print(f"\npeak RSS of archive, MB ({method}; median of the runs): "
          f"{small_count} vs {big_count} customers")
    lines = [("case", "rows small", "RSS small", "rows big", "RSS big", "ratio")]
    for name, small_rows, small_mb, big_rows, big_mb in memory:
        lines.append((name, small_rows, f"{small_mb:.1f}", big_rows, f"{big_mb:.1f}",
                      f"{big_mb / small_mb:.2f}"))
    print_rows(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case (default 3)")
    parser.add_argument("--binary", help="the archive binary (default: build/bin/archive)")
    parser.add_argument("--db", help=f"the big database, made there when missing "
                                     f"(default: under {CACHE_DIR})")
    parser.add_argument("--small-db", help="the small database for the memory comparison")
    parser.add_argument("--count", type=int, default=BIG_COUNT, help="customers (big database)")
    parser.add_argument("--follow-ups", type=int, default=BIG_FOLLOW_UPS,
                        help="follow-ups (big database)")
    parser.add_argument("--seed", type=int, default=1, help="gen_data.py seed")
    parser.add_argument("--owner", help="the rep of `due --owner` (default: one from the data)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def find_binary(given):
    if given:
        return str(Path(given).resolve())
    for candidate in BINARIES:
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return str(BINARIES[-1])


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    binary = find_binary(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"due_bench: no archive binary at {binary}; build it with "
              "`cmake --build build` or pass --binary PATH", file=sys.stderr)
        return 2
    if shutil.which("sqlite3") is None:
        print("due_bench: the sqlite3 shell is missing; install it with "
              "`apt-get install sqlite3` (Debian/Ubuntu)", file=sys.stderr)
        return 2
    small_count = min(SMALL_COUNT, args.count)
    small_follow_ups = args.follow_ups * small_count // max(args.count, 1)
    print(f"binary {binary}; cache {CACHE_DIR}", flush=True)
    with tempfile.TemporaryDirectory(prefix="archive-due-bench-") as tmp:
        workdir = Path(tmp)
        big = database(binary, workdir, args.db or CACHE_DIR /
                       f"due-{args.count}-{args.follow_ups}-s{args.seed}.db",
                       args.count, args.follow_ups, args.seed, bool(args.db))
        small = database(binary, workdir, args.small_db or CACHE_DIR /
                         f"due-{small_count}-{small_follow_ups}-s{args.seed}.db",
                         small_count, small_follow_ups, args.seed, bool(args.small_db))
        env = bench_env(workdir, big)
        version = run(["sqlite3", "--version"], env, stdout=subprocess.PIPE).stdout.split()[0]
        owner = args.owner or default_owner(big, env)
        print(f"sqlite3 shell {version.decode()}; {os.cpu_count()} CPUs; business date "
              f"{TODAY}; owner {owner}", flush=True)

        results = []
        cases = ((f"due --owner {owner}", owner), ("due", ""))
        for label, rep in cases:
            ours_rows, their_rows = row_counts(binary, big, env, rep)
            if ours_rows != their_rows:
                raise RuntimeError(f"{label}: archive listed {ours_rows} rows, sqlite3 "
                                   f"{their_rows}: the SQL here no longer matches the program")
            ours = time_command(due_command(binary, rep), env, args.runs)
            base = time_command(["sqlite3", str(big), baseline_sql(rep)], env, args.runs)
            results.append((label, ours_rows, ours, base))
        print_times(results, args.runs)
        print_statements([(label, statement_times(big, env, rep, args.runs))
                          for label, rep in cases], args.runs)

        memory = []
        small_env = bench_env(workdir, small)
        for (label, rep), (_, big_rows, _, _) in zip(cases, results):
            small_rows = row_counts(binary, small, small_env, rep)[0]
            small_mb = median_rss(due_command(binary, rep), small_env, args.runs)
            big_mb = median_rss(due_command(binary, rep), env, args.runs)
            memory.append((label, small_rows, small_mb, big_rows, big_mb))
        method = "/usr/bin/time -v" if os.access(GNU_TIME, os.X_OK) else (
            "getrusage: never below the ~10 MB of the Python that forks archive; "
            "install `time` for exact figures")
        print_memory(memory, small_count, args.count, method)
        print("(flat: no growth with the table itself; compare cases with similar rows "
              "listed, e.g. the small `due` with the big `due --owner`)")

        found = scans(big, env, owner) + scans(big, env, "")
        print("\nEXPLAIN QUERY PLAN: " + ("no SCAN line: every statement reads an index range "
                                          "(see 'range read' above for how much)"
                                          if not found else "SCAN lines (full reads):"))
        for line in dict.fromkeys(found):
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, subprocess.CalledProcessError) as err:
        print(f"due_bench: {err}", file=sys.stderr)
        sys.exit(1)
