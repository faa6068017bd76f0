"""The one write path: validated records into a database by slug, inside the caller's transaction.

`db build` writes every record into an empty database; `import`, `ingest --apply` and `db sync` upsert records
into an existing one. A record is written as one upsert of its row (the row and its id are kept, so whatever
points at it still does) and a replacement of its links; FTS indexes follow through their triggers. Nothing here
commits: callers open the transaction (BEGIN IMMEDIATE) and commit or roll back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from regterm.db import model
from regterm.db.records import Record, RecordSet
from regterm.db.schema import BUNDLED, USER


def _json(items: Iterable[str] | None) -> str | None:
    values = list(items or [])
    return json.dumps(values, ensure_ascii=False) if values else None


def _stored(f: model.Field, value: Any) -> Any:
    """A field's value as its column holds it: lists as JSON, booleans as 0/1."""
    if f.type == "strs":
        return _json(value)
    if f.type == "bool" and value is not None:
        return int(value)
    return value


@dataclass
class WriteResult:
    """What a write did, by (kind, slug)."""

    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)


class Writer:
    """Writes records into conn by slug; ids of referenced records are looked up once and cached."""

    def __init__(self, conn: sqlite3.Connection, origin: str = USER, release: str | None = None) -> None:
        self.conn = conn
        self.origin = origin
        self.release = release if origin == BUNDLED else None
        self._ids: dict[tuple[str, str], int] = {}

    def id(self, kind: str, slug: str | None) -> int | None:
        if not slug:
            return None
        key = (kind, slug)
        if key not in self._ids:
            row = self.conn.execute(f"select id from {kind} where slug = ?", [slug]).fetchone()
            if row is None:
                raise LookupError(f"unknown {kind} '{slug}'")
            self._ids[key] = int(row[0])
        return self._ids[key]

    def columns(self, kind: str, r: Mapping[str, Any]) -> dict[str, Any]:
        """The record's own row (without id), provenance included."""
        row: dict[str, Any] = {}
        for m in model.kind(kind).members:
            if isinstance(m, model.Field):
                row[m.col] = _stored(m, r.get(m.name))
            elif isinstance(m, model.Link) and not m.many:
                row[model.one_column(m)] = self.id(m.target, r.get(m.name))
            elif isinstance(m, model.Link) and m.first_column:
                items = r.get(m.name) or []
                row[m.first_column] = self.id(m.target, items[0]) if items else None
        return {**row, "origin": self.origin, "release": self.release}

    def upsert(self, kind: str, data: Mapping[str, Any]) -> int:
        """Insert or update one record's row by slug and replace its links; returns its id."""
        row = self.columns(kind, data)
        names = list(row)
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "slug")
        sql = (
            f"insert into {kind} ({', '.join(names)}) values ({', '.join('?' for _ in names)}) "
            f"on conflict(slug) do update set {updates} returning id"
        )
        record_id = int(self.conn.execute(sql, [row[n] for n in names]).fetchone()[0])
        self._ids[(kind, str(data["slug"]))] = record_id
        self._replace_links(kind, record_id, data)
        return record_id

    def _insert(self, table: str, values: dict[str, Any]) -> None:
        cols = list(values)
        self.conn.execute(
            f"insert into {table} ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})",
            [values[c] for c in cols],
        )

    def _clear_links(self, kind: str, record_id: int) -> None:
        """Delete every link, item and child row the record owns."""
        k = model.kind(kind)
        owned = {store.table for store in model.link_stores() if store.owner == kind}
        owned |= {child.table for child in k.children}
        for table in sorted(owned):
            self.conn.execute(f"delete from {table} where {model.owner_column(k)} = ?", [record_id])

    def _replace_links(self, kind: str, record_id: int, data: Mapping[str, Any]) -> None:
        k = model.kind(kind)
        self._clear_links(kind, record_id)
        owner = model.owner_column(k)
        for store in (s for s in model.link_stores() if s.owner == kind):
            for position, item in enumerate(data.get(store.link.name) or []):
                values: dict[str, Any]
                if store.link.has_items:
                    values = {owner: record_id, store.right: self.id(store.link.target, item[store.link.key])}
                    for m in store.link.items:
                        if isinstance(m, model.Field):
                            values[m.col] = _stored(m, item.get(m.name))
                        else:
                            values[model.one_column(m)] = self.id(m.target, item.get(m.name))
                else:
                    values = {owner: record_id, store.right: self.id(store.link.target, item)}
                    if store.role is not None:
                        values["role"] = store.role
                    if store.link.ordered:
                        values["position"] = position
                self._insert(store.table, values)
        for child in k.children:
            rows = data.get(child.name) or []
            for item in sorted(rows, key=lambda i: tuple(str(i.get(name, "")) for name in child.order)):
                values = {owner: record_id} | {f.col: _stored(f, item.get(f.name)) for f in child.fields}
                self._insert(child.table, values)

    def delete(self, kind: str, slug: str) -> bool:
        """Delete a record and the links it owns, unless something else still points at it."""
        record_id = self.id(kind, slug)
        self.conn.execute("savepoint remove")
        try:
            self._clear_links(kind, int(record_id or 0))
            self.conn.execute(f"delete from {kind} where id = ?", [record_id])
        except sqlite3.IntegrityError:
            self.conn.execute("rollback to remove")
            self.conn.execute("release remove")
            return False
        self.conn.execute("release remove")
        self._ids.pop((kind, slug), None)
        return True

    def write(
        self, records: Iterable[Record], compare: bool = True, progress: Callable[[int], None] | None = None
    ) -> WriteResult:
        """Write records kind by kind in reference order (slug order within a kind).

        With compare, a record equal to what the database holds is not written at all.
        """
        from regterm.db.dump import find_record

        result = WriteResult()
        by_kind: dict[str, list[Record]] = {kind: [] for kind in model.write_order()}
        for record in records:
            by_kind[record.kind].append(record)
        for kind in model.write_order():
            for record in sorted(by_kind[kind], key=lambda r: r.slug):
                if progress is not None:
                    progress(1)
                key = (kind, record.slug)
                before = find_record(self.conn, kind, record.slug) if compare else None
                if before is not None and before == record.data:
                    result.unchanged.append(key)
                    continue
                (result.updated if before is not None else result.added).append(key)
                self.upsert(kind, record.data)
        return result


def write_records(
    conn: sqlite3.Connection, records: RecordSet, origin: str = BUNDLED, release: str | None = None
) -> None:
    """Insert validated records into a database that has the schema and no rows (db build)."""
    writer = Writer(conn, origin, release)
    with conn:
        writer.write((r for items in records.records.values() for r in items), compare=False)
