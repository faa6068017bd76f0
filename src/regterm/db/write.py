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

from regterm.db.records import Record, RecordSet
from regterm.db.schema import BUNDLED, USER

# Kinds in the order their references need them.
ORDER = ("sources", "companies", "regulations", "people", "disputes", "events", "quotes")

# (link table, owner column, record field, target kind, target column, extra columns given per item)
_LINKS: dict[str, list[tuple[str, str, str, str, str, dict[str, Any]]]] = {
    "disputes": [
        ("dispute_companies", "dispute_id", "companies", "companies", "company_id", {"role": "subject"}),
        ("dispute_companies", "dispute_id", "complainants", "companies", "company_id", {"role": "complainant"}),
        ("dispute_regulations", "dispute_id", "regulations", "regulations", "regulation_id", {}),
        ("dispute_sources", "dispute_id", "sources", "sources", "source_id", {"position": None}),
    ],
    "events": [
        ("event_companies", "event_id", "companies", "companies", "company_id", {}),
        ("event_regulations", "event_id", "regulations", "regulations", "regulation_id", {}),
        ("event_disputes", "event_id", "disputes", "disputes", "dispute_id", {}),
        ("event_sources", "event_id", "other_sources", "sources", "source_id", {"position": None}),
    ],
    "quotes": [
        ("quote_companies", "quote_id", "companies", "companies", "company_id", {}),
        ("quote_regulations", "quote_id", "regulations", "regulations", "regulation_id", {}),
        ("quote_disputes", "quote_id", "disputes", "disputes", "dispute_id", {}),
    ],
}


def _json(items: Iterable[str] | None) -> str | None:
    values = list(items or [])
    return json.dumps(values, ensure_ascii=False) if values else None


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
        own: dict[str, Any]
        if kind == "sources":
            own = {
                "url": r["url"],
                "publisher": r["publisher"],
                "title": r["title"],
                "published": r["published"],
                "is_primary": int(r["primary"]),
                "note": r.get("note"),
            }
        elif kind == "companies":
            own = {
                "name": r["name"],
                "kind": r["kind"],
                "country": r.get("country"),
                "aliases": _json(r.get("aliases")),
                "website": r.get("website"),
                "description": r.get("description"),
            }
        elif kind == "people":
            own = {"name": r["name"], "role": r["role"], "organisation_id": self.id("companies", r.get("organisation"))}
        elif kind == "regulations":
            own = {
                "name": r["name"],
                "title": r["title"],
                "reference": r["reference"],
                "jurisdiction": r["jurisdiction"],
                "adopted": r.get("adopted"),
                "in_force": r.get("in_force"),
                "applies_from": r.get("applies_from"),
                "url": r["url"],
                "aliases": _json(r.get("aliases")),
                "source_id": self.id("sources", r["source"]),
            }
        elif kind == "disputes":
            own = {
                "title": r["title"],
                "regulator_id": self.id("companies", r.get("regulator")),
                "legal_basis": r["legal_basis"],
                "case_number": r.get("case_number"),
                "status": r["status"],
                "opened": r["opened"],
                "decided": r.get("decided"),
                "announced": r.get("announced"),
                "fine_eur": r.get("fine_eur"),
                "summary": r["summary"],
                "source_id": self.id("sources", r["sources"][0]),
            }
        elif kind == "events":
            own = {
                "date": r["date"],
                "kind": r["kind"],
                "title": r["title"],
                "description": r.get("description"),
                "source_id": self.id("sources", r["source"]),
            }
        elif kind == "quotes":
            own = {
                "text": r["text"],
                "speaker_id": self.id("people", r.get("speaker")),
                "organisation_id": self.id("companies", r.get("organisation")),
                "said": r["said"],
                "context": r["context"],
                "source_id": self.id("sources", r["source"]),
            }
        else:
            raise ValueError(kind)
        return {"slug": r["slug"], **own, "origin": self.origin, "release": self.release}

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

    def _replace_links(self, kind: str, record_id: int, data: Mapping[str, Any]) -> None:
        tables = {table for table, *_ in _LINKS.get(kind, [])}
        for table in sorted(tables):
            owner = next(o for t, o, *_ in _LINKS[kind] if t == table)
            self.conn.execute(f"delete from {table} where {owner} = ?", [record_id])
        for table, owner, name, target, column, extra in _LINKS.get(kind, []):
            for position, slug in enumerate(data.get(name) or []):
                values = {owner: record_id, column: self.id(target, slug)}
                values |= {k: position if v is None else v for k, v in extra.items()}
                cols = list(values)
                self.conn.execute(
                    f"insert into {table} ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})",
                    [values[c] for c in cols],
                )
        if kind == "regulations":
            self.conn.execute("delete from regulation_milestones where regulation_id = ?", [record_id])
            for m in sorted(data.get("milestones") or [], key=lambda m: (m["date"], m["what"])):
                self.conn.execute(
                    "insert into regulation_milestones (regulation_id, date, what) values (?, ?, ?)",
                    [record_id, m["date"], m["what"]],
                )

    def designations(self, data: Mapping[str, Any]) -> None:
        """Replace a company's designations (written after regulations exist)."""
        company_id = self.id("companies", str(data["slug"]))
        self.conn.execute("delete from designations where company_id = ?", [company_id])
        for d in data.get("designations") or []:
            self.conn.execute(
                """insert into designations (company_id, regulation_id, role, date, services, source_id, ended, note)
                   values (?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    company_id,
                    self.id("regulations", d["regulation"]),
                    d["role"],
                    d["date"],
                    _json(d.get("services")),
                    self.id("sources", d["source"]),
                    d.get("ended"),
                    d.get("note"),
                ],
            )

    def delete(self, kind: str, slug: str) -> bool:
        """Delete a record and the links it owns, unless something else still points at it."""
        record_id = self.id(kind, slug)
        self.conn.execute("savepoint remove")
        try:
            for table, owner, *_ in _LINKS.get(kind, []):
                self.conn.execute(f"delete from {table} where {owner} = ?", [record_id])
            if kind == "companies":
                self.conn.execute("delete from designations where company_id = ?", [record_id])
            if kind == "regulations":
                self.conn.execute("delete from regulation_milestones where regulation_id = ?", [record_id])
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
        by_kind: dict[str, list[Record]] = {kind: [] for kind in ORDER}
        for record in records:
            by_kind[record.kind].append(record)
        companies: list[Mapping[str, Any]] = []
        for kind in ORDER:
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
                if kind == "companies":
                    companies.append(record.data)
            if kind == "regulations":
                for company in companies:
                    self.designations(company)
        return result


def write_records(
    conn: sqlite3.Connection, records: RecordSet, origin: str = BUNDLED, release: str | None = None
) -> None:
    """Insert validated records into a database that has the schema and no rows (db build)."""
    writer = Writer(conn, origin, release)
    with conn:
        writer.write((r for items in records.records.values() for r in items), compare=False)
