"""Read queries shared by the CLI and the explorer. All SQL that reads records lives here.

Lists are built from one spec per table: the FROM clause, the readable columns (linked names and
slugs, the source's URL and date), the date column, and how each filter narrows the rows. Rows are
streamed from a cursor; callers page with limit/offset and never load whole tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from regterm.db.schema import ENTITY_TABLES
from regterm.db.vocabulary import SINGULAR


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per entity table."""
    return {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in ENTITY_TABLES}


class QueryError(ValueError):
    """A filter or column that does not apply; the message is one line for the user."""


def _names(link: str, owner: str, other: str, other_col: str, alias: str, column: str = "name") -> str:
    """A '; '-joined, sorted list of linked records' names (or slugs)."""
    return (
        f"(select group_concat(v, '; ') from (select x.{column} as v from {link} l join {other} x "
        f"on x.id = l.{other_col} where l.{owner} = {alias}.id order by x.{column}))"
    )


@dataclass(frozen=True)
class TableSpec:
    """How to list one table: FROM clause, readable columns, date column and default order."""

    alias: str
    from_sql: str
    columns: dict[str, str]
    date_column: str | None
    order: str
    name_columns: tuple[str, ...]  # matched by the explorer's "/" filter (quotes: see _quotes_by_who)


def _src(alias: str) -> dict[str, str]:
    return {"source_url": f"{alias}.url", "source_publisher": f"{alias}.publisher", "source_date": f"{alias}.published"}


