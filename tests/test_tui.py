"""The explorer, driven with Pilot: cross-links, keys, filter, search, palette, open, copy, export, deep links."""

from __future__ import annotations

import html
import itertools
import json
import re
import webbrowser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import build_db, tiny_document
from textual.widgets import Input, OptionList, Static
from tui_helpers import chain, drive, settle, slugs

from regterm.cli import main_group
from regterm.db.refs import Ref
from regterm.tui.commands import MAIN_COMMANDS
from regterm.tui.screens.export import ExportScreen
from regterm.tui.screens.help import HelpScreen
from regterm.tui.screens.search import SearchScreen


def breadcrumb(app: Any) -> str:
    return str(app.screen.query_one("#breadcrumb", Static).render())


def test_starts_with_companies_focused_and_counts_in_titles(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        assert app.focused is app.screen.pane("companies").data_table
        return [p.border_title for p in app.screen.panes]

    titles = drive(tiny_db, steps)
    assert titles == ["Companies (4)", "Regulations (2)", "Disputes (2)", "Quotes (2)", "Events (2)"]


def test_apple_path_then_dma(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("slash", *"apple", "enter")
        await settle(pilot)
        after_apple = {t: slugs(app, t) for t in ("companies", "regulations", "disputes", "quotes")}
        crumb_apple = breadcrumb(app)
        await pilot.press("tab")  # to Regulations
        await settle(pilot)
        assert app.focused is app.screen.pane("regulations").data_table
        await pilot.press("enter")
        await settle(pilot)
        return after_apple, crumb_apple, {t: slugs(app, t) for t in ("disputes", "quotes")}, breadcrumb(app), chain(app)

    after_apple, crumb_apple, after_dma, crumb, selected = drive(tiny_db, steps)
    assert after_apple["companies"] == ["apple"]  # the pane's own filter
    assert after_apple["regulations"] == ["dma"]
    assert after_apple["disputes"] == ["apple-anti-steering"]
    assert after_apple["quotes"] == ["ek-farce"]
    assert crumb_apple == "Apple"
    assert after_dma == {"disputes": ["apple-anti-steering"], "quotes": ["ek-farce"]}
    assert crumb == "Apple › DMA"
    assert selected == ["company:apple", "regulation:dma"]


def test_regulation_first_shows_the_companies_bound(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("tab")
        await pilot.press("slash", *"dma", "enter")
        await settle(pilot)
        return slugs(app, "companies"), slugs(app, "disputes"), slugs(app, "quotes")

    companies, disputes, quotes = drive(tiny_db, steps)
    assert companies == ["apple", "meta"]
    assert disputes == ["meta-pay-or-consent", "apple-anti-steering"] or sorted(disputes) == [
        "apple-anti-steering",
        "meta-pay-or-consent",
    ]
    assert sorted(quotes) == ["commission-meta", "ek-farce"]


def test_selecting_a_dispute_and_a_quote_narrows_the_others(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.select(Ref("disputes", "meta-pay-or-consent"))
        await settle(pilot)
        by_dispute = slugs(app, "companies"), slugs(app, "regulations"), slugs(app, "quotes")
        app.screen.action_reset()
        await settle(pilot)
        app.screen.select(Ref("quotes", "ek-farce"))
        await settle(pilot)
        return by_dispute, (slugs(app, "companies"), slugs(app, "disputes"))

    by_dispute, by_quote = drive(tiny_db, steps)
    assert by_dispute == (["european-commission", "meta"], ["dma", "gdpr"], ["commission-meta"])
    assert by_quote == (["apple", "spotify"], ["apple-anti-steering"])


def test_escape_back_forward_and_reset(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        seen = []
        app.screen.select(Ref("companies", "apple"))
        app.screen.select(Ref("regulations", "dma"))
        await settle(pilot)
        seen.append(chain(app))
        await pilot.press("escape")
        await settle(pilot)
        seen.append(chain(app))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        seen.append(chain(app))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        seen.append(chain(app))
        await pilot.press("r")
        await settle(pilot)
        seen.append(chain(app))
        seen.append([p.border_title for p in app.screen.panes])
        return seen

    seen = drive(tiny_db, steps)
    assert seen[0] == ["company:apple", "regulation:dma"]
    assert seen[1] == ["company:apple"]
    assert seen[2] == ["company:apple", "regulation:dma"]
    assert seen[3] == ["company:apple"]
    assert seen[4] == []
    assert seen[5] == ["Companies (4)", "Regulations (2)", "Disputes (2)", "Quotes (2)", "Events (2)"]


def test_back_is_disabled_without_history(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        before = app.screen.check_action("history_back", ())
        app.screen.select(Ref("companies", "apple"))
        await settle(pilot)
        return before, app.screen.check_action("history_back", ()), app.screen.check_action("history_forward", ())

    assert drive(tiny_db, steps) == (None, True, None)


def test_tab_cycles_panes_and_vi_keys_move(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        order = []
        for _ in range(4):
            order.append(app.screen.focused_pane().spec.table)
            await pilot.press("tab")
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")
        table = app.screen.pane("companies").data_table
        moves = [table.cursor_row]
        for key in ("j", "j", "k", "G", "g"):
            await pilot.press(key)
            moves.append(table.cursor_row)
        return order, app.screen.focused_pane().spec.table, moves

    order, back_to, moves = drive(tiny_db, steps)
    assert order == ["companies", "regulations", "disputes", "quotes"]
    assert back_to == "companies"
    assert moves == [0, 1, 2, 1, 3, 0]


def test_filter_narrows_as_you_type_and_escape_clears(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("slash", *"face")  # an alias of Meta
        await settle(pilot)
        by_alias = slugs(app, "companies")
        await pilot.press("escape")
        await settle(pilot)
        return by_alias, slugs(app, "companies"), app.screen.pane("companies").query_one(Input).display

    by_alias, after, shown = drive(tiny_db, steps)
    assert by_alias == ["meta"]
    assert after == ["apple", "european-commission", "meta", "spotify"]
    assert shown is False


def test_detail_follows_the_highlight(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("j")
        await settle(pilot)
        detail = app.screen.query_one("#detail-body", Static).render()
        return str(detail)

    text = drive(tiny_db, steps)
    assert text.startswith("European Commission\ncompany:european-commission")


def test_search_jumps_to_a_record(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"farce")
        await settle(pilot)
        count = app.screen.query_one(OptionList).option_count
        await pilot.press("enter", "enter")
        await settle(pilot)
        return count, chain(app), str(app.screen.query_one("#detail-body", Static).render())

    count, selected, detail = drive(tiny_db, steps)
    assert count >= 1
    assert selected == ["quote:ek-farce"]
    assert "“a complete and total farce”" in detail


def test_s_also_opens_search_and_escape_closes(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("s")
        opened = isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        return opened, type(app.screen).__name__

    assert drive(tiny_db, steps) == (True, "MainScreen")


def test_command_palette_goes_to_a_record(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"spotify")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        return chain(app)

    assert drive(tiny_db, steps) == ["company:spotify"]


def test_open_uses_the_browser_with_the_source_url(tiny_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: opened.append(url) or True)

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("tab", "tab")  # Disputes
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    drive(tiny_db, steps)
    assert opened == ["https://ec.europa.eu/commission/presscorner/detail/en/ip_25_1085"]


def test_copy_puts_a_quote_with_attribution_on_the_clipboard(tiny_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    from regterm.tui.app import RegtermApp

    monkeypatch.setattr(RegtermApp, "copy_to_clipboard", lambda self, text: copied.append(text))

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("tab", "tab", "tab")  # Quotes
        await settle(pilot)
        row = slugs(app, "quotes").index("ek-farce")
        app.screen.pane("quotes").data_table.move_cursor(row=row)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)

    drive(tiny_db, steps)
    assert copied == [
        "“a complete and total farce”\n— Daniel Ek, Chief executive officer (Spotify), 2024-01-26\n"
        "Source: Example News, 2024-01-26, https://example.org/spotify-farce"
    ]


def test_export_writes_what_the_pane_shows(tiny_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.select(Ref("companies", "meta"))
        await settle(pilot)
        await pilot.press("tab", "tab")  # Disputes, narrowed to Meta's
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("down", "down", "enter")  # json
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "meta-disputes.json")
        await pilot.click("#export-go")
        await settle(pilot)
        return type(app.screen).__name__

    assert drive(tiny_db, steps) == "MainScreen"
    rows = json.loads((tmp_path / "meta-disputes.json").read_text())
    assert [r["slug"] for r in rows] == ["meta-pay-or-consent"]
    assert rows[0]["fine_eur"] == 200000000


def test_export_never_overwrites(tiny_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "exists.csv"
    target.write_text("keep me")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        return type(app.screen).__name__

    assert drive(tiny_db, steps) == "ExportScreen"
    assert target.read_text() == "keep me"


def test_help_lists_every_key(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot()))
        await pilot.press("escape")
        return text, type(app.screen).__name__

    text, after = drive(tiny_db, steps, size=(200, 50))
    for command in MAIN_COMMANDS:
        assert command.help.replace(" ", "") in text.replace(" ", "").replace("\xa0", ""), command.help
    assert "ctrl+p" in text
    assert after == "MainScreen"


def test_footer_shows_main_keys(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}

    shown = drive(tiny_db, steps)
    assert {"filter", "search", "open_source", "copy", "export", "help", "quit"} <= shown


@pytest.mark.parametrize(
    ("ref", "expected"),
    [(Ref("companies", "apple"), ["company:apple"]), (Ref("regulations", "dma"), ["regulation:dma"])],
)
def test_deep_link_starts_with_the_record_selected(tiny_db: Path, ref: Ref, expected: list[str]) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        return chain(app), slugs(app, "disputes")

    selected, disputes = drive(tiny_db, steps, initial=ref)
    assert selected == expected
    assert "apple-anti-steering" in disputes


def test_open_command_rejects_unknown_refs(tiny_db: Path) -> None:
    result = CliRunner().invoke(main_group, ["--db", str(tiny_db), "open", "nothing-here"])
    assert result.exit_code == 2
    assert "no record matches 'nothing-here'" in result.stderr


def test_tiny_terminal_does_not_crash(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("enter", "tab", "enter", "question_mark", "escape", "ctrl+f", *"dma", "escape")
        await settle(pilot)
        return chain(app)

    assert drive(tiny_db, steps, size=(40, 12))[0] == "company:apple"


def test_usable_at_80x24(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        regions = [p.region for p in app.screen.panes]
        return all(r.width >= 20 and r.height >= 4 for r in regions), slugs(app, "companies")

    usable, companies = drive(tiny_db, steps, size=(80, 24))
    assert usable and companies == ["apple", "european-commission", "meta", "spotify"]


def test_markup_and_escape_bytes_show_literally(tmp_path: Path) -> None:
    document = tiny_document()
    document["companies"][0]["name"] = "[bold]Apple[/bold]\x1b[31m"
    db = build_db(document, tmp_path / "markup.db")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        cell = app.screen.pane("companies").data_table.get_row_at(0)[0]
        detail = str(app.screen.query_one("#detail-body", Static).render())
        return cell.plain, detail

    cell, detail = drive(db, steps)
    assert cell == "[bold]Apple[/bold]\\x1b[31m"
    assert detail.startswith("[bold]Apple[/bold]\\x1b[31m")


def test_q_quits(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("q")
        await pilot.pause()
        return app.is_running

    assert drive(tiny_db, steps) is False


def test_selection_keeps_the_cursor_and_detail_on_the_selected_record(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("tab", "j", "enter")  # GDPR, the second regulation
        await settle(pilot)
        table = app.screen.pane("regulations").data_table
        detail = str(app.screen.query_one("#detail-body", Static).render())
        return table.cursor_row, detail.splitlines()[:2], chain(app)

    row, detail, selected = drive(tiny_db, steps)
    assert row == 1
    assert detail == ["GDPR", "regulation:gdpr"]
    assert selected == ["regulation:gdpr"]


def test_selecting_in_a_pane_moves_its_mark_without_reloading_it(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pane = app.screen.pane("companies")
        generation = pane.state.generation
        await pilot.press("enter")  # Apple
        await settle(pilot)
        await pilot.press("j", "j", "enter")  # Meta
        await settle(pilot)
        cells = [pane.data_table.get_row_at(i)[0].plain for i in range(pane.data_table.row_count)]
        return generation == pane.state.generation, cells, chain(app)

    same, cells, selected = drive(tiny_db, steps)
    assert same
    assert cells == ["Apple", "European Commission", "▶ Meta", "Spotify"]
    assert selected == ["company:meta"]


def test_brackets_in_filter_and_names_are_text_not_markup(tmp_path: Path) -> None:
    document = tiny_document()
    document["companies"][0]["name"] = "Apple [App Store] [/]"
    db = build_db(document, tmp_path / "brackets.db")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("slash", "[", "/", "]")
        await settle(pilot)
        subtitle = str(app.screen.pane("companies").border_subtitle)
        await pilot.press("escape")
        app.screen.select(Ref("companies", "apple"))
        await settle(pilot)
        return app.is_running, subtitle, breadcrumb(app)

    running, subtitle, crumb = drive(db, steps)
    assert running
    assert "filter: [/]" in subtitle.replace("\\[", "[")
    assert crumb == "Apple [App Store] [/]"


def test_every_count_arrives_after_successive_selections(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.select(Ref("companies", "apple"))
        app.screen.select(Ref("regulations", "dma"))
        await settle(pilot)
        return [p.border_title for p in app.screen.panes]

    titles = drive(tiny_db, steps)
    assert all("…" not in t for t in titles), titles


def test_a_failing_query_is_a_notice_not_a_crash(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.load_detail(Ref("companies", "no-such-company"))
        await settle(pilot)
        return app.is_running, [n.message for n in app._notifications]

    running, notices = drive(tiny_db, steps)
    assert running
    assert any("no company:no-such-company" in n for n in notices)


def test_search_jump_moves_the_cursor_to_a_row_on_a_later_page(tmp_path: Path) -> None:
    document = tiny_document()
    base = document["quotes"][0]
    document["quotes"] = [
        dict(
            base,
            slug=f"q-{n:03d}",
            text=f"statement number {n}" + (" zanzibar" if n == 0 else ""),
            said=f"20{10 + n // 12:02d}-{1 + n % 12:02d}-01",
        )
        for n in range(150)
    ]
    db = build_db(document, tmp_path / "paged.db")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("ctrl+f", *"zanzibar")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        table = app.screen.pane("quotes").data_table
        row = app.screen.pane("quotes").ref_at(table.cursor_row)
        return str(row), str(app.screen.query_one("#detail-body", Static).render()).splitlines()[1]

    row, detail_ref = drive(db, steps)
    assert row == "quote:q-000"  # the oldest quote: the last row, beyond the first page of 60
    assert detail_ref == "quote:q-000"


def test_a_chosen_theme_is_remembered_across_restarts(tiny_db: Path, tmp_path: Path) -> None:
    async def choose(pilot, app):  # type: ignore[no-untyped-def]
        assert app.theme == "textual-dark"
        app.theme = "nord"  # what the palette's "Change theme" does
        await settle(pilot)

    async def theme(pilot, app):  # type: ignore[no-untyped-def]
        return app.theme

    drive(tiny_db, choose)
    settings = tmp_path / "user-config" / "regterm" / "settings.json"
    assert json.loads(settings.read_text()) == {"theme": "nord"}
    assert drive(tiny_db, theme) == "nord"
    settings.write_text("{not json")  # a damaged file means the default theme, not a traceback
    assert drive(tiny_db, theme) == "textual-dark"
    settings.write_text(json.dumps({"theme": "no-such-theme"}))
    assert drive(tiny_db, theme) == "textual-dark"


def test_export_keeps_the_pane_order_and_a_normal_file_mode(
    tiny_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import stat

    monkeypatch.chdir(tmp_path)
    target = tmp_path / "quotes.json"

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("tab", "tab", "tab")  # Quotes: newest first
        await settle(pilot)
        shown = slugs(app, "quotes")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # json
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        return shown

    old_umask = os.umask(0o022)
    try:
        shown = drive(tiny_db, steps)
    finally:
        os.umask(old_umask)
    assert shown == ["commission-meta", "ek-farce"]
    assert [row["slug"] for row in json.loads(target.read_text())] == shown
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def _footer_keys(app: Any) -> dict[str, tuple[int, int]]:
    from textual.widgets._footer import FooterKey

    return {str(k.key_display or k.key): (k.region.x, k.region.right) for k in app.screen.query(FooterKey)}


@pytest.mark.parametrize("start_width", [80, 120])
def test_footer_keeps_copy_export_help_quit_at_80_columns(tiny_db: Path, start_width: int) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        if start_width != 80:
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
        return _footer_keys(app)

    keys = drive(tiny_db, steps, size=(start_width, 24))
    for key in ("y", "e", "?", "q"):
        assert key in keys and keys[key][1] <= 80, keys
    spans = sorted(keys.values())
    assert all(left[1] <= right[0] for left, right in itertools.pairwise(spans)), spans  # none covered


@pytest.mark.parametrize(
    ("keys", "expected"), [(("tab", "tab", "tab", "tab", "tab"), "events"), (("tab", "slash", "d"), "regulations")]
)
def test_reset_puts_the_focus_in_a_visible_list(tiny_db: Path, keys: tuple[str, ...], expected: str) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press(*keys)  # the Detail pane (after Events) / the Regulations filter
        await settle(pilot)
        if isinstance(app.focused, Input):
            app.screen.action_reset()  # from the palette: r would be typed into the filter
        else:
            await pilot.press("r")
        await settle(pilot)
        focused = app.focused
        return (
            focused.id,
            focused.display and focused.region.area > 0,
            app.screen.pane(expected).query_one(Input).display,
        )

    focused, visible, filter_shown = drive(tiny_db, steps, size=(80, 24))
    assert focused == f"table-{expected}"
    assert visible and filter_shown is False


def test_open_scrolls_the_selected_row_into_view(tmp_path: Path) -> None:
    document = tiny_document()
    for n in range(100):  # two pages; the oldest, jumped to, is the last row
        dispute = dict(document["disputes"][0], slug=f"case-{n:03d}", title=f"Case {n:03d} on a long title")
        document["disputes"].append(dict(dispute, opened=f"{2000 + n // 12}-{n % 12 + 1:02d}-01"))
    db = build_db(document, tmp_path / "many.db")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        table = app.screen.pane("disputes").data_table
        first_visible = int(table.scroll_y)
        visible_rows = table.scrollable_content_region.height - 1  # the header row stays
        return table.cursor_row, table.row_count, first_visible, visible_rows

    cursor, rows, first, count = drive(db, steps, initial=Ref("disputes", "case-000"))
    assert cursor == rows - 1
    assert first <= cursor < first + count


def test_the_collector_runs_again_once_the_first_frame_is_shown(tiny_db: Path) -> None:
    """`regterm` turns the garbage collector off for its start-up; the first frame turns it back on."""
    import gc

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        return gc.isenabled()

    gc.disable()
    try:
        assert drive(tiny_db, steps) is True
    finally:
        gc.enable()
