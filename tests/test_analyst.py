"""The analyst's questions in the explorer (#13): the Events timeline, a date range, sorting, facets."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import build_db, tiny_document
from textual.widgets import DataTable, Input, Static, Tabs
from tui_helpers import chain, drive, settle, slugs

from regterm.cli import main_group
from regterm.db.connection import DatabaseLocation, connect
from regterm.db.queries import Filters, QueryError, count_rows, iter_rows
from regterm.db.refs import Ref
from regterm.db.stats import facets
from regterm.tui.app import RegtermApp
from regterm.tui.scope import RangeError, Scope, check_range
from regterm.tui.screens.dates import DatesScreen
from regterm.tui.screens.facets import FacetsScreen


def _dispute(slug: str, opened: str, fine: int | None, status: str, regulator: str, company: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "slug": slug,
        "title": f"Case {slug}",
        "companies": [company],
        "regulator": regulator,
        "regulations": ["gdpr"],
        "legal_basis": "Article 6 GDPR",
        "status": status,
        "opened": opened,
        "summary": "A case.",
        "sources": ["ec-dma-decision"],
    }
    if fine is not None:
        record["fine_eur"] = fine
    return record


@pytest.fixture
def analyst_db(tmp_path: Path) -> Path:
    document = tiny_document()
    document["companies"].append(
        {"slug": "irish-dpc", "name": "Data Protection Commission", "kind": "regulator", "country": "IE"}
    )
    document["disputes"] += [
        _dispute("meta-transfers", "2021-05-01", 1_200_000_000, "appealed", "irish-dpc", "meta"),
        _dispute("meta-small", "2022-01-10", 17_000_000, "decided", "irish-dpc", "meta"),
        _dispute("apple-open", "2024-03-02", None, "open", "irish-dpc", "apple"),
    ]
    base = document["events"][0]
    document["events"] += [
        dict(base, slug="apple-decision", date="2025-03-10", kind="decision", title="Apple decision"),
        dict(base, slug="apple-judgment", date="2024-03-15", kind="judgment", title="Court rules on Apple"),
        dict(
            base,
            slug="meta-opened",
            date="2021-05-01",
            kind="investigation-opened",
            title="Meta probe opens",
            companies=["meta"],
            disputes=["meta-transfers"],
            regulations=["gdpr"],
        ),
    ]
    return build_db(document, tmp_path / "analyst.db")


def breadcrumb(app: Any) -> str:
    return str(app.screen.query_one("#breadcrumb", Static).render())


def column(app: Any, table: str, index: int) -> list[str]:
    data = app.screen.pane(table).data_table
    return [data.get_row_at(i)[index].plain for i in range(data.row_count)]


# The data layer ---------------------------------------------------------------------------------------------


def test_values_active_in_and_facet_keys(analyst_db: Path) -> None:
    conn = connect(analyst_db)
    assert count_rows(conn, "disputes", Filters(values=(("status", "open"),))) == 1
    assert count_rows(conn, "events", Filters(values=(("year", "2024"),))) == 2  # 2024-01 and 2024-03-15
    assert count_rows(conn, "events", Filters(values=(("month", "2024-03"),))) == 1
    assert count_rows(conn, "disputes", Filters(values=(("fine_eur", None),))) == 1
    with pytest.raises(QueryError):
        count_rows(conn, "disputes", Filters(values=(("nonsense", "x"),)))
    with pytest.raises(QueryError):
        count_rows(conn, "events", Filters(values=(("year", "'; drop"),)))
    march = Filters(since="2024-03-01", until="2024-03-20", active_in=("disputes", "events"))
    assert [r[0] for r in iter_rows(conn, "companies", march, ["slug"])] == ["apple", "irish-dpc"]
    assert [r[0] for r in iter_rows(conn, "regulations", march, ["slug"])] == ["dma", "gdpr"]
    result = facets(conn, "disputes", ("regulator",), "fine_eur", with_keys=True)
    assert result.rows == [("Data Protection Commission", 3, 1_217_000_000), ("European Commission", 2, 700_000_000)]
    assert result.keys == [("irish-dpc",), ("european-commission",)]
    assert facets(conn, "disputes", ("regulator",), "fine_eur").keys == []  # `regterm stats` unchanged


def test_check_range() -> None:
    assert check_range("2024-03", " 2024-03 ") == ("2024-03", "2024-03")
    assert check_range("", None) == (None, None)
    for since, until in (("2024-13", ""), ("soon", ""), ("2025", "2024-06")):
        with pytest.raises(RangeError):
            check_range(since, until)


# Events ------------------------------------------------------------------------------------------------------


def test_events_pane_newest_first_marked_and_narrowing(analyst_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("events")
        title = pane.border_title
        rows = slugs(app, "events")
        kinds = column(app, "events", 1)
        app.screen.select(Ref("companies", "meta"))
        await settle(pilot)
        for_meta = slugs(app, "events")
        app.screen.action_reset()
        await settle(pilot)
        pane.data_table.focus()
        await pilot.press("G")  # the oldest: Meta's probe
        await pilot.press("enter")
        await settle(pilot)
        return title, rows, kinds, for_meta, chain(app), slugs(app, "disputes"), slugs(app, "companies")

    title, rows, kinds, for_meta, selected, disputes, companies = drive(analyst_db, steps)
    assert title == "Events (5)"
    assert rows == ["apple-fined", "apple-decision", "apple-judgment", "spotify-statement", "meta-opened"]
    assert kinds == ["◆ fine", "◆ decision", "◆ judgment", "statement", "investigation-opened"]
    assert for_meta == ["meta-opened"]
    assert selected == ["event:meta-opened"]
    assert disputes == ["meta-transfers"]
    assert companies == ["meta"]


# Date range ----------------------------------------------------------------------------------------------


def test_date_range_from_the_command_line(analyst_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[RegtermApp] = []
    monkeypatch.setattr(RegtermApp, "run", lambda self, *a, **k: started.append(self))
    runner = CliRunner()
    result = runner.invoke(main_group, ["--db", str(analyst_db), "--since", "2024-03-01", "--until", "2024-03-20"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main_group, ["--db", str(analyst_db), "open", "apple", "--since", "2024"])
    assert result.exit_code == 0, result.output
    assert [app.scope for app in started] == [Scope("2024-03-01", "2024-03-20"), Scope("2024", None)]
    assert started[1].initial == Ref("companies", "apple")
    bad = runner.invoke(main_group, ["--db", str(analyst_db), "--since", "2024-13"])
    assert bad.exit_code == 2 and "is not a date" in bad.output and "Traceback" not in bad.output
    assert len(bad.output.strip().splitlines()) == 1

    async def main() -> Any:
        app = RegtermApp(DatabaseLocation(analyst_db, "option"), None, Scope("2024-03-01", "2024-03-20"))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            return {t: slugs(app, t) for t in app.screen.PANE_ORDER_NAMES}, breadcrumb(app)  # type: ignore[attr-defined]

    shown, crumb = asyncio.run(main())
    assert shown == {
        "companies": ["apple", "irish-dpc"],  # the subject and regulator of the dispute opened then
        "regulations": ["dma", "gdpr"],
        "disputes": ["apple-open"],
        "quotes": [],
        "events": ["apple-judgment"],
    }
    assert crumb == "All records · dated 2024-03-01 – 2024-03-20"


def test_date_range_from_the_key(analyst_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, DatesScreen)
        await pilot.press(*"2024-13", "enter")
        await settle(pilot)
        error = str(app.screen.query_one("#dates-error", Static).render())
        still_open = isinstance(app.screen, DatesScreen)
        field = app.screen.query_one("#dates-since", Input)
        field.value = ""
        await pilot.press(*"2024", "tab", *"2024", "enter")
        await settle(pilot)
        in_2024 = slugs(app, "disputes"), slugs(app, "events"), breadcrumb(app)
        await pilot.press("t")
        await settle(pilot)
        await pilot.click("#dates-clear")
        await settle(pilot)
        return error, still_open, in_2024, slugs(app, "disputes"), breadcrumb(app)

    error, still_open, (disputes, events, crumb), after_clear, crumb_after = drive(analyst_db, steps)
    assert still_open and error == "'2024-13' is not a date (from: YYYY, YYYY-MM or YYYY-MM-DD)"
    assert disputes == ["apple-anti-steering", "meta-pay-or-consent", "apple-open"]
    assert events == ["apple-judgment", "spotify-statement"]
    assert "dated 2024" in crumb
    assert len(after_clear) == 5 and "dated" not in crumb_after


# Sort ------------------------------------------------------------------------------------------------------


def test_sort_key_orders_by_fine_both_ways_missing_last(analyst_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("disputes")
        pane.data_table.focus()
        seen = []
        for _ in range(6):  # title ▲ ▼, status ▲ ▼, fine ▼ ▲
            await pilot.press("S")
            await settle(pilot)
            seen.append((slugs(app, "disputes"), [c.label.plain for c in pane.data_table.columns.values()]))
        await pilot.press("S")
        await settle(pilot)
        return seen, slugs(app, "disputes"), pane.border_subtitle, pane.border_title

    seen, back, _, title = drive(analyst_db, steps, size=(200, 50))
    assert seen[0][0] == ["apple-anti-steering", "apple-open", "meta-small", "meta-transfers", "meta-pay-or-consent"]
    assert seen[0][1][0] == "Title ▲"
    fines_down, headers = seen[4]
    assert fines_down == ["meta-transfers", "apple-anti-steering", "meta-pay-or-consent", "meta-small", "apple-open"]
    assert headers[:4] == ["Title", "Status", "Fine ▼", "Opened"]  # (then the extras a wide pane has room for)
    fines_up, headers = seen[5]
    assert fines_up == ["meta-small", "meta-pay-or-consent", "apple-anti-steering", "meta-transfers", "apple-open"]
    assert headers[2] == "Fine ▲"
    assert back[0] == "apple-anti-steering" and back[-1] == "meta-transfers"  # newest first again
    assert title == "Disputes (5)"


def test_header_click_sorts_then_reverses(analyst_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("disputes")
        data = pane.data_table
        orders = []
        for _ in range(2):
            x = sum(c.get_render_width(data) for c in list(data.columns.values())[:2]) + 2
            await pilot.click(f"#{data.id}", offset=(x, 0))
            await settle(pilot)
            orders.append((slugs(app, "disputes"), pane.border_subtitle))
        return orders

    (down, sub_down), (up, sub_up) = drive(analyst_db, steps, size=(240, 50))
    assert down[:2] == ["meta-transfers", "apple-anti-steering"] and down[-1] == "apple-open"
    assert up[:2] == ["meta-small", "meta-pay-or-consent"] and up[-1] == "apple-open"
    assert str(sub_down) == "sort: Fine ▼" and str(sub_up) == "sort: Fine ▲"


def test_sort_pages_in_order(tmp_path: Path) -> None:
    document = tiny_document()
    base = document["disputes"][0]
    document["disputes"] += [
        dict(base, slug=f"case-{n:03d}", fine_eur=n * 1000, opened=f"20{10 + n % 10}-01-01", case_number=None)
        for n in range(1, 131)
    ]
    db = build_db(document, tmp_path / "paged.db")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("disputes")
        pane.sort_by("-fine_eur")
        await settle(pilot)
        pane.data_table.focus()
        for _ in range(3):
            await pilot.press("G")
            await settle(pilot)
        return slugs(app, "disputes")

    rows = drive(db, steps)
    assert rows == ["apple-anti-steering", "meta-pay-or-consent", *(f"case-{n:03d}" for n in range(130, 0, -1))]


# Facets ----------------------------------------------------------------------------------------------------


def test_facets_by_status_and_regulator_with_fines_and_picking(analyst_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.pane("disputes").data_table.focus()
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacetsScreen)
        table = screen.query_one(DataTable)
        by_status = [tuple(c.plain for c in table.get_row_at(i)) for i in range(table.row_count)]
        title = str(screen.query_one("#facets-title", Static).render())
        while screen.query_one(Tabs).active != "dim-regulator":
            await pilot.press("right")
        await settle(pilot)
        by_regulator = [tuple(c.plain for c in table.get_row_at(i)) for i in range(table.row_count)]
        await pilot.press("enter")  # the first: Data Protection Commission
        await settle(pilot)
        picked = chain(app), slugs(app, "disputes"), breadcrumb(app)
        app.screen.action_reset()
        await settle(pilot)
        app.screen.pane("disputes").data_table.focus()
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second status by fines: appealed → decided
        await settle(pilot)
        return by_status, title, by_regulator, picked, slugs(app, "disputes"), breadcrumb(app)

    by_status, title, by_regulator, picked, decided, crumb = drive(analyst_db, steps)
    assert by_status == [("appealed", "1", "€1,200,000,000"), ("decided", "3", "€717,000,000"), ("open", "1", "")]
    assert title == "Disputes by status: 3 values, fines €1,917,000,000"
    assert by_regulator == [
        ("Data Protection Commission", "3", "€1,217,000,000"),
        ("European Commission", "2", "€700,000,000"),
    ]
    assert picked[0] == ["company:irish-dpc"]
    assert sorted(picked[1]) == ["apple-open", "meta-small", "meta-transfers"]
    assert picked[2] == "Data Protection Commission"
    assert decided == ["meta-small", "apple-anti-steering", "meta-pay-or-consent"] or sorted(decided) == sorted(
        ["meta-small", "apple-anti-steering", "meta-pay-or-consent"]
    )
    assert "disputes: status decided" in crumb


def test_facets_under_the_selection_and_by_year(analyst_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.select(Ref("companies", "meta"))
        await settle(pilot)
        app.screen.pane("events").data_table.focus()
        await pilot.press("f")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        by_kind = [tuple(c.plain for c in table.get_row_at(i)) for i in range(table.row_count)]
        while app.screen.query_one(Tabs).active != "dim-year":
            await pilot.press("right")
        await settle(pilot)
        by_year = [tuple(c.plain for c in table.get_row_at(i)) for i in range(table.row_count)]
        await pilot.press("escape")
        app.screen.pane("disputes").data_table.focus()
        await pilot.press("f")
        await settle(pilot)
        while app.screen.query_one(Tabs).active != "dim-year":
            await pilot.press("right")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        return by_kind, by_year, slugs(app, "disputes"), slugs(app, "events")

    by_kind, by_year, disputes, events = drive(analyst_db, steps)
    assert by_kind == [("investigation-opened", "1")]
    assert by_year == [("2021", "1")]
    assert disputes == ["meta-transfers"]  # Meta's disputes by fines: 2021 first
    assert events == ["meta-opened"]


def test_dma_disputes_decided_in_2025_largest_first(analyst_db: Path) -> None:
    """DMA selected, facets of its disputes by the year they were decided, 2025 picked, sorted by fine."""

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.select(Ref("regulations", "dma"))
        await settle(pilot)
        app.screen.pane("disputes").data_table.focus()
        await pilot.press("f")
        await settle(pilot)
        while app.screen.query_one(Tabs).active != "dim-decided_year":
            await pilot.press("right")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        years = [tuple(c.plain for c in table.get_row_at(i)) for i in range(table.row_count)]
        await pilot.press("enter")  # the first by fines: 2025
        await settle(pilot)
        pane = app.screen.pane("disputes")
        pane.data_table.focus()
        for _ in range(12):
            if pane.sort == "-fine_eur":
                break
            await pilot.press("S")
            await settle(pilot)
        return years, slugs(app, "disputes"), breadcrumb(app)

    years, disputes, crumb = drive(analyst_db, steps)
    assert years[0] == ("2025", "2", "€700,000,000")
    assert disputes == ["apple-anti-steering", "meta-pay-or-consent"]  # €500m, then €200m
    assert "2025" in crumb


def test_what_spotify_said_about_apple(analyst_db: Path) -> None:
    """Apple selected; the Quotes pane's filter matches who said it (Spotify and its people)."""

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.select(Ref("companies", "apple"))
        await settle(pilot)
        app.screen.pane("quotes").data_table.focus()
        await pilot.press("slash", *"spotify")
        await settle(pilot)
        return slugs(app, "quotes")

    assert drive(analyst_db, steps) == ["ek-farce"]
