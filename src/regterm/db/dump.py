"""Records back out of a database, in the text-record form: the base an import merges into."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from regterm.db.records import Record, RecordSet


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


def dump_records(conn: sqlite3.Connection, file: str = "(database)") -> RecordSet:
    """Every record in conn as a RecordSet that builds the same database."""
    conn.row_factory = sqlite3.Row
    result = RecordSet()

    def add(kind: str, data: dict[str, Any]) -> None:
        result.add(Record(kind, _clean(data), file, 0))

    for s in conn.execute("select * from sources order by id"):
        add(
            "sources",
            {
                "slug": s["slug"],
                "url": s["url"],
                "publisher": s["publisher"],
                "title": s["title"],
                "published": s["published"],
                "primary": bool(s["is_primary"]),
                "note": s["note"],
            },
        )
    for c in conn.execute("select * from companies order by id"):
        designations = [
            _clean(
                {
                    "regulation": d["regulation"],
                    "role": d["role"],
                    "date": d["date"],
                    "services": json.loads(d["services"]) if d["services"] else None,
                    "source": d["source"],
                }
            )
            for d in conn.execute(
                """select r.slug as regulation, d.role, d.date, d.services, s.slug as source from designations d
                   join regulations r on r.id = d.regulation_id join sources s on s.id = d.source_id
                   where d.company_id = ? order by d.id""",
                [c["id"]],
            )
        ]
        add(
            "companies",
            {
                "slug": c["slug"],
                "name": c["name"],
                "kind": c["kind"],
                "country": c["country"],
                "aliases": json.loads(c["aliases"]) if c["aliases"] else None,
                "website": c["website"],
                "description": c["description"],
                "designations": designations,
            },
        )
    for p in conn.execute("select * from people order by id"):
        add(
            "people",
            {
                "slug": p["slug"],
                "name": p["name"],
                "role": p["role"],
                "organisation": _slug_of(conn, "companies", p["organisation_id"]),
            },
        )
    for r in conn.execute("select * from regulations order by id"):
        milestones = [
            dict(m)
            for m in conn.execute(
                "select date, what from regulation_milestones where regulation_id = ? order by id", [r["id"]]
            )
        ]
        add(
            "regulations",
            {
                "slug": r["slug"],
                "name": r["name"],
                "title": r["title"],
                "reference": r["reference"],
                "jurisdiction": r["jurisdiction"],
                "adopted": r["adopted"],
                "in_force": r["in_force"],
                "applies_from": r["applies_from"],
                "url": r["url"],
                "aliases": json.loads(r["aliases"]) if r["aliases"] else None,
                "milestones": milestones,
                "source": _slug_of(conn, "sources", r["source_id"]),
            },
        )
    for d in conn.execute("select * from disputes order by id"):
        companies = _links("dispute_companies", "dispute_id", "companies", "company_id", "and l.role = 'subject'")
        complainants = _links(
            "dispute_companies", "dispute_id", "companies", "company_id", "and l.role = 'complainant'"
        )
        add(
            "disputes",
            {
                "slug": d["slug"],
                "title": d["title"],
                "companies": _slugs(conn, companies, d["id"]),
                "regulator": _slug_of(conn, "companies", d["regulator_id"]),
                "complainants": _slugs(conn, complainants, d["id"]),
                "regulations": _slugs(
                    conn, _links("dispute_regulations", "dispute_id", "regulations", "regulation_id"), d["id"]
                ),
                "legal_basis": d["legal_basis"],
                "case_number": d["case_number"],
                "status": d["status"],
                "opened": d["opened"],
                "decided": d["decided"],
                "fine_eur": d["fine_eur"],
                "summary": d["summary"],
                "sources": _slugs(conn, _links("dispute_sources", "dispute_id", "sources", "source_id"), d["id"]),
            },
        )
    for kind, owner in (("events", "event"), ("quotes", "quote")):
        for e in conn.execute(f"select * from {kind} order by id"):
            links = {
                "companies": _slugs(
                    conn, _links(f"{owner}_companies", f"{owner}_id", "companies", "company_id"), e["id"]
                ),
                "regulations": _slugs(
                    conn, _links(f"{owner}_regulations", f"{owner}_id", "regulations", "regulation_id"), e["id"]
                ),
                "disputes": _slugs(conn, _links(f"{owner}_disputes", f"{owner}_id", "disputes", "dispute_id"), e["id"]),
                "source": _slug_of(conn, "sources", e["source_id"]),
            }
            if kind == "events":
                own = {
                    "slug": e["slug"],
                    "date": e["date"],
                    "kind": e["kind"],
                    "title": e["title"],
                    "description": e["description"],
                }
            else:
                own = {
                    "slug": e["slug"],
                    "text": e["text"],
                    "speaker": _slug_of(conn, "people", e["speaker_id"]),
                    "organisation": _slug_of(conn, "companies", e["organisation_id"]),
                    "said": e["said"],
                    "context": e["context"],
                }
            add(kind, {**own, **links})
    return result
