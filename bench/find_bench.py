#!/usr/bin/env python3
"""Benchmark of `archive find` on 100,000 customers, next to the sqlite3 shell.

Makes a temporary database with `archive init`, loads customers made by gen_data.py
(SQL format, through the sqlite3 shell, until `archive import` exists), then times
several runs of each case and reports the median and the fastest wall time:

  name      archive find <common 2-character name prefix>   (index ranges only)
  company   archive find <4-character company substring>    (+ FTS5 trigram match)
  mobile    archive find <4-digit mobile tail from the data> (+ reversed-mobile range)
  startup   archive --version                              next to /bin/true

Each find case is set beside the sqlite3 shell running the SELECT that
CustomerRepo::search (src/store/customers.cpp) prepares, with the values inlined.
Output goes to /dev/null in both cases. Target: archive <= 1.5 * baseline + 15 ms.
Benchmarks report, they do not gate: the exit status is 0 unless something fails.

Usage: python3 bench/find_bench.py [--runs N] [--binary PATH] [--count N] [--seed S]
Needs the sqlite3 shell (Debian/Ubuntu: apt-get install sqlite3).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import bench_env, pad, quote, run, time_command, verdict, width

HERE = Path(__file__).resolve().parent
DEFAULT_BINARY = HERE.parent / "build" / "bin" / "archive"
GEN_DATA = HERE / "gen_data.py"

NAME_QUERY = "张伟"
COMPANY_QUERY = "恒达装饰"
DISPLAY_SCHEME = "value"  # the shipped default grade scheme, shown in find's grade column
PREFIX_END = "\U0010FFFF"  # prefix_end() in customers.cpp appends U+10FFFF (F4 8F BF BF)

TARGET_FACTOR = 1.5
TARGET_SLACK_MS = 15.0

# The SELECT of CustomerRepo::search, with {placeholders} for the inlined values.
SEARCH_SQL = """
SELECT id, archive_no, status, created, closed_on, destroyed_on,
       name, kind, gender, birthday, id_number, company, credit_code, title, legal_rep,
       mobile, phone, fax, email, website, address, postcode, region, owner, source, level, note,
       (SELECT code FROM customer_grade d WHERE d.customer_id = customer.id AND d.scheme = {dscheme})
  FROM customer
 WHERE id IN (
SELECT id FROM customer WHERE name >= {lo} AND name < {hi}
UNION SELECT id FROM customer WHERE company >= {lo} AND company < {hi}
UNION SELECT id FROM customer WHERE archive_no >= {nlo} AND archive_no < {nhi}
UNION SELECT id FROM customer WHERE mobile_rev >= {mlo} AND mobile_rev < {mhi}
{trigram})
   AND ({status} = '' AND status <> 'destroyed' OR status = {status})
   AND ({owner} = '' OR owner = {owner})
   AND ({kind} = '' OR kind = {kind})
   AND ({region} = '' OR region = {region})
   AND ({source} = '' OR source = {source})
   AND ({scheme} = '' OR EXISTS (SELECT 1 FROM customer_grade g WHERE g.customer_id = customer.id
                                 AND g.scheme = {scheme} AND g.code = {code}))
 ORDER BY archive_no
 LIMIT {limit}
