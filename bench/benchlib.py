"""What the benchmark scripts share: the environment they run archive in, running and timing
commands, SQL quoting, the target verdict and aligned printing."""

import os
import subprocess
import time
import unicodedata


def quote(text):
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def bench_env(workdir, db):
    """The environment of every run: English messages, no colour, no user config."""
    env = dict(os.environ)
    env.update(LANGUAGE="en", NO_COLOR="1", LANG="C.UTF-8", ARCHIVE_DB=str(db),
               XDG_CONFIG_HOME=str(workdir / "config"), XDG_DATA_HOME=str(workdir / "data"))
    env.pop("LC_ALL", None)
    env.pop("ARCHIVE_TODAY", None)
    return env


def run(cmd, env, stdout=subprocess.DEVNULL, stdin=None):
    """Runs cmd, raising with its stderr when it fails."""
    result = subprocess.run(cmd, env=env, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {result.returncode}: "
                           f"{result.stderr.decode(errors='replace').strip()}")
    return result


def time_command(cmd, env, runs):
    """Wall times in milliseconds of `runs` runs of cmd after one warm-up run."""
    run(cmd, env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def verdict(ours_ms, base_ms, factor, slack_ms):
    """The target (factor × baseline + slack) and whether archive met it."""
    limit = factor * base_ms + slack_ms
    return limit, "PASS" if ours_ms <= limit else "FAIL"


def width(text):
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def pad(text, columns, left):
    """text padded to `columns` display columns, flush left or right."""
    fill = " " * (columns - width(text))
    return str(text) + fill if left else fill + str(text)


def print_rows(lines, left=1):
    """An aligned table: the first `left` columns flush left, the others right."""
    widths = [max(width(line[i]) for line in lines) for i in range(len(lines[0]))]
    for i, line in enumerate(lines):
        print("  ".join(pad(v, w, j < left) for j, (v, w) in enumerate(zip(line, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
