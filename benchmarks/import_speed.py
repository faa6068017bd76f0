"""How long importing one record takes, and how much memory, as the database grows (issue: cost follows the work).

Run `.venv/bin/python benchmarks/import_speed.py` from the repository root (`--quick` stops at 100,000 quotes).
For each size the script copies a synthetic database (built once with export_speed.build_database, cached in
/tmp) and times `regterm --db COPY import one.yaml` as a whole process, each run importing a new quote; peak RSS
comes from /usr/bin/time -v (or wait4). The baseline, measured in the same run, is the same import into a personal
database made from the bundled data. Figures are medians; the script exits 1 when a target is missed.
Targets: at 1,000,000 quotes one import under 1 s and under 100 MiB.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from export_speed import BIN, BUNDLED_DB, Run, build_database, child_env, run, verdict

SIZES = (1_000, 10_000, 100_000, 1_000_000)


def one_quote(folder: Path, n: int) -> Path:
    path = folder / f"one-{n}.yaml"
    path.write_text(
        f"""sources:
- slug: bench-src-{n}
  url: https://example.org/bench/{n}
  publisher: Bench
  title: Bench {n}
  published: "2026-11-30"
  primary: false
quotes:
- slug: bench-quote-{n}
  text: A benchmark quote number {n}.
  organisation: {"apple" if "bundled" in folder.name else "alphabet"}
  said: "2026-11-30"
  context: One record imported into a large database.
  source: bench-src-{n}
"""
    )
    return path


def measure(db: Path, folder: Path, runs: int) -> list[Run]:
    env = child_env()
    results = []
    for n in range(runs):
        results.append(run([str(BIN / "regterm"), "--db", str(db), "import", str(one_quote(folder, n))], env, True))
    return results


def synthetic(quotes: int) -> Path:
    name = "1m" if quotes == 1_000_000 else f"{quotes // 1000}k"
    db = Path(f"/tmp/regterm-bench-{name}.db")
    if not db.exists():
        print(f"  building {db} ...", flush=True)
        build_database(db, quotes)
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 100,000 quotes")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [s for s in SIZES if not args.quick or s <= 100_000]
    ok = True
    with tempfile.TemporaryDirectory(prefix="regterm-import-bench-") as tmp:
        folder = Path(tmp) / "bundled"
        folder.mkdir()
        base_db = folder / "personal.db"
        shutil.copy(BUNDLED_DB, base_db)
        base = measure(base_db, folder, args.runs)
        base_wall = statistics.median(r.wall for r in base)
        base_rss = max(r.maxrss_kib or 0 for r in base) / 1024
        print(f"baseline: one record into the bundled data: {base_wall * 1000:.0f} ms, peak {base_rss:.1f} MiB")
        print(f"{'quotes':>10} {'db MiB':>8} {'median ms':>10} {'ratio':>6} {'peak MiB':>9}")
        for size in sizes:
            source = synthetic(size)
            work = Path(tmp) / f"size-{size}"
            work.mkdir()
            db = work / "db.db"
            shutil.copy(source, db)
            results = measure(db, work, args.runs)
            wall = statistics.median(r.wall for r in results)
            rss = max(r.maxrss_kib or 0 for r in results) / 1024
            print(
                f"{size:>10,} {db.stat().st_size / 2**20:>8.0f} {wall * 1000:>10.0f} {wall / base_wall:>6.2f} "
                f"{rss:>9.1f}",
                flush=True,
            )
            if size == 1_000_000:
                good = wall < 1.0 and rss < 100
                ok = ok and good
                print(f"  1M target (< 1 s, < 100 MiB): {verdict(good)}")
            db.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
