#!/usr/bin/env python3
"""Times `archive import` of a large customer CSV against the sqlite3 shell's `.import`
and a plain Python csv + sqlite3 loader, and the same file saved as GBK.

    python3 bench/import_bench.py [--count N] [--runs N] [--binary PATH] [--seed S]

The CSV comes from `gen_data.py customers --count N --messy 5` (cached with its GBK copy
under $TMPDIR/archive-import-bench/, keyed by the arguments and gen_data.py's mtime). Each
contestant loads the file into a fresh database once for warm-up and --runs more times
(default 3); the median wall time is reported with rows/s and the peak RSS of the process
(wait4). See bench/README.md for what each contestant does and the figures measured.
"""

import argparse
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

HERE = Path(__file__).resolve().parent
COLUMNS = ["name", "kind", "gender", "mobile", "phone", "email", "company", "credit_code",
           "address", "region", "owner", "source", "birthday", "id_number", "grade", "note"]

# The reference table: the CSV's columns, and the indexes our customer table keeps on them
# (src/store/schema.cpp: name, company, mobile, reversed mobile, owner, birthday, the
# partial due/claim/visit indexes by owner, the covering kind index of the reports) plus the
# trigram full-text index over name and company, filled after the load as `archive import`
# fills it. The rowid stands for the unique archive number; SQL has no reverse(), so the
# reversed-mobile index has no twin; the columns of the due/claim/visit dates are not in the
# CSV, so owner_region and grade stand for the owner composites and kind_grade for the
# kind index.
REFERENCE_SCHEMA = """
CREATE TABLE customer (%s);
CREATE INDEX customer_name ON customer (name);
CREATE INDEX customer_company ON customer (company);
CREATE INDEX customer_mobile ON customer (mobile);
CREATE INDEX customer_owner ON customer (owner);
CREATE INDEX customer_birthday ON customer (substr(birthday, 6));
CREATE INDEX customer_owner_region ON customer (owner, region);
CREATE INDEX customer_grade ON customer (grade, owner);
CREATE INDEX customer_kind_grade ON customer (kind, grade);
CREATE VIRTUAL TABLE customer_fts USING fts5 (
  name, company, content = 'customer', content_rowid = 'rowid', tokenize = 'trigram');
""" % ", ".join(f"{c} TEXT" for c in COLUMNS)
FILL_FTS = "INSERT INTO customer_fts (customer_fts) VALUES ('rebuild');"


def cached_inputs(count, seed):
    """The UTF-8 CSV and its GBK copy, generated once."""
    cache = Path(os.environ.get("TMPDIR", "/tmp")) / "archive-import-bench"
    cache.mkdir(parents=True, exist_ok=True)
    utf8 = cache / f"customers-{count}-{seed}.csv"
    gbk = cache / f"customers-{count}-{seed}.gbk.csv"
    stamp = cache / f"customers-{count}-{seed}.json"
    key = {"count": count, "seed": seed, "messy": 5,
           "gen_data_mtime": (HERE / "gen_data.py").stat().st_mtime}
    if not (utf8.exists() and gbk.exists() and stamp.exists()
            and json.loads(stamp.read_text()) == key):
        print(f"generating {count} customers into {utf8} …", flush=True)
        subprocess.run([sys.executable, str(HERE / "gen_data.py"), "customers", "--count",
                        str(count), "--seed", str(seed), "--messy", "5", "--format", "csv",
                        "--output", str(utf8)], check=True)
        with open(utf8, encoding="utf-8", newline="") as src, \
                open(gbk, "w", encoding="gbk", errors="strict", newline="") as dst:
            for block in iter(lambda: src.read(1 << 20), ""):
                dst.write(block)
        stamp.write_text(json.dumps(key))
    return utf8, gbk


def timed(cmd, env, before=None):
    """Wall seconds and peak RSS (MiB) of one run of cmd; `before` runs first, untimed."""
    if before:
        before()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}: {err.strip()}")
    return seconds, usage.ru_maxrss / 1024.0


