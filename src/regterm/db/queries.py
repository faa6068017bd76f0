"""Read queries shared by the CLI and the explorer. All SQL that reads lives here."""

from __future__ import annotations

import sqlite3

from regterm.db.schema import ENTITY_TABLES


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per entity table."""
    return {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in ENTITY_TABLES}
