"""One record with everything linked to it: what `regterm show` prints and the explorer's Detail pane shows."""

from __future__ import annotations

import sqlite3
from typing import Any

from regterm.db import model
from regterm.db.queries import Filters, columns_for, iter_rows, links, specs
from regterm.db.refs import Ref

Row = dict[str, Any]
Detail = dict[str, Any]  # ref, kind, record, one list per item link and child (designations, milestones),
# linked (table -> rows), more (the tables whose lists were cut)

# The order linked lists are shown in; kinds not named here follow in the model's order.
LINK_ORDER = ("regulations", "companies", "disputes", "events", "quotes", "people", "sources")


def linked_columns(table: str) -> list[str]:
    """What a linked list shows of each record, kept short: the full rows are one `show` away."""
    k = model.kind(table)
    wanted = ["slug", *k.columns]
    if k.date and k.date not in wanted:
        wanted.append(k.date)
    available = specs()[table].columns
    return [c for c in dict.fromkeys(wanted) if c in available]


def link_order() -> list[str]:
    return [t for t in LINK_ORDER if t in model.tables()] + [t for t in model.tables() if t not in LINK_ORDER]


def _rows(
    conn: sqlite3.Connection, table: str, filters: Filters, columns: list[str], limit: int | None = None
) -> list[Row]:
    names = columns_for(table, columns)
    spec = specs()[table]
    newest_first = spec.kind is not None and model.kind(spec.kind).newest_first
    rows = iter_rows(conn, table, filters, names, limit=limit, newest_first=newest_first)
    return [dict(zip(names, row, strict=True)) for row in rows]


def _in_link_order(conn: sqlite3.Connection, ref: Ref, table: str, rows: list[Row]) -> list[Row]:
    """Rows of table in the order the record lists them, where it keeps one (a dispute's sources, primary first)."""
    for link in model.kind(ref.table).links:
        if link.many and link.ordered and link.target == table:
            store = model.store_of(ref.table, link.name)
            sql = f"""select x.slug from {store.table} l join {table} x on x.id = l.{store.right}
                      where l.{store.left} = (select id from {ref.table} where slug = ?) order by l.position"""
            order = {slug: index for index, (slug,) in enumerate(conn.execute(sql, [ref.slug]))}
            return sorted(rows, key=lambda row: order.get(row["slug"], len(order)))
    return rows


def record_detail(conn: sqlite3.Connection, ref: Ref, limit: int | None = None) -> Detail:
    """The record's own fields, its item lists and children, and every linked list that applies.

    With a limit (the explorer's Detail pane), each linked list holds at most that many records and `more`
    names the lists that were cut; for a company or regulation the people and sources of every linked record
    are left out (a pane away, and slow at scale).
    """
    own_columns = columns_for(ref.table)
    own = [dict(zip(own_columns, row, strict=True)) for row in iter_rows(conn, ref.table, Filters(slugs=(ref.slug,)))]
    if not own:
        raise LookupError(f"no {ref} in this database")
    detail: Detail = {"ref": str(ref), "kind": ref.table, "record": own[0]}
    selection = Filters.linked_to({ref.table: (ref.slug,)})
    owner = model.singular(ref.table)
    for name, spec in specs().items():
        if spec.kind is None and ref.table in spec.owners and ref.table != "sources":
            columns = [c for c in spec.columns if c not in (owner, f"{owner}_slug")]  # the record itself
            detail[name] = _rows(conn, name, selection, columns)
    linked: dict[str, list[Row]] = {}
    for table in link_order():
        if table == ref.table or not links(table, ref.table):
            continue
        if limit is not None and table in ("sources", "people") and ref.table in ("companies", "regulations"):
            continue
        rows = _rows(conn, table, selection, linked_columns(table), None if limit is None else limit + 1)
        if limit is not None and len(rows) > limit:
            detail.setdefault("more", []).append(table)
            rows = rows[:limit]
        linked[table] = _in_link_order(conn, ref, table, rows)
    detail["linked"] = linked
    return detail