SPECS: dict[str, TableSpec] = {
    "companies": TableSpec(
        "c",
        "companies c",
        {
            "slug": "c.slug",
            "name": "c.name",
            "kind": "c.kind",
            "country": "c.country",
            "aliases": "(select group_concat(value, '; ') from json_each(c.aliases))",
            "website": "c.website",
            "description": "c.description",
            "designations": "(select group_concat(v, '; ') from (select r.name || ' ' || d.role || ' ' || d.date as v "
            "from designations d join regulations r on r.id = d.regulation_id where d.company_id = c.id "
            "order by d.date, r.name))",
            "disputes": "(select count(distinct dispute_id) from dispute_companies where company_id = c.id)",
        },
        None,
        "c.name collate nocase, c.slug",
        ("c.name", "c.slug", "c.aliases"),
    ),
    "people": TableSpec(
        "p",
        "people p left join companies o on o.id = p.organisation_id",
        {
            "slug": "p.slug",
            "name": "p.name",
            "role": "p.role",
            "organisation": "o.name",
            "organisation_slug": "o.slug",
            "quotes": "(select count(*) from quotes q where q.speaker_id = p.id)",
        },
        None,
        "p.name collate nocase, p.slug",
        ("p.name", "p.slug"),
    ),
    "regulations": TableSpec(
        "r",
        "regulations r left join sources s on s.id = r.source_id",
        {
            "slug": "r.slug",
            "name": "r.name",
            "title": "r.title",
            "reference": "r.reference",
            "jurisdiction": "r.jurisdiction",
            "adopted": "r.adopted",
            "in_force": "r.in_force",
            "applies_from": "r.applies_from",
            "url": "r.url",
            "aliases": "(select group_concat(value, '; ') from json_each(r.aliases))",
            **_src("s"),
        },
        "r.applies_from",
        "r.name collate nocase, r.slug",
        ("r.name", "r.slug", "r.aliases", "r.title", "r.reference"),
    ),
    "disputes": TableSpec(
        "d",
        "disputes d left join companies g on g.id = d.regulator_id left join sources s on s.id = d.source_id",
        {
            "slug": "d.slug",
            "title": "d.title",
            "companies": "(select group_concat(v, '; ') from (select c.name as v from dispute_companies l join "
            "companies c on c.id = l.company_id where l.dispute_id = d.id and l.role = 'subject' order by c.name))",
            "company_slugs": "(select group_concat(v, '; ') from (select c.slug as v from dispute_companies l join "
            "companies c on c.id = l.company_id where l.dispute_id = d.id and l.role = 'subject' order by c.slug))",
            "complainants": "(select group_concat(v, '; ') from (select c.name as v from dispute_companies l join "
            "companies c on c.id = l.company_id where l.dispute_id = d.id and l.role = 'complainant' "
            "order by c.name))",
            "regulations": _names("dispute_regulations", "dispute_id", "regulations", "regulation_id", "d"),
            "regulation_slugs": _names(
                "dispute_regulations", "dispute_id", "regulations", "regulation_id", "d", "slug"
            ),
            "regulator": "g.name",
            "legal_basis": "d.legal_basis",
            "case_number": "d.case_number",
            "status": "d.status",
            "opened": "d.opened",
            "decided": "d.decided",
            "announced": "d.announced",
            "fine_eur": "d.fine_eur",
            "summary": "d.summary",
            **_src("s"),
        },
        "d.opened",
        "d.opened, d.slug",
        ("d.title", "d.slug", "d.case_number"),
    ),
    "events": TableSpec(
        "e",
        "events e left join sources s on s.id = e.source_id",
        {
            "slug": "e.slug",
            "date": "e.date",
            "kind": "e.kind",
            "title": "e.title",
            "description": "e.description",
            "companies": _names("event_companies", "event_id", "companies", "company_id", "e"),
            "company_slugs": _names("event_companies", "event_id", "companies", "company_id", "e", "slug"),
            "regulations": _names("event_regulations", "event_id", "regulations", "regulation_id", "e"),
            "regulation_slugs": _names("event_regulations", "event_id", "regulations", "regulation_id", "e", "slug"),
            "disputes": _names("event_disputes", "event_id", "disputes", "dispute_id", "e", "slug"),
            **_src("s"),
        },
        "e.date",
        "e.date, e.slug",
        ("e.title", "e.slug"),
    ),
    "quotes": TableSpec(
        "q",
        "quotes q left join people p on p.id = q.speaker_id left join companies o on o.id = q.organisation_id "
        "left join sources s on s.id = q.source_id",
        {
            "slug": "q.slug",
            "said": "q.said",
            "speaker": "p.name",
            "speaker_role": "p.role",
            "organisation": "o.name",
            "text": "q.text",
            "context": "q.context",
            "companies": _names("quote_companies", "quote_id", "companies", "company_id", "q"),
            "company_slugs": _names("quote_companies", "quote_id", "companies", "company_id", "q", "slug"),
            "regulations": _names("quote_regulations", "quote_id", "regulations", "regulation_id", "q"),
            "regulation_slugs": _names("quote_regulations", "quote_id", "regulations", "regulation_id", "q", "slug"),
            "disputes": _names("quote_disputes", "quote_id", "disputes", "dispute_id", "q", "slug"),
            **_src("s"),
        },
        "q.said",
        "q.said, q.slug",
        ("q.text", "p.name", "o.name", "q.slug"),
    ),
    "sources": TableSpec(
        "s",
        "sources s",
        {
            "slug": "s.slug",
            "url": "s.url",
            "publisher": "s.publisher",
            "title": "s.title",
            "published": "s.published",
            "primary": "case s.is_primary when 1 then 'yes' else 'no' end",
            "note": "s.note",
        },
        "s.published",
        "s.published, s.slug",
        ("s.title", "s.publisher", "s.url", "s.slug"),
    ),
}

