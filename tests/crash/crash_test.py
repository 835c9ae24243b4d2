#!/usr/bin/env python3
"""Crash tests: kill -9 a command at random moments and at named fault points, then check
that the database is exactly as before the command or exactly as after it.

usage: crash_test.py ARCHIVE_BINARY COMMAND [--trials N] [--seed S]

COMMAND is one of: lend, follow-up, import. Every trial:
  1. records the state (row counts of every table that the command touches, and the audit
     log per action) before the command;
  2. runs the command and kills it with SIGKILL, either after a random delay (seeded; the
     seed is printed, so a failure can be replayed) or at a named fault point of the test
     build (ARCHIVE_FAULT=NAME[:N], see include/archive/fault.h);
  3. checks PRAGMA integrity_check, that the state is the "before" or the "after" state
     (learned from an undisturbed run on a copy), that the audit log matches the data
     (one audit entry per loan, follow-up or imported customer), and that the same command
     then runs to completion.
A short command is rarely hit mid-transaction by a random kill, which is why the fault
points exist: they stop it just before and just after COMMIT, and after N imported rows.
"""

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

TODAY = "2026-03-02"
TABLES = ("customer", "follow_up", "loan", "loan_item", "material", "import_batch",
          "field_history", "customer_grade", "grade_history")


def env_for(db, fault=None):
    env = dict(os.environ)
    env.update({"ARCHIVE_DB": db, "NO_COLOR": "1", "LANG": "C.UTF-8", "LANGUAGE": "en",
                "TZ": "UTC", "ARCHIVE_TODAY": TODAY})
    env.pop("ARCHIVE_CONFIG", None)
    env.pop("ARCHIVE_FAULT", None)
    if fault:
        env["ARCHIVE_FAULT"] = fault
    return env


def run(binary, db, args, check=True):
    proc = subprocess.run([binary, *args], env=env_for(db), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise SystemExit(f"FAIL: archive {' '.join(args)} exited {proc.returncode}: "
                         f"{proc.stderr.strip()}")
    return proc


def state(db):
    """Row counts per table and audit entries per action, after an integrity check."""
    con = sqlite3.connect(db)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise SystemExit(f"FAIL: integrity_check: {result}")
        counts = {}
        for table in TABLES:
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["returned"] = con.execute(
            "SELECT count(*) FROM loan_item WHERE returned_on IS NOT NULL").fetchone()[0]
        for action, n in con.execute("SELECT action, count(*) FROM audit_log GROUP BY action"):
            counts["audit:" + action] = n
        return counts
    finally:
        con.close()


def audit_matches(db):
    """The audit log names every loan, follow-up and imported customer, and nothing more."""
    con = sqlite3.connect(db)
    try:
        pairs = [
            ("SELECT count(*) FROM loan", "SELECT count(*) FROM audit_log WHERE action = 'lend'"),
            ("SELECT count(*) FROM follow_up",
             "SELECT count(*) FROM audit_log WHERE action = 'follow-up'"),
            ("SELECT count(*) FROM customer WHERE import_batch IS NOT NULL",
             "SELECT count(*) FROM audit_log WHERE action = 'import'"),
        ]
        for data_sql, audit_sql in pairs:
            data = con.execute(data_sql).fetchone()[0]
            logged = con.execute(audit_sql).fetchone()[0]
            if data != logged:
                raise SystemExit(f"FAIL: audit log does not match the data: {data_sql} = "
                                 f"{data}, {audit_sql} = {logged}")
    finally:
        con.close()


class Scenario:
    """A database and an endless supply of commands of one kind."""

    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.db = os.path.join(work, "archive.db")
        self.n = 0

    def next_args(self):
        raise NotImplementedError

    fault_points = ("commit.before", "commit.after")


class Lend(Scenario):
    """Lends a different archive each time (one material each), then returns it."""

    def setup(self):
        run(self.binary, self.db, ["init"])
        for i in range(1, 41):
            run(self.binary, self.db, ["add", "--name", f"客户{i}"])
            run(self.binary, self.db, ["file", f"KH-{i:06}", "--title", "合同", "--kind",
                                       "contract", "--pages", "3"])

    def next_args(self):
        self.n += 1
        return ["lend", f"KH-{self.n:06}", "--to", "张三", "--dept", "财务部", "--purpose",
                "审计"]


class FollowUp(Scenario):
    """Records follow-ups of a few customers, with grades and next dates."""

    def setup(self):
        run(self.binary, self.db, ["init"])
        for i in range(1, 21):
            run(self.binary, self.db, ["add", "--name", f"客户{i}", "--owner", "王芳"])

    def next_args(self):
        self.n += 1
        return ["follow-up", f"KH-{self.n % 20 + 1:06}", "--channel", "phone", "--note",
                f"第{self.n}次回访", "--grade", "B" if self.n % 2 else "A", "--next",
                "2026-04-01"]


class Import(Scenario):
    """Imports 50,000 generated customers into an empty database each trial."""

    fault_points = ("commit.before", "commit.after", "import.row:1", "import.row:25000",
                    "import.row:50000")

    def setup(self):
        here = os.path.dirname(os.path.abspath(__file__))
        self.csv = os.path.join(self.work, "customers.csv")
        subprocess.run([sys.executable, os.path.join(here, "..", "..", "bench", "gen_data.py"),
                        "customers", "--count", "50000", "--seed", "7", "--messy", "0",
                        "--output", self.csv], check=True)
        run(self.binary, self.db, ["init"])
        self.empty = os.path.join(self.work, "empty.db")
        shutil.copy(self.db, self.empty)

    def reset(self):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.db + suffix):
                os.remove(self.db + suffix)
        shutil.copy(self.empty, self.db)

    def next_args(self):
        return ["import", self.csv, "-q"]


