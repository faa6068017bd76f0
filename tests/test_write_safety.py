"""A user's database is a real database: concurrent imports, kill -9, a full disk, links, guards, bad input."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from regterm.cli import main_group
from regterm.db.connection import bundled_database_path


def quote_doc(n: int, count: int = 1) -> dict:
    return {
        "sources": [
            {
                "slug": f"src-{n}",
                "url": f"https://example.org/{n}",
                "publisher": "Example",
                "title": f"Story {n}",
                "published": "2026-11-27",
                "primary": False,
            }
        ],
        "quotes": [
            {
                "slug": f"q-{n}-{i}",
                "text": f"Quote {i} of batch {n}.",
                "organisation": "apple",
                "said": "2026-11-27",
                "context": "A test quote.",
                "companies": ["apple"],
                "source": f"src-{n}",
            }
            for i in range(count)
        ],
    }


def write(tmp_path: Path, name: str, document: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regterm", *args], capture_output=True, text=True, env=env or os.environ.copy()
    )


def count(db: Path, table: str = "quotes", where: str = "1") -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"select count(*) from {table} where {where}").fetchone()[0])
    finally:
        conn.close()


def test_parallel_first_imports_all_land(tmp_path: Path) -> None:
    """Six processes create and write the same personal database at once: every record is there."""
    target = Path(os.environ["REGTERM_USER_DB"])
    files = [write(tmp_path, f"batch{n}.yaml", quote_doc(n)) for n in range(6)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "regterm", "import", str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for f in files
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in procs]
    assert all(code == 0 for code, _ in outcomes), outcomes
    conn = sqlite3.connect(target)
    slugs = {row[0] for row in conn.execute("select slug from quotes where slug like 'q-_-0'")}
    assert slugs == {f"q-{n}-0" for n in range(6)}
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert not list(target.parent.glob(".regterm-*"))


def test_kill_9_leaves_old_or_new_state_and_no_debris(tmp_path: Path) -> None:
    target = tmp_path / "mine.db"
    assert run_cli("--db", str(target), "import", str(write(tmp_path, "seed.yaml", quote_doc(0)))).returncode == 0
    before = count(target)
    big = write(tmp_path, "big.yaml", quote_doc(1, count=3000))
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "regterm", "--db", str(target), "import", str(big)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        conn = sqlite3.connect(target)
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        now = conn.execute("select count(*) from quotes").fetchone()[0]
        conn.close()
        assert now in (before, before + 3000)
        assert not list(tmp_path.glob(".regterm-*"))
        if now != before:
            break


def test_symlink_mode_and_inode_are_kept(tmp_path: Path) -> None:
    real = tmp_path / "team" / "shared.db"
    real.parent.mkdir()
    assert run_cli("--db", str(real), "import", str(write(tmp_path, "a.yaml", quote_doc(1)))).returncode == 0
    os.chmod(real, 0o660)
    inode = real.stat().st_ino
    link = tmp_path / "link.db"
    link.symlink_to(real)
    result = run_cli("--db", str(link), "import", str(write(tmp_path, "b.yaml", quote_doc(2))))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.stat().st_ino == inode
    assert stat.S_IMODE(real.stat().st_mode) == 0o660
    assert count(real, where="slug in ('q-1-0', 'q-2-0')") == 2


def test_full_disk_rolls_back_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLITE_FULL mid-import (a database that may not grow, as on a full disk): nothing is half-written."""
    import regterm.importer as importer
    from regterm.db import connection

    target = tmp_path / "mine.db"
    assert run_cli("--db", str(target), "import", str(write(tmp_path, "seed.yaml", quote_doc(0)))).returncode == 0
    before = count(target)
    real_connect = connection.connect_for_write

    def full_disk(path: Path, check: bool = True) -> sqlite3.Connection:
        conn = real_connect(path, check)
        pages = conn.execute("pragma page_count").fetchone()[0]
        conn.execute(f"pragma max_page_count = {pages}")
        return conn

    monkeypatch.setattr(importer, "connect_for_write", full_disk)
    doc = quote_doc(1, count=400)
    for q in doc["quotes"]:
        q["context"] = "x" * 2000
    result = CliRunner().invoke(main_group, ["--db", str(target), "import", str(write(tmp_path, "big.yaml", doc))])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("regterm: error:") and "full" in lines[0], result.stderr
    assert count(target) == before


def test_unchanged_import_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "mine.db"
    path = write(tmp_path, "a.yaml", quote_doc(1))
    assert run_cli("--db", str(target), "import", str(path)).returncode == 0
    conn = sqlite3.connect(target)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    before = target.read_bytes()
    again = run_cli("--db", str(target), "import", str(path))
    assert again.returncode == 0 and "0 added, 0 updated, 2 unchanged" in again.stderr
    assert target.read_bytes() == before
    assert not Path(f"{target}-wal").exists() or Path(f"{target}-wal").stat().st_size == 0


def test_reset_acts_on_the_named_database_only(tmp_path: Path) -> None:
    personal = Path(os.environ["REGTERM_USER_DB"])
    scratch = tmp_path / "scratch.db"
    doc = write(tmp_path, "a.yaml", quote_doc(1))
    assert run_cli("import", str(doc)).returncode == 0
    assert run_cli("--db", str(scratch), "import", str(doc)).returncode == 0
    result = run_cli("--db", str(scratch), "db", "reset", "--yes")
    assert result.returncode == 0 and str(scratch) in result.stderr
    assert not scratch.exists() and personal.exists()
    env = os.environ | {"REGTERM_DB": str(scratch)}
    assert run_cli("--db", str(scratch), "import", str(doc)).returncode == 0
    assert run_cli("db", "reset", "--yes", env=env).returncode == 0
    assert not scratch.exists() and personal.exists()
    notes = tmp_path / "notes.db"
    notes.write_text("my notes")
    refused = run_cli("--db", str(notes), "db", "reset", "--yes")
    assert refused.returncode == 2 and "refusing to delete" in refused.stderr and notes.read_text() == "my notes"
    bundled = run_cli("--db", str(bundled_database_path()), "db", "reset", "--yes")
    assert bundled.returncode == 2 and bundled_database_path().exists()


