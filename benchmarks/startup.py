"""How long a user waits for the explorer: the real `regterm` command in a terminal, until its first row is on screen.

Usage:
    .venv/bin/python benchmarks/startup.py             # bundled database + 1,000,000 quotes, 11 runs each
    .venv/bin/python benchmarks/startup.py --quick     # 5 runs, 100,000 quotes
    .venv/bin/python benchmarks/startup.py --runs 21 --only bundled

Each run starts a process in a new pseudo-terminal (120x36, TERM=xterm-256color, the pty its controlling
terminal) and reads what it writes to the terminal until the first company of the list appears (the start of
its name, as both programs show it on their first row): that is when the user sees data. The candidate is
the installed `regterm` command (`regterm --db DB` for the synthetic database);
the baseline is a minimal Textual app showing one DataTable with the same first rows (name and kind of the
first 60 companies by name, read from the same file), started the same way. Runs alternate (which goes
first alternates too) after one warm-up each; the medians are compared. Target: ratio <= 1.3.
The synthetic database is tui_speed.py's (export_speed.py's builder plus the explorer's records).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections import defaultdict
from pathlib import Path

from export_speed import BIN, BUNDLED_DB, ROOT, Run, child_env, interleaved, median_wall, verdict
from tui_speed import synthetic_db

TARGET = 1.3
COLUMNS, ROWS = 120, 36
NEEDLE = b"Apple"  # replaced per database by the first row's name (first_row_needle)


def first_row_needle(db: Path) -> bytes:
    """The start of the first company's name in list order: on the first row of both programs' first frame."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    (name,) = conn.execute("select name from companies order by name collate nocase, slug limit 1").fetchone()
    conn.close()
    return str(name)[:12].encode()


TIME_LIMIT = 60.0
CPU: dict[int, list[float]] = defaultdict(list)  # CPU seconds of each run (until killed just after the needle)

BASELINE_APP = """
import sqlite3, sys
from urllib.parse import quote
from textual.app import App
from textual.widgets import DataTable


class OneTable(App):
    def compose(self):
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Name", "Kind")
        conn = sqlite3.connect(f"file:{quote(sys.argv[1])}?mode=ro", uri=True)
        table.add_rows(conn.execute("select name, kind from companies order by name limit 60"))
        conn.close()


OneTable().run()
"""


def _controlling_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty on stdin."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def time_to_needle(cmd: list[str], env: dict[str, str]) -> Run:
    """Start cmd in a fresh pty and return the seconds until NEEDLE appears in what it writes."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=_controlling_terminal, close_fds=True
    )
    os.close(slave)
    seen = b""
    try:
        while NEEDLE not in seen:
            if time.perf_counter() - start > TIME_LIMIT:
                raise SystemExit(f"no {NEEDLE!r} within {TIME_LIMIT:.0f} s from {' '.join(cmd)}:\n{seen[-400:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                raise SystemExit(f"{' '.join(cmd)} ended before showing {NEEDLE!r}:\n{seen[-400:]!r}")
            seen = seen[-len(NEEDLE) :] + chunk if len(seen) > 4096 else seen + chunk
        wall = time.perf_counter() - start
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # not reaped yet (no poll() was called): the pid is still ours
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = -9
        os.close(master)
    CPU[id(cmd)].append(usage.ru_utime + usage.ru_stime)
    return Run(wall, None)


def regterm_command(source: Path | None) -> list[str]:
    """The installed `regterm`, or `python -m regterm` from another checkout's src/ (to compare commits)."""
    if source is None:
        return [str(BIN / "regterm")]
    code = f"import runpy, sys; sys.path.insert(0, {str(source)!r}); runpy.run_module('regterm', run_name='__main__')"
    return [sys.executable, "-c", code]


def bench(label: str, db: Path | None, runs: int, baseline_app: Path, source: Path | None = None) -> float:
    env = child_env()
    env["TERM"] = "xterm-256color"
    env.pop("NO_COLOR", None)
    env.pop("TEXTUAL", None)
    global NEEDLE
    NEEDLE = first_row_needle(db or BUNDLED_DB)
    regterm_cmd = [*regterm_command(source), *(["--db", str(db)] if db else [])]
    baseline_cmd = [sys.executable, str(baseline_app), str(db or BUNDLED_DB)]
    print(f"== {label}: until {NEEDLE.decode()} is on screen, median of {runs} runs each ==")
    time_to_needle(regterm_cmd, env)  # warm-up: page cache and bytecode cache
    time_to_needle(baseline_cmd, env)
    CPU.clear()
    cand, base = interleaved(lambda: time_to_needle(regterm_cmd, env), lambda: time_to_needle(baseline_cmd, env), runs)
    c, b = median_wall(cand), median_wall(base)
    c_cpu, b_cpu = (statistics.median(CPU[id(cmd)]) for cmd in (regterm_cmd, baseline_cmd))
    ratio = c / b
    for name, runs_, wall, cpu in (("regterm", cand, c, c_cpu), ("minimal Textual app, DataTable", base, b, b_cpu)):
        low = min(r.wall for r in runs_) * 1000
        print(f"  {name:31s}: {wall * 1000:7.1f} ms  (min {low:.1f}; CPU {cpu * 1000:.0f} ms)")
    print(f"  ratio {ratio:.2f} (target <= {TARGET})  {verdict(ratio <= TARGET)}; CPU-time ratio {c_cpu / b_cpu:.2f}")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 runs, 100,000 quotes instead of 1,000,000")
    parser.add_argument("--runs", type=int, help="runs of each per database (11; quick: 5)")
    parser.add_argument("--only", choices=("bundled", "large"), help="one database only")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached synthetic database")
    parser.add_argument("--source", type=Path, help="time regterm from this src/ folder (e.g. an older commit's)")
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.quick else 11)
    quotes = 100_000 if args.quick else 1_000_000
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="regterm-startup-") as tmp:
        baseline_app = Path(tmp) / "one_table.py"
        baseline_app.write_text(BASELINE_APP)
        if args.only in (None, "bundled"):
            label = f"bundled database ({BUNDLED_DB.relative_to(ROOT)})"
            ratios.append(bench(label, None, runs, baseline_app, args.source))
        if args.only in (None, "large"):
            db = synthetic_db(quotes, args.rebuild)
            ratios.append(bench(f"{quotes:,} quotes ({db})", db, runs, baseline_app, args.source))
    ok = all(r <= TARGET for r in ratios)
    print(f"\n{'all targets met' if ok else 'some targets missed'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