SCENARIOS = {"lend": Lend, "follow-up": FollowUp, "import": Import}


def copy_db(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
        if os.path.exists(src + suffix):
            shutil.copy(src + suffix, dst + suffix)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("command", choices=sorted(SCENARIOS))
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"crash test {args.command}: {args.trials} random kills, seed {args.seed}")

    work = tempfile.mkdtemp(prefix="archive-crash-")
    try:
        scenario = SCENARIOS[args.command](os.path.abspath(args.binary), work)
        scenario.setup()
        trials = [("random", None)] * args.trials
        trials += [("fault", point) for point in scenario.fault_points]
        outcomes = {"before": 0, "after": 0}
        for number, (how, point) in enumerate(trials, 1):
            if hasattr(scenario, "reset"):
                scenario.reset()
            command = scenario.next_args()
            before = state(scenario.db)
            # The "after" state: the same command, undisturbed, on a copy (once for a
            # scenario that starts every trial from the same database).
            if not (hasattr(scenario, "reset") and number > 1):
                probe = os.path.join(work, "probe.db")
                copy_db(scenario.db, probe)
                started = time.monotonic()
                run(scenario.binary, probe, command)
                duration = time.monotonic() - started
                after = state(probe)
            if after == before:
                raise SystemExit(f"FAIL: {command} changed nothing; the test proves nothing")

            env = env_for(scenario.db, point)
            proc = subprocess.Popen([scenario.binary, *command], env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            if how == "random":
                delay = rng.uniform(0, duration * 1.2)
                time.sleep(delay)
                proc.kill()
                label = f"random kill after {delay * 1000:.1f} ms"
            else:
                label = f"fault point {point}"
            proc.wait()
            got = state(scenario.db)
            if got == before:
                outcome = "before"
            elif got == after:
                outcome = "after"
            else:
                raise SystemExit(f"FAIL: trial {number} ({label}) of {command}: the database "
                                 f"is neither before nor after the command:\n"
                                 f"  before {before}\n  after  {after}\n  found  {got}")
            if how == "fault" and proc.returncode != -9:
                raise SystemExit(f"FAIL: fault point {point} was never reached "
                                 f"(exit {proc.returncode}): is this a test build?")
            outcomes[outcome] += 1
            audit_matches(scenario.db)
            # The next command works: finish the interrupted one, or run it again.
            if outcome == "before":
                run(scenario.binary, scenario.db, command)
                if state(scenario.db) != after:
                    raise SystemExit(f"FAIL: after trial {number} ({label}) rerunning {command} "
                                     f"did not give the undisturbed result")
        print(f"ok: {len(trials)} trials, {outcomes['before']} left the database as before, "
              f"{outcomes['after']} as after")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