def python_loader(csv_path, db_path):
    """The plain loader: csv.reader and executemany into the reference table, one
    transaction, no checks."""
    db = sqlite3.connect(db_path)
    db.executescript(REFERENCE_SCHEMA)
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        db.executemany(
            "INSERT INTO customer VALUES (%s)" % ", ".join("?" * len(COLUMNS)),
            (r for r in rows if len(r) == len(COLUMNS)))
    db.executescript(FILL_FTS)
    db.commit()
    db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=str(HERE.parent / "build" / "bin" / "archive"))
    args = parser.parse_args()

    utf8, gbk = cached_inputs(args.count, args.seed)
    size_mb = utf8.stat().st_size / 1e6
    work = Path(tempfile.mkdtemp(prefix="archive-import-bench-"))
    db = work / "archive.db"
    env = benchlib.bench_env(work, db)

    def fresh_archive():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        benchlib.run([args.binary, "-q", "init"], env)

    def fresh_reference():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        con = sqlite3.connect(db)
        con.executescript(REFERENCE_SCHEMA)
        con.close()

    rejects = work / "rejects.csv"
    archive_cmd = [args.binary, "-q", "import", "--skip-invalid", "--reject-file", str(rejects)]
    sqlite_script = work / "load.sql"
    sqlite_script.write_text(f"BEGIN;\n.import --csv --skip 1 {utf8} customer\n{FILL_FTS}\nCOMMIT;\n")

    contestants = [
        ("archive import (UTF-8)", archive_cmd + [str(utf8)], fresh_archive),
        ("archive import (GBK)", archive_cmd + [str(gbk)], fresh_archive),
        ("sqlite3 .import", ["sh", "-c", f"sqlite3 {db} < {sqlite_script}"], fresh_reference),
        ("python csv + executemany",
         [sys.executable, "-c",
          "import sys; sys.path.insert(0, %r); import import_bench as b; "
          "b.python_loader(%r, %r)" % (str(HERE), str(utf8), str(db))],
         lambda: [Path(str(db) + s).unlink(missing_ok=True) for s in ("", "-wal", "-shm")]),
    ]
    results = {}
    for name, cmd, before in contestants:
        print(f"timing {name} …", flush=True)
        timed(cmd, env, before)  # warm-up
        runs = [timed(cmd, env, before) for _ in range(args.runs)]
        results[name] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
        if name.startswith("archive import (UTF-8)"):
            con = sqlite3.connect(db)
            created = con.execute("SELECT count(*) FROM customer").fetchone()[0]
            con.close()
            rejected = sum(1 for _ in open(rejects, encoding="utf-8-sig")) - 1
    print()
    print(f"{args.count:,} rows, {size_mb:.0f} MB; archive created {created:,} and rejected "
          f"{rejected:,} (5% messy input); median of {args.runs} runs")
    base = results["sqlite3 .import"][0]
    lines = [("contestant", "seconds", "rows/s", "vs sqlite3", "peak RSS MiB")]
    for name, (seconds, rss) in results.items():
        lines.append((name, f"{seconds:.1f}", f"{args.count / seconds:,.0f}",
                      f"{seconds / base:.2f}", f"{rss:.0f}"))
    benchlib.print_rows(lines)
    ours = results["archive import (UTF-8)"][0]
    gbk_ratio = results["archive import (GBK)"][0] / ours
    print()
    print(f"targets: archive/sqlite3 <= 1.00: {ours / base:.2f} "
          f"{'PASS' if ours <= base else 'FAIL'}; GBK/UTF-8 <= 1.25: {gbk_ratio:.2f} "
          f"{'PASS' if gbk_ratio <= 1.25 else 'FAIL'}; peak RSS < 64 MiB: "
          f"{results['archive import (UTF-8)'][1]:.0f} / {results['archive import (GBK)'][1]:.0f} "
          f"{'PASS' if max(results['archive import (UTF-8)'][1], results['archive import (GBK)'][1]) < 64 else 'FAIL'}")


if __name__ == "__main__":
    main()
