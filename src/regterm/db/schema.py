"""The database schema, derived from the data model (`regterm.db.model`) and created with sqlite-utils."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from regterm.db import model

SCHEMA_VERSION = 2
APPLICATION = "regterm"

# Provenance, on every entity table: where a record came from. "bundled" records carry the data version of the
# release they were taken from ("release"); "user" records were imported, ingested or edited by the user (a user's
# change to a bundled record makes it the user's).
PROVENANCE_COLUMNS: dict[str, Any] = {"origin": str, "release": str}
BUNDLED = "bundled"
USER = "user"


@dataclass
class Table:
    """One table to create: columns in order, primary key, foreign keys, NOT NULL columns, indexed columns."""

    columns: dict[str, Any]
    pk: str | tuple[str, ...] = "id"
    foreign_keys: list[tuple[str, str]] = field(default_factory=list)
    not_null: set[str] = field(default_factory=set)
    indexes: list[str] = field(default_factory=list)
    unique: list[str] = field(default_factory=list)


def _type(f: model.Field) -> Any:
    return int if f.type in ("bool", "int", "money") else str


def _kind_table(k: model.Kind) -> Table:
    t = Table({"id": int})
    for m in k.members:
        if isinstance(m, model.Field):
            t.columns[m.col] = _type(m)
            if m.required:
                t.not_null.add(m.col)
        elif isinstance(m, model.Link) and not m.many:
            column = model.one_column(m)
            t.columns[column] = int
            t.foreign_keys.append((column, m.target))
            if m.required:
                t.not_null.add(column)
        elif isinstance(m, model.Link) and m.first_column:
            t.columns[m.first_column] = int
            t.foreign_keys.append((m.first_column, m.target))
            if m.required:
                t.not_null.add(m.first_column)
    t.columns.update(PROVENANCE_COLUMNS)
    t.not_null.add("origin")
    t.unique.append("slug")
    t.indexes = [c for c, _ in t.foreign_keys] + ([k.field(k.date).col] if k.newest_first and k.date else [])
    return t


def _item_table(k: model.Kind, link: model.Link) -> Table:
    """A many-link whose items carry values (a designation's role and date): a table with an id."""
    left, right = model.owner_column(k), model.target_column(link)
    t = Table({"id": int, left: int, right: int}, foreign_keys=[(left, k.table), (right, link.target)])
    t.not_null |= {left, right}
    for m in link.items:
        if isinstance(m, model.Field):
            t.columns[m.col] = _type(m)
            if m.required:
                t.not_null.add(m.col)
        else:
            column = model.one_column(m)
            t.columns[column] = int
            t.foreign_keys.append((column, m.target))
            if m.required:
                t.not_null.add(column)
    t.indexes = [c for c, _ in t.foreign_keys]
    return t


def _child_table(k: model.Kind, child: model.Child) -> Table:
    owner = model.owner_column(k)
    t = Table({"id": int, owner: int}, foreign_keys=[(owner, k.table)], not_null={owner})
    for f in child.fields:
        t.columns[f.col] = _type(f)
        if f.required:
            t.not_null.add(f.col)
    t.indexes = [owner]
    return t


@model.cached
def tables() -> dict[str, Table]:
    """Every table but the link tables, in creation order (meta first, each kind before what points at it)."""
    result: dict[str, Table] = {"meta": Table({"key": str, "value": str}, pk="key")}
    for table in model.write_order():
        k = model.kind(table)
        result[table] = _kind_table(k)
    for k in model.kinds():
        for child in k.children:
            result[child.table] = _child_table(k, child)
        for link in k.links:
            if link.has_items:
                result[model.link_table(k, link)] = _item_table(k, link)
    return result


@model.cached
def link_tables() -> dict[str, Table]:
    """The link tables of many-links without values: (owner, target[, role][, position])."""
    result: dict[str, Table] = {}
    for store in model.link_stores():
        if store.link.has_items:
            continue
        t = result.get(store.table)
        if t is None:
            t = Table({store.left: int, store.right: int}, not_null={store.left, store.right})
            t.foreign_keys = [(store.left, store.owner), (store.right, store.link.target)]
            t.indexes = [store.right]
            result[store.table] = t
        if store.role is not None:
            t.columns["role"] = str
        if store.link.ordered:
            t.columns["position"] = int
        t.pk = (store.left, store.right, "role") if "role" in t.columns else (store.left, store.right)
    return result


@model.cached
def fts_columns() -> dict[str, tuple[str, ...]]:
    """Columns covered by each kind's FTS5 index."""
    return {k.table: tuple(f.col for f in k.search_fields) for k in model.kinds() if k.search_fields}


def create_link_table(conn: sqlite3.Connection, name: str) -> None:
    """One link table, with the index on its second column (also used by migrations)."""
    _create(conn, name, link_tables()[name])


def _create(conn: sqlite3.Connection, name: str, t: Table) -> None:
    import sqlite_utils

    entity = name in model.tables()
    table = sqlite_utils.Database(conn).table(name)
    table.create(
        t.columns,
        pk=t.pk,
        foreign_keys=t.foreign_keys,
        not_null=t.not_null,
        defaults={"origin": BUNDLED} if entity else None,
    )
    for column in t.unique:
        table.create_index([column], unique=True)
    for column in t.indexes:
        table.create_index([column])


def create_schema(conn: sqlite3.Connection, data_version: str | None = None) -> None:
    """Create every table, index and FTS5 index in an empty database."""
    import sqlite_utils  # only the build and import paths pay for this import

    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    for name, t in tables().items():
        _create(conn, name, t)
    for name in link_tables():
        create_link_table(conn, name)
    for table, columns in fts_columns().items():
        db.table(table).enable_fts(list(columns), fts_version="FTS5", create_triggers=True)
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
