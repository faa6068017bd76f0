"""Counts and totals of a list, grouped by its fields and links: `regterm stats` and the explorer's facets.

A dimension is a field of the listed kind (status, kind), a link to one record (regulator, speaker) or to many
(companies, regulations: a record counts once under each), or the year or month of its date. Totals are SQLite's
exact integer sums.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from regterm.db import model
from regterm.db.queries import Filters, QueryError, Sql, build_where, spec_for

NONE = "(none)"


@dataclass(frozen=True)
class Facets:
    """The result: one row per combination of values, its count and, when asked, its total."""

    by: tuple[str, ...]
    total_of: str | None
    rows: list[tuple[Any, ...]]
    # with keys: per row, what picks each value: a linked record's slug, a field's stored value (None: none)
    keys: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [*self.by, "count", *([f"total_{self.total_of}"] if self.total_of else [])]


def _member(k: model.Kind, name: str) -> model.Field | model.Link:
    for candidate in (name, f"{name}s", f"{name}es", name.removesuffix("y") + "ies"):
        for m in k.members:
            if m.name == candidate and not isinstance(m, model.Child):
                return m
    for m in k.links:  # a kind's singular names its list: "company" for companies
        if model.singular(m.target) == name and m.many and not m.role:
            return m
    raise KeyError(name)


def dimensions(table: str) -> list[str]:
    """What a list can be grouped by: fields, links, the year and month of its date, the year of its other dates."""
    k = model.kind(table)
    names = [f.name for f in k.fields if f.type in ("choice", "str", "bool", "strs") and f.name != "slug"]
    names += [m.name for m in k.links if not m.has_items]
    other_dates = [f"{f.name}_year" for f in k.fields if f.type == "date" and f.name != k.date]
    return [*names, *(["year", "month"] if k.date else []), *other_dates]


def date_part(k: model.Kind, name: str) -> tuple[str, int] | None:
    """(date column, characters kept) for year/month of the kind's date, or <date field>_year/_month of another."""
    if name in ("year", "month"):
        return (k.field(k.date).col, 4 if name == "year" else 7) if k.date else None
    field, _, part = name.rpartition("_")
    if part in ("year", "month") and field in {f.name for f in k.fields if f.type == "date"}:
        return k.field(field).col, 4 if part == "year" else 7
    return None


def link_target(table: str, name: str) -> str | None:
    """The kind a dimension names records of (regulator: companies), or None for a field, year or month."""
    if date_part(model.kind(table), name) is not None:
        return None
    try:
        member = _member(model.kind(table), name)
    except KeyError:
        return None
    return member.target if isinstance(member, model.Link) else None


def splits(table: str, name: str) -> bool:
    """Whether a record may count under several values of a dimension (a dispute with two companies)."""
    try:
        member = _member(model.kind(table), name)
    except KeyError:
        return False
    return member.many if isinstance(member, model.Link) else member.type == "strs"


def _dimension(k: model.Kind, name: str, index: int) -> tuple[str, list[str], list[Any], str]:
    """(expression, joins, join parameters, key expression) giving one dimension's value for each row of t;
    the key picks the value: a linked record's slug, else the value itself."""
    if name in ("year", "month") and not k.date:
        raise QueryError(f"{k.table} have no date to group by")
    part = date_part(k, name)
    if part is not None:
        expression = f"substr(t.{part[0]}, 1, {part[1]})"
        return expression, [], [], expression
    try:
        member = _member(k, name)
    except KeyError:
        raise QueryError(f"cannot group {k.table} by '{name}' (by one of: {', '.join(dimensions(k.table))})") from None
    alias = f"d{index}"
    if isinstance(member, model.Field):
        if member.type == "strs":
            return f"{alias}.value", [f"left join json_each(t.{member.col}) {alias}"], [], f"{alias}.value"
        return f"t.{member.col}", [], [], f"t.{member.col}"
    target = model.kind(member.target)
    label = target.field(target.label).col
    if not member.many:
        join = f"left join {target.table} {alias} on {alias}.id = t.{model.one_column(member)}"
        return f"{alias}.{label}", [join], [], f"{alias}.slug"
    store = model.store_of(k.table, member.name)
    role = f" and {alias}l.role = ?" if store.role is not None else ""
    joins = [
        f"left join {store.table} {alias}l on {alias}l.{store.left} = t.id{role}",
        f"left join {target.table} {alias} on {alias}.id = {alias}l.{store.right}",
    ]
    return f"{alias}.{label}", joins, [store.role] if store.role is not None else [], f"{alias}.slug"


def facets(
    conn: sqlite3.Connection,
    table: str,
    by: tuple[str, ...],
    total_of: str | None = None,
    filters: Filters | None = None,
    limit: int | None = None,
    with_keys: bool = False,
) -> Facets:
    """Rows matching filters counted (and their total_of summed) per value of each dimension in by.

    with_keys: also the key of each value (Facets.keys), grouped by it too, so two records of one name stay apart.
    """
    spec = spec_for(table)
    if spec.kind is None:
        raise QueryError(f"stats apply to records, not to {table}")
    if not by:
        raise QueryError("name at least one field to group by (--by)")
    k = model.kind(spec.kind)
    expressions, keys, joins, join_params = [], [], [], []
    for index, name in enumerate(by):
        expression, more, params, key = _dimension(k, name, index)
        expressions.append(expression)
        keys.append(key)
        joins += more
        join_params += params
    total = ""
    if total_of is not None:
        numeric = [f.name for f in k.fields if f.type in ("money", "int")]
        if total_of not in numeric:
            raise QueryError(f"cannot total '{total_of}' of {table} (numbers: {', '.join(numeric) or 'none'})")
        total = f", sum(t.{k.field(total_of).col})"
    where, params = build_where(conn, table, filters or Filters())
    groups = ", ".join(f"g{i}" for i in range(len(by)))
    selected = ", ".join(f"{e} as g{i}" for i, e in enumerate(expressions))
    if with_keys:
        groups += "".join(f", k{i}" for i in range(len(by)))
        selected += "".join(f", {e} as k{i}" for i, e in enumerate(keys))
    order = f"{'sum(t.' + k.field(total_of).col + ') desc, ' if total_of else ''}count(distinct t.id) desc, {groups}"
    sql: Sql = (
        f"select {selected}, count(distinct t.id){total} from {table} t {' '.join(joins)}{where} "
        f"group by {groups} order by {order}" + (" limit ?" if limit else ""),
        [*join_params, *params, *([limit] if limit else [])],
    )
    rows, found_keys = [], []
    width = len(by)
    for row in conn.execute(*sql):
        if with_keys:
            found_keys.append(row[width : 2 * width])
            row = row[:width] + row[2 * width :]
        rows.append(tuple(NONE if value is None and i < width else value for i, value in enumerate(row)))
    return Facets(tuple(by), total_of, rows, found_keys)
