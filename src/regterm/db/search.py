"""Full-text search over the FTS5 indexes: every string is a valid query."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from regterm.db import model
from regterm.db.queries import QueryError, title_sql

MARK_START = "\x02"
MARK_END = "\x03"


def _search_sql(k: model.Kind) -> str:
    """SQL giving (slug, title, date, snippet, rank) of a kind for a MATCH parameter and a LIMIT parameter."""
    title, joins = title_sql(k)
    date = f"t.{k.field(k.date).col}" if k.date else "null"
    fts = f"{k.table}_fts"
    return f"""select t.slug, {title}, {date}, snippet({fts}, -1, '{{a}}', '{{b}}', '…', 16), bm25({fts})
        from {fts} join {k.table} t on t.id = {fts}.rowid{joins} where {fts} match ? order by bm25({fts}) limit ?"""


def search_kinds() -> tuple[str, ...]:
    """The kinds `search` looks in: every kind with a full-text index but sources (found through what cites them)."""
    return tuple(k.table for k in model.kinds() if k.search and k.table != "sources")


@dataclass(frozen=True)
class Hit:
    """One search result: the record's kind and slug, a title, a date and a snippet with marks."""

    kind: str
    slug: str
    title: str
    date: str | None
    snippet: str
    rank: float

    @property
    def ref(self) -> str:
        return f"{model.singular(self.kind)}:{self.slug}"


def literal_expression(query: str, prefix: bool = False) -> str:
    """The query as plain words, each a quoted FTS5 string, so no character is syntax (prefix: the last word
    also matches longer words, for filters typed a letter at a time)."""
    words = re.findall(r"\w+", query)
    if not words:
        return '"' + query.replace('"', '""') + '"'
    return " ".join('"' + word + '"' for word in words) + ("*" if prefix else "")


def fts_expression(conn: sqlite3.Connection, table: str, query: str) -> str:
    """The query itself if FTS5 accepts it, else its literal form."""
    query = query.strip()
    if not query:
        raise QueryError("empty search query")
    try:
        conn.execute(f"select rowid from {table}_fts where {table}_fts match ? limit 1", [query]).fetchall()
    except sqlite3.OperationalError:
        return literal_expression(query)
    return query


def search(conn: sqlite3.Connection, query: str, kinds: tuple[str, ...] = (), limit: int = 50) -> list[Hit]:
    """Best matches first across kinds (all by default); the snippet marks matches with MARK_START/MARK_END."""
    hits: list[Hit] = []
    order = search_kinds()
    for kind in kinds or order:
        expression = fts_expression(conn, kind, query)
        sql = _search_sql(model.kind(kind)).format(a=MARK_START, b=MARK_END)
        rows = conn.execute(sql, [expression, limit]).fetchall()  # fts_expression checked the syntax
        hits.extend(
            Hit(kind, slug, title or slug, date, snippet or "", rank) for slug, title, date, snippet, rank in rows
        )
    hits.sort(key=lambda h: (h.rank, order.index(h.kind) if h.kind in order else len(order), h.slug))
    return hits[:limit]
