#!/usr/bin/env python3
"""`archive import` of a workbook against the same rows as CSV: time and peak memory.

    python3 bench/xlsx_bench.py [--runs N] [--binary PATH] [--count N] [--seed S]

Needs python3-openpyxl (Debian's python3: /usr/bin/python3). Makes a temporary directory,
writes `gen_data.py customers --count 200000 --seed 1 --messy 0` as CSV, and the same rows
as .xlsx with openpyxl in write_only mode (every value a string, as the CSV has them). Each
run imports one file into a fresh database (`archive init`, then `archive -q import FILE`),
the CSV and the workbook alternately, after one warm-up import of each (`--on-duplicate
skip`: the generated data repeats a few mobiles). Peak RSS is the child's own (os.wait4), so
no other process counts.

Target: the workbook's median within 2 × the CSV's median; its peak RSS under 64 MiB.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import bench_env, print_rows, run

HERE = Path(__file__).resolve().parent
MEMORY_TARGET_MIB = 64
TIME_FACTOR = 2.0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=str(HERE.parent / "build" / "bin" / "archive"))
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def write_xlsx(csv_path, xlsx_path):
    """The CSV's rows as the one sheet of a workbook, streamed by openpyxl."""
    import openpyxl  # python3-openpyxl; only this step needs it

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    with open(csv_path, newline="", encoding="utf-8") as source:
        for record in csv.reader(source):
            sheet.append([value if value != "" else None for value in record])
    workbook.save(xlsx_path)


def timed_import(binary, workdir, env, file):
    """Wall time (ms) and peak RSS (MiB) of one import into a fresh database."""
    db = workdir / "import.db"
    for stale in workdir.glob("import.db*"):
        stale.unlink()
    env = dict(env, ARCHIVE_DB=str(db))
    run([binary, "-q", "init"], env)
    start = time.perf_counter()
    child = subprocess.Popen([binary, "-q", "import", str(file), "--on-duplicate", "skip"],
                             env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000.0
    stderr = child.stderr.read().decode(errors="replace").strip()
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"archive import {file.name} exited {code}: {stderr}")
    return elapsed, usage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    binary = str(Path(args.binary).resolve())
    if not os.access(binary, os.X_OK):
        print(f"xlsx_bench: no archive binary at {binary}; build it or pass --binary PATH",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="archive-xlsx-bench-") as tmp:
        workdir = Path(tmp)
        env = bench_env(workdir, workdir / "import.db")
        csv_path = workdir / "customers.csv"
        xlsx_path = workdir / "customers.xlsx"
        started = time.perf_counter()
        run([sys.executable, str(HERE / "gen_data.py"), "customers", "--count", str(args.count),
             "--seed", str(args.seed), "--messy", "0", "--format", "csv", "--output",
             str(csv_path)], env)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        write_xlsx(csv_path, xlsx_path)
        written = time.perf_counter() - started
        print(f"{args.count} customers (seed {args.seed}): CSV {csv_path.stat().st_size / 1e6:.1f}"
              f" MB in {generated:.1f} s; xlsx {xlsx_path.stat().st_size / 1e6:.1f} MB written by"
              f" openpyxl in {written:.1f} s; {os.cpu_count()} CPUs", flush=True)

        results = {"csv": [], "xlsx": []}
        timed_import(binary, workdir, env, csv_path)  # warm-up: page cache, binary
        timed_import(binary, workdir, env, xlsx_path)
        for _ in range(args.runs):
            results["csv"].append(timed_import(binary, workdir, env, csv_path))
            results["xlsx"].append(timed_import(binary, workdir, env, xlsx_path))

        csv_ms = statistics.median(ms for ms, _ in results["csv"])
        xlsx_ms = statistics.median(ms for ms, _ in results["xlsx"])
        csv_mib = max(mib for _, mib in results["csv"])
        xlsx_mib = max(mib for _, mib in results["xlsx"])
        time_ok = xlsx_ms <= TIME_FACTOR * csv_ms
        memory_ok = xlsx_mib < MEMORY_TARGET_MIB
        print_rows([
            ("file", "median ms", "min ms", "peak RSS MiB"),
            ("customers.csv", f"{csv_ms:.0f}", f"{min(ms for ms, _ in results['csv']):.0f}",
             f"{csv_mib:.1f}"),
            ("customers.xlsx", f"{xlsx_ms:.0f}", f"{min(ms for ms, _ in results['xlsx']):.0f}",
             f"{xlsx_mib:.1f}"),
        ])
        print(f"\nxlsx / csv time: {xlsx_ms / csv_ms:.2f} (target <= {TIME_FACTOR:.1f}): "
              f"{'PASS' if time_ok else 'FAIL'}")
        print(f"xlsx peak RSS: {xlsx_mib:.1f} MiB (target < {MEMORY_TARGET_MIB} MiB): "
              f"{'PASS' if memory_ok else 'FAIL'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.CalledProcessError) as e:
        print(f"xlsx_bench: {e}", file=sys.stderr)
        sys.exit(1)
