"""Build a database from text records, deterministically: the same records give the same dump."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from regterm.db.records import RecordSet, load_records, record_files, validate
from regterm.db.schema import create_schema


def _json(items: Iterable[str] | None) -> str | None:
    values = list(items or [])
    return json.dumps(values, ensure_ascii=False) if values else None


class _Ids:
    """Stable ids: each kind's records numbered in slug order."""

    def __init__(self, records: RecordSet) -> None:
        self.ids: dict[str, dict[str, int]] = {
            kind: {slug: n for n, slug in enumerate(sorted(r.slug for r in items), start=1)}
            for kind, items in records.records.items()
        }

    def __call__(self, kind: str, slug: str | None) -> int | None:
        return self.ids[kind][slug] if slug else None


def _sorted(records: RecordSet, kind: str) -> list[dict[str, Any]]:
    return [r.data for r in sorted(records.records[kind], key=lambda r: r.slug)]


def write_records(conn: sqlite3.Connection, records: RecordSet) -> None:
    """Insert validated records into a database that has the schema and no rows."""
    ids = _Ids(records)
    rows: dict[str, list[Mapping[str, Any]]] = {}

    def add(table: str, row: Mapping[str, Any]) -> None:
        rows.setdefault(table, []).append(row)

    for s in _sorted(records, "sources"):
        add(
            "sources",
            {
                "id": ids("sources", s["slug"]),
                "slug": s["slug"],
                "url": s["url"],
                "publisher": s["publisher"],
                "title": s["title"],
                "published": s["published"],
                "is_primary": int(s["primary"]),
                "note": s.get("note"),
            },
        )
    for c in _sorted(records, "companies"):
        cid = ids("companies", c["slug"])
        add(
            "companies",
            {
                "id": cid,
                "slug": c["slug"],
                "name": c["name"],
                "kind": c["kind"],
                "country": c.get("country"),
                "aliases": _json(c.get("aliases")),
                "website": c.get("website"),
                "description": c.get("description"),
            },
        )
        for d in c.get("designations", []):
            add(
                "designations",
                {
                    "company_id": cid,
                    "regulation_id": ids("regulations", d["regulation"]),
                    "role": d["role"],
                    "date": d["date"],
                    "services": _json(d.get("services")),
                    "source_id": ids("sources", d["source"]),
                },
            )
    for p in _sorted(records, "people"):
        add(
            "people",
            {
                "id": ids("people", p["slug"]),
                "slug": p["slug"],
                "name": p["name"],
                "role": p["role"],
                "organisation_id": ids("companies", p.get("organisation")),
            },
        )
    for r in _sorted(records, "regulations"):
        rid = ids("regulations", r["slug"])
        add(
            "regulations",
            {
                "id": rid,
                "slug": r["slug"],
                "name": r["name"],
                "title": r["title"],
                "reference": r["reference"],
                "jurisdiction": r["jurisdiction"],
                "adopted": r.get("adopted"),
                "in_force": r.get("in_force"),
                "applies_from": r.get("applies_from"),
                "url": r["url"],
                "aliases": _json(r.get("aliases")),
                "source_id": ids("sources", r["source"]),
            },
        )
        for m in sorted(r.get("milestones", []), key=lambda m: (m["date"], m["what"])):
            add("regulation_milestones", {"regulation_id": rid, "date": m["date"], "what": m["what"]})
    for d in _sorted(records, "disputes"):
        did = ids("disputes", d["slug"])
        add(
            "disputes",
            {
                "id": did,
                "slug": d["slug"],
                "title": d["title"],
                "regulator_id": ids("companies", d.get("regulator")),
                "legal_basis": d["legal_basis"],
                "case_number": d.get("case_number"),
                "status": d["status"],
                "opened": d["opened"],
                "decided": d.get("decided"),
                "fine_eur": d.get("fine_eur"),
                "summary": d["summary"],
                "source_id": ids("sources", d["sources"][0]),
            },
        )
        for c in d["companies"]:
            add("dispute_companies", {"dispute_id": did, "company_id": ids("companies", c), "role": "subject"})
        for c in d.get("complainants", []):
            add("dispute_companies", {"dispute_id": did, "company_id": ids("companies", c), "role": "complainant"})
        for reg in d["regulations"]:
            add("dispute_regulations", {"dispute_id": did, "regulation_id": ids("regulations", reg)})
        for position, src in enumerate(d["sources"]):
            add("dispute_sources", {"dispute_id": did, "source_id": ids("sources", src), "position": position})
    for kind, table, owner in (("events", "event", "event_id"), ("quotes", "quote", "quote_id")):
        for e in _sorted(records, kind):
            eid = ids(kind, e["slug"])
            if kind == "events":
                add(
                    "events",
                    {
                        "id": eid,
                        "slug": e["slug"],
                        "date": e["date"],
                        "kind": e["kind"],
                        "title": e["title"],
                        "description": e.get("description"),
                        "source_id": ids("sources", e["source"]),
                    },
                )
            else:
                add(
                    "quotes",
                    {
                        "id": eid,
                        "slug": e["slug"],
                        "text": e["text"],
                        "speaker_id": ids("people", e.get("speaker")),
                        "organisation_id": ids("companies", e.get("organisation")),
                        "said": e["said"],
                        "context": e["context"],
                        "source_id": ids("sources", e["source"]),
                    },
                )
            for c in e.get("companies", []):
                add(f"{table}_companies", {owner: eid, "company_id": ids("companies", c)})
            for reg in e.get("regulations", []):
                add(f"{table}_regulations", {owner: eid, "regulation_id": ids("regulations", reg)})
            for dis in e.get("disputes", []):
                add(f"{table}_disputes", {owner: eid, "dispute_id": ids("disputes", dis)})

    order = [
        "sources",
        "companies",
        "regulations",
        "designations",
        "regulation_milestones",
        "people",
        "disputes",
        "dispute_companies",
        "dispute_regulations",
        "dispute_sources",
        "events",
        "event_companies",
        "event_regulations",
        "event_disputes",
        "quotes",
        "quote_companies",
        "quote_regulations",
        "quote_disputes",
    ]
    with conn:
        for table in order:
            table_rows = rows.get(table, [])
            if not table_rows:
                continue
            columns = list(table_rows[0].keys())
            sql = f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})"
            conn.executemany(sql, [tuple(r[c] for c in columns) for r in table_rows])


def build_database(records: RecordSet, output: Path, validated: bool = False) -> None:
    """Validate records (unless the caller just did) and write a fresh database at output, atomically."""
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
            create_schema(conn)
            write_records(conn, records)
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)


def build_from_directory(directory: Path, output: Path) -> RecordSet:
    """Read every record file under directory and build output from them."""
    records = load_records(record_files(directory), root=directory.parent)
    build_database(records, output)
    return records


def database_dump(path: Path) -> list[str]:
    """The SQL dump of a database: what 'the same database' means for the drift test."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
