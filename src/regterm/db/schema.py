"""The database schema, created with sqlite-utils, and its version."""

from __future__ import annotations

import sqlite3
from typing import Any

SCHEMA_VERSION = 2
APPLICATION = "regterm"

ENTITY_TABLES = ("companies", "people", "regulations", "disputes", "events", "quotes", "sources")

# Provenance, on every entity table: where a record came from. "bundled" records carry the data version of the
# release they were taken from ("release"); "user" records were imported, ingested or edited by the user (a user's
# change to a bundled record makes it the user's).
PROVENANCE_COLUMNS: dict[str, Any] = {"origin": str, "release": str}
BUNDLED = "bundled"
USER = "user"

# Columns covered by each table's FTS5 index.
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "companies": ("name", "aliases", "description"),
    "people": ("name", "role"),
    "regulations": ("name", "title", "reference", "aliases"),
    "disputes": ("title", "summary", "legal_basis", "case_number"),
    "events": ("title", "description"),
    "quotes": ("text", "context"),
    "sources": ("title", "publisher"),
}

# table -> (columns, foreign keys as (column, other table))
_TABLES: dict[str, tuple[dict[str, Any], list[tuple[str, str]]]] = {
    "meta": ({"key": str, "value": str}, []),
    "sources": (
        {
            "id": int,
            "slug": str,
            "url": str,
            "publisher": str,
            "title": str,
            "published": str,
            "is_primary": int,
            "note": str,
        },
        [],
    ),
    "companies": (
        {
            "id": int,
            "slug": str,
            "name": str,
            "kind": str,
            "country": str,
            "aliases": str,
            "website": str,
            "description": str,
        },
        [],
    ),
    "people": (
        {"id": int, "slug": str, "name": str, "role": str, "organisation_id": int},
        [("organisation_id", "companies")],
    ),
    "regulations": (
        {
            "id": int,
            "slug": str,
            "name": str,
            "title": str,
            "reference": str,
            "jurisdiction": str,
            "adopted": str,
            "in_force": str,
            "applies_from": str,
            "url": str,
            "aliases": str,
            "source_id": int,
        },
        [("source_id", "sources")],
    ),
    "regulation_milestones": (
        {"id": int, "regulation_id": int, "date": str, "what": str},
        [("regulation_id", "regulations")],
    ),
    "designations": (
        {
            "id": int,
            "company_id": int,
            "regulation_id": int,
            "role": str,
            "date": str,
            "services": str,
            "source_id": int,
            "ended": str,
            "note": str,
        },
        [("company_id", "companies"), ("regulation_id", "regulations"), ("source_id", "sources")],
    ),
    "disputes": (
        {
            "id": int,
            "slug": str,
            "title": str,
            "regulator_id": int,
            "legal_basis": str,
            "case_number": str,
            "status": str,
            "opened": str,
            "decided": str,
            "announced": str,
            "fine_eur": int,
            "summary": str,
            "source_id": int,
        },
        [("regulator_id", "companies"), ("source_id", "sources")],
    ),
    "events": (
        {
            "id": int,
            "slug": str,
            "date": str,
            "kind": str,
            "title": str,
            "description": str,
            "source_id": int,
        },
        [("source_id", "sources")],
    ),
    "quotes": (
        {
            "id": int,
            "slug": str,
            "text": str,
            "speaker_id": int,
            "organisation_id": int,
            "said": str,
            "context": str,
            "source_id": int,
        },
        [("speaker_id", "people"), ("organisation_id", "companies"), ("source_id", "sources")],
    ),
}

# Link tables: name -> (left column, left table, right column, right table, extra columns)
LINK_TABLES: dict[str, tuple[str, str, str, str, dict[str, Any]]] = {
    "dispute_companies": ("dispute_id", "disputes", "company_id", "companies", {"role": str}),
    "dispute_regulations": ("dispute_id", "disputes", "regulation_id", "regulations", {}),
    "dispute_sources": ("dispute_id", "disputes", "source_id", "sources", {"position": int}),
    "event_companies": ("event_id", "events", "company_id", "companies", {}),
    "event_regulations": ("event_id", "events", "regulation_id", "regulations", {}),
    "event_disputes": ("event_id", "events", "dispute_id", "disputes", {}),
    "event_sources": ("event_id", "events", "source_id", "sources", {"position": int}),
    "quote_companies": ("quote_id", "quotes", "company_id", "companies", {}),
    "quote_regulations": ("quote_id", "quotes", "regulation_id", "regulations", {}),
    "quote_disputes": ("quote_id", "quotes", "dispute_id", "disputes", {}),
}

NOT_NULL: dict[str, set[str]] = {
    "sources": {"slug", "url", "publisher", "title", "published", "is_primary"},
    "companies": {"slug", "name", "kind"},
    "people": {"slug", "name", "role"},
    "regulations": {"slug", "name", "title", "reference", "jurisdiction", "url"},
    "regulation_milestones": {"regulation_id", "date", "what"},
    "designations": {"company_id", "regulation_id", "role", "date", "source_id"},
    "disputes": {"slug", "title", "status", "opened", "summary", "source_id"},
    "events": {"slug", "date", "kind", "title", "source_id"},
    "quotes": {"slug", "text", "said", "context", "source_id"},
}


def create_link_table(conn: sqlite3.Connection, name: str) -> None:
    """One link table of LINK_TABLES, with the index on its second column (also used by migrations)."""
    import sqlite_utils

    left, left_table, right, right_table, extra = LINK_TABLES[name]
    table = sqlite_utils.Database(conn).table(name)
    table.create(
        {left: int, right: int, **extra},
        pk=(left, right, *extra.keys()) if "role" in extra else (left, right),
        foreign_keys=[(left, left_table), (right, right_table)],
        not_null={left, right},
    )
    table.create_index([right])


def create_schema(conn: sqlite3.Connection, data_version: str | None = None) -> None:
    """Create every table, index and FTS5 index in an empty database."""
    import sqlite_utils  # only the build and import paths pay for this import

    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    for name, (columns, fks) in _TABLES.items():
        pk = "key" if name == "meta" else "id"
        if name in ENTITY_TABLES:
            columns = {**columns, **PROVENANCE_COLUMNS}
        db.table(name).create(
            columns,
            pk=pk,
            foreign_keys=fks,
            not_null=NOT_NULL.get(name, set()) | ({"origin"} if name in ENTITY_TABLES else set()),
            defaults={"origin": BUNDLED} if name in ENTITY_TABLES else None,
        )
        if "slug" in columns:
            db.table(name).create_index(["slug"], unique=True)
        for column, _ in fks:
            db.table(name).create_index([column])
    for name in LINK_TABLES:
        create_link_table(conn, name)
    for table in ("events", "quotes", "disputes"):
        db.table(table).create_index(["date" if table == "events" else "said" if table == "quotes" else "opened"])
    for table, fts_columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(list(fts_columns), fts_version="FTS5", create_triggers=True)
    db.table("meta").insert_all(
        [
            {"key": "application", "value": APPLICATION},
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            *([{"key": "data_version", "value": data_version}] if data_version else []),
        ]
    )


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "insert into meta (key, value) values (?, ?) on conflict(key) do update set value = excluded.value",
        [key, value],
    )
