"""`regterm db check`: rules a usable, trustworthy database keeps."""

from __future__ import annotations

import sqlite3

from regterm.db.schema import ENTITY_TABLES, LINK_TABLES
from regterm.db.vocabulary import DISPUTE_STATUSES, is_iso_date
from regterm.safe_text import is_clean_url, one_line

DATE_COLUMNS = {
    "sources": ("published",),
    "regulations": ("adopted", "in_force", "applies_from"),
    "regulation_milestones": ("date",),
    "designations": ("date",),
    "disputes": ("opened", "decided"),
    "events": ("date",),
    "quotes": ("said",),
}

SOURCED_TABLES = ("disputes", "events", "quotes", "designations", "regulations")
URL_COLUMNS = (("sources", "url"), ("regulations", "url"), ("companies", "website"))  # what `o` may open


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
    for table in ENTITY_TABLES:
        sql = f"select slug, count(*) from {table} group by slug having count(*) > 1 or slug is null or slug = ''"
        for slug, count in conn.execute(sql):
            problems.append(f"{table}: slug {slug!r} is used {count} times" if slug else f"{table}: empty slug")
    return problems


def check_dates(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, columns in DATE_COLUMNS.items():
        for row in conn.execute(f"select * from {table}"):
            for column in columns:
                value = row[column]
                if value is not None and not is_iso_date(value):
                    problems.append(f"{_label(table, row)}: {column} {value!r} is not an ISO 8601 date")
    for row in conn.execute("select * from disputes where decided is not null and decided < opened"):
        problems.append(f"{_label('disputes', row)}: decided {row['decided']} is before opened {row['opened']}")
    return problems


def check_sources(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table in SOURCED_TABLES:
        sql = f"""select t.*, s.url as source_url, s.published as source_date, s.id as source_exists
                  from {table} t left join sources s on s.id = t.source_id"""
        for row in conn.execute(sql):
            if row["source_id"] is None or row["source_exists"] is None:
                problems.append(f"{_label(table, row)}: has no source")
            elif not row["source_url"] or not row["source_date"]:
                problems.append(f"{_label(table, row)}: its source has no URL or no date")
    for table, column in URL_COLUMNS:
        for row in conn.execute(f"select * from {table} where {column} is not null or ? = 'sources'", [table]):
            if not is_clean_url(row[column]):
                problems.append(f"{_label(table, row)}: {column} {row[column]!r} is not an http(s) URL")
    return problems


def check_orphans(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, (left, left_table, right, right_table, _) in LINK_TABLES.items():
        sql = f"""select count(*) from {table} l
                  where not exists (select 1 from {left_table} a where a.id = l.{left})
                     or not exists (select 1 from {right_table} b where b.id = l.{right})"""
        count = conn.execute(sql).fetchone()[0]
        if count:
            problems.append(f"{table}: {count} link(s) to missing records")
    used = """select * from (select source_id from disputes union select source_id from dispute_sources
              union select source_id from events union select source_id from event_sources
              union select source_id from quotes
              union select source_id from designations union select source_id from regulations)
              where source_id is not null"""  # NOT IN a list holding NULL would match nothing
    for row in conn.execute(f"select * from sources where id not in ({used})"):
        problems.append(f"{_label('sources', row)}: is not cited by any record")
    for row in conn.execute(
        "select * from disputes where id not in (select dispute_id from dispute_companies where role = 'subject')"
    ):
        problems.append(f"{_label('disputes', row)}: names no company it is against")
    return problems


def check_values(conn: sqlite3.Connection) -> list[str]:
    problems = []
    statuses = ", ".join(f"'{s}'" for s in DISPUTE_STATUSES)
    for row in conn.execute(f"select * from disputes where status not in ({statuses})"):
        problems.append(f"{_label('disputes', row)}: unknown status {row['status']!r}")
    for row in conn.execute(
        "select * from disputes where fine_eur is not null and (typeof(fine_eur) != 'integer' or fine_eur < 0)"
    ):
        problems.append(f"{_label('disputes', row)}: fine_eur {row['fine_eur']!r} is not a whole number of euros")
    for row in conn.execute("select * from quotes where speaker_id is null and organisation_id is null"):
        problems.append(f"{_label('quotes', row)}: has neither a speaker nor an organisation")
    for row in conn.execute("select * from quotes where trim(text) = ''"):
        problems.append(f"{_label('quotes', row)}: empty text")
    return problems


CHECKS = (check_foreign_keys, check_slugs, check_dates, check_sources, check_orphans, check_values)


def check_database(conn: sqlite3.Connection) -> list[str]:
    """Every problem found, one line each; an empty list means the database is clean."""
    problems: list[str] = []
    for check in CHECKS:
        problems.extend(one_line(problem) for problem in check(conn))  # values from data shown as text
    return problems
