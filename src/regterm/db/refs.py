"""References to records: `kind:slug`, or a bare slug, name or alias when that is unambiguous."""

from __future__ import annotations

import difflib
import sqlite3
from dataclasses import dataclass

from regterm.db import model


def kind_names() -> dict[str, str]:
    """Every prefix of a `kind:slug` reference ('company', 'companies', 'org', …) and the table it names."""
    return model.ref_prefixes()


def _name_sql(k: model.Kind) -> str:
    """SQL matching a lowercased name of k exactly (the parameter used as many times as it has '?')."""
    ors = []
    for name in k.name_fields:
        f = k.field(name)
        if f.type == "strs":
            ors.append(f"exists (select 1 from json_each({k.table}.{f.col}) where lower(value) = ?)")
        else:
            ors.append(f"lower({f.col}) = ?")
    return f"select slug from {k.table} where {' or '.join(ors)}"


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
        return f"{model.singular(self.table)}:{self.slug}"


def _by_slug(conn: sqlite3.Connection, table: str, slug: str) -> bool:
    return conn.execute(f"select 1 from {table} where slug = ?", [slug]).fetchone() is not None


def _close(conn: sqlite3.Connection, text: str, tables: list[str]) -> list[str]:
    labels: dict[str, str] = {}
    for table in tables:
        label_column = model.kind(table).field(model.kind(table).label).col
        for slug, label in conn.execute(f"select slug, {label_column} from {table}"):
            labels.setdefault(slug.lower(), f"{model.singular(table)}:{slug}")
            labels.setdefault(str(label).lower(), f"{model.singular(table)}:{slug}")
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
    prefixes = kind_names()
    if sep and prefix.lower() in prefixes:
        table = prefixes[prefix.lower()]
        tables = [table]
        text = rest.strip()
    else:
        tables = list(model.tables())
    by_slug = [Ref(t, text) for t in tables if _by_slug(conn, t, text)]
    if len(by_slug) == 1:
        return by_slug[0]
    found = list(by_slug)
    lowered = text.lower()
    for table in tables:
        if not model.kind(table).name_fields or table == "sources":
            continue
        sql = _name_sql(model.kind(table))
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


def alias_map(conn: sqlite3.Connection, cased: bool = False) -> dict[str, str]:
    """Every lowercased name and alias of companies, regulations and people, mapped to `kind:slug`.

    With `cased`, a business's name or alias written with a capital ('Free', 'World', 'Play', 'Orange') keeps its
    case: the quote extractor then matches it only where the text writes it with a capital too, so that 'for free'
    and 'the world' link no quote to Iliad or Tools for Humanity. Institutions, regulators and courts stay
    lower-case ('the commission' is the Commission)."""
    result: dict[str, str] = {}
    sql = """select 'person', slug, name, '' from people
             union all select 'company', slug, name, kind from companies
             union all select 'company', c.slug, j.value, c.kind from companies c, json_each(c.aliases) j
             union all select 'regulation', slug, name, '' from regulations
             union all select 'regulation', slug, title, '' from regulations
             union all select 'regulation', r.slug, j.value, '' from regulations r, json_each(r.aliases) j"""
    seen: set[str] = set()
    for kind, slug, name, company_kind in conn.execute(sql):
        if not name or len(name) < 2 or str(name).lower() in seen:
            continue
        text = str(name)
        seen.add(text.lower())
        proper = cased and company_kind == "company" and text[:1].isupper()
        result[text if proper else text.lower()] = f"{kind}:{slug}"
    return result


def people_by_surname(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Lowercased last names of people mapped to their slugs (a speaker is often named by surname alone)."""
    result: dict[str, list[str]] = {}
    for slug, name in conn.execute("select slug, name from people"):
        result.setdefault(str(name).split()[-1].lower(), []).append(slug)
    return result
