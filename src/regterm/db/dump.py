"""Records back out of a database, in the text-record form: the base an import merges into."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from regterm.db import model
from regterm.db.records import Record, RecordSet


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def _slug_of(conn: sqlite3.Connection, table: str, id_: int | None) -> str | None:
    if id_ is None:
        return None
    row = conn.execute(f"select slug from {table} where id = ?", [id_]).fetchone()
    return row[0] if row else None


def _value(f: model.Field, value: Any) -> Any:
    if f.type == "strs":
        return json.loads(value) if value else None
    if f.type == "bool" and value is not None:
        return bool(value)
    return value


def _rows(conn: sqlite3.Connection, sql: str, args: list[Any]) -> list[sqlite3.Row]:
    cursor = conn.execute(sql, args)
    cursor.row_factory = sqlite3.Row
    return cursor.fetchall()


def _link_items(conn: sqlite3.Connection, store: model.LinkStore, owner_id: int) -> list[Any]:
    """A many-link's items in their stored order: slugs, or mappings for links whose items carry values."""
    link = store.link
    role = "and l.role = ?" if store.role is not None else ""
    args: list[Any] = [owner_id, *([store.role] if store.role is not None else [])]
    order = "l.position" if link.ordered else "l.rowid"
    sql = (
        f"select x.slug as target__slug, l.* from {store.table} l join {link.target} x on x.id = l.{store.right} "
        f"where l.{store.left} = ? {role} order by {order}"
    )
    rows = _rows(conn, sql, args)
    if not link.has_items:
        return [row["target__slug"] for row in rows]
    items = []
    for row in rows:
        item: dict[str, Any] = {link.key: row["target__slug"]}
        for m in link.items:
            if isinstance(m, model.Field):
                item[m.name] = _value(m, row[m.col])
            else:
                item[m.name] = _slug_of(conn, m.target, row[model.one_column(m)])
        items.append(_clean(item))
    return items


def _record(conn: sqlite3.Connection, kind: str, row: sqlite3.Row) -> dict[str, Any]:
    """One database row (and its links) in the text-record form."""
    k = model.kind(kind)
    id_ = row["id"]
    data: dict[str, Any] = {}
    for m in k.members:
        if isinstance(m, model.Field):
            data[m.name] = _value(m, row[m.col])
        elif isinstance(m, model.Child):
            owner = model.owner_column(k)
            sql = f"select * from {m.table} where {owner} = ? order by id"
            data[m.name] = [_clean({f.name: _value(f, r[f.col]) for f in m.fields}) for r in _rows(conn, sql, [id_])]
        elif m.many:
            data[m.name] = _link_items(conn, model.store_of(kind, m.name), id_)
        else:
            data[m.name] = _slug_of(conn, m.target, row[model.one_column(m)])
    return _clean(data)


def find_record(conn: sqlite3.Connection, kind: str, slug: str) -> dict[str, Any] | None:
    """The record of this kind and slug in the text-record form, or None."""
    cursor = conn.execute(f"select * from {kind} where slug = ?", [slug])
    cursor.row_factory = sqlite3.Row
    row = cursor.fetchone()
    return None if row is None else _record(conn, kind, row)


def dump_records(conn: sqlite3.Connection, file: str = "(database)") -> RecordSet:
    """Every record in conn as a RecordSet that builds the same database."""
    result = RecordSet()
    for kind in model.tables():
        cursor = conn.execute(f"select * from {kind} order by id")
        cursor.row_factory = sqlite3.Row
        for row in cursor:
            result.add(Record(kind, _record(conn, kind, row), file, 0))
    return result