# For each table and each kind of selection: the ids of this table's rows linked to the selected ids.
# `{ids}` is replaced by a parameter list.
LINKED: dict[str, dict[str, str]] = {
    "companies": {
        "companies": "select id from companies where id in ({ids})",
        "regulations": "select company_id from designations where regulation_id in ({ids}) "
        "union select dc.company_id from dispute_companies dc join dispute_regulations dr "
        "on dr.dispute_id = dc.dispute_id where dr.regulation_id in ({ids}) and dc.role = 'subject'",
        "disputes": "select company_id from dispute_companies where dispute_id in ({ids})",
        "quotes": "select company_id from quote_companies where quote_id in ({ids}) "
        "union select organisation_id from quotes where id in ({ids})",
        "events": "select company_id from event_companies where event_id in ({ids})",
        "people": "select organisation_id from people where id in ({ids})",
    },
    "regulations": {
        "companies": "select regulation_id from designations where company_id in ({ids}) "
        "union select dr.regulation_id from dispute_regulations dr join dispute_companies dc "
        "on dc.dispute_id = dr.dispute_id where dc.company_id in ({ids})",
        "regulations": "select id from regulations where id in ({ids})",
        "disputes": "select regulation_id from dispute_regulations where dispute_id in ({ids})",
        "quotes": "select regulation_id from quote_regulations where quote_id in ({ids})",
        "events": "select regulation_id from event_regulations where event_id in ({ids})",
    },
    "disputes": {
        "companies": "select dispute_id from dispute_companies where company_id in ({ids})",
        "regulations": "select dispute_id from dispute_regulations where regulation_id in ({ids})",
        "disputes": "select id from disputes where id in ({ids})",
        "quotes": "select dispute_id from quote_disputes where quote_id in ({ids})",
        "events": "select dispute_id from event_disputes where event_id in ({ids})",
        "sources": "select dispute_id from dispute_sources where source_id in ({ids})",
    },
    "events": {
        "companies": "select event_id from event_companies where company_id in ({ids})",
        "regulations": "select event_id from event_regulations where regulation_id in ({ids})",
        "disputes": "select event_id from event_disputes where dispute_id in ({ids})",
        "quotes": "select e.event_id from event_disputes e join quote_disputes q on q.dispute_id = e.dispute_id "
        "where q.quote_id in ({ids})",
        "sources": "select id from events where source_id in ({ids})",
    },
    "quotes": {
        "companies": "select quote_id from quote_companies where company_id in ({ids}) "
        "union select id from quotes where organisation_id in ({ids}) "
        "union select q.id from quotes q join people p on p.id = q.speaker_id where p.organisation_id in ({ids})",
        "regulations": "select quote_id from quote_regulations where regulation_id in ({ids})",
        "disputes": "select quote_id from quote_disputes where dispute_id in ({ids})",
        "quotes": "select id from quotes where id in ({ids})",
        "people": "select id from quotes where speaker_id in ({ids})",
        "sources": "select id from quotes where source_id in ({ids})",
    },
    "people": {
        "companies": "select id from people where organisation_id in ({ids}) "
        "union select q.speaker_id from quotes q join quote_companies l on l.quote_id = q.id "
        "where l.company_id in ({ids})",
        "regulations": "select q.speaker_id from quotes q join quote_regulations l on l.quote_id = q.id "
        "where l.regulation_id in ({ids})",
        "disputes": "select q.speaker_id from quotes q join quote_disputes l on l.quote_id = q.id "
        "where l.dispute_id in ({ids})",
        "quotes": "select speaker_id from quotes where id in ({ids})",
    },
}


@dataclass(frozen=True)
class Filters:
    """What narrows a list. Slugs, not ids; each kind of selection is ORed within, ANDed across."""

    companies: tuple[str, ...] = ()
    regulations: tuple[str, ...] = ()
    disputes: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()  # the listed table's own slugs
    since: str | None = None
    until: str | None = None
    status: str | None = None
    search: str | None = None
    text: str | None = None  # the explorer's '/' filter: names, slugs, aliases

    @classmethod
    def linked_to(cls, picked: dict[str, tuple[str, ...]]) -> Filters:
        """Filters narrowing to records linked to the picked slugs, by kind."""
        return cls(
            companies=picked.get("companies", ()),
            regulations=picked.get("regulations", ()),
            disputes=picked.get("disputes", ()),
            quotes=picked.get("quotes", ()),
            events=picked.get("events", ()),
            people=picked.get("people", ()),
            sources=picked.get("sources", ()),
        )

    def selections(self) -> dict[str, tuple[str, ...]]:
        return {
            kind: slugs
            for kind, slugs in (
                ("companies", self.companies),
                ("regulations", self.regulations),
                ("disputes", self.disputes),
                ("quotes", self.quotes),
                ("events", self.events),
                ("people", self.people),
                ("sources", self.sources),
            )
            if slugs
        }


