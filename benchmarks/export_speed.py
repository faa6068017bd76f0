"""How fast `regterm export quotes --format csv` is, as ratios against baselines run in the same session.

Usage:
    .venv/bin/python benchmarks/export_speed.py            # full run: bundled db + 1,000,000 quotes
    .venv/bin/python benchmarks/export_speed.py --quick    # fewer runs, 100,000 quotes
    .venv/bin/python benchmarks/export_speed.py --rebuild  # rebuild the cached synthetic database first

1. small: `regterm export quotes --format csv` on the bundled database against
   `sqlite-utils rows data/regterm.db quotes --csv` (whole processes, wall time). Target: ratio <= 0.5.
2. large: `regterm --db /tmp/regterm-bench-1m.db export quotes --format csv` against the sqlite3 shell
   running the same SELECT that regterm runs (`sqlite3 -csv -header DB SQL`). Targets: time ratio <= 2.5
   and regterm's peak RSS < 60 MiB.

Machines are shared and noisy, so every figure is a median, candidate and baseline runs are interleaved
(alternating which goes first), and one untimed warm-up of each comes first. Output goes to /dev/null.
Exit status: 0 when every target passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin/ when run as .venv/bin/python (not resolved: a symlink)
BUNDLED_DB = ROOT / "data" / "regterm.db"
GNU_TIME = "/usr/bin/time"

SMALL_TARGET = 0.5
LARGE_TIME_TARGET = 2.5
LARGE_RSS_TARGET_MIB = 60.0


# --------------------------------------------------------------------------------------------------
# The SQL regterm runs for `export quotes` (all columns, no filters)
# --------------------------------------------------------------------------------------------------


def export_sql(table: str = "quotes") -> str:
    """The SELECT iter_rows builds for table with every column and no filters, built from its spec."""
    from regterm.db.queries import columns_for, spec_for

    spec = spec_for(table)
    select = ", ".join(f'{spec.columns[n]} as "{n}"' for n in columns_for(table))
    return f"select {select} from {spec.from_sql} order by {spec.order}"


def traced_export_sql(db: Path, table: str = "quotes") -> str | None:
    """The SELECT iter_rows actually sends to SQLite (to check export_sql has not drifted)."""
    from regterm.db.connection import connect
    from regterm.db.queries import iter_rows

    conn = connect(db)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        next(iter_rows(conn, table), None)
    finally:
        conn.close()
    selects = [s for s in statements if s.lstrip().lower().startswith("select") and " order by " in s]
    return selects[-1] if selects else None


# --------------------------------------------------------------------------------------------------
# Running processes
# --------------------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float  # seconds
    maxrss_kib: int | None


def run(cmd: Sequence[str], env: dict[str, str] | None = None, measure_rss: bool = False) -> Run:
    """Run cmd with stdout to /dev/null; wall time of the whole process and (optionally) its peak RSS."""
    if measure_rss and os.path.exists(GNU_TIME):
        start = time.perf_counter()
        proc = subprocess.run(
            [GNU_TIME, "-v", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True
        )
        wall = time.perf_counter() - start
        _check(cmd, proc.returncode, proc.stderr)
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        return Run(wall, int(match.group(1)) if match else None)
    start = time.perf_counter()
    proc2 = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    # wait4 gives this child's own rusage (ru_maxrss in KiB on Linux), unlike RUSAGE_CHILDREN's running max.
    _, status, usage = os.wait4(proc2.pid, 0)
    wall = time.perf_counter() - start
    proc2.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc2.stderr.read().decode(errors="replace") if proc2.stderr else ""
    if proc2.stderr:
        proc2.stderr.close()
    _check(cmd, proc2.returncode, stderr)
    return Run(wall, usage.ru_maxrss if measure_rss else None)


def _check(cmd: Sequence[str], code: int, stderr: str) -> None:
    if code != 0:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        raise SystemExit(f"command failed (exit {code}): {' '.join(cmd)[:200]}\n{tail}")


def output_bytes(cmd: Sequence[str], env: dict[str, str] | None = None) -> int:
    """Run cmd once, counting the bytes it writes (a sanity check and a warm-up for the page cache)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    total = 0
    while chunk := proc.stdout.read(1 << 20):
        total += len(chunk)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _check(cmd, proc.wait(), stderr)
    return total


