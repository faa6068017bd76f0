"""The analyst's first questions from the command line: sort, counts and totals, AND across one kind, a date."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_DB, build_db, tiny_document

from regterm.cli import main_group


def run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(main_group, ["--db", str(db), *args])


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


@pytest.fixture
def fines_db(tmp_path: Path) -> Path:
    """Disputes with fines, one without, dates known to the day, the month and the year."""
    document = tiny_document()
    base = document["disputes"][0]
    extra = [
        ("big-fine", "2021", 4_000_000_000, "decided", "2023-06-01", ["meta"]),
        ("small-fine", "2021-05", 12, "appealed", "2024-01", ["apple", "meta"]),
        ("no-fine", "2021-05-03", None, "open", None, ["apple"]),
    ]
    for slug, opened, fine, status, decided, companies in extra:
        dispute = dict(base, slug=slug, title=slug, opened=opened, status=status, companies=companies)
        dispute.pop("fine_eur", None)
        dispute.pop("decided", None)
        if fine is not None:
            dispute["fine_eur"] = fine
        if decided is not None:
            dispute["decided"] = decided
        document["disputes"].append(dispute)
    return build_db(document, tmp_path / "fines.db")


def test_sort_by_money_and_dates_missing_last(fines_db: Path) -> None:
    result = run(fines_db, "export", "disputes", "--sort", "-fine_eur", "--columns", "slug,fine_eur", "--format", "csv")
    slugs = [r["slug"] for r in rows(result.stdout)]
    assert slugs == ["big-fine", "apple-anti-steering", "meta-pay-or-consent", "small-fine", "no-fine"]
    fines = [int(r["fine_eur"]) for r in rows(result.stdout) if r["fine_eur"]]
    assert fines == sorted(fines, reverse=True)  # as numbers: 12 after 500,000,000
    ascending = run(
        fines_db, "export", "disputes", "--sort", "fine_eur", "--columns", "slug,fine_eur", "--format", "csv"
    )
    assert rows(ascending.stdout)[0]["slug"] == "small-fine"
    assert rows(ascending.stdout)[-1]["fine_eur"] == ""  # missing last both ways
    by_date = run(fines_db, "export", "disputes", "--sort", "opened", "--columns", "slug,opened", "--format", "csv")
    opened = [r["opened"] for r in rows(by_date.stdout)]
    assert opened[:3] == ["2021", "2021-05", "2021-05-03"]  # a year, then its month, then its days


def test_sort_by_two_keys_and_bad_key(fines_db: Path) -> None:
    result = run(
        fines_db,
        "export",
        "disputes",
        "--sort",
        "status",
        "--sort",
        "-opened",
        "--columns",
        "status,opened",
        "--format",
        "csv",
    )
    got = [(r["status"], r["opened"]) for r in rows(result.stdout)]
    assert got == sorted(got, key=lambda x: (x[0], [-ord(c) for c in x[1]]))
    bad = run(fines_db, "export", "disputes", "--sort", "nope")
    assert bad.exit_code == 2 and "cannot sort disputes by 'nope'" in bad.stderr and "Traceback" not in bad.stderr


def test_stats_counts_and_exact_totals(fines_db: Path) -> None:
    result = run(fines_db, "stats", "disputes", "--by", "company", "--sum", "fine_eur", "--format", "csv")
    assert result.exit_code == 0
    by_company = {r["company"]: (int(r["count"]), int(r["total_fine_eur"] or 0)) for r in rows(result.stdout)}
    assert by_company["Meta"] == (3, 4_000_000_000 + 12 + 200_000_000)
    assert by_company["Apple"] == (3, 500_000_000 + 12)
    statuses = rows(run(fines_db, "stats", "disputes", "--by", "status", "--format", "csv").stdout)
    assert sum(int(r["count"]) for r in statuses) == 5
    assert [int(r["count"]) for r in statuses] == sorted((int(r["count"]) for r in statuses), reverse=True)


def test_stats_by_two_fields_year_and_bad_input(fines_db: Path) -> None:
    result = run(fines_db, "stats", "disputes", "--by", "regulator", "--by", "status", "--format", "csv")
    assert rows(result.stdout)[0].keys() == {"regulator", "status", "count"}
    years = rows(run(fines_db, "stats", "disputes", "--by", "year", "--format", "csv").stdout)
    assert {r["year"] for r in years} >= {"2021", "2024"}
    bad = run(fines_db, "stats", "disputes", "--by", "colour")
    assert bad.exit_code == 2 and "cannot group disputes by 'colour'" in bad.stderr
    bad = run(fines_db, "stats", "disputes", "--by", "status", "--sum", "title")
    assert bad.exit_code == 2 and "cannot total 'title'" in bad.stderr


def test_bundled_totals_are_exact_beyond_32_bits() -> None:
    """The obvious awk overflowed at 2147483647; the totals are SQLite's exact integer sums."""
    result = run(BUNDLED_DB, "stats", "disputes", "--by", "company", "--sum", "fine_eur", "--format", "csv")
    table = {r["company"]: int(r["total_fine_eur"] or 0) for r in rows(result.stdout)}
    export = run(
        BUNDLED_DB, "export", "disputes", "--company", "alphabet", "--columns", "companies,fine_eur", "--format", "csv"
    )
    expected = sum(
        int(r["fine_eur"]) for r in rows(export.stdout) if r["fine_eur"] and "Alphabet" in r["companies"].split("; ")
    )
    assert table["Alphabet"] == expected > 2**31


def test_said_by_and_about_combine(tmp_path: Path) -> None:
    """Everything Spotify said about Apple: said by Spotify (or its people) AND about Apple."""
    document = tiny_document()
    quote = document["quotes"][0]  # Daniel Ek (Spotify) about Apple
    about_meta = dict(quote, slug="ek-on-meta", companies=["meta"], text="other")
    by_apple = dict(quote, slug="apple-on-spotify", companies=["spotify"], text="reply", organisation="apple")
    by_apple.pop("speaker")
    document["quotes"] += [about_meta, by_apple]
    db = build_db(document, tmp_path / "q.db")
    result = run(db, "export", "quotes", "--said-by", "spotify", "--about", "apple", "--format", "csv")
    assert [r["slug"] for r in rows(result.stdout)] == ["ek-farce"]
    both = run(db, "export", "quotes", "--company", "spotify", "--company", "apple", "--format", "csv")
    assert len(rows(both.stdout)) == 3  # repeated --company: any of them


def test_date_picks_which_date(fines_db: Path) -> None:
    result = run(
        fines_db, "export", "disputes", "--date", "decided", "--since", "2024", "--until", "2024", "--format", "csv"
    )
    assert [r["slug"] for r in rows(result.stdout)] == ["small-fine"]
    opened = run(fines_db, "export", "disputes", "--since", "2024", "--until", "2024", "--format", "csv")
    assert sorted(r["slug"] for r in rows(opened.stdout)) == ["apple-anti-steering", "meta-pay-or-consent"]
    bad = run(fines_db, "export", "disputes", "--date", "colour", "--since", "2024")
    assert bad.exit_code == 2 and "have no date 'colour'" in bad.stderr
