"""Every link is first-class and goes both ways: a regulator's disputes, a complainant's, a speaker's quotes, an
organisation's people's quotes; designations and milestones are tables; any record can be selected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import build_db, tiny_document
from textual.pilot import Pilot
from tui_helpers import chain, drive, settle, slugs

from regterm.cli import main_group
from regterm.db.refs import Ref
from regterm.tui.app import RegtermApp


def run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(main_group, ["--db", str(db), *args])


def csv_slugs(output: str) -> list[str]:
    return sorted(line.split(",")[0] for line in output.splitlines()[1:])


@pytest.fixture
def linked_db(tmp_path: Path) -> Path:
    """The tiny data plus a Commission official quoted in her own name (her organisation is the Commission)."""
    document = tiny_document()
    document["people"].append(
        {
            "slug": "margrethe-vestager",
            "name": "Margrethe Vestager",
            "role": "Commissioner",
            "organisation": "european-commission",
        }
    )
    quote = dict(document["quotes"][0], slug="vestager-on-apple", speaker="margrethe-vestager", text="a decision")
    quote.pop("organisation", None)
    document["quotes"].append(quote)
    return build_db(document, tmp_path / "linked.db")


def test_an_authority_shows_the_disputes_it_decides(linked_db: Path) -> None:
    result = run(linked_db, "show", "european-commission")
    assert result.exit_code == 0
    assert "Disputes (2)" in result.stdout and "dispute:apple-anti-steering" in result.stdout
    result = run(linked_db, "export", "disputes", "--company", "european-commission", "--format", "csv")
    assert result.exit_code == 0 and csv_slugs(result.stdout) == ["apple-anti-steering", "meta-pay-or-consent"]


def test_filters_by_one_link(linked_db: Path) -> None:
    by_regulator = run(linked_db, "export", "disputes", "--regulator", "european-commission", "--format", "csv")
    assert csv_slugs(by_regulator.stdout) == ["apple-anti-steering", "meta-pay-or-consent"]
    assert run(linked_db, "export", "disputes", "--regulator", "apple").exit_code == 1  # Apple decides nothing
    by_complainant = run(linked_db, "export", "disputes", "--complainant", "spotify", "--format", "csv")
    assert csv_slugs(by_complainant.stdout) == ["apple-anti-steering"]
    by_speaker = run(linked_db, "export", "quotes", "--speaker", "margrethe-vestager", "--format", "csv")
    assert csv_slugs(by_speaker.stdout) == ["vestager-on-apple"]
    said_for_commission = run(linked_db, "export", "quotes", "--organisation", "european-commission", "--format", "csv")
    assert csv_slugs(said_for_commission.stdout) == ["commission-meta"]


def test_an_organisation_has_its_peoples_quotes(linked_db: Path) -> None:
    result = run(linked_db, "export", "quotes", "--company", "european-commission", "--format", "csv")
    assert csv_slugs(result.stdout) == ["commission-meta", "vestager-on-apple"]
    result = run(linked_db, "show", "margrethe-vestager")
    assert "Quotes (1)" in result.stdout and "Companies (" in result.stdout


def test_a_link_the_table_does_not_have_is_one_line(linked_db: Path) -> None:
    result = run(linked_db, "export", "disputes", "--speaker", "daniel-ek")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "disputes have no 'speaker'" in result.stderr


def test_designations_and_milestones_are_tables(linked_db: Path) -> None:
    result = run(linked_db, "export", "designations", "--company", "apple", "--format", "csv")
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert header.startswith("company,company_slug,regulation,regulation_slug,role,date,services")
    assert row.startswith("Apple,apple,DMA,dma,gatekeeper,2023-09-06,App Store; iOS")
    result = run(linked_db, "export", "milestones", "--regulation", "dma", "--format", "csv")
    assert result.stdout.splitlines() == [
        "regulation,regulation_slug,date,what",
        "DMA,dma,2024-03-07,Gatekeepers must comply",
    ]
    assert run(linked_db, "export", "designations", "--regulation", "gdpr").exit_code == 1


def test_selecting_an_authority_lists_its_disputes(linked_db: Path) -> None:
    async def steps(pilot: Pilot[Any], app: RegtermApp) -> list[str]:
        app.screen.select(Ref("companies", "european-commission"))  # type: ignore[attr-defined]
        await settle(pilot)
        return slugs(app, "disputes")

    assert drive(linked_db, steps) == ["apple-anti-steering", "meta-pay-or-consent"]


def test_jumping_to_a_person_or_an_event_narrows_the_panes(linked_db: Path) -> None:
    async def steps(pilot: Pilot[Any], app: RegtermApp) -> tuple[Any, ...]:
        app.screen.jump_to(Ref("people", "margrethe-vestager"))  # type: ignore[attr-defined]
        await settle(pilot)
        person = (chain(app), slugs(app, "quotes"), slugs(app, "companies"))
        app.screen.jump_to(Ref("events", "apple-fined"))  # type: ignore[attr-defined]
        await settle(pilot)
        event = (chain(app), slugs(app, "disputes"), slugs(app, "companies"))
        breadcrumb = str(app.screen.query_one("#breadcrumb").render())
        return person, event, breadcrumb

    person, event, breadcrumb = drive(linked_db, steps)
    assert person == (["person:margrethe-vestager"], ["vestager-on-apple"], ["apple", "european-commission"])
    assert event[0] == ["event:apple-fined"] and event[1] == ["apple-anti-steering"] and "apple" in event[2]
    assert "Apple fined EUR 500 million" in breadcrumb


def filter_quotes(text: str) -> Any:
    async def steps(pilot: Pilot[Any], app: RegtermApp) -> list[str]:
        app.screen.pane("quotes").data_table.focus()  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("slash", *text)
        await settle(pilot)
        return slugs(app, "quotes")

    return steps


def test_quotes_filter_matches_the_speakers_organisation_and_the_text(linked_db: Path) -> None:
    assert sorted(drive(linked_db, filter_quotes("commission"))) == ["commission-meta", "vestager-on-apple"]
    assert drive(linked_db, filter_quotes("farc")) == ["ek-farce"]  # the words of the quote, as typed
    assert drive(linked_db, filter_quotes("zzz")) == []


def test_every_kind_narrows_every_other() -> None:
    """Whatever is selected (a person, an event, a source), every list can be narrowed to it."""
    from regterm.db import model
    from regterm.db.queries import links

    assert [(t, k) for t in model.tables() for k in model.tables() if not links(t, k)] == []
