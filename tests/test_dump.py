"""Dumping a database back to records, the base of imports: it must rebuild the same database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import BUNDLED_DB

from regterm.db.build import build_database, database_dump
from regterm.db.dump import dump_records


def test_bundled_database_round_trips(tmp_path: Path) -> None:
    conn = sqlite3.connect(f"file:{BUNDLED_DB}?mode=ro", uri=True)
    records = dump_records(conn)
    (version,) = conn.execute("select value from meta where key = 'data_version'").fetchone()
    rebuilt = tmp_path / "rebuilt.db"
    build_database(records, rebuilt, data_version=version)
    assert database_dump(rebuilt) == database_dump(BUNDLED_DB)


def test_tiny_database_round_trips(tiny_db: Path, tmp_path: Path) -> None:
    records = dump_records(sqlite3.connect(tiny_db))
    assert {r.slug for r in records.records["quotes"]} == {"ek-farce", "commission-meta"}
    dispute = next(r.data for r in records.records["disputes"] if r.slug == "apple-anti-steering")
    assert dispute["complainants"] == ["spotify"] and dispute["fine_eur"] == 500000000
    build_database(records, tmp_path / "again.db")
    assert database_dump(tmp_path / "again.db") == database_dump(tiny_db)
