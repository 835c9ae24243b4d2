#!/usr/bin/env python3
"""Benchmark of `archive report NAME --format csv` for every built-in report on 1,000,000
customers and 5,000,000 follow-ups, next to the same aggregate written by hand and run by
the sqlite3 shell on the same file, in the same run.

Reuses the database that due_bench.py caches (`$TMPDIR/archive-due-bench/`, made by it when
missing) and adds, once, the materials and loans of gen_data.py for the same customers
(`materials` and `loans` CSV, loaded with Python's sqlite3 into the private tables material,
loan and loan_item; retention ends from the shipped config), so retention and loans have
data. The first archive run migrates the file to the program's schema.

Each report is run once for warm-up and --runs (default 3) more times, stdout to /dev/null,
`-q --today 2026-11-23` (the business date of gen_data.py), default periods: November 2026
up to the 23rd, and the next 90 days for retention and birthdays. Printed: the median of
archive and of the shell, the ratio, and PASS/FAIL against the targets: archive median
<= 1.3 x shell median + 20 ms for every report, and under 1 s for summary, owners and loans.
Benchmarks report, they do not gate: the exit status is 0 unless something fails to run.

Usage: python3 bench/report_bench.py [--runs N] [--binary PATH] [--db PATH] [--only NAME]
Needs the sqlite3 shell (apt-get install sqlite3).
"""

import argparse
import csv
import datetime as dt
import io
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import due_bench
from benchlib import bench_env, print_rows, quote, run, time_command, verdict

HERE = Path(__file__).resolve().parent
GEN_DATA = HERE / "gen_data.py"
SHIPPED_CONFIG = HERE.parent / "share" / "archive" / "config.toml"
TODAY = dt.date(2026, 11, 23)
FROM = TODAY.replace(day=1)
AHEAD = TODAY + dt.timedelta(days=90)
COUNT, FOLLOW_UPS, SEED = 1_000_000, 5_000_000, 1
FACTOR, SLACK_MS, ABSOLUTE_MS = 1.3, 20.0, 1000.0
UNDER_A_SECOND = ("summary", "owners", "loans")

# The window of birthdays and retention crosses New Year (2026-11-23 + 90 days = 2027-02-21).
# The same aggregates written by hand, as one would in the sqlite3 shell; values inlined.
V = dict(frm=quote(FROM.isoformat()), to=quote(TODAY.isoformat()),
         today=quote(TODAY.isoformat()), ahead=quote(AHEAD.isoformat()),
         cutoff=quote((TODAY - dt.timedelta(days=60)).isoformat()),
         closed_from=quote((TODAY.replace(year=TODAY.year - 10) - dt.timedelta(days=1)).isoformat()),
         closed_to=quote((AHEAD.replace(year=AHEAD.year - 10) + dt.timedelta(days=1)).isoformat()),
         md_from=quote(TODAY.isoformat()[5:]), md_to=quote(AHEAD.isoformat()[5:]))
