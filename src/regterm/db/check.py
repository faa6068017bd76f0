"""`regterm db check`: rules a usable, trustworthy database keeps."""

from __future__ import annotations

import sqlite3

from regterm.db import model
from regterm.db.schema import link_tables
from regterm.db.vocabulary import is_iso_date
from regterm.safe_text import is_clean_url, one_line


@model.cached
def _date_columns() -> dict[str, tuple[str, ...]]:
    """Every table's date columns: the kinds', their list items' and their children's."""
    result: dict[str, tuple[str, ...]] = {}
    for k in model.kinds():
        result[k.table] = tuple(f.col for f in k.fields if f.type == "date")
        for child in k.children:
            result[child.table] = tuple(f.col for f in child.fields if f.type == "date")
        for link in k.links:
            if link.has_items:
                result[model.link_table(k, link)] = tuple(f.col for f in link.fields if f.type == "date")
    return {table: columns for table, columns in result.items() if columns}


@model.cached
def _sourced() -> tuple[tuple[str, str, bool], ...]:
    """(table, column, required) of every link to one source: a record's own, or its list items'."""
    result = []
    for k in model.kinds():
        for link in k.links:
            if link.target == "sources" and not link.many:
                result.append((k.table, model.one_column(link), link.required))
            if link.target == "sources" and link.first_column:
                result.append((k.table, link.first_column, link.required))
            for sub in link.links:
                if sub.target == "sources":
                    result.append((model.link_table(k, link), model.one_column(sub), sub.required))
    return tuple(result)


def _label(table: str, row: sqlite3.Row) -> str:
    slug = row["slug"] if "slug" in row.keys() else None  # noqa: SIM118
    return f"{table} '{slug}'" if slug else f"{table} row {row['id']}"


def check_foreign_keys(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid}: points at a missing {parent} record")
    return problems


def check_slugs(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table in model.tables():
        sql = f"select slug, count(*) from {table} group by slug having count(*) > 1 or slug is null or slug = ''"
        for slug, count in conn.execute(sql):
            problems.append(f"{table}: slug {slug!r} is used {count} times" if slug else f"{table}: empty slug")
    return problems


def check_dates(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, columns in _date_columns().items():
        for row in conn.execute(f"select * from {table}"):
            for column in columns:
                value = row[column]
                if value is not None and not is_iso_date(value):
                    problems.append(f"{_label(table, row)}: {column} {value!r} is not an ISO 8601 date")
    for k in model.kinds():
        for later, earlier in k.not_before:
            a, b = k.field(later).col, k.field(earlier).col
            for row in conn.execute(f"select * from {k.table} where {a} is not null and {a} < {b}"):
                problems.append(f"{_label(k.table, row)}: {later} {row[a]} is before {earlier} {row[b]}")
    return problems


def check_sources(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, column, required in _sourced():
        sql = f"""select t.*, s.url as source_url, s.published as source_date, s.id as source_exists
                  from {table} t left join sources s on s.id = t.{column}"""
        for row in conn.execute(sql):
            if row[column] is None and not required:
                continue
            if row[column] is None or row["source_exists"] is None:
                problems.append(f"{_label(table, row)}: has no source")
            elif not row["source_url"] or not row["source_date"]:
                problems.append(f"{_label(table, row)}: its source has no URL or no date")
    for k in model.kinds():
        for f in k.fields:
            if f.type != "url":
                continue
            for row in conn.execute(f"select * from {k.table} where {f.col} is not null or ?", [int(f.required)]):
                if not is_clean_url(row[f.col]):
                    problems.append(f"{_label(k.table, row)}: {f.name} {row[f.col]!r} is not an http(s) URL")
    return problems


def check_orphans(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, t in link_tables().items():
        (left, left_table), (right, right_table) = t.foreign_keys
        sql = f"""select count(*) from {table} l
                  where not exists (select 1 from {left_table} a where a.id = l.{left})
                     or not exists (select 1 from {right_table} b where b.id = l.{right})"""
        count = conn.execute(sql).fetchone()[0]
        if count:
            problems.append(f"{table}: {count} link(s) to missing records")
    cited = [f"select {column} as source_id from {table}" for table, column, _ in _sourced()]
    cited += [
        f"select {store.right} from {store.table}" for store in model.link_stores() if store.link.target == "sources"
    ]
    used = f"select * from ({' union '.join(cited)}) where source_id is not null"  # NOT IN a list with NULL fails
    for row in conn.execute(f"select * from sources where id not in ({used})"):
        problems.append(f"{_label('sources', row)}: is not cited by any record")
    for store in model.link_stores():
        if not store.link.required:
            continue
        role, params = (" and role = ?", [store.role]) if store.role is not None else ("", [])
        inner = f"select {store.left} from {store.table} where 1{role}"
        for row in conn.execute(f"select * from {store.owner} where id not in ({inner})", params):
            problems.append(f"{_label(store.owner, row)}: has no {store.link.name.replace('_', ' ')}")
    return problems


def check_values(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for k in model.kinds():
        for f in k.fields:
            if f.type == "choice":
                allowed = ", ".join("'" + c.replace("'", "''") + "'" for c in f.choices)
                for row in conn.execute(f"select * from {k.table} where {f.col} not in ({allowed})"):
                    problems.append(f"{_label(k.table, row)}: unknown {f.name} {row[f.col]!r}")
            if f.type in ("int", "money"):
                bad = f"typeof({f.col}) != 'integer' or {f.col} < 0"
                sql = f"select * from {k.table} where {f.col} is not null and ({bad})"
                for row in conn.execute(sql):
                    unit = " of euros" if f.type == "money" else ""
                    problems.append(f"{_label(k.table, row)}: {f.name} {row[f.col]!r} is not a whole number{unit}")
            if f.required and f.type in ("str", "slug"):
                for row in conn.execute(f"select * from {k.table} where trim({f.col}) = ''"):
                    problems.append(f"{_label(k.table, row)}: empty {f.name}")
        for names in k.one_of:
            columns = []
            for m in map(k.member, names):
                if isinstance(m, model.Field):
                    columns.append(m.col)
                elif isinstance(m, model.Link) and not m.many:
                    columns.append(model.one_column(m))
            where = " and ".join(f"{c} is null" for c in columns)
            for row in conn.execute(f"select * from {k.table} where {where}"):
                problems.append(f"{_label(k.table, row)}: has none of: {', '.join(names)}")
    return problems


CHECKS = (check_foreign_keys, check_slugs, check_dates, check_sources, check_orphans, check_values)


def check_database(conn: sqlite3.Connection) -> list[str]:
    """Every problem found, one line each; an empty list means the database is clean."""
    problems: list[str] = []
    for check in CHECKS:
        problems.extend(one_line(problem) for problem in check(conn))  # values from data shown as text
    return problems
