"""One record with everything linked to it: what `regterm show` prints and the explorer's Detail pane shows."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from regterm.db.queries import Filters, columns_for, iter_rows, links
from regterm.db.refs import Ref

# What each linked list shows, kept short; the full rows are one `show` away.
LINKED_COLUMNS: dict[str, list[str]] = {
    "companies": ["slug", "name", "kind", "country"],
    "people": ["slug", "name", "role", "organisation"],
    "regulations": ["slug", "name", "title", "reference"],
    "disputes": ["slug", "title", "companies", "regulations", "status", "opened", "decided", "fine_eur"],
    "events": ["slug", "date", "kind", "title"],
    "quotes": ["slug", "said", "speaker", "organisation", "text", "source_url"],
    "sources": ["slug", "publisher", "title", "published", "url", "primary"],
}
LINK_ORDER = ("regulations", "companies", "disputes", "events", "quotes", "people", "sources")


def _rows(
    conn: sqlite3.Connection, table: str, filters: Filters, columns: list[str], limit: int | None = None
) -> list[dict[str, Any]]:
    names = columns_for(table, columns)
    newest_first = table in ("disputes", "quotes")
    rows = iter_rows(conn, table, filters, names, limit=limit, newest_first=newest_first)
    return [dict(zip(names, row, strict=True)) for row in rows]


def _designations(conn: sqlite3.Connection, ref: Ref) -> list[dict[str, Any]]:
    column = "company_id" if ref.table == "companies" else "regulation_id"
    sql = f"""select c.slug as company_slug, c.name as company, r.slug as regulation_slug, r.name as regulation,
                     d.role, d.date, d.services, s.url as source_url, s.published as source_date
              from designations d join companies c on c.id = d.company_id
              join regulations r on r.id = d.regulation_id left join sources s on s.id = d.source_id
              where d.{column} = (select id from {ref.table} where slug = ?) order by d.date, c.name"""
    result = []
    for row in conn.execute(sql, [ref.slug]):
        item = dict(row)
        item["services"] = json.loads(item["services"]) if item["services"] else []
        result.append(item)
    return result


def _milestones(conn: sqlite3.Connection, slug: str) -> list[dict[str, Any]]:
    sql = """select m.date, m.what from regulation_milestones m join regulations r on r.id = m.regulation_id
             where r.slug = ? order by m.date"""
    return [dict(row) for row in conn.execute(sql, [slug])]


def _dispute_sources(conn: sqlite3.Connection, slug: str) -> list[dict[str, Any]]:
    sql = """select s.slug, s.publisher, s.title, s.published, s.url,
                    case s.is_primary when 1 then 'yes' else 'no' end as "primary"
             from dispute_sources l join sources s on s.id = l.source_id
             join disputes d on d.id = l.dispute_id where d.slug = ? order by l.position"""
    return [dict(row) for row in conn.execute(sql, [slug])]


def record_detail(conn: sqlite3.Connection, ref: Ref, limit: int | None = None) -> dict[str, Any]:
    """The record's own fields, its special lists, and every linked list that applies.

    With a limit (the explorer's Detail pane), each linked list holds at most that many records, the
    lists whose records are in the panes come first, and `more` names the lists that were cut; for a
    company or regulation the people and sources of every linked record are left out.
    """
    own_columns = columns_for(ref.table)
    own = [dict(zip(own_columns, row, strict=True)) for row in iter_rows(conn, ref.table, Filters(slugs=(ref.slug,)))]
    if not own:
        raise LookupError(f"no {ref} in this database")
    detail: dict[str, Any] = {"ref": str(ref), "kind": ref.table, "record": own[0]}
    if ref.table in ("companies", "regulations"):
        detail["designations"] = _designations(conn, ref)
    if ref.table == "regulations":
        detail["milestones"] = _milestones(conn, ref.slug)
    linked: dict[str, list[dict[str, Any]]] = {}
    selection = Filters.linked_to({ref.table: (ref.slug,)})
    for table in LINK_ORDER:
        if table == ref.table or not links(table, ref.table):
            continue
        if ref.table == "disputes" and table == "sources":
            linked[table] = _dispute_sources(conn, ref.slug)
            continue
        if limit is not None and table in ("sources", "people") and ref.table in ("companies", "regulations"):
            continue  # everyone who spoke about a company, every source: a pane away, and slow at scale
        rows = _rows(conn, table, selection, LINKED_COLUMNS[table], None if limit is None else limit + 1)
        if limit is not None and len(rows) > limit:
            detail.setdefault("more", []).append(table)
            rows = rows[:limit]
        linked[table] = rows
    detail["linked"] = linked
    return detail
