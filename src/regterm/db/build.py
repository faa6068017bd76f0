"""Build a database from text records, deterministically: the same records give the same dump."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from regterm.db.records import RecordSet, load_records, record_files, validate
from regterm.db.schema import create_schema
from regterm.db.write import write_records

DATA_VERSION_FILE = "DATA_VERSION"


def build_database(records: RecordSet, output: Path, validated: bool = False, data_version: str | None = None) -> None:
    """Validate records (unless the caller just did) and write a fresh database at output, atomically.

    data_version marks a release's bundled data (meta data_version, and each record's release).
    """
    if not validated:
        validate(records)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".regterm-", suffix=".db", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        conn = sqlite3.connect(tmp)
        try:
            create_schema(conn, data_version)
            write_records(conn, records, release=data_version)
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)


def read_data_version(directory: Path) -> str | None:
    """The release's data version: the DATA_VERSION file beside the records folder (a date, YYYY-MM-DD[.N])."""
    path = directory.parent / DATA_VERSION_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


def build_from_directory(directory: Path, output: Path, allow_empty: bool = False) -> RecordSet:
    """Read every record file under directory and build output from them."""
    records = load_records(record_files(directory), root=directory.parent)
    if records.count() == 0 and not allow_empty:
        raise EmptyBuild(f"no records found in {directory}")
    build_database(records, output, data_version=read_data_version(directory))
    return records


class EmptyBuild(Exception):
    """A build that would write a database with no records."""


def database_dump(path: Path) -> list[str]:
    """The SQL dump of a database: what 'the same database' means for the drift test."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