def _ids_for(conn: sqlite3.Connection, kind: str, slugs: Sequence[str]) -> list[int]:
    marks = ", ".join("?" for _ in slugs)
    rows = conn.execute(f"select slug, id from {kind} where slug in ({marks})", list(slugs)).fetchall()
    found = {slug: id_ for slug, id_ in rows}
    missing = [s for s in slugs if s not in found]
    if missing:
        import difflib

        every = [slug for (slug,) in conn.execute(f"select slug from {kind}")]
        close = difflib.get_close_matches(missing[0], every, n=4, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise QueryError(f"unknown {SINGULAR[kind]} '{missing[0]}'{hint}")
    return [found[s] for s in slugs]


def links(table: str, kind: str) -> bool:
    """Whether rows of table can be narrowed to those linked to a selection of kind."""
    if table == "sources":
        return all(kind in LINKED[t] for t in ("disputes", "events", "quotes"))
    return kind in LINKED.get(table, {})


def _source_links(kind: str) -> str:
    """Sources cited by disputes, events and quotes linked to a selection of `kind`."""
    parts = []
    for table in ("disputes", "events", "quotes"):
        inner = LINKED[table][kind]
        parts.append(f"select source_id from {table} where id in ({inner})")
        if table == "disputes":
            parts.append(f"select source_id from dispute_sources where dispute_id in ({inner})")
    return " union ".join(parts)


def _since_key(date: str) -> str:
    """A bound for `column >= key` that also admits dates known only to the month or year.

    A date is taken at its earliest day: '2024-01' is on or after '2024-01-01' but not after '2024-01-15'.
    Trimming trailing '-01's from the bound gives exactly that with a plain comparison, which the
    date index can serve ('2024-01' >= '2024-01', '2023-12' < '2024').
    """
    while date.endswith("-01"):
        date = date[:-3]
    return date


def _pad_until(date: str) -> str:
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date


# For a page of a large table narrowed to a selection that matches many rows, a correlated EXISTS lets
# SQLite walk the date index and stop after one page, instead of first collecting every linked id.
# (The IN form stays for selections that match few rows, where a scan would be the slow way.)
DENSE_LINKED: dict[str, dict[str, tuple[str, str]]] = {
    "quotes": {
        "companies": (
            "(exists (select 1 from quote_companies l where l.quote_id = q.id and l.company_id in ({ids})) "
            "or q.organisation_id in ({ids}) "
            "or q.speaker_id in (select id from people where organisation_id in ({ids})))",
            "select count(*) from (select 1 from quote_companies where company_id in ({ids}) "
            "union all select 1 from quotes where organisation_id in ({ids}) limit ?)",
        ),
        "regulations": (
            "exists (select 1 from quote_regulations l where l.quote_id = q.id and l.regulation_id in ({ids}))",
            "select count(*) from (select 1 from quote_regulations where regulation_id in ({ids}) limit ?)",
        ),
        "disputes": (
            "exists (select 1 from quote_disputes l where l.quote_id = q.id and l.dispute_id in ({ids}))",
            "select count(*) from (select 1 from quote_disputes where dispute_id in ({ids}) limit ?)",
        ),
    },
}


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _quotes_by_who(conn: sqlite3.Connection, like: str) -> tuple[str, list[Any]]:
    """Quotes whose speaker or organisation matches like: the names are looked up first (two small tables),
    so a filter that matches nobody never scans the quotes, and a rare speaker is found through its index."""
    people = [i for (i,) in conn.execute("select id from people where name like ? escape '\\'", [like])]
    orgs = [
        i
        for (i,) in conn.execute(
            "select id from companies where name like ? escape '\\' or aliases like ? escape '\\'", [like, like]
        )
    ]
    if not people and not orgs:
        return "0", []
    p_marks = ", ".join(["?"] * len(people)) or "null"
    o_marks = ", ".join(["?"] * len(orgs)) or "null"
    bound = max(1000, conn.execute("select coalesce(max(rowid), 0) from quotes").fetchone()[0] // 100)
    found = conn.execute(
        f"select count(*) from (select 1 from quotes where speaker_id in ({p_marks}) "
        f"union all select 1 from quotes where organisation_id in ({o_marks}) limit ?)",
        [*people, *orgs, bound],
    ).fetchone()[0]
    if found >= bound:  # many: walk the date index and stop after a page
        return f"(q.speaker_id in ({p_marks}) or q.organisation_id in ({o_marks}))", [*people, *orgs]
    return (
        f"q.id in (select id from quotes where speaker_id in ({p_marks}) "
        f"union select id from quotes where organisation_id in ({o_marks}))",
        [*people, *orgs],
    )


def _is_dense(conn: sqlite3.Connection, table: str, estimate_sql: str, ids: list[int], marks: str) -> bool:
    """Whether at least 1% of table's rows are linked (counted with a bound, so this stays cheap)."""
    total = conn.execute(f"select coalesce(max(rowid), 0) from {table}").fetchone()[0]
    bound = max(1000, total // 100)
    sql = estimate_sql.replace("{ids}", marks)
    found = conn.execute(sql, [*(ids * estimate_sql.count("{ids}")), bound]).fetchone()[0]
    return bool(found >= bound)


def build_where(conn: sqlite3.Connection, table: str, filters: Filters, paged: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause (or '') and its parameters for table under filters (paged: one page is wanted)."""
    spec = SPECS[table]
    clauses: list[str] = []
    params: list[Any] = []
    if filters.slugs:
        clauses.append(f"{spec.alias}.slug in ({', '.join('?' for _ in filters.slugs)})")
        params.extend(filters.slugs)
    for kind, slugs in filters.selections().items():
        ids = _ids_for(conn, kind, slugs)
        marks = ", ".join("?" for _ in ids)
        if not links(table, kind):
            raise QueryError(f"{table} cannot be narrowed by {kind}")
        dense = DENSE_LINKED.get(table, {}).get(kind)
        if paged and dense and _is_dense(conn, table, dense[1], ids, marks):
            clauses.append(dense[0].replace("{ids}", marks))
            params.extend(ids * dense[0].count("{ids}"))
            continue
        sql = _source_links(kind) if table == "sources" else LINKED[table][kind]
        clauses.append(f"{spec.alias}.id in ({sql.replace('{ids}', marks)})")
        params.extend(ids * sql.count("{ids}"))
    if filters.since or filters.until:
        if spec.date_column is None:
            raise QueryError(f"--since/--until do not apply to {table} (they have no date)")
        if filters.since:
            clauses.append(f"{spec.date_column} >= ?")
            params.append(_since_key(filters.since))
        if filters.until:
            clauses.append(f"{spec.date_column} <= ?")
            params.append(_pad_until(filters.until))
    if filters.status:
        if table != "disputes":
            raise QueryError(f"--status applies to disputes, not to {table}")
        clauses.append("d.status = ?")
        params.append(filters.status)
    if filters.search:
        from regterm.db.search import fts_expression

        expression = fts_expression(conn, table, filters.search)
        clauses.append(f"{spec.alias}.id in (select rowid from {table}_fts where {table}_fts match ?)")
        params.append(expression)
    if filters.text and table == "quotes":
        clause, values = _quotes_by_who(conn, _like(filters.text))
        clauses.append(clause)
        params.extend(values)
    elif filters.text:
        ors = " or ".join(f"{col} like ? escape '\\'" for col in spec.name_columns)
        clauses.append(f"({ors})")
        params.extend([_like(filters.text)] * len(spec.name_columns))
    return (" where " + " and ".join(clauses)) if clauses else "", params


def columns_for(table: str, wanted: Sequence[str] | None = None) -> list[str]:
    """The export columns of table (all, or the wanted ones, checked)."""
    available = list(SPECS[table].columns)
    if not wanted:
        return available
    unknown = [c for c in wanted if c not in available]
    if unknown:
        raise QueryError(f"unknown column '{unknown[0]}' for {table} (available: {', '.join(available)})")
    return list(wanted)


def iter_rows(
    conn: sqlite3.Connection,
    table: str,
    filters: Filters = Filters(),
    columns: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> Iterator[tuple[Any, ...]]:
    """Stream rows of table as tuples in the order of columns_for(table, columns)."""
    if table not in SPECS:
        raise QueryError(f"unknown table '{table}' (expected one of: {', '.join(SPECS)})")
    spec = SPECS[table]
    names = columns_for(table, columns)
    where, params = build_where(conn, table, filters, paged=limit is not None)
    select = ", ".join(f'{spec.columns[n]} as "{n}"' for n in names)
    order = spec.order
    if newest_first and spec.date_column:
        order = f"{spec.date_column} desc, {spec.alias}.slug"
    sql = f"select {select} from {spec.from_sql}{where} order by {order}"
    if limit is not None:
        sql += " limit ? offset ?"
        params = [*params, limit, offset]
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: no sqlite3.Row built per row
    cursor.execute(sql, params)
    cursor.arraysize = 500
    while True:
        batch = cursor.fetchmany()
        if not batch:
            return
        yield from batch


def count_rows(conn: sqlite3.Connection, table: str, filters: Filters = Filters()) -> int:
    """How many rows iter_rows would give without a limit."""
    spec = SPECS[table]
    where, params = build_where(conn, table, filters)
    # The joins only feed columns; no WHERE clause refers to a joined table, so count the table alone.
    base = " ".join(spec.from_sql.split()[:2])
    return int(conn.execute(f"select count(*) from {base}{where}", params).fetchone()[0])


# table -> (label expression, match columns) for "go to" look-ups by name
_FIND: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "companies": ("companies c", "c.name", ("c.name", "c.slug", "c.aliases")),
    "regulations": ("regulations r", "r.name || ' — ' || r.title", ("r.name", "r.slug", "r.title", "r.aliases")),
    "people": ("people p", "p.name || ', ' || p.role", ("p.name", "p.slug")),
    "disputes": ("disputes d", "d.title", ("d.title", "d.slug", "d.case_number")),
    "events": ("events e", "e.date || '  ' || e.title", ("e.title", "e.slug")),
    "quotes": (
        "quotes q left join people p on p.id = q.speaker_id left join companies o on o.id = q.organisation_id",
        "coalesce(p.name, o.name, '') || ': ' || substr(q.text, 1, 80)",
        ("q.text", "q.slug"),
    ),
}


def find_records(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """Records whose name, slug or alias contains text: (table, slug, label), names first, then others."""
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found: list[tuple[str, str, str]] = []
    for table, (from_sql, label, columns) in _FIND.items():
        alias = from_sql.split()[1]
        ors = " or ".join(f"{c} like ? escape '\\'" for c in columns)
        sql = f"select {alias}.slug, {label} from {from_sql} where {ors} order by length({label}) limit ?"
        found.extend((table, slug, lab) for slug, lab in conn.execute(sql, [like] * len(columns) + [limit]))
        if len(found) >= limit:
            break
    return found[:limit]
