"""`regterm db check`: each rule passes on clean data and fails on a record that breaks it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_DB

from regterm.cli import main_group
from regterm.db.check import check_database


def test_tiny_database_is_clean(tiny_db: Path, writable_copy) -> None:  # type: ignore[no-untyped-def]
    assert check_database(writable_copy(tiny_db)) == []


def test_bundled_database_is_clean() -> None:
    result = CliRunner().invoke(main_group, ["--db", str(BUNDLED_DB), "db", "check"])
    assert result.exit_code == 0, result.stdout


BREAKAGES = [
    ("update quotes set speaker_id = 999 where slug = 'ek-farce'", "points at a missing people record"),
    ("update events set date = '23 April 2025' where slug = 'apple-fined'", "is not an ISO 8601 date"),
    ("update quotes set said = '2024-13-01' where slug = 'ek-farce'", "is not an ISO 8601 date"),
    ("update quotes set source_id = 999 where slug = 'ek-farce'", "quotes 'ek-farce': has no source"),
    ("update sources set published = '' where slug = 'news-farce'", "its source has no URL or no date"),
    ("update sources set url = 'ftp://x' where slug = 'news-farce'", "is not an http(s) URL"),
    (
        "drop index idx_companies_slug; update companies set slug = 'apple' where slug = 'meta'",
        "slug 'apple' is used 2",
    ),
    ("insert into quote_companies values (1, 999)", "points at a missing companies record"),
    (
        "insert into sources (slug, url, publisher, title, published, is_primary) "
        "values ('lonely', 'https://x.org', 'X', 'T', '2024-01-01', 0)",
        "sources 'lonely': is not cited by any record",
    ),
    ("delete from dispute_companies where role = 'subject' and dispute_id = 1", "has no companies"),
    ("update disputes set status = 'pending' where slug = 'apple-anti-steering'", "unknown status 'pending'"),
    (
        "update disputes set fine_eur = 'about 500m' where slug = 'apple-anti-steering'",
        "is not a whole number of euros",
    ),
    (
        "update quotes set speaker_id = null, organisation_id = null where slug = 'ek-farce'",
        "has none of: speaker, organisation",
    ),
    ("update disputes set decided = '2020-01-01' where slug = 'apple-anti-steering'", "is before opened"),
]


@pytest.mark.parametrize(("sql", "expected"), BREAKAGES)
def test_each_rule_catches_a_broken_record(tiny_db: Path, writable_copy, sql: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    conn = writable_copy(tiny_db)
    conn.executescript(sql)
    problems = check_database(conn)
    assert any(expected in p for p in problems), problems


def test_cli_check_lists_problems_and_exits_1(tiny_db: Path, writable_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    conn = writable_copy(tiny_db)
    conn.execute("update events set date = 'soon' where slug = 'apple-fined'")
    conn.commit()
    result = CliRunner().invoke(main_group, ["--db", str(tmp_path / "copy-tiny.db"), "db", "check"])
    assert result.exit_code == 1
    assert "events 'apple-fined': date 'soon' is not an ISO 8601 date" in result.stdout
    assert "1 problem(s) found" in result.stderr


def test_uncited_sources_are_found_even_when_a_source_link_is_empty(tmp_path: Path) -> None:
    # A database made by regterm 0.1.0 (migrated), whose regulations.source_id may be NULL.
    import shutil

    from regterm.db.connection import connect_for_write
    from regterm.db.upgrade import migrate

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "personal-0.1.0.db", path)
    migrate(path)
    conn = connect_for_write(path)
    conn.row_factory = sqlite3.Row
    conn.executescript(
        "update regulations set source_id = null where slug = 'gdpr';"
        "insert into sources (slug, url, publisher, title, published, is_primary) "
        "values ('lonely', 'https://x.org', 'X', 'T', '2024-01-01', 0)"
    )
    assert any("sources 'lonely': is not cited" in p for p in check_database(conn))
