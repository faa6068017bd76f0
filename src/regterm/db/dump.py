"""Records back out of a database, in the text-record form: the base an import merges into."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from regterm.db.records import Record, RecordSet
from regterm.db.vocabulary import KINDS


def _slugs(conn: sqlite3.Connection, sql: str, owner: int) -> list[str]:
    return [slug for (slug,) in conn.execute(sql, [owner])]


def _links(link: str, owner: str, other: str, other_col: str, extra: str = "") -> str:
    return (
        f"select x.slug from {link} l join {other} x on x.id = l.{other_col} "
        f"where l.{owner} = ? {extra} order by l.rowid"
    )


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def _slug_of(conn: sqlite3.Connection, table: str, id_: int | None) -> str | None:
    if id_ is None:
        return None
    row = conn.execute(f"select slug from {table} where id = ?", [id_]).fetchone()
    return row[0] if row else None


def _rows(conn: sqlite3.Connection, sql: str, args: list[Any]) -> sqlite3.Cursor:
    cursor = conn.execute(sql, args)
    cursor.row_factory = sqlite3.Row
    return cursor


_LINKED = {
    "companies": ("companies", "company_id"),
    "regulations": ("regulations", "regulation_id"),
    "disputes": ("disputes", "dispute_id"),
}


def _record(conn: sqlite3.Connection, kind: str, row: sqlite3.Row) -> dict[str, Any]:
    """One database row (and its links) in the text-record form."""
    id_ = row["id"]
    if kind == "sources":
        return _clean(
            {
                "slug": row["slug"],
                "url": row["url"],
                "publisher": row["publisher"],
                "title": row["title"],
                "published": row["published"],
                "primary": bool(row["is_primary"]),
                "note": row["note"],
            }
        )
    if kind == "companies":
        designations = [
            _clean(
                {
                    "regulation": d["regulation"],
                    "role": d["role"],
                    "date": d["date"],
                    "services": json.loads(d["services"]) if d["services"] else None,
                    "source": d["source"],
                    "ended": d["ended"],
                    "note": d["note"],
                }
            )
            for d in _rows(
                conn,
                """select r.slug as regulation, d.role, d.date, d.services, s.slug as source, d.ended, d.note
                   from designations d join regulations r on r.id = d.regulation_id
                   join sources s on s.id = d.source_id where d.company_id = ? order by d.id""",
                [id_],
            )
        ]
        return _clean(
            {
                "slug": row["slug"],
                "name": row["name"],
                "kind": row["kind"],
                "country": row["country"],
                "aliases": json.loads(row["aliases"]) if row["aliases"] else None,
                "website": row["website"],
                "description": row["description"],
                "designations": designations,
            }
        )
    if kind == "people":
        return _clean(
            {
                "slug": row["slug"],
                "name": row["name"],
                "role": row["role"],
                "organisation": _slug_of(conn, "companies", row["organisation_id"]),
            }
        )
    if kind == "regulations":
        milestones = [
            dict(m)
            for m in _rows(
                conn, "select date, what from regulation_milestones where regulation_id = ? order by id", [id_]
            )
        ]
        return _clean(
            {
                "slug": row["slug"],
                "name": row["name"],
                "title": row["title"],
                "reference": row["reference"],
                "jurisdiction": row["jurisdiction"],
                "adopted": row["adopted"],
                "in_force": row["in_force"],
                "applies_from": row["applies_from"],
                "url": row["url"],
                "aliases": json.loads(row["aliases"]) if row["aliases"] else None,
                "milestones": milestones,
                "source": _slug_of(conn, "sources", row["source_id"]),
            }
        )
    if kind == "disputes":
        companies = _links("dispute_companies", "dispute_id", "companies", "company_id", "and l.role = 'subject'")
        complainants = _links(
            "dispute_companies", "dispute_id", "companies", "company_id", "and l.role = 'complainant'"
        )
        return _clean(
            {
                "slug": row["slug"],
                "title": row["title"],
                "companies": _slugs(conn, companies, id_),
                "regulator": _slug_of(conn, "companies", row["regulator_id"]),
                "complainants": _slugs(conn, complainants, id_),
                "regulations": _slugs(
                    conn, _links("dispute_regulations", "dispute_id", "regulations", "regulation_id"), id_
                ),
                "legal_basis": row["legal_basis"],
                "case_number": row["case_number"],
                "status": row["status"],
                "opened": row["opened"],
                "decided": row["decided"],
                "announced": row["announced"],
                "fine_eur": row["fine_eur"],
                "summary": row["summary"],
                "sources": _slugs(conn, _links("dispute_sources", "dispute_id", "sources", "source_id"), id_),
            }
        )
    owner = kind[:-1]
    links: dict[str, Any] = {
        name: _slugs(conn, _links(f"{owner}_{name}", f"{owner}_id", table, column), id_)
        for name, (table, column) in _LINKED.items()
    }
    links["source"] = _slug_of(conn, "sources", row["source_id"])
    if kind == "events":
        own = {
            "slug": row["slug"],
            "date": row["date"],
            "kind": row["kind"],
            "title": row["title"],
            "description": row["description"],
        }
        links["other_sources"] = _slugs(conn, _links("event_sources", "event_id", "sources", "source_id"), id_)
    else:
        own = {
            "slug": row["slug"],
            "text": row["text"],
            "speaker": _slug_of(conn, "people", row["speaker_id"]),
            "organisation": _slug_of(conn, "companies", row["organisation_id"]),
            "said": row["said"],
            "context": row["context"],
        }
    return _clean({**own, **links})


def find_record(conn: sqlite3.Connection, kind: str, slug: str) -> dict[str, Any] | None:
    """The record of this kind and slug in the text-record form, or None."""
    cursor = conn.execute(f"select * from {kind} where slug = ?", [slug])
    cursor.row_factory = sqlite3.Row
    row = cursor.fetchone()
    return None if row is None else _record(conn, kind, row)


def dump_records(conn: sqlite3.Connection, file: str = "(database)") -> RecordSet:
    """Every record in conn as a RecordSet that builds the same database."""
    result = RecordSet()
    for kind in KINDS:
        cursor = conn.execute(f"select * from {kind} order by id")
        cursor.row_factory = sqlite3.Row
        for row in cursor:
            result.add(Record(kind, _record(conn, kind, row), file, 0))
    return result
