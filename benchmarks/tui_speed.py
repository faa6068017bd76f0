"""How fast the explorer (`regterm` with no command) shows data and follows the user, on big databases.

Usage:
    .venv/bin/python benchmarks/tui_speed.py            # full run: bundled db + 1,000,000 quotes
    .venv/bin/python benchmarks/tui_speed.py --quick    # fewer runs, 100,000 quotes
    .venv/bin/python benchmarks/tui_speed.py --rebuild  # rebuild the cached synthetic database first

1. first frame: whole processes. A child starts RegtermApp headless (120x40) and exits right after the
   refresh that shows the Companies pane's first rows; the baseline child is a minimal Textual app with
   one DataTable filled from `select slug, name from companies order by name limit 100` of the same file,
   exiting after the refresh that shows them. Median of 11 interleaved runs each, on the bundled database
   and on the synthetic one. Target: regterm's median at most 1.3x the baseline's.
2. pane updates: in one child process, App.run_test (120x40) on the synthetic database. From
   `screen.select(Ref(...))` (or from a filter keystroke: '/', then a letter) until every reloaded pane
   has handled its first page of the new generation (and, separately, until every count in the pane
   titles is known); sorts a pane from its own order to a column's (the count is kept). Median of 5 per case
   and the worst. The facets view's query (Store.facets, run in a worker) is timed alongside, without a
   target. Targets: every pane update under 50 ms, and the child's peak RSS under 100 MiB.

The synthetic database is export_speed.py's (same builder, imported), copied to its own file and given
what export_speed.py does not need: a company linked to five quotes, a dozen disputes linked to
companies, regulations and quotes, and DMA designations. Exit status: 0 when every target passes.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from export_speed import BUNDLED_DB, ROOT, Run, build_database, child_env, interleaved, median_wall, run, verdict

FIRST_FRAME_TARGET = 1.3
PANE_TARGET_MS = 50.0
RSS_TARGET_MIB = 100.0
SIZE = (120, 40)
EXTRAS_VERSION = "1"  # bump when add_explorer_records changes, so cached databases are rebuilt


# --------------------------------------------------------------------------------------------------
# The synthetic database: export_speed's builder, plus records the explorer's cases need
# --------------------------------------------------------------------------------------------------


def synthetic_db(quotes: int, rebuild: bool) -> Path:
    """/tmp/regterm-bench-tui-1m.db (or -100k): export_speed's database plus add_explorer_records."""
    tag = "1m" if quotes == 1_000_000 else f"{quotes // 1000}k"
    path = Path(f"/tmp/regterm-bench-tui-{tag}.db")
    if path.exists() and not rebuild and _extras_version(path) == EXTRAS_VERSION:
        return path
    shared = Path(f"/tmp/regterm-bench-{tag}.db")  # export_speed.py's cache: same builder, same seed
    tmp = path.with_name(path.name + ".building")
    start = time.perf_counter()
    if shared.exists() and not rebuild:
        print(f"  copying {shared} to {path} ...")
        shutil.copyfile(shared, tmp)
    else:
        print(f"  building {path} with export_speed.build_database ...")
        build_database(tmp, quotes)
    add_explorer_records(tmp, quotes)
    tmp.replace(path)
    print(f"  ready in {time.perf_counter() - start:.1f} s, {path.stat().st_size / 2**20:.0f} MiB")
    return path


