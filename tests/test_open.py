"""Opening databases: bundled read-only, --db and REGTERM_DB, and bad files as one-line errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_DB

from regterm import __version__
from regterm.cli import main_group
from regterm.db.connection import DatabaseError, bundled_database_path, connect, open_database
from regterm.db.schema import SCHEMA_VERSION


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    text = tmp_path / "notes.db"
    text.write_text("hello, not a database\n")
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("create table t (x)").connection.commit()
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript(
        "create table meta (key text primary key, value text);"
        "insert into meta values ('application', 'regterm'), ('schema_version', '0');"
    )
    conn.commit()
    return {
        "missing": (tmp_path / "nope.db", "database not found"),
        "directory": (tmp_path, "is a directory"),
        "empty": (empty, "database file is empty"),
        "not sqlite": (text, "not a SQLite database"),
        "no schema": (foreign, "not a regterm database"),
        "old schema": (old, "has schema version 0"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "not sqlite", "no schema", "old schema"])
def test_bad_database_gets_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    path, message = _bad_files(tmp_path)[case]
    result = CliRunner().invoke(main_group, ["--db", str(path), "db", "info"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("regterm: error:") and message in lines[0]


def test_bad_database_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    path, _ = _bad_files(tmp_path)["not sqlite"]
    proc = subprocess.run(
        [sys.executable, "-m", "regterm", "--db", str(path), "db", "check"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_env_var_selects_database(tiny_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGTERM_DB", str(tiny_db))
    result = CliRunner().invoke(main_group, ["db", "info"])
    assert result.exit_code == 0
    assert f"path: {tiny_db}" in result.stdout
    assert "disputes: 2" in result.stdout


def test_bundled_database_is_used_by_default_and_read_only() -> None:
    conn, location = open_database()
    assert location.origin == "bundled"
    assert location.path == bundled_database_path() == BUNDLED_DB
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("delete from quotes")


def test_explicit_database_is_opened_read_only(tiny_db: Path) -> None:
    before = tiny_db.read_bytes()
    conn = connect(tiny_db)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("update companies set name = 'x'")
    conn.close()
    assert tiny_db.read_bytes() == before


def test_connect_raises_database_error_not_sqlite_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError):
        connect(tmp_path / "absent.db")


def test_version_and_info() -> None:
    runner = CliRunner()
    assert runner.invoke(main_group, ["--version"]).stdout.strip() == f"regterm {__version__}"
    info = runner.invoke(main_group, ["db", "info"])
    assert info.exit_code == 0
    assert f"schema version: {SCHEMA_VERSION}" in info.stdout and "origin: bundled" in info.stdout


def test_data_layer_does_not_import_textual() -> None:
    code = (
        "import sys, regterm.db.connection, regterm.db.build, regterm.db.check, regterm.db.queries;"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