"""
TRIGRAM_SQL = "UNION SELECT rowid FROM customer_fts WHERE customer_fts MATCH {fts}"




def search_sql(text, scheme=DISPLAY_SCHEME):
    """The search SELECT for `text` with no filters, as CustomerRepo::search binds it."""
    upper = "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in text)
    if text.isascii() and text.isdigit() and len(text) >= 4:
        mlo, mhi = text[::-1], text[::-1] + ":"
    else:
        mlo = mhi = ""
    trigram = ""
    if len(text) >= 3:  # characters, not bytes
        trigram = TRIGRAM_SQL.format(fts=quote('"' + text.replace('"', '""') + '"'))
    return SEARCH_SQL.format(
        dscheme=quote(scheme), lo=quote(text), hi=quote(text + PREFIX_END), nlo=quote(upper),
        nhi=quote(upper + PREFIX_END), mlo=quote(mlo), mhi=quote(mhi), trigram=trigram,
        status="''", owner="''", kind="''", region="''", source="''", scheme="''", code="''",
        limit="-1")








def make_database(binary, workdir, env, count, seed):
    db = Path(env["ARCHIVE_DB"])
    run([binary, "-q", "init"], env)
    sql_file = workdir / "customers.sql"
    run([sys.executable, str(GEN_DATA), "customers", "--count", str(count), "--seed", str(seed),
         "--format", "sql", "--output", str(sql_file)], env)
    with open(sql_file, "rb") as f:
        run(["sqlite3", "-batch", str(db)], env, stdin=f)
    sql_file.unlink()
    return db


def mobile_tail(db, env):
    """The last four digits of the mobile of the customer in the middle of the table."""
    out = run(["sqlite3", str(db), "SELECT mobile FROM customer WHERE mobile IS NOT NULL "
               "ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM customer)"], env,
              stdout=subprocess.PIPE)
    tail = out.stdout.decode().strip()[-4:]
    if len(tail) != 4:
        raise RuntimeError("no mobile in the generated data")
    return tail


def row_counts(binary, db, env, text):
    """Rows found by archive (CSV) and by the sqlite3 shell: they must agree."""
    ours = run([binary, "-q", "--format", "csv", "find", text], env, stdout=subprocess.PIPE)
    theirs = run(["sqlite3", str(db), search_sql(text)], env, stdout=subprocess.PIPE)
    return (len(ours.stdout.decode().splitlines()) - 1,
            len(theirs.stdout.decode().splitlines()))








def print_table(results, runs):
    print(f"\nmedian (min) wall time of {runs} runs, ms; target: archive <= "
          f"{TARGET_FACTOR} * baseline + {TARGET_SLACK_MS:.0f} ms")
    header = ("case", "rows", "archive ms", "sqlite3 ms", "ratio", "target ms", "result")
    lines = [header]
    for name, rows, ours, base in results:
        limit, ok = verdict(statistics.median(ours), statistics.median(base), TARGET_FACTOR,
                            TARGET_SLACK_MS)
        lines.append((name, rows,
                      f"{statistics.median(ours):.1f} ({min(ours):.1f})",
                      f"{statistics.median(base):.1f} ({min(base):.1f})",
                      f"{statistics.median(ours) / statistics.median(base):.2f}",
                      f"<= {limit:.1f}", ok))
    widths = [max(width(line[i]) for line in lines) for i in range(len(header))]
    for i, line in enumerate(lines):
        print("  ".join(pad(v, w, j == 0) for j, (v, w) in enumerate(zip(line, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per case (default 15)")
    parser.add_argument("--binary", default=str(DEFAULT_BINARY), help="the archive binary")
    parser.add_argument("--count", type=int, default=100000, help="customers to load")
    parser.add_argument("--seed", type=int, default=1, help="gen_data.py seed")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    binary = str(Path(args.binary).resolve())
    if not os.access(binary, os.X_OK):
        print(f"find_bench: no archive binary at {binary}; build it with "
              "`cmake --build build` or pass --binary PATH", file=sys.stderr)
        return 2
    if shutil.which("sqlite3") is None:
        print("find_bench: the sqlite3 shell is missing; install it with "
              "`apt-get install sqlite3` (Debian/Ubuntu)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as tmp:
        workdir = Path(tmp)
        env = bench_env(workdir, workdir / "archive.db")
        started = time.perf_counter()
        db = make_database(binary, workdir, env, args.count, args.seed)
        version = run(["sqlite3", "--version"], env, stdout=subprocess.PIPE).stdout.split()[0]
        print(f"loaded {args.count} customers (seed {args.seed}) in "
              f"{time.perf_counter() - started:.1f} s, {db.stat().st_size / 1e6:.0f} MB; "
              f"sqlite3 shell {version.decode()}; {os.cpu_count()} CPUs", flush=True)
        cases = (("name " + NAME_QUERY, NAME_QUERY), ("company " + COMPANY_QUERY, COMPANY_QUERY))
        tail = mobile_tail(db, env)
        cases += (("mobile " + tail, tail),)
        results = []
        for label, text in cases:
            ours_rows, their_rows = row_counts(binary, db, env, text)
            if ours_rows != their_rows:
                raise RuntimeError(f"{label}: archive found {ours_rows} rows, "
                                   f"sqlite3 {their_rows}: the SQL here no longer matches")
            ours = time_command([binary, "-q", "find", text], env, args.runs)
            base = time_command(["sqlite3", str(db), search_sql(text)], env, args.runs)
            results.append((label, ours_rows, ours, base))
        ours = time_command([binary, "-q", "--version"], env, args.runs)
        base = time_command(["/bin/true"], env, args.runs)
        results.append(("startup: --version vs /bin/true", "", ours, base))
        print_table(results, args.runs)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, subprocess.CalledProcessError) as err:
        print(f"find_bench: {err}", file=sys.stderr)
        sys.exit(1)
