#!/usr/bin/env python3
"""Concurrency test: a clerk's commands and cron's run at the same moment on one database.

usage: concurrency_test.py ARCHIVE_BINARY [--seconds N] [--seed S]

For about N seconds (default 20) five loops run side by side on one database:
  - follow-ups: `archive follow-up NO --channel phone ...` on random customers;
  - imports: small CSV files of new customers, one batch each;
  - loans: `archive lend` then `archive return` of random archives;
  - cron: `archive follow-up due`, `archive loans --overdue` and `archive report summary`;
  - a reader: a plain SQLite connection that checks, inside one read transaction at a
    time, that the audit log names exactly the loans, follow-ups and imported customers the
    tables hold (a reader never sees half a command).
Every command must succeed: none may fail with "database is locked" or exit 75 (the waits
here are far below the 30 s timeout). Afterwards every follow-up, loan and batch that a
command reported is in the database, and PRAGMA integrity_check is ok.
Then exit 75 is shown to happen only when a wait really exceeds the timeout: a connection
holds the write lock for 3 s; a command with --wait 10 waits and succeeds, one with
--wait 1 gives up with 75 and changes nothing.
"""

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

TODAY = "2026-03-02"
CUSTOMERS = 60


class Runner:
    def __init__(self, binary, db):
        self.binary = binary
        self.db = db
        self.failures = []
        self.lock = threading.Lock()
        self.counts = {}

    def env(self):
        env = dict(os.environ)
        env.update({"ARCHIVE_DB": self.db, "NO_COLOR": "1", "LANG": "C.UTF-8",
                    "LANGUAGE": "en", "TZ": "UTC", "ARCHIVE_TODAY": TODAY})
        env.pop("ARCHIVE_CONFIG", None)
        env.pop("ARCHIVE_FAULT", None)
        return env

    def run(self, loop, args, ok=(0,)):
        proc = subprocess.run([self.binary, *args], env=self.env(), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True)
        with self.lock:
            self.counts[loop] = self.counts.get(loop, 0) + 1
            if proc.returncode not in ok or "locked" in proc.stderr:
                self.failures.append(f"{loop}: archive {' '.join(args)} exited "
                                     f"{proc.returncode}: {proc.stderr.strip()}")
        return proc

    def fail(self, message):
        with self.lock:
            self.failures.append(message)


def follow_up_loop(r, rng, stop, done):
    while not stop.is_set():
        no = f"KH-{rng.randint(1, CUSTOMERS):06}"
        p = r.run("follow-up", ["follow-up", no, "--channel", "phone", "--note", "回访"])
        if p.returncode == 0:
            done.append(p.stdout.strip())


