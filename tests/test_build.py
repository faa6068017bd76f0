"""The build: records become a database, deterministically, or not at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_DB, REPO, build_db, tiny_document

from regterm.cli import main_group
from regterm.db.build import build_from_directory, database_dump
from regterm.db.records import RecordError, load_yaml_text, records_from_document, validate


def test_committed_database_matches_its_records(tmp_path: Path) -> None:
    rebuilt = tmp_path / "rebuilt.db"
    build_from_directory(REPO / "data" / "records", rebuilt)
    assert database_dump(rebuilt) == database_dump(BUNDLED_DB), "run `regterm db build` and commit data/regterm.db"


def test_build_is_deterministic(tmp_path: Path) -> None:
    first = build_db(tiny_document(), tmp_path / "a.db")
    second = build_db(tiny_document(), tmp_path / "b.db")
    assert first.read_bytes() == second.read_bytes()


def test_file_order_does_not_change_ids(tmp_path: Path) -> None:
    document = tiny_document()
    reordered = tiny_document()
    reordered["quotes"].reverse()
    reordered["companies"].reverse()
    assert database_dump(build_db(document, tmp_path / "a.db")) == database_dump(build_db(reordered, tmp_path / "b.db"))


def test_build_writes_links_and_fts(tiny_db: Path) -> None:
    conn = sqlite3.connect(tiny_db)
    rows = conn.execute(
        """select d.slug, c.slug, l.role from dispute_companies l join disputes d on d.id = l.dispute_id
           join companies c on c.id = l.company_id order by 1, 2"""
    ).fetchall()
    assert ("apple-anti-steering", "apple", "subject") in rows
    assert ("apple-anti-steering", "spotify", "complainant") in rows
    hits = conn.execute("select rowid from quotes_fts where quotes_fts match 'farce'").fetchall()
    assert len(hits) == 1
    assert conn.execute("select fine_eur from disputes where slug = 'apple-anti-steering'").fetchone() == (500000000,)
    assert conn.execute("select aliases from companies where slug = 'meta'").fetchone() == (
        '["Facebook", "Instagram"]',
    )


def _problems(document: dict) -> list[str]:
    with pytest.raises(RecordError) as info:
        validate(records_from_document(document, "t.yaml"))
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["quotes"][0].update(speaker="nobody"), "unknown person 'nobody'"),
        (lambda d: d["disputes"][0].update(companies=["aple"]), "did you mean: apple?"),
        (lambda d: d["events"][0].update(date="23/04/2025"), "is not an ISO 8601 date"),
        (lambda d: d["events"][0].update(date="2025-02-30"), "is not an ISO 8601 date"),
        (lambda d: d["companies"].append(dict(d["companies"][0])), "duplicate slug"),
        (lambda d: d["quotes"][0].pop("source"), "field 'source': is required"),
        (lambda d: d["disputes"][0].update(sources=[]), "field 'sources': is required"),
        (lambda d: d["disputes"][0].update(fine=1), "field 'fine': unknown field"),
        (lambda d: d["disputes"][0].update(fine_eur="500m"), "expected a whole number of euros"),
        (lambda d: d["disputes"][0].update(status="pending"), "is not one of"),
        (lambda d: d["companies"][0].update(slug="Apple Inc"), "is not a slug"),
        (lambda d: d["sources"][0].update(url="ec.europa.eu"), "is not an http(s) URL"),
        (lambda d: d["quotes"][1].pop("organisation"), "needs a speaker or an organisation"),
        (lambda d: d["disputes"][0].update(decided="2020-01-01"), "is before 'opened'"),
        (lambda d: d["companies"][0]["designations"][0].update(regulation="dsa"), "unknown regulation 'dsa'"),
    ],
)
def test_validation_names_each_problem(change, expected) -> None:  # type: ignore[no-untyped-def]
    document = tiny_document()
    change(document)
    assert any(expected in p for p in _problems(document)), _problems(document)


def test_month_precision_dates_are_kept(tiny_db: Path) -> None:
    conn = sqlite3.connect(tiny_db)
    assert conn.execute("select date from events where slug = 'spotify-statement'").fetchone() == ("2024-01",)


def test_yaml_errors_carry_file_and_line() -> None:
    with pytest.raises(RecordError) as info:
        load_yaml_text("quotes:\n  - slug: a\n    text: [unclosed\n", "bad.yaml")
    assert str(info.value.problems[0]).startswith("bad.yaml:")
    assert "invalid YAML" in str(info.value.problems[0])


def test_problem_lines_point_at_the_record() -> None:
    text = "sources:\n  - slug: s\n    url: nope\n"
    records = load_yaml_text(text, "f.yaml")
    with pytest.raises(RecordError) as info:
        validate(records)
    assert any(str(p).startswith("f.yaml:2: source 's' field 'url'") for p in info.value.problems)


def test_failed_build_leaves_output_untouched(tmp_path: Path, records_dir) -> None:  # type: ignore[no-untyped-def]
    output = build_db(tiny_document(), tmp_path / "out.db")
    before = output.read_bytes()
    document = tiny_document()
    document["quotes"][0]["source"] = "missing-source"
    result = CliRunner().invoke(
        main_group, ["db", "build", "--records", str(records_dir(document)), "--output", str(output), "--force"]
    )
    assert result.exit_code == 1
    assert "unknown source 'missing-source'" in result.stderr
    assert output.read_bytes() == before
    assert not list(tmp_path.glob(".regterm-*"))


def test_cli_build_then_check(tmp_path: Path, records_dir) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(
        main_group, ["db", "build", "--records", str(records_dir(tiny_document())), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(main_group, ["--db", str(output), "db", "check"])
    assert result.exit_code == 0
    assert result.stdout == ""