BASELINES = {
    "summary": """
SELECT c.kind, g.code, count(c.status = 'active' OR NULL),
       count(c.created BETWEEN {frm} AND {to} OR NULL),
       count(c.status = 'closed' AND c.closed_on BETWEEN {frm} AND {to} OR NULL),
       count(c.destroyed_on BETWEEN {frm} AND {to} OR NULL)
  FROM customer c LEFT JOIN customer_grade g ON g.customer_id = c.id AND g.scheme = 'value'
 GROUP BY c.kind, g.code;""",
    "activity": """
SELECT substr(f.contact_date, 1, 7), f.operator, f.channel, count(*)
  FROM follow_up f JOIN customer c ON c.id = f.customer_id
 WHERE f.contact_date BETWEEN {frm} AND {to} GROUP BY 1, 2, 3;
SELECT substr(c.next_due, 1, 7), c.owner, count(*), count(c.next_due < {today} OR NULL)
  FROM customer c WHERE c.status = 'active' AND c.next_due BETWEEN {frm} AND {to}
 GROUP BY 1, 2;""",
    "pipeline": """
SELECT h.from_code, h.to_code, count(*) FROM grade_history h
 WHERE h.scheme = 'intent' AND h.on_date BETWEEN {frm} AND {to} GROUP BY 1, 2;
SELECT g.code, count(*) FROM customer_grade g JOIN customer c ON c.id = g.customer_id
 WHERE g.scheme = 'intent' AND c.status = 'active' GROUP BY 1;""",
    "sources": """
SELECT substr(c.created, 1, 7), c.owner, c.source, count(*) FROM customer c
 WHERE c.created BETWEEN {frm} AND {to} GROUP BY 1, 2, 3;""",
    "complaints": """
SELECT substr(f.contact_date, 1, 7), f.severity, count(*), count(f.state = 'open' OR NULL),
       avg(julianday(f.closed_on) - julianday(f.contact_date)),
       max(julianday(f.closed_on) - julianday(f.contact_date))
  FROM follow_up f
 WHERE f.type = 'complaint' AND f.contact_date BETWEEN {frm} AND {to} GROUP BY 1, 2;""",
    "loans": """
SELECT l.dept, count(l.lent_on BETWEEN {frm} AND {to} OR NULL),
       count(r.back BETWEEN {frm} AND {to} OR NULL),
       count(r.back IS NULL OR r.back > {to} OR NULL),
       count((r.back IS NULL OR r.back > {to}) AND l.due < {to} OR NULL)
  FROM loan l
  JOIN (SELECT loan_id, CASE WHEN count(returned_on) = count(*) THEN max(returned_on) END AS back
          FROM loan_item GROUP BY loan_id) r ON r.loan_id = l.id
 WHERE l.lent_on <= {to} AND (r.back IS NULL OR r.back >= {frm})
 GROUP BY l.dept;""",
    "retention": """
SELECT c.archive_no || '/' || m.seq, m.kind, m.pages, m.retention_end,
       EXISTS (SELECT 1 FROM loan_item i WHERE i.material_id = m.id AND i.returned_on IS NULL)
  FROM material m JOIN customer c ON c.id = m.customer_id
 WHERE m.retention_end BETWEEN {today} AND {ahead} AND m.destroyed_on IS NULL
   AND c.status <> 'destroyed' ORDER BY m.retention_end;
SELECT c.archive_no, c.closed_on FROM customer c
 WHERE c.status = 'closed' AND c.closed_on BETWEEN {closed_from} AND {closed_to};""",
    "destruction": """
SELECT * FROM destructions WHERE destroyed_on BETWEEN {frm} AND {to}
 ORDER BY destroyed_on, run, archive_no, item;""",
    "owners": """
SELECT c.owner, count(c.status = 'active' OR NULL),
       count(c.created BETWEEN {frm} AND {to} OR NULL),
       count(c.status = 'active' AND c.last_contact BETWEEN {frm} AND {to} OR NULL),
       count(c.status = 'active' AND c.next_due <= {today} OR NULL),
       count(c.status = 'active' AND c.next_due < {today} OR NULL),
       count(c.status = 'active' AND c.owner IS NOT NULL AND c.claim_start <= {cutoff} OR NULL)
  FROM customer c WHERE c.status <> 'destroyed' GROUP BY c.owner;""",
    "birthdays": """
SELECT c.archive_no, c.name, c.birthday, c.mobile, c.owner FROM customer c
 WHERE c.status = 'active'
   AND (substr(c.birthday, 6) BETWEEN {md_from} AND '12-31'
        OR substr(c.birthday, 6) BETWEEN '01-01' AND {md_to});""",
}
REPORTS = tuple(BASELINES)


def retention_years():
    """Material kind -> retention_years of the shipped config."""
    config = tomllib.loads(SHIPPED_CONFIG.read_text(encoding="utf-8"))
    return {name: kind["retention_years"] for name, kind in config["materials"].items()}


def plus_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def csv_rows(kind):
    out = subprocess.run([sys.executable, str(GEN_DATA), kind, "--count", str(COUNT), "--seed",
                          str(SEED)], check=True, stdout=subprocess.PIPE).stdout.decode()
    return list(csv.reader(io.StringIO(out)))[1:]