def import_loop(r, rng, stop, done, work):
    n = 0
    while not stop.is_set():
        n += 1
        path = os.path.join(work, f"batch{n}.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("姓名,手机,跟进人\n")
            for i in range(20):
                f.write(f"导入{n}-{i},1{rng.choice('3578')}{n:04}{i:05},赵磊\n")
        p = r.run("import", ["import", path, "-q"])
        if p.returncode == 0:
            done.append(20)


def loan_loop(r, rng, stop, done):
    while not stop.is_set():
        no = f"KH-{rng.randint(1, CUSTOMERS):06}"
        # Only this loop lends, and it returns each loan before the next: never 77 here.
        p = r.run("lend", ["lend", no, "--to", "张三", "--dept", "财务部", "--purpose", "审计"])
        if p.returncode == 0:
            loan = p.stdout.strip()
            done.append(loan)
            r.run("return", ["return", loan])


def cron_loop(r, rng, stop):
    commands = [["follow-up", "due", "--format", "csv"], ["loans", "--overdue"],
                ["report", "summary", "--format", "csv"], ["find", "导入"]]
    while not stop.is_set():
        r.run("cron", rng.choice(commands))


def reader_loop(r, stop):
    con = sqlite3.connect(r.db, timeout=30, isolation_level=None)
    checks = 0
    while not stop.is_set():
        con.execute("BEGIN")
        loans = con.execute("SELECT count(*) FROM loan").fetchone()[0]
        lent = con.execute("SELECT count(*) FROM audit_log WHERE action = 'lend'").fetchone()[0]
        follow_ups = con.execute("SELECT count(*) FROM follow_up").fetchone()[0]
        logged = con.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'follow-up'").fetchone()[0]
        imported = con.execute(
            "SELECT count(*) FROM customer WHERE import_batch IS NOT NULL").fetchone()[0]
        batches = con.execute("SELECT coalesce(sum(created), 0) FROM import_batch").fetchone()[0]
        con.execute("COMMIT")
        checks += 1
        if loans != lent or follow_ups != logged or imported != batches:
            r.fail(f"reader saw half a command: loans {loans} vs audit {lent}, follow-ups "
                   f"{follow_ups} vs audit {logged}, imported {imported} vs batches {batches}")
        time.sleep(0.01)
    con.close()
    r.counts["reader"] = checks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    args = parser.parse_args()
    print(f"concurrency test: {args.seconds:g} s, seed {args.seed}")
    binary = os.path.abspath(args.binary)

    with tempfile.TemporaryDirectory(prefix="archive-concurrency-") as work:
        db = os.path.join(work, "archive.db")
        r = Runner(binary, db)
        r.run("setup", ["init"])
        for i in range(1, CUSTOMERS + 1):
            r.run("setup", ["add", "--name", f"客户{i}", "--owner", "王芳", "--grade", "B"])
            r.run("setup", ["file", f"KH-{i:06}", "--title", "合同", "--kind", "contract"])
        if r.failures:
            raise SystemExit("FAIL: setup: " + "\n".join(r.failures))

        stop = threading.Event()
        follow_ups, batches, loans = [], [], []
        threads = [
            threading.Thread(target=follow_up_loop,
                             args=(r, random.Random(args.seed), stop, follow_ups)),
            threading.Thread(target=import_loop,
                             args=(r, random.Random(args.seed + 1), stop, batches, work)),
            threading.Thread(target=loan_loop,
                             args=(r, random.Random(args.seed + 2), stop, loans)),
            threading.Thread(target=cron_loop, args=(r, random.Random(args.seed + 3), stop)),
            threading.Thread(target=reader_loop, args=(r, stop)),
        ]
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads:
            t.join()

        con = sqlite3.connect(db)
        if con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            r.fail("integrity_check is not ok")
        have = {row[0] for row in con.execute("SELECT follow_up_no FROM follow_up")}
        for fid in follow_ups:
            if fid not in have:
                r.fail(f"follow-up {fid} was reported but is not in the database")
        have = {row[0] for row in con.execute("SELECT loan_no FROM loan")}
        for loan in loans:
            if loan not in have:
                r.fail(f"loan {loan} was reported but is not in the database")
        imported = con.execute(
            "SELECT count(*) FROM customer WHERE import_batch IS NOT NULL").fetchone()[0]
        if imported != sum(batches):
            r.fail(f"{sum(batches)} customers were reported imported, {imported} are there")
        con.close()

        # 75 only when the wait really runs out.
        holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        released = threading.Timer(3.0, lambda: holder.execute("COMMIT"))
        released.start()
        started = time.monotonic()
        gave_up = subprocess.run([binary, "--wait", "1", "follow-up", "KH-000001", "--channel",
                                  "phone"], env=r.env(), capture_output=True, text=True)
        waited = subprocess.run([binary, "--wait", "10", "follow-up", "KH-000001", "--channel",
                                 "phone"], env=r.env(), capture_output=True, text=True)
        elapsed = time.monotonic() - started
        released.join()
        holder.close()
        if gave_up.returncode != 75:
            r.fail(f"--wait 1 behind a 3 s lock exited {gave_up.returncode}, not 75: "
                   f"{gave_up.stderr.strip()}")
        if waited.returncode != 0:
            r.fail(f"--wait 10 behind a 3 s lock exited {waited.returncode}: "
                   f"{waited.stderr.strip()}")
        if elapsed < 2.5:
            r.fail(f"the lock was not held while the commands ran ({elapsed:.1f} s)")

        summary = ", ".join(f"{k} {v}" for k, v in sorted(r.counts.items()))
        if r.failures:
            print("\n".join(r.failures[:20]))
            raise SystemExit(f"FAIL: {len(r.failures)} failures ({summary})")
        print(f"ok: {summary}; {len(follow_ups)} follow-ups, {len(loans)} loans, "
              f"{len(batches)} import batches, all present")


if __name__ == "__main__":
    sys.exit(main())
