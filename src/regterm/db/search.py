"""Full-text search over the FTS5 indexes: every string is a valid query."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from regterm.db.queries import QueryError
from regterm.db.vocabulary import SINGULAR

MARK_START = "\x02"
MARK_END = "\x03"

# kind -> SQL giving (slug, title, date, snippet, rank) for a MATCH parameter and a LIMIT parameter
_SEARCH_SQL: dict[str, str] = {
    "quotes": """select q.slug, coalesce(p.name, o.name, '') || ' on ' || q.said, q.said,
        snippet(quotes_fts, -1, '{a}', '{b}', '…', 16), bm25(quotes_fts)
        from quotes_fts join quotes q on q.id = quotes_fts.rowid
        left join people p on p.id = q.speaker_id left join companies o on o.id = q.organisation_id
        where quotes_fts match ? order by bm25(quotes_fts) limit ?""",
    "disputes": """select d.slug, d.title, d.opened, snippet(disputes_fts, -1, '{a}', '{b}', '…', 16),
        bm25(disputes_fts) from disputes_fts join disputes d on d.id = disputes_fts.rowid
        where disputes_fts match ? order by bm25(disputes_fts) limit ?""",
    "events": """select e.slug, e.title, e.date, snippet(events_fts, -1, '{a}', '{b}', '…', 16),
        bm25(events_fts) from events_fts join events e on e.id = events_fts.rowid
        where events_fts match ? order by bm25(events_fts) limit ?""",
    "regulations": """select r.slug, r.name || ': ' || r.title, r.applies_from,
        snippet(regulations_fts, -1, '{a}', '{b}', '…', 16), bm25(regulations_fts)
        from regulations_fts join regulations r on r.id = regulations_fts.rowid
        where regulations_fts match ? order by bm25(regulations_fts) limit ?""",
    "companies": """select c.slug, c.name, null, snippet(companies_fts, -1, '{a}', '{b}', '…', 16),
        bm25(companies_fts) from companies_fts join companies c on c.id = companies_fts.rowid
        where companies_fts match ? order by bm25(companies_fts) limit ?""",
    "people": """select p.slug, p.name, null, snippet(people_fts, -1, '{a}', '{b}', '…', 16),
        bm25(people_fts) from people_fts join people p on p.id = people_fts.rowid
        where people_fts match ? order by bm25(people_fts) limit ?""",
}
SEARCH_KINDS = tuple(_SEARCH_SQL)


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
        return f"{SINGULAR[self.kind]}:{self.slug}"


def literal_expression(query: str) -> str:
    """The query as plain words, each a quoted FTS5 string, so no character is syntax."""
    words = re.findall(r"\w+", query)
    if not words:
        return '"' + query.replace('"', '""') + '"'
    return " ".join('"' + word + '"' for word in words)


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


def search(conn: sqlite3.Connection, query: str, kinds: tuple[str, ...] = SEARCH_KINDS, limit: int = 50) -> list[Hit]:
    """Best matches first across kinds; the snippet marks matches with MARK_START/MARK_END.

    A record named by the whole query (its title or slug holds it as a phrase) comes before records that
    mention it in passing; within each group, by bm25.
    """
    hits: list[Hit] = []
    for kind in kinds:
        expression = fts_expression(conn, kind, query)
        sql = _SEARCH_SQL[kind].format(a=MARK_START, b=MARK_END)
        rows = conn.execute(sql, [expression, limit]).fetchall()  # fts_expression checked the syntax
        hits.extend(
            Hit(kind, slug, title or slug, date, snippet or "", rank) for slug, title, date, snippet, rank in rows
        )
    hits.sort(key=lambda h: (*name_match(query, h), h.rank, SEARCH_KINDS.index(h.kind), h.slug))
    return hits[:limit]