def add_materials_and_loans(db):
    """Loads gen_data.py's materials and loans once (marked in meta)."""
    con = sqlite3.connect(db)
    if con.execute("SELECT 1 FROM meta WHERE key = 'report_bench'").fetchone():
        con.close()
        return
    print("adding materials and loans from gen_data.py ...", flush=True)
    started = time.perf_counter()
    ids = dict(con.execute("SELECT archive_no, id FROM customer"))
    years = retention_years()
    materials = []
    for archive_no, seq, title, kind, pages, location, level, filed in csv_rows("materials"):
        end = plus_years(dt.date.fromisoformat(filed), years.get(kind, 10)).isoformat()
        materials.append((ids[archive_no], int(seq), title, kind, int(pages), location, level,
                          filed, end))
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("BEGIN")
    con.executemany("INSERT INTO material (customer_id, seq, title, kind, pages, location, level, "
                    "filed, retention_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", materials)
    material_ids = {(c, s): i for i, c, s in con.execute("SELECT id, customer_id, seq FROM material")}
    n = 0
    for row in csv_rows("loans"):
        (archive_no, seq, borrower, dept, purpose, approver, external, letter, lent_on, due,
         returned_on, received_by, condition) = row
        n += 1
        customer = ids[archive_no]
        cur = con.execute(
            "INSERT INTO loan (loan_no, customer_id, whole, borrower, dept, purpose, approver, "
            "external, letter, lent_on, due, operator) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"L-{n:06d}", customer, borrower, dept, purpose, approver or None, int(external),
             letter or None, lent_on, due, "王芳"))
        con.execute("INSERT INTO loan_item (loan_id, material_id, returned_on, received_by, "
                    "condition) VALUES (?, ?, ?, ?, ?)",
                    (cur.lastrowid, material_ids[(customer, int(seq))], returned_on or None,
                     received_by or None, condition or None))
    con.execute("INSERT OR REPLACE INTO sequence (name, next) VALUES ('loan', ?)", (n + 1,))
    con.execute("INSERT INTO meta (key, value) VALUES ('report_bench', ?)",
                (json.dumps({"materials": len(materials), "loans": n}),))
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    print(f"  {len(materials)} materials, {n} loans in {time.perf_counter() - started:.0f} s",
          flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=str(due_bench.BINARIES[0]))
    parser.add_argument("--db", help="the 1,000,000-customer database (default: due_bench's cache)")
    parser.add_argument("--only", action="append", choices=REPORTS)
    args = parser.parse_args()
    binary = Path(args.binary).resolve()
    workdir = Path(tempfile.mkdtemp(prefix="archive-report-bench-"))
    default_db = due_bench.CACHE_DIR / f"due-{COUNT}-{FOLLOW_UPS}-s{SEED}.db"
    db = due_bench.database(binary, workdir, args.db or default_db, COUNT, FOLLOW_UPS, SEED,
                            bool(args.db))
    env = bench_env(workdir, db)
    # migrates the file (report --list does not open it; destruction is the cheapest report)
    run([binary, "-q", "--today", TODAY.isoformat(), "report", "destruction"], env)
    add_materials_and_loans(db)

    lines = [("report", "rows", "archive ms", "sqlite3 ms", "ratio", "target ms", "result")]
    for name in args.only or REPORTS:
        ours_cmd = [str(binary), "-q", "--today", TODAY.isoformat(), "report", name,
                    "--format", "csv"]
        base_cmd = ["sqlite3", "-csv", str(db), "BEGIN;" + BASELINES[name].format(**V) + "COMMIT;"]
        rows = run(ours_cmd, env, stdout=subprocess.PIPE).stdout.decode().count("\r\n") - 1
        ours = statistics.median(time_command(ours_cmd, env, args.runs))
        base = statistics.median(time_command(base_cmd, env, args.runs))
        limit, result = verdict(ours, base, FACTOR, SLACK_MS)
        target = f"<= {limit:.0f}"
        if name in UNDER_A_SECOND:
            target += f", < {ABSOLUTE_MS:.0f}"
            if ours >= ABSOLUTE_MS:
                result = "FAIL"
        lines.append((name, f"{rows:,}", f"{ours:.0f}", f"{base:.0f}", f"{ours / base:.2f}",
                      target, result))
        print(f"  {name}: {ours:.0f} ms vs {base:.0f} ms", flush=True)
    print()
    print_rows(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
