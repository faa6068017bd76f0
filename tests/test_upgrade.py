"""Upgrades reach personal databases: every released version's database migrates, and bundled data syncs in."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_DB

from regterm.cli import main_group
from regterm.db import upgrade
from regterm.db.build import build_database
from regterm.db.connection import DatabaseLocation, open_database
from regterm.db.dump import dump_records, find_record
from regterm.db.model import tables
from regterm.db.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
# A personal database made by each released version: (file, the user's records in it by kind and slug).
RELEASED = {
    "personal-0.1.0.db": {
        ("sources", "my-notes-2026-11"),
        ("people", "jane-analyst"),
        ("companies", "spotify"),  # a bundled record the user edited
        ("disputes", "my-tracked-case"),
        ("quotes", "jane-on-apple"),
    },
}


def copy_of(name: str, tmp_path: Path) -> Path:
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    return path


def slugs(conn: sqlite3.Connection, kind: str, where: str = "1") -> set[str]:
    return {row[0] for row in conn.execute(f"select slug from {kind} where {where}")}


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_database_migrates_keeps_user_records_and_takes_the_release(tmp_path: Path, name: str) -> None:
    path = copy_of(name, tmp_path)
    result = CliRunner().invoke(main_group, ["--db", str(path), "db", "sync"])
    assert result.exit_code == 0, result.stderr
    assert f"upgrading {path} from schema version" in result.stderr
    conn = sqlite3.connect(path)
    meta = dict(conn.execute("select key, value from meta").fetchall())
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert meta["data_version"] == upgrade.bundled_data_version()
    mine = {(kind, slug) for kind in tables() for slug in slugs(conn, kind, "origin = 'user'")}
    assert mine == RELEASED[name]
    quote = find_record(conn, "quotes", "jane-on-apple")
    assert quote is not None
    assert quote["speaker"] == "jane-analyst" and quote["companies"] == ["apple"]
    assert quote["regulations"] == ["dma"] and quote["disputes"] == ["my-tracked-case"]
    spotify = find_record(conn, "companies", "spotify")
    assert spotify is not None and spotify["description"] == "My own description of Spotify, edited by the user."
    bundled = sqlite3.connect(f"file:{BUNDLED_DB}?mode=ro", uri=True)
    for kind in tables():
        assert slugs(bundled, kind) <= slugs(conn, kind), kind
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    check = CliRunner().invoke(main_group, ["--db", str(path), "db", "check"])
    assert check.exit_code == 0, check.stdout


def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = copy_of("personal-0.1.0.db", tmp_path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("alter table quotes add column half_done text")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setitem(upgrade.MIGRATIONS, 1, broken)
    result = CliRunner().invoke(main_group, ["--db", str(path), "export", "quotes"])
    assert result.exit_code == 2
    assert "the file is as it was" in result.stderr and "Traceback" not in result.stderr
    conn = sqlite3.connect(path)
    conn.execute("pragma wal_checkpoint(truncate)")
    columns = [row[1] for row in conn.execute("pragma table_info(quotes)")]
    assert "half_done" not in columns and "origin" not in columns
    assert dict(conn.execute("select key, value from meta").fetchall())["schema_version"] == "1"


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    shutil.copy(BUNDLED_DB, path)
    conn = sqlite3.connect(path)
    conn.execute("update meta set value = '99' where key = 'schema_version'")
    conn.commit()
    conn.close()
    result = CliRunner().invoke(main_group, ["--db", str(path), "db", "info"])
    assert result.exit_code == 2 and "schema version 99" in result.stderr and "upgrade regterm" in result.stderr


def new_release(tmp_path: Path) -> Path:
    """A newer bundled release: Apple's description changed, Spotify changed too, a dispute added."""
    conn = sqlite3.connect(f"file:{BUNDLED_DB}?mode=ro", uri=True)
    records = dump_records(conn)
    for record in records.records["companies"]:
        if record.slug in ("apple", "spotify"):
            record.data["description"] = f"Release 2099 text for {record.slug}."
    template = next(r for r in records.records["disputes"] if r.slug == "dma-apple-app-store-anti-steering")
    added = type(template)("disputes", {**template.data, "slug": "release-2099-new-case", "title": "A new case"})
    records.records["disputes"].append(added)
    path = tmp_path / "release-2099.db"
    build_database(records, path, data_version="2099-01-01")
    return path


def test_auto_sync_brings_a_release_and_keeps_the_users_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    personal = Path(os.environ["REGTERM_USER_DB"])
    personal.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "personal-0.1.0.db", personal)
    release = new_release(tmp_path)
    monkeypatch.setattr(upgrade, "bundled_database_path", lambda: release)
    notices: list[str] = []
    conn, location = open_database(None, notify=notices.append)
    assert location.origin == "user"
    assert any("upgrading" in n for n in notices) and any("bundled data of 2099-01-01" in n for n in notices)
    assert conn.execute("select count(*) from disputes where slug = 'release-2099-new-case'").fetchone()[0] == 1
    apple = find_record(conn, "companies", "apple")
    spotify = find_record(conn, "companies", "spotify")
    assert apple is not None and apple["description"] == "Release 2099 text for apple."
    assert spotify is not None and spotify["description"] == "My own description of Spotify, edited by the user."
    assert find_record(conn, "quotes", "jane-on-apple") is not None
    dry = CliRunner().invoke(main_group, ["db", "sync", "--dry-run"])
    assert dry.exit_code == 0 and "keep yours (differs from the release): company:spotify" in dry.stdout
    notices.clear()
    open_database(None, notify=notices.append)
    assert notices == []  # synced once; nothing more to say


def test_explicit_database_is_told_not_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = copy_of("personal-0.1.0.db", tmp_path)
    release = new_release(tmp_path)
    monkeypatch.setattr(upgrade, "bundled_database_path", lambda: release)
    notices: list[str] = []
    conn, _ = open_database(path, notify=notices.append)
    assert any("run `regterm db sync`" in n for n in notices)
    assert conn.execute("select count(*) from disputes where slug = 'release-2099-new-case'").fetchone()[0] == 0


def test_explorer_starts_on_a_migrated_database(tmp_path: Path) -> None:
    import asyncio

    from regterm.tui.app import RegtermApp

    path = copy_of("personal-0.1.0.db", tmp_path)
    open_database(path, notify=lambda _m: None)

    async def run() -> str:
        app = RegtermApp(DatabaseLocation(path, "option"), None)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            return [str(p.border_title) for p in app.screen.panes]  # type: ignore[attr-defined]

    titles = asyncio.run(run())
    assert any(t.startswith("Companies") for t in titles) and any("Quotes" in t for t in titles), titles