def interleaved(candidate: Callable[[], Run], baseline: Callable[[], Run], n: int) -> tuple[list[Run], list[Run]]:
    """n runs of each, alternating which of the two goes first."""
    cand: list[Run] = []
    base: list[Run] = []
    for i in range(n):
        if i % 2 == 0:
            cand.append(candidate())
            base.append(baseline())
        else:
            base.append(baseline())
            cand.append(candidate())
    return cand, base


def median_wall(runs: list[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --------------------------------------------------------------------------------------------------
# 1. Small: the bundled database
# --------------------------------------------------------------------------------------------------


PYCACHE = Path("/tmp/regterm-bench-pycache")
EMPTY_XDG = Path("/tmp/regterm-bench-xdg")


def child_env(bytecode_cache: bool = True) -> dict[str, str]:
    """The environment for timed children.

    Plain `regterm` must read the bundled database, so $REGTERM_DB and $REGTERM_USER_DB are dropped and
    $XDG_DATA_HOME points at an empty folder (platformdirs still runs, as for a user without an import).
    With bytecode_cache, $PYTHONDONTWRITEBYTECODE is dropped and bytecode goes to a cache under /tmp
    ($PYTHONPYCACHEPREFIX, nothing written next to the sources), as for a pip-installed regterm; without
    it, children inherit this environment's bytecode settings.
    """
    env = dict(os.environ)
    env.pop("REGTERM_DB", None)
    env.pop("REGTERM_USER_DB", None)
    EMPTY_XDG.mkdir(exist_ok=True)
    env["XDG_DATA_HOME"] = str(EMPTY_XDG)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


SMALL_CANDIDATE = [str(BIN / "regterm"), "export", "quotes", "--format", "csv"]
SMALL_BASELINE = [str(BIN / "sqlite-utils"), "rows", str(BUNDLED_DB), "quotes", "--csv"]


def _small_pair(runs: int, env: dict[str, str]) -> tuple[list[Run], list[Run]]:
    """Warm-up, then interleaved runs of regterm and sqlite-utils on the bundled database."""
    candidate_cmd, baseline_cmd = SMALL_CANDIDATE, SMALL_BASELINE
    run(candidate_cmd, env)  # warm-up: page cache and bytecode cache
    run(baseline_cmd, env)
    return interleaved(lambda: run(candidate_cmd, env), lambda: run(baseline_cmd, env), runs)


def bench_small(runs: int) -> bool:
    print(f"== small: bundled database ({BUNDLED_DB.relative_to(ROOT)}), median of {runs} runs each ==")
    env = child_env()
    out_c, out_b = output_bytes(SMALL_CANDIDATE, env), output_bytes(SMALL_BASELINE, env)
    print(f"  output: regterm {out_c:,} bytes, sqlite-utils {out_b:,} bytes")
    cand, base = _small_pair(runs, env)
    c, b = median_wall(cand), median_wall(base)
    ratio = c / b
    ok = ratio <= SMALL_TARGET
    print(f"  regterm export quotes --format csv : {c * 1000:8.1f} ms  (min {min(r.wall for r in cand) * 1000:.1f})")
    print(f"  sqlite-utils rows quotes --csv     : {b * 1000:8.1f} ms  (min {min(r.wall for r in base) * 1000:.1f})")
    print(f"  ratio {ratio:.2f} (target <= {SMALL_TARGET})  {verdict(ok)}   [bytecode cached, as when pip-installed]")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        cand2, base2 = _small_pair(runs, child_env(bytecode_cache=False))
        c2, b2 = median_wall(cand2), median_wall(base2)
        print("  for information, with this shell's PYTHONDONTWRITEBYTECODE (regterm's sources compiled each run):")
        print(f"    regterm {c2 * 1000:.1f} ms, sqlite-utils {b2 * 1000:.1f} ms, ratio {c2 / b2:.2f} (not gated)")
    return ok


# --------------------------------------------------------------------------------------------------
# 2. Large: a synthetic database built through the project's schema
# --------------------------------------------------------------------------------------------------

WORDS = [
    "gatekeeper",
    "interoperability",
    "compliance",
    "platform",
    "consumer",
    "market",
    "data",
    "access",
    "app",
    "store",
    "browser",
    "choice",
    "screen",
    "default",
    "search",
    "ranking",
    "self-preferencing",
    "advertising",
    "consent",
    "profiling",
    "transparency",
    "systemic",
    "risk",
    "audit",
    "fine",
    "commission",
    "investigation",
    "proportionate",
    "innovation",
    "competition",
    "fair",
    "contestable",
    "obligation",
    "remedy",
    "designation",
    "service",
    "messenger",
    "cloud",
    "marketplace",
    "developer",
    "fee",
    "payment",
    "sideloading",
    "privacy",
    "security",
    "users",
    "europe",
    "digital",
    "regulation",
    "enforcement",
    "deadline",
    "review",
]
COMPANIES = ("Apple", "Alphabet", "Meta", "Amazon", "Microsoft", "ByteDance", "Booking", "European Commission")
PEOPLE = ("Margrethe Vestager", "Thierry Breton", "Tim Cook", "Sundar Pichai", "Mark Zuckerberg", "Teresa Ribera")
REGULATIONS = ("DMA", "DSA", "GDPR", "AI Act", "Data Act", "DGA")
BATCH = 50_000


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    words[0] = words[0].capitalize()
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.2:
        text = text.replace(" ", ", ", 1)  # a comma: quoted in CSV
    elif roll < 0.25:
        text = f'"{text}", they said'  # double quotes: escaped in CSV
    elif roll < 0.28:
        text = text.replace(" ", "\n", 1)  # an embedded newline
    return text + "."


def build_database(path: Path, quotes: int, seed: int = 1) -> None:
    """A regterm database with `quotes` synthetic quotes, built with create_schema and bulk inserts."""
    from regterm.db.schema import create_schema

    rng = random.Random(seed)
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    create_schema(conn)
    conn.commit()
    conn.execute("PRAGMA foreign_keys = OFF")  # rows are consistent by construction
    # The FTS triggers index one row at a time; drop them for the bulk load, rebuild the index, restore them.
    triggers = conn.execute("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'quotes'")
    triggers = triggers.fetchall()
    for name, _ in triggers:
        conn.execute(f'drop trigger "{name}"')

    conn.executemany(
        "insert into sources (id, slug, url, publisher, title, published, is_primary, note) "
        "values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                i,
                f"source-{i}",
                f"https://example.eu/press/{i}",
                rng.choice(("European Commission", "Reuters", "Politico Europe", "Financial Times")),
                f"Press item {i}",
                f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                i % 2,
                None,
            )
            for i in range(1, 201)
        ],
    )
    conn.executemany(
        "insert into companies (id, slug, name, kind, country, aliases, website, description) "
        "values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (i, name.lower().replace(" ", "-"), name, "company", "US", f'["{name} Inc."]', None, f"{name}, a firm.")
            for i, name in enumerate(COMPANIES, 1)
        ],
    )
    conn.executemany(
        "insert into people (id, slug, name, role, organisation_id) values (?, ?, ?, ?, ?)",
        [
            (i, name.lower().replace(" ", "-"), name, "spokesperson", (i % len(COMPANIES)) + 1)
            for i, name in enumerate(PEOPLE, 1)
        ],
    )
    conn.executemany(
        "insert into regulations (id, slug, name, title, reference, jurisdiction, adopted, in_force, "
        "applies_from, url, aliases, source_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                i,
                name.lower().replace(" ", "-"),
                name,
                f"Regulation on {name}",
                f"(EU) 2022/{1000 + i}",
                "EU",
                "2022-01-01",
                "2022-11-01",
                "2023-05-02",
                f"https://eur-lex.europa.eu/eli/reg/2022/{1000 + i}/oj",
                "[]",
                i,
            )
            for i, name in enumerate(REGULATIONS, 1)
        ],
    )
    n_companies, n_people, n_regs = len(COMPANIES), len(PEOPLE), len(REGULATIONS)
    for start in range(1, quotes + 1, BATCH):
        ids = range(start, min(start + BATCH, quotes + 1))
        rows = []
        q_companies = []
        q_regulations = []
        for i in ids:
            rows.append(
                (
                    i,
                    f"quote-{i:07d}",
                    _sentence(rng, 15, 45),
                    rng.randint(1, n_people) if rng.random() < 0.9 else None,
                    rng.randint(1, n_companies) if rng.random() < 0.8 else None,
                    f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    _sentence(rng, 4, 12),
                    rng.randint(1, 200),
                )
            )
            if rng.random() < 0.4:
                for company in rng.sample(range(1, n_companies + 1), rng.randint(1, 3)):
                    q_companies.append((i, company))
            if rng.random() < 0.3:
                for regulation in rng.sample(range(1, n_regs + 1), rng.randint(1, 2)):
                    q_regulations.append((i, regulation))
        conn.executemany(
            "insert into quotes (id, slug, text, speaker_id, organisation_id, said, context, source_id) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany("insert into quote_companies (quote_id, company_id) values (?, ?)", q_companies)
        conn.executemany("insert into quote_regulations (quote_id, regulation_id) values (?, ?)", q_regulations)
        conn.commit()
        if sys.stdout.isatty():
            print(f"    {ids[-1]:,} / {quotes:,} quotes", end="\r", flush=True)
    conn.execute("insert into quotes_fts(quotes_fts) values('rebuild')")
    for _, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.execute("analyze")
    conn.commit()
    conn.close()
    tmp.replace(path)


def bench_large(quotes: int, runs: int, rebuild: bool) -> bool:
    db = Path(f"/tmp/regterm-bench-{'1m' if quotes == 1_000_000 else f'{quotes // 1000}k'}.db")
    print(f"\n== large: {quotes:,} synthetic quotes ({db}), median of {runs} runs each ==")
    if rebuild or not db.exists():
        print(f"  building {db} ...")
        start = time.perf_counter()
        build_database(db, quotes)
        print(f"  built in {time.perf_counter() - start:.1f} s, {db.stat().st_size / 2**20:.0f} MiB")
    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli is None:
        raise SystemExit("the sqlite3 shell is missing: install it (e.g. apt-get install sqlite3)")

    sql = export_sql("quotes")
    traced = traced_export_sql(db, "quotes")
    if traced is not None and traced.strip() != sql.strip():
        print("  WARNING: export_sql() differs from the SELECT iter_rows runs; the baseline may be stale")
        print(f"    built : {sql[:160]}...\n    traced: {traced[:160]}...")

    env = child_env()
    candidate_cmd = [str(BIN / "regterm"), "--db", str(db), "export", "quotes", "--format", "csv"]
    baseline_cmd = [sqlite3_cli, "-csv", "-header", str(db), sql]
    out_c = output_bytes(candidate_cmd, env)  # also the warm-up runs
    out_b = output_bytes(baseline_cmd, env)
    print(f"  output: regterm {out_c / 2**20:,.1f} MiB, sqlite3 {out_b / 2**20:,.1f} MiB")
    cand, base = interleaved(
        lambda: run(candidate_cmd, env, measure_rss=True), lambda: run(baseline_cmd, env, measure_rss=True), runs
    )
    c, b = median_wall(cand), median_wall(base)
    ratio = c / b
    rss_c = max(r.maxrss_kib or 0 for r in cand) / 1024
    rss_b = max(r.maxrss_kib or 0 for r in base) / 1024
    time_ok = ratio <= LARGE_TIME_TARGET
    rss_ok = rss_c < LARGE_RSS_TARGET_MIB
    print(f"  regterm export quotes --format csv : {c:7.2f} s   peak RSS {rss_c:6.1f} MiB")
    print(f"  sqlite3 -csv -header (same SELECT) : {b:7.2f} s   peak RSS {rss_b:6.1f} MiB")
    print(f"  time ratio {ratio:.2f} (target <= {LARGE_TIME_TARGET})  {verdict(time_ok)}")
    print(f"  regterm peak RSS {rss_c:.1f} MiB (target < {LARGE_RSS_TARGET_MIB:.0f} MiB)  {verdict(rss_ok)}")
    return time_ok and rss_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and 100,000 quotes instead of 1,000,000")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached synthetic database")
    parser.add_argument("--small-runs", type=int, help="runs of each command on the bundled db (15; quick: 5)")
    parser.add_argument("--large-runs", type=int, help="runs of each command on the large db (3; quick: 3)")
    parser.add_argument("--only", choices=("small", "large"), help="run one benchmark only")
    args = parser.parse_args(argv)
    small_runs = args.small_runs or (5 if args.quick else 15)
    large_runs = args.large_runs or 3
    quotes = 100_000 if args.quick else 1_000_000

    results: list[bool] = []
    if args.only in (None, "small"):
        results.append(bench_small(small_runs))
    if args.only in (None, "large"):
        results.append(bench_large(quotes, large_runs, args.rebuild))
    print(f"\n{'all targets met' if all(results) else 'some targets missed'}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