def _extras_version(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("select value from meta where key = 'bench_tui_extras'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        conn.close()
    return row[0] if row else None


def add_explorer_records(path: Path, quotes: int, seed: int = 2) -> None:
    """A company with five quotes, 12 disputes (subjects, complainants, regulations, ~0.05% of quotes each)
    and DMA designations, so that every pane has something to narrow to."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    ids = dict(conn.execute("select slug, id from companies"))
    regs = dict(conn.execute("select slug, id from regulations"))
    tiny = max(ids.values()) + 1
    conn.execute(
        "insert into companies (id, slug, name, kind, country, aliases, website, description) "
        "values (?, 'tiny-ventures', 'Tiny Ventures', 'company', 'BE', '[]', null, 'A firm quoted five times.')",
        [tiny],
    )
    conn.executemany(
        "insert into quote_companies (quote_id, company_id) values (?, ?)",
        [(q, tiny) for q in sorted(rng.sample(range(1, quotes + 1), 5))],
    )
    firms = [ids[s] for s in ("apple", "alphabet", "meta", "amazon", "microsoft", "bytedance", "booking")]
    conn.executemany(
        "insert into designations (company_id, regulation_id, role, date, services, source_id) "
        "values (?, ?, 'gatekeeper', '2023-09-06', '[\"core platform service\"]', 1)",
        [(c, regs["dma"]) for c in firms],
    )
    regulator = ids["european-commission"]
    per_dispute = max(50, quotes // 2000)
    for d in range(1, 13):
        subject = firms[d % len(firms)]
        conn.execute(
            "insert into disputes (id, slug, title, regulator_id, legal_basis, case_number, status, opened, "
            "decided, fine_eur, summary, source_id) values (?, ?, ?, ?, 'Article 6(4) DMA', ?, ?, ?, ?, ?, ?, ?)",
            [
                d,
                f"dispute-{d:02d}",
                f"Proceedings number {d} on platform compliance",
                regulator,
                f"DMA.1000{d:02d}",
                "open" if d % 3 else "decided",
                f"2024-{d:02d}-15",
                None if d % 3 else "2025-04-23",
                (d * 50_000_000) if d % 3 == 0 else None,
                "A synthetic dispute.",
                d,
            ],
        )
        conn.execute("insert into dispute_companies values (?, ?, 'subject')", [d, subject])
        conn.execute("insert into dispute_companies values (?, ?, 'complainant')", [d, firms[(d + 3) % len(firms)]])
        conn.execute("insert into dispute_regulations values (?, ?)", [d, regs["dma" if d % 2 else "dsa"]])
        conn.executemany(
            "insert into quote_disputes (quote_id, dispute_id) values (?, ?)",
            [(q, d) for q in sorted(rng.sample(range(1, quotes + 1), per_dispute))],
        )
    conn.execute("insert or replace into meta (key, value) values ('bench_tui_extras', ?)", [EXTRAS_VERSION])
    conn.commit()
    conn.execute("analyze")
    conn.commit()
    conn.close()


# --------------------------------------------------------------------------------------------------
# 1. First frame with data: whole processes
# --------------------------------------------------------------------------------------------------

# Both children exit with os._exit right after the refresh that shows their rows: a normal exit would
# also wait for regterm's still-running worker threads (the pane counts), which is not the first frame.
# Exit status 3: the hook ran but no rows were shown; 4: nothing shown within 120 s.

REGTERM_CHILD = """
import os, sys, threading
from regterm.db.connection import connect, locate_database
from regterm.tui.app import RegtermApp
from regterm.tui.widgets.pane import RecordPane

threading.Timer(120, os._exit, (4,)).start()
location = locate_database(sys.argv[1] or None)
connect(location.path, immutable=location.is_bundled).close()  # as tui_launch.launch does

handlers = RecordPane._decorated_handlers[RecordPane.RowsLoaded]
index = next(i for i, (m, _) in enumerate(handlers) if m.__name__ == "_show_rows")
show_rows, selectors = handlers[index]
fired = []

def hooked(self, message):
    show_rows(self, message)
    table = self.data_table
    if self.id == "pane-companies" and table.row_count and not fired:
        fired.append(True)
        self.call_after_refresh(lambda: os._exit(0 if table.row_count else 3))

handlers[index] = (hooked, selectors)
RecordPane._show_rows = hooked
RegtermApp(location).run(headless=True, size=__SIZE__)
os._exit(5)
""".replace("__SIZE__", repr(SIZE))

BASELINE_CHILD = """
import os, sqlite3, sys, threading
from urllib.parse import quote
from textual.app import App
from textual.widgets import DataTable

threading.Timer(120, os._exit, (4,)).start()

class FirstFrame(App):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("slug", "name")
        conn = sqlite3.connect(f"file:{quote(sys.argv[1])}?mode=ro", uri=True)
        table.add_rows(conn.execute("select slug, name from companies order by name limit 100"))
        conn.close()
        self.call_after_refresh(lambda: os._exit(0 if table.row_count else 3))

FirstFrame().run(headless=True, size=__SIZE__)
os._exit(5)
""".replace("__SIZE__", repr(SIZE))


def bench_first_frame(label: str, db: Path | None, runs: int) -> bool:
    """db None: the bundled database, found the way a user without an import finds it."""
    env = child_env()
    regterm_cmd = [sys.executable, "-c", REGTERM_CHILD, str(db) if db else ""]
    baseline_cmd = [sys.executable, "-c", BASELINE_CHILD, str(db or BUNDLED_DB)]
    print(f"== first frame: {label}, median of {runs} runs each ==")
    run(regterm_cmd, env)  # warm-up: page cache and bytecode cache
    run(baseline_cmd, env)
    cand, base = interleaved(lambda: run(regterm_cmd, env), lambda: run(baseline_cmd, env), runs)
    c, b = median_wall(cand), median_wall(base)
    ratio = c / b
    ok = ratio <= FIRST_FRAME_TARGET
    print(f"  regterm explorer, Companies rows shown : {c * 1000:7.1f} ms  (min {_min_ms(cand):.1f})")
    print(f"  minimal Textual app, one DataTable     : {b * 1000:7.1f} ms  (min {_min_ms(base):.1f})")
    print(f"  ratio {ratio:.2f} (target <= {FIRST_FRAME_TARGET})  {verdict(ok)}")
    return ok


def _min_ms(runs: list[Run]) -> float:
    return min(r.wall for r in runs) * 1000


# --------------------------------------------------------------------------------------------------
# 2. Pane updates: in-process, App.run_test, in a child of this script (for a clean peak RSS)
# --------------------------------------------------------------------------------------------------

# (label, kind, argument): select a Ref, type a filter letter into one pane's '/' filter, or sort a pane.
CASES: list[tuple[str, str, tuple[str, str]]] = [
    ("select company apple (many quotes)", "select", ("companies", "apple")),
    ("select company tiny-ventures (5 quotes)", "select", ("companies", "tiny-ventures")),
    ("select regulation dma", "select", ("regulations", "dma")),
    ("select dispute dispute-03", "select", ("disputes", "dispute-03")),
    ("filter companies: '/', 'a'", "filter", ("companies", "a")),
    ("filter quotes: '/', 'a' (matches most)", "filter", ("quotes", "a")),
    ("filter quotes: '/', 'x' (matches none)", "filter", ("quotes", "x")),
    ("sort quotes by date, oldest first (indexed)", "sort", ("quotes", "said")),
    ("sort disputes by fine, largest first", "sort", ("disputes", "-fine_eur")),
]
# (label, selection or None, table, dimension): the facets view's query (Store.facets, as its worker runs it)
FACET_CASES: list[tuple[str, tuple[str, str] | None, str, str]] = [
    ("facet quotes by speaker, apple selected", ("companies", "apple"), "quotes", "speaker"),
    ("facet quotes by year, all", None, "quotes", "year"),
    ("facet disputes by status, all (with fines)", None, "disputes", "status"),
]
WAIT_LIMIT = 180.0  # seconds before a case counts as hung


class Recorder:
    """When each pane handled the first page, and learned the count, of each generation."""

    def __init__(self) -> None:
        self.pages: dict[tuple[str, int], float] = {}
        self.painted: dict[tuple[str, int], float] = {}
        self.totals: dict[tuple[str, int], float] = {}

    def install(self) -> None:
        """Wrap RecordPane's RowsLoaded handler (the @on registry, so the product code is untouched)."""
        from regterm.tui.widgets.pane import RecordPane

        handlers = RecordPane._decorated_handlers[RecordPane.RowsLoaded]
        index = next(i for i, (m, _) in enumerate(handlers) if m.__name__ == "_show_rows")
        show_rows, selectors = handlers[index]
        recorder = self

        def hooked(pane: Any, message: Any) -> None:
            show_rows(pane, message)
            now = time.perf_counter()
            if message.generation != pane.state.generation:
                return
            key = (pane.spec.table, message.generation)
            if message.offset == 0 and key not in recorder.pages:
                recorder.pages[key] = now
                pane.call_after_refresh(lambda: recorder.painted.setdefault(key, time.perf_counter()))
            if pane.state.total is not None and key not in recorder.totals:
                recorder.totals[key] = now

        hooked.__name__ = "_show_rows"
        handlers[index] = (hooked, selectors)
        RecordPane._show_rows = hooked  # type: ignore[method-assign]  # direct calls (the screen's batched pages)

    async def wait(self, keys: list[tuple[str, int]]) -> bool:
        deadline = time.perf_counter() + WAIT_LIMIT
        while not all(k in self.painted and k in self.totals for k in keys):
            if time.perf_counter() > deadline:
                return False
            await asyncio_sleep(0.0005)
        return True


async def asyncio_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def settle(pilot: Any) -> None:
    """Wait until every worker has finished and its messages are handled (as tests/tui_helpers.py)."""
    for _ in range(20):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return


async def pane_cases(db: Path, runs: int, with_detail: bool) -> dict[str, Any]:
    from regterm.db.connection import DatabaseLocation
    from regterm.db.refs import Ref
    from regterm.tui.app import RegtermApp
    from regterm.tui.screens.main import MainScreen

    recorder = Recorder()
    recorder.install()
    if not with_detail:
        # The Detail pane as shipped loads and renders every linked record (see detail_probe): on a big
        # database that blocks the UI for seconds per highlight, so the pane path is measured without it.
        MainScreen.load_detail = lambda self, ref: None  # type: ignore[method-assign]
    app = RegtermApp(DatabaseLocation(db, "option"))
    results: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        for label, kind, (table, arg) in CASES:
            samples: list[dict[str, float]] = []
            for i in range(runs + 1):  # the first run warms the page cache and is not kept
                screen.set_chain(())
                await settle(pilot)
                pane = screen.pane(table)
                if kind == "select":
                    before = {p.spec.table: p.state.generation for p in screen.panes}
                    start = time.perf_counter()
                    screen.select(Ref(table, arg))
                    # A pane whose rows would not change is not reloaded (its mark moves): nothing to wait for.
                    keys = [
                        (p.spec.table, p.state.generation)
                        for p in screen.panes
                        if p.state.generation != before[p.spec.table]
                    ]
                elif kind == "sort":
                    pane.sort_by(None)
                    await settle(pilot)
                    start = time.perf_counter()
                    pane.sort_by(arg)  # the count is kept: the same rows in another order
                    keys = [(table, pane.state.generation)]
                else:
                    pane.data_table.focus()
                    await pilot.press("slash")
                    await settle(pilot)
                    keys = [(table, pane.state.generation + 1)]
                    start = time.perf_counter()
                    await pilot.press(arg)
                if not await recorder.wait(keys):
                    raise SystemExit(f"{label}: panes not updated within {WAIT_LIMIT:.0f} s")
                sample = {
                    "rows": max(recorder.pages[k] for k in keys) - start,
                    "painted": max(recorder.painted[k] for k in keys) - start,
                    "counts": max(recorder.totals[k] for k in keys) - start,
                    "slowest": max(keys, key=lambda k: recorder.pages[k])[0],
                }
                await settle(pilot)
                if kind == "filter":
                    screen.action_step_back()  # closes and clears the filter
                    await settle(pilot)
                if kind == "sort":
                    pane.sort_by(None)
                    await settle(pilot)
                if i:
                    samples.append(sample)
            results[label] = samples
            print(f"    {label}: done", file=sys.stderr, flush=True)
        results["_facets"] = facet_cases(app, runs)
    results["_maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return results


def facet_cases(app: Any, runs: int) -> dict[str, list[float]]:
    """Seconds per facets query (what the view's worker runs), the first run of each warming the cache."""
    from regterm.db.refs import Ref
    from regterm.tui.scope import Scope

    timings: dict[str, list[float]] = {}
    for label, selected, table, dimension in FACET_CASES:
        chain = [] if selected is None else [Ref(*selected)]
        filters = Scope().filters_for(table, chain)
        samples = []
        for i in range(runs + 1):
            start = time.perf_counter()
            app.store.facets(table, dimension, filters)
            if i:
                samples.append(time.perf_counter() - start)
        timings[label] = samples
        print(f"    {label}: done", file=sys.stderr, flush=True)
    return timings


def pane_child(db: Path, runs: int, with_detail: bool) -> None:
    import asyncio

    results = asyncio.run(pane_cases(db, runs, with_detail))
    print(json.dumps(results))


def bench_panes(db: Path, runs: int, with_detail: bool) -> bool:
    detail = "Detail pane as shipped" if with_detail else "Detail pane loading disabled, see the probe below"
    print(f"== pane updates: {db}, App.run_test {SIZE[0]}x{SIZE[1]}, median of {runs} per case ({detail}) ==")
    start = time.perf_counter()
    cmd = [sys.executable, __file__, "--pane-child", str(db), "--pane-runs", str(runs)]
    proc = subprocess.run(cmd + (["--with-detail"] if with_detail else []), stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the pane benchmark child failed (exit {proc.returncode})")
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  ({time.perf_counter() - start:.0f} s)")
    rss_mib = results.pop("_maxrss_kib") / 1024
    facet_timings = results.pop("_facets", {})
    print(f"  {'case':42} {'rows median':>11} {'worst':>8} {'painted':>8} {'counts median':>13} {'worst':>8}  slowest")
    worst_all = 0.0
    for label, samples in results.items():
        rows = [s["rows"] * 1000 for s in samples]
        painted = [s["painted"] * 1000 for s in samples]
        counts = [s["counts"] * 1000 for s in samples]
        slowest = max(samples, key=lambda s: s["rows"])["slowest"]
        worst_all = max(worst_all, max(rows))
        print(
            f"  {label:42} {statistics.median(rows):8.1f} ms {max(rows):5.0f} ms {statistics.median(painted):5.0f} ms"
            f" {statistics.median(counts):10.1f} ms {max(counts):5.0f} ms  {slowest}"
        )
    for label, seconds in facet_timings.items():  # a worker's query: the view shows "counting" meanwhile
        ms = [t * 1000 for t in seconds]
        print(f"  {label:42} {statistics.median(ms):8.1f} ms {max(ms):5.0f} ms  (facets view, in a worker)")
    time_ok = worst_all < PANE_TARGET_MS
    rss_ok = rss_mib < RSS_TARGET_MIB
    print(f"  worst pane update {worst_all:.1f} ms (target < {PANE_TARGET_MS:.0f} ms)  {verdict(time_ok)}")
    print(f"  peak RSS {rss_mib:.1f} MiB (target < {RSS_TARGET_MIB:.0f} MiB)  {verdict(rss_ok)}")
    return time_ok and rss_ok


# --------------------------------------------------------------------------------------------------
# 3. The Detail pane's load, outside Textual (as shipped it lists every linked record)
# --------------------------------------------------------------------------------------------------

DETAIL_CASES = (("companies", "tiny-ventures"), ("regulations", "dma"), ("companies", "apple"))


def detail_probe_child(db: Path) -> None:
    """Store.detail and the text the Detail pane renders, per record; one process so RSS is cumulative."""
    from regterm.db.connection import DatabaseLocation
    from regterm.db.refs import Ref
    from regterm.render import detail_text
    from regterm.tui.store import Store

    store = Store(DatabaseLocation(db, "option"))
    out = []
    for table, slug in DETAIL_CASES:
        start = time.perf_counter()
        detail = store.detail(Ref(table, slug))
        loaded = time.perf_counter()
        text = detail_text(detail)
        rendered = time.perf_counter()
        linked = sum(len(v) for v in detail["linked"].values())
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out.append([f"{table}:{slug}", loaded - start, rendered - loaded, linked, len(text.plain), rss])
    print(json.dumps(out))


def bench_detail(db: Path) -> bool:
    print("== Detail pane load (as shipped): Store.detail + render.detail_text, one run each ==")
    proc = subprocess.run([sys.executable, __file__, "--detail-probe", str(db)], stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the detail probe failed (exit {proc.returncode})")
    worst = 0.0
    for ref, load, render, linked, chars, rss in json.loads(proc.stdout.strip().splitlines()[-1]):
        worst = max(worst, (load + render) * 1000)
        print(
            f"  {ref:26} query {load * 1000:8.1f} ms  detail_text {render * 1000:8.1f} ms  "
            f"{linked:8,} linked rows  {chars / 2**20:6.1f} M chars  peak RSS so far {rss / 1024:6.1f} MiB"
        )
    rss_mib = rss / 1024
    time_ok, rss_ok = worst < PANE_TARGET_MS, rss_mib < RSS_TARGET_MIB
    print(f"  slowest Detail load {worst:.0f} ms (target < {PANE_TARGET_MS:.0f} ms)  {verdict(time_ok)}")
    print(f"  peak RSS {rss_mib:.1f} MiB (target < {RSS_TARGET_MIB:.0f} MiB)  {verdict(rss_ok)}")
    print("  (Textual then lays out that text on every refresh of the Detail pane, on the UI thread.)")
    return time_ok and rss_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and 100,000 quotes instead of 1,000,000")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached synthetic database")
    parser.add_argument("--only", choices=("frame", "panes", "detail"), help="run one benchmark only")
    parser.add_argument("--frame-runs", type=int, help="runs of each child per database (11; quick: 5)")
    parser.add_argument("--pane-runs", type=int, help="timed runs per pane case (5; quick: 3)")
    parser.add_argument(
        "--with-detail", action="store_true", help="keep the Detail pane loading during pane updates (slow on 1M)"
    )
    parser.add_argument("--pane-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--detail-probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pane_child:
        pane_child(args.pane_child, args.pane_runs or 5, args.with_detail)
        return 0
    if args.detail_probe:
        detail_probe_child(args.detail_probe)
        return 0
    frame_runs = args.frame_runs or (5 if args.quick else 11)
    pane_runs = args.pane_runs or (3 if args.quick else 5)
    quotes = 100_000 if args.quick else 1_000_000

    print(f"== synthetic database: {quotes:,} quotes ==")
    db = synthetic_db(quotes, args.rebuild)
    results: list[bool] = []
    if args.only in (None, "frame"):
        results.append(bench_first_frame(f"bundled database ({BUNDLED_DB.relative_to(ROOT)})", None, frame_runs))
        results.append(bench_first_frame(f"{quotes:,} quotes ({db})", db, frame_runs))
    if args.only in (None, "panes"):
        results.append(bench_panes(db, pane_runs, args.with_detail))
    if args.only in (None, "detail"):
        results.append(bench_detail(db))
    print(f"\n{'all targets met' if all(results) else 'some targets missed'}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
