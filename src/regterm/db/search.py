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


def _words(text: str) -> list[str]:
    return [word.casefold() for word in re.findall(r"\w+", text)]


def _holds(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def name_match(query: str, hit: Hit) -> tuple[int, float]:
    """How well a record's names (title, slug, a regulation's short name) match the whole query: lower is better.

    (0, ...) a name is the query; (1, ...) title and slug both hold it as a phrase; (2, ...) one of them
    does; (3, 0) a passing mention. The second part prefers titles the query covers more of.
    """
    phrase = _words(query)
    title = _words(hit.title)
    slug = _words(hit.slug.replace("-", " "))
    if not phrase or not title:
        return 3, 0.0
    coverage = -len(phrase) / len(title)
    short = _words(hit.title.partition(": ")[0]) if hit.kind == "regulations" else title  # "DMA: Regulation (EU) …"
    if phrase in (title, short, slug):
        return 0, coverage
    in_title, in_slug = _holds(title, phrase), _holds(slug, phrase)
    if in_title or in_slug:
        return (1 if in_title and in_slug else 2), coverage
    return 3, 0.0


def search(conn: sqlite3.Connection, query: str, kinds: tuple[str, ...] = (), limit: int = 50) -> list[Hit]:
    """Best matches first across kinds (all by default); the snippet marks matches with MARK_START/MARK_END.

    A record named by the whole query (its title or slug holds it as a phrase) comes before records that
    mention it in passing; within each group, by bm25.
    """
    hits: list[Hit] = []
    order = search_kinds()
    for kind in kinds or order:
        expression = fts_expression(conn, kind, query)
        sql = _search_sql(model.kind(kind)).format(a=MARK_START, b=MARK_END)
        rows = conn.execute(sql, [expression, limit]).fetchall()  # fts_expression checked the syntax
        hits.extend(
            Hit(kind, slug, title or slug, date, snippet or "", rank) for slug, title, date, snippet, rank in rows
        )
    hits.sort(
        key=lambda h: (*name_match(query, h), h.rank, order.index(h.kind) if h.kind in order else len(order), h.slug)
    )
    return hits[:limit]