def test_build_refuses_an_existing_output_and_an_empty_build(tmp_path: Path) -> None:
    output = tmp_path / "mine.db"
    assert run_cli("--db", str(output), "import", str(write(tmp_path, "a.yaml", quote_doc(1)))).returncode == 0
    before = output.read_bytes()
    records = Path(__file__).resolve().parents[1] / "data" / "records"
    refused = run_cli("db", "build", "--records", str(records), "--output", str(output))
    assert refused.returncode == 2 and "--force" in refused.stderr and output.read_bytes() == before
    empty = tmp_path / "empty-records"
    empty.mkdir()
    fresh = tmp_path / "fresh.db"
    nothing = run_cli("db", "build", "--records", str(empty), "--output", str(fresh))
    assert nothing.returncode == 2 and "no records" in nothing.stderr and not fresh.exists()
    forced = run_cli("db", "build", "--records", str(records), "--output", str(output), "--force")
    assert forced.returncode == 0 and count(output, where="slug = 'q-1-0'") == 0


def test_build_never_writes_the_installed_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from regterm.db import connection

    installed = tmp_path / "site-packages" / "regterm" / "data" / "regterm.db"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(bundled_database_path().read_bytes())
    before = installed.read_bytes()
    monkeypatch.setattr(connection, "bundled_database_path", lambda: installed)
    result = CliRunner().invoke(main_group, ["db", "build", "--output", str(installed), "--force"])
    assert result.exit_code == 2 and "never written" in result.stderr
    assert installed.read_bytes() == before


BAD_YAML = {
    "impossible date": ("quotes:\n- slug: q\n  said: 2025-02-30\n", "'2025-02-30' is not an ISO 8601 date"),
    "huge integer": (
        "disputes:\n- slug: d\n  fine_eur: 99999999999999999999999\n",
        "field 'fine_eur': is larger than",
    ),
    "deep nesting": ("quotes: " + "[" * 200 + "]" * 200 + "\n", "nested more than"),
    "alias bomb": (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)),
        "once its aliases are expanded",
    ),
    "nul byte": ("quotes:\n- slug: q\n  text: 'a\x00b'\n", "contains a NUL byte"),
    "oversized field": ("quotes:\n- slug: q\n  text: '" + "x" * 100_001 + "'\n", "at most 100,000"),
}


@pytest.mark.parametrize("case", sorted(BAD_YAML))
def test_bad_yaml_is_one_line_and_writes_nothing(tmp_path: Path, case: str) -> None:
    text, expected = BAD_YAML[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    target = tmp_path / "mine.db"
    start = time.perf_counter()
    result = run_cli("--db", str(target), "import", str(path))
    assert time.perf_counter() - start < 60
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert str(path) in result.stderr
    assert not target.exists()


BAD_CSV = {
    "duplicate header": ("slug,text,text\nq,a,b\n", "header names text twice"),
    "superscript digit": (
        "slug,url,publisher,title,published,primary\ns,https://e.org/x,P,T,2026-01-01,²\n",
        "expected true or false",
    ),
    "oversized cell": ("slug,text\nq," + "x" * 200_000 + "\n", "longer than 100,000"),
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_bad_csv_is_one_line_and_writes_nothing(tmp_path: Path, case: str) -> None:
    text, expected = BAD_CSV[case]
    name = "sources.csv" if "superscript" in case else "quotes.csv"
    path = tmp_path / name
    path.write_text(text)
    target = tmp_path / "mine.db"
    result = run_cli("--db", str(target), "import", str(path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and expected in result.stderr, result.stderr
    assert not target.exists()


def test_superscript_fine_in_csv_is_a_field_problem(tmp_path: Path) -> None:
    path = tmp_path / "disputes.csv"
    path.write_text("slug,fine_eur\nd,²\n")
    result = run_cli("--db", str(tmp_path / "mine.db"), "import", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "field 'fine_eur': expected a whole number of euros, got '²'" in result.stderr


def test_explorer_follows_an_import_and_survives_a_reset_under_it(tmp_path: Path) -> None:
    """Another terminal imports a company, then resets the database, while the explorer is open."""
    from tui_helpers import drive, settle, slugs

    from regterm.db.refs import Ref
    from regterm.importer import import_files

    db = tmp_path / "mine.db"
    import_files([write(tmp_path, "seed.yaml", quote_doc(0))], db)
    new_company = {"companies": [{"slug": "aaa-new-co", "name": "AAA New Co", "kind": "company"}]}
    notices: list[str] = []

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
        assert "aaa-new-co" not in slugs(app, "companies")
        import_files([write(tmp_path, "new.yaml", new_company)], db)
        app.screen.check_database()
        await settle(pilot)
        listed = slugs(app, "companies")
        app.screen.jump_to(Ref("companies", "aaa-new-co"))  # as picking it in ctrl+p does
        await settle(pilot)
        detail = app.screen.query_one("DetailPane").detail
        result = run_cli("--db", str(db), "db", "reset", "--yes")
        assert result.returncode == 0, result.stderr
        app.screen.check_database()
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        return listed, detail, app.is_running

    listed, detail, running = drive(db, steps)
    assert "aaa-new-co" in listed
    assert detail is not None and detail["record"]["slug"] == "aaa-new-co"
    assert running
    assert any("database changed" in n for n in notices), notices
    assert any("was deleted or reset" in n for n in notices), notices
