"""Issue #14, reading: lists that use their width, a Detail that is a place, readable `--format table`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import build_db, tiny_document
from tui_helpers import chain, drive, settle

from regterm.cli import main_group
from regterm.db.refs import Ref
from regterm.output import table_widths
from regterm.render import detail_entries, detail_lines
from regterm.tui.widgets.detail import DetailPane
from regterm.tui.widgets.pane import fit_widths, pane_spec

SUMMARY = " ".join(["Apple stopped developers steering users to offers outside the App Store."] * 13)  # 949


@pytest.fixture
def long_db(tmp_path: Path) -> Path:
    """The tiny data with a long dispute summary (a 910-character summary is real) and long quotes."""
    document = tiny_document()
    document["disputes"][0]["summary"] = SUMMARY
    document["disputes"][0]["title"] = "Apple: App Store anti-steering rules, a title much longer than 36 characters"
    return build_db(document, tmp_path / "long.db")


def _visible(pane: Any) -> list[tuple[str, int]]:
    """(header, width) of the columns a pane shows."""
    return [(str(c.label), c.width) for c in pane.data_table.ordered_columns if c.width]


def _fits(pane: Any) -> bool:
    table = pane.data_table
    used = sum(c.get_render_width(table) for c in table.ordered_columns)
    return used <= table.scrollable_content_region.width


# Lists ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(120, 36), (160, 40)])
def test_disputes_pane_shows_title_status_fine_and_opened(long_db: Path, size: tuple[int, int]) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await app.screen.pane("disputes").build()
        await settle(pilot)
        pane = app.screen.pane("disputes")
        return _visible(pane), _fits(pane)

    shown, fits = drive(long_db, steps, size=size)
    headers = [h for h, _ in shown]
    assert headers[:4] == ["Title", "Status", "Fine", "Opened"]
    assert fits  # no column past the pane's edge
    widths = dict(shown)
    assert widths["Fine"] == len("€500,000,000") and widths["Opened"] == len("2024-03-25")
    assert widths["Title"] > 36 or widths["Title"] >= len(tiny_document()["disputes"][1]["title"])


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_quote_text_gets_most_of_the_quotes_pane(long_db: Path, size: tuple[int, int]) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("quotes")
        await pane.build()
        await settle(pilot)
        return _visible(pane), _fits(pane), pane.data_table.scrollable_content_region.width

    shown, fits, available = drive(long_db, steps, size=size)
    widths = dict(shown)
    assert fits
    assert widths["Quote"] == max(widths.values())
    assert widths["Quote"] >= available // 3


def test_every_list_fits_its_pane_at_80x24(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        for pane in app.screen.panes:
            await pane.build()
        await settle(pilot)
        return {p.spec.table: (_visible(p), _fits(p)) for p in app.screen.panes}

    for table, (shown, fits) in drive(long_db, steps, size=(80, 24)).items():
        assert fits, table
        assert shown and shown[0][1] >= len(shown[0][0]), (table, shown)  # the name column, readable


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (99, 30), (100, 30), (120, 36), (133, 40), (200, 50)])
def test_the_first_frame_has_the_widths_of_the_layout(long_db: Path, size: tuple[int, int]) -> None:
    """Columns are fitted before the first frame (Textual paints it before any Resize) from the widths the screen
    expects; were the guess wrong, the first frame would show other widths, or none, for a moment."""
    from regterm.tui.screens.main import first_table_widths

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        for pane in app.screen.panes:
            await pane.build()
        await settle(pilot)
        # the guess counts a scrollbar: a list as long as the bundled ones has one
        return {
            p.spec.table: p.data_table.scrollable_content_region.width - (not p.data_table.show_vertical_scrollbar)
            for p in app.screen.panes
        }

    real = drive(long_db, steps, size=size)
    assert len(real) == 5
    assert real == {table: width for table, width in first_table_widths(size[0]).items() if table in real}


@pytest.mark.parametrize("initial", [None, Ref("disputes", "meta-pay-or-consent")])
def test_the_first_frame_is_painted_with_fitted_columns(
    long_db: Path, monkeypatch: pytest.MonkeyPatch, initial: Ref | None
) -> None:
    """Textual paints the first frame before any table gets its Resize: the columns must have their widths
    by then (from the screen's guess), or that frame shows the rows 0 wide."""
    from regterm.tui.widgets.pane import RecordPane, RecordTable

    painted: dict[str, list[int]] = {}
    resized = RecordTable.on_resize

    def first_resize(table: RecordTable) -> None:
        if isinstance(table.parent, RecordPane):
            painted.setdefault(table.parent.spec.table, [column.width for column in table.ordered_columns])
        resized(table)

    monkeypatch.setattr(RecordTable, "on_resize", first_resize)

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        return {
            pane.spec.table: [column.width for column in pane.data_table.ordered_columns] for pane in app.screen.panes
        }

    settled = drive(long_db, steps, initial=initial)
    first_frame = ("companies",) if initial is None else tuple(settled)
    for table in first_frame:
        assert painted[table][0] > 0, (table, painted[table])  # the first column, readable
        assert sum(painted[table]) == pytest.approx(sum(settled[table]), abs=2), (table, painted, settled)


def test_a_pane_hidden_by_a_zoom_is_not_fitted_to_the_start_up_guess(long_db: Path) -> None:
    """The screen's guess is for the first layout only: a pane reloaded behind a zoom (its table 0 wide) keeps
    the widths of its last layout, not those of the terminal's size at start-up (the first frame after the zoom
    is painted with them, before the Resize that refits it)."""

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        disputes = app.screen.pane("disputes")
        laid_out = [column.width for column in disputes.data_table.ordered_columns]
        await pilot.press("z")  # Companies fills the screen
        await settle(pilot)
        app.screen.select(Ref("companies", "meta"))  # the disputes reload, hidden
        await settle(pilot)
        hidden = [column.width for column in disputes.data_table.ordered_columns]
        return laid_out, hidden

    laid_out, hidden = drive(long_db, steps, size=(120, 40))
    assert sum(hidden) == sum(laid_out), (laid_out, hidden)


def test_columns_follow_a_resize(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("disputes")
        await pane.build()
        await settle(pilot)
        before = _visible(pane)
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        return before, _visible(pane), _fits(pane)

    before, after, fits = drive(long_db, steps, size=(120, 36))
    assert fits and dict(after)["Title"] > dict(before)["Title"]


def test_z_zooms_the_focused_pane_with_every_column(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("disputes")
        await pane.build()
        pane.data_table.focus()
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        zoomed = (app.screen.maximized is pane, [h for h, _ in _visible(pane)], _fits(pane))
        await pilot.press("z")
        await settle(pilot)
        return zoomed, app.screen.maximized

    (maximized, headers, fits), after = drive(long_db, steps, size=(120, 36))
    assert maximized and fits
    assert {"Title", "Status", "Fine", "Opened", "Companies", "Regulator", "Decided"} <= set(headers)
    assert after is None


def test_a_short_terminal_shows_one_pane_at_a_time_and_tab_moves_on(long_db: Path) -> None:
    """Below MainScreen.COMPACT_HEIGHT rows five panes and the Detail leave no list a row of its own: the focused
    pane fills the screen, Tab and shift+Tab show the next and the previous (the Detail after the last pane), `z`
    shows them all, and a taller terminal restores the layout."""

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        screen = app.screen
        seen = [screen.maximized.id]
        await pilot.press("tab")
        await settle(pilot)
        seen.append(screen.maximized.id)
        await pilot.press("shift+tab", "shift+tab")
        await settle(pilot)
        seen.append(screen.maximized.id)
        rows = screen.pane("companies").data_table.row_count
        await pilot.press("z")
        await settle(pilot)
        unzoomed = screen.maximized
        await pilot.press("tab")  # unzoomed by hand: Tab moves the focus without zooming
        await settle(pilot)
        still = screen.maximized
        await pilot.resize_terminal(40, 14)  # a resize while short zooms again
        await settle(pilot)
        zoomed = screen.maximized
        again = zoomed is not None and (screen.focused is zoomed or screen.focused in zoomed.walk_children())
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        return seen, rows, unzoomed, still, again, screen.maximized

    seen, rows, unzoomed, still, again, tall = drive(long_db, steps, size=(40, 12))
    assert seen == ["pane-companies", "pane-regulations", "detail"]
    assert rows > 0 and unzoomed is None and still is None and again and tall is None


def test_a_terminal_of_usual_height_keeps_every_pane_in_view(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("tab")
        await settle(pilot)
        return app.screen.maximized, app.screen.focused.parent.id

    maximized, focused = drive(long_db, steps, size=(80, 24))
    assert maximized is None and focused == "pane-regulations"


def test_fit_widths_leaves_out_short_columns_from_the_right_when_narrow() -> None:
    spec = pane_spec("disputes")
    content = [80, 8, 12, 10, 20, 20, 10]
    narrow = fit_widths(spec, content, 34)
    assert narrow[0] is not None and narrow[0] >= 12 and narrow[3] is None
    wide = fit_widths(spec, content, 70)
    assert wide[:4] == [70 - 8 - 12 - 10 - 8, 8, 12, 10] and wide[4:] == [None, None, None]
    assert fit_widths(spec, content, 116)[4:] == [None, None, 10]  # room for what leaves the title 60
    assert all(w is not None for w in fit_widths(spec, [76, 8, 12, 10, 9, 19, 10], 116, zoomed=True))


def test_cells_are_not_clipped_to_a_fixed_width(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("disputes")
        await pane.build()
        await settle(pilot)
        return pane.data_table.get_cell_at((0, 0)).plain if pane.data_table.row_count else ""

    title = drive(long_db, steps, size=(160, 40))
    assert "…" not in title and len(title) > 36


# Detail --------------------------------------------------------------------------------------------------


def test_d_focuses_the_detail_without_changing_it_and_pagedown_scrolls(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        screen = app.screen
        pane = screen.pane("disputes")
        await pane.build()
        await settle(pilot)
        pane.data_table.focus()
        await settle(pilot)
        detail = screen.query_one(DetailPane)
        shown = detail.detail["ref"]
        await pilot.press("d")
        await settle(pilot)
        focused = detail.has_focus
        before = detail.scroll_y
        await pilot.press("pagedown")
        await settle(pilot)
        after_page = detail.scroll_y
        await pilot.press("end")
        await settle(pilot)
        at_end = detail.scroll_y
        await pilot.press("home")
        await settle(pilot)
        at_home = detail.scroll_y
        same = detail.detail["ref"]
        await pilot.press("d")
        await settle(pilot)
        return shown, same, focused, before, after_page, at_end, at_home, pane.data_table.has_focus

    shown, same, focused, before, after_page, at_end, at_home, back = drive(long_db, steps, size=(80, 24))
    assert shown == same == "dispute:apple-anti-steering"
    assert focused and back
    assert after_page > before and at_end >= after_page and at_home == 0


def test_enter_follows_a_link_listed_in_the_detail(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        detail = app.screen.query_one(DetailPane)
        await pilot.press("d", "tab")
        await settle(pilot)
        target = detail.target
        await pilot.press("enter")
        await settle(pilot)
        return target, chain(app), detail.detail["ref"]

    target, selected, shown = drive(long_db, steps, size=(120, 36), initial=Ref("companies", "apple"))
    assert target == "regulations:dma"  # the first record it lists: Apple's DMA designation
    assert selected == ["regulation:dma"] and shown == "regulation:dma"


def _detail_with(rows: int) -> dict[str, Any]:
    url = "https://example.org/a-very-long-source-url-repeated-on-every-row"
    return {
        "ref": "regulation:dma",
        "kind": "regulations",
        "record": {"slug": "dma", "name": "DMA", "source_url": url, "source_publisher": "EC", "source_date": "2022"},
        "designations": [
            {"company": f"Company {i}", "company_slug": f"c{i}", "role": "gatekeeper", "source_url": url}
            for i in range(rows)
        ],
        "linked": {},
    }


def test_long_lists_fold_and_sources_are_listed_once() -> None:
    detail = _detail_with(25)
    entries = detail_entries(detail, fold=5)
    designations = [e for e in entries if e.text.startswith("Company")]
    assert len(designations) == 5
    more = [e for e in entries if e.target == "more:designations"]
    assert more and more[0].text == "… 20 more (enter)"
    assert len([e for e in detail_entries(detail, fold=5, opened={"designations"}) if e.text.startswith("Co")]) == 25
    assert designations[0].text.endswith("[1]") and designations[0].target == "companies:c0"
    lines = [text for text, _ in detail_lines(detail)]  # `regterm show`: every row, the URL once
    assert sum(text.startswith("Company") for text in lines) == 25
    assert sum("a-very-long-source-url" in text for text in lines) == 1
    assert lines[-2:] == [
        "Sources (1)",
        "[1]  2022  EC  https://example.org/a-very-long-source-url-repeated-on-every-row",
    ]


def test_enter_on_a_folded_list_opens_it(tmp_path: Path) -> None:
    document = tiny_document()
    document["quotes"] += [
        dict(document["quotes"][0], slug=f"ek-extra-{i}", text=f"another remark {i}") for i in range(8)
    ]
    db = build_db(document, tmp_path / "many.db")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        detail = app.screen.query_one(DetailPane)
        await pilot.press("d")
        for _ in range(30):
            await pilot.press("tab")
            if detail.target and detail.target.startswith("more:"):
                break
        folded = sum(e.text.startswith("2024-01-26  Daniel Ek") for e in detail.entries)
        await pilot.press("enter")
        await settle(pilot)
        opened = sum(e.text.startswith("2024-01-26  Daniel Ek") for e in detail.entries)
        return folded, opened, detail.detail["ref"], detail.has_focus

    folded, opened, ref, focused = drive(db, steps, size=(120, 36), initial=Ref("companies", "apple"))
    assert (folded, opened) == (5, 9) and ref == "company:apple" and focused


# Table output ----------------------------------------------------------------------------------------------


def run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(main_group, ["--db", str(db), *args])


def test_table_shows_the_readable_columns_by_default(long_db: Path) -> None:
    result = run(long_db, "export", "disputes", "--format", "table")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[1]
    assert header.split() == ["slug", "title", "companies", "regulator", "status", "fine_eur", "opened", "decided"]
    assert "legal_basis" not in result.stdout and "DMA.10" not in result.stdout


def test_columns_all_shows_every_column_and_pipes_keep_every_column(long_db: Path) -> None:
    table = run(long_db, "export", "disputes", "--format", "table", "--columns", "all")
    assert table.exit_code == 0 and "DMA.10" in table.stdout  # the case number: not a default column
    csv = run(long_db, "export", "disputes")
    assert csv.stdout.splitlines()[0].startswith("slug,opened,title,companies,company_slugs")
    assert run(long_db, "export", "disputes", "--columns", "all").stdout == csv.stdout


def test_table_widths_keep_the_slug_and_leave_out_columns_from_the_right() -> None:
    columns = ["slug", "title", "companies", "regulator", "status", "fine_eur", "opened", "decided"]
    content = [39, 110, 9, 19, 8, 9, 10, 10]
    widths = table_widths(columns, content, 118, trim=True)
    assert widths is not None and widths[0] == 39 and widths[1] is not None and widths[1] >= 30
    assert widths[-1] is None
    assert table_widths(columns, content, 118, trim=False) is None  # asked for: every column, as Rich wraps them
    assert table_widths(columns, [39, 40, 9, 19, 8, 9, 10, 10], 200, trim=True) == [39, 40, 9, 19, 8, 9, 10, 10]


def test_the_selected_rows_mark_keeps_the_ellipsis_of_a_cut_cell() -> None:
    from rich.console import Console
    from rich.text import Text

    from regterm.tui.widgets.pane import selected_mark

    console = Console(width=40, color_system=None)
    marked = selected_mark(Text("Meta – access of third-party AI assistants", no_wrap=True, overflow="ellipsis"))
    lines = console.render_lines(marked, console.options.update_width(12), pad=False)
    assert ["".join(segment.text for segment in line) for line in lines] == ["▶ Meta – ac…"]


def test_escape_in_a_short_terminal_steps_back_and_closes_the_filter_keeping_the_pane(long_db: Path) -> None:
    """A pane is always zoomed there, so Escape must not un-zoom it (Textual's default) but do what the footer says."""

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        screen = app.screen
        await pilot.press("enter")
        await settle(pilot)
        selected = chain(app)
        await pilot.press("escape")
        await settle(pilot)
        after = (chain(app), screen.maximized is not None)
        await pilot.press("slash", "a")
        await settle(pilot)
        opened = screen.focused is not None and screen.focused.id == "filter-companies"
        await pilot.press("escape")
        await settle(pilot)
        closed = screen.focused is None or screen.focused.id != "filter-companies"
        return selected, after, opened, closed, screen.maximized is not None

    selected, (back, zoomed), opened, closed, still_zoomed = drive(long_db, steps, size=(40, 12))
    assert len(selected) == 1 and back == [] and zoomed
    assert opened and closed and still_zoomed


def test_escape_still_restores_a_pane_zoomed_with_z_in_a_tall_terminal(long_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("z")
        await settle(pilot)
        zoomed = app.screen.maximized is not None
        await pilot.press("escape")
        await settle(pilot)
        return zoomed, app.screen.maximized

    zoomed, after = drive(long_db, steps, size=(120, 36))
    assert zoomed and after is None
