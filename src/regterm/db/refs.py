"""References to records: `kind:slug`, or a bare slug, name or alias when that is unambiguous."""

from __future__ import annotations

import difflib
import sqlite3
from dataclasses import dataclass

from regterm.db.vocabulary import SINGULAR

KIND_NAMES: dict[str, str] = {
    "company": "companies",
    "companies": "companies",
    "org": "companies",
    "organisation": "companies",
    "person": "people",
    "people": "people",
    "regulation": "regulations",
    "regulations": "regulations",
    "reg": "regulations",
    "law": "regulations",
    "dispute": "disputes",
    "disputes": "disputes",
    "case": "disputes",
    "event": "events",
    "events": "events",
    "quote": "quotes",
    "quotes": "quotes",
    "source": "sources",
    "sources": "sources",
}

# table -> SQL matching a lowercased name or alias (parameter used as many times as it has '?')
_NAME_SQL: dict[str, str] = {
    "companies": "select slug from companies where lower(name) = ? "
    "or exists (select 1 from json_each(companies.aliases) where lower(value) = ?)",
    "regulations": "select slug from regulations where lower(name) = ? or lower(reference) = ? or lower(title) = ? "
    "or exists (select 1 from json_each(regulations.aliases) where lower(value) = ?)",
    "people": "select slug from people where lower(name) = ?",
    "disputes": "select slug from disputes where lower(title) = ? or lower(case_number) = ?",
}
_LABEL_SQL: dict[str, str] = {
    "companies": "select slug, name from companies",
    "people": "select slug, name from people",
    "regulations": "select slug, name from regulations",
    "disputes": "select slug, title from disputes",
    "events": "select slug, title from events",
    "quotes": "select slug, slug from quotes",
    "sources": "select slug, title from sources",
}


class RefError(LookupError):
    """An unknown or ambiguous reference; candidates are close matches as `kind:slug`."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Ref:
    """A resolved reference: the table and slug of one record."""

    table: str
    slug: str

    def __str__(self) -> str:
        return f"{SINGULAR[self.table]}:{self.slug}"


def _by_slug(conn: sqlite3.Connection, table: str, slug: str) -> bool:
    return conn.execute(f"select 1 from {table} where slug = ?", [slug]).fetchone() is not None


def _close(conn: sqlite3.Connection, text: str, tables: list[str]) -> list[str]:
    labels: dict[str, str] = {}
    for table in tables:
        for slug, label in conn.execute(_LABEL_SQL[table]):
            labels.setdefault(slug.lower(), f"{SINGULAR[table]}:{slug}")
            labels.setdefault(str(label).lower(), f"{SINGULAR[table]}:{slug}")
    matches = difflib.get_close_matches(text.lower(), list(labels), n=8, cutoff=0.6)
    substring = [key for key in labels if len(text) >= 3 and text.lower() in key]
    seen: list[str] = []
    for key in [*matches, *substring]:
        if labels[key] not in seen:
            seen.append(labels[key])
    return seen[:5]


def resolve(conn: sqlite3.Connection, text: str) -> Ref:
    """Resolve a REF; raises RefError with close candidates when unknown or ambiguous."""
    text = text.strip()
    if not text:
        raise RefError("empty reference", [])
    prefix, sep, rest = text.partition(":")
    if sep and prefix.lower() in KIND_NAMES:
        table = KIND_NAMES[prefix.lower()]
        tables = [table]
        text = rest.strip()
    else:
        tables = list(_LABEL_SQL)
    by_slug = [Ref(t, text) for t in tables if _by_slug(conn, t, text)]
    if len(by_slug) == 1:
        return by_slug[0]
    found = list(by_slug)
    lowered = text.lower()
    for table in tables:
        sql = _NAME_SQL.get(table)
        if sql is None:
            continue
        for (slug,) in conn.execute(sql, [lowered] * sql.count("?")):
            if Ref(table, slug) not in found:
                found.append(Ref(table, slug))
    if len(found) == 1:
        return found[0]
    if found:
        options = ", ".join(str(r) for r in found)
        raise RefError(f"'{text}' is ambiguous: {options}", [str(r) for r in found])
    candidates = _close(conn, text, tables)
    hint = f"; did you mean: {', '.join(candidates)}?" if candidates else ""
    raise RefError(f"no record matches '{text}'{hint}", candidates)


def alias_map(conn: sqlite3.Connection) -> dict[str, str]:
    """Every lowercased name and alias of companies, regulations and people, mapped to `kind:slug`."""
    result: dict[str, str] = {}
    sql = """select 'person', slug, name from people
             union all select 'company', slug, name from companies
             union all select 'company', c.slug, j.value from companies c, json_each(c.aliases) j
             union all select 'regulation', slug, name from regulations
             union all select 'regulation', slug, title from regulations
             union all select 'regulation', r.slug, j.value from regulations r, json_each(r.aliases) j"""
    for kind, slug, name in conn.execute(sql):
        if name and len(name) >= 2:
            result.setdefault(str(name).lower(), f"{kind}:{slug}")
    return result


def people_by_surname(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Lowercased last names of people mapped to their slugs (a speaker is often named by surname alone)."""
    result: dict[str, list[str]] = {}
    for slug, name in conn.execute("select slug, name from people"):
        result.setdefault(str(name).split()[-1].lower(), []).append(slug)
    return result
