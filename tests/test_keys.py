"""No keystroke lost: keys sent in one burst (a paste, tmux send-keys, fast typing) act in order."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input
from tui_helpers import burst, chain, drive, make_app, settle

from regterm.tui.keys import paste_as_keys


def _filter_and_chain(app: Any) -> tuple[str, list[str]]:
    return app.screen.pane("companies").query_one(Input).value, chain(app)


def test_filter_typed_in_one_burst_right_after_start(tiny_db: Path) -> None:
    async def main() -> tuple[str, list[str]]:
        app = make_app(tiny_db)
        async with app.run_test(size=(120, 40)) as pilot:
            burst(pilot, "slash", *"apple", "enter")  # no wait, not even for the first frame
            await settle(pilot)
            return _filter_and_chain(app)

    assert asyncio.run(main()) == ("apple", ["company:apple"])


def test_filter_typed_in_one_burst_selects_the_match_not_the_first_row(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        burst(pilot, "slash", *"spot", "enter")
        await settle(pilot)
        return _filter_and_chain(app)

    assert drive(tiny_db, steps) == ("spot", ["company:spotify"])


def test_palette_enter_in_one_burst_runs_the_top_hit_for_the_typed_text(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        burst(pilot, "ctrl+p", *"theme", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert CommandPalette.is_open(app)
        options = app.screen.query_one(CommandList)
        return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

    prompts = drive(tiny_db, steps)
    assert any("textual-dark" in prompt for prompt in prompts)  # the theme picker, not the first entry


def test_palette_burst_goes_to_the_record_typed(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        burst(pilot, "ctrl+p", *"spotify", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        return type(app.screen).__name__, chain(app)

    assert drive(tiny_db, steps) == ("MainScreen", ["company:spotify"])


def test_keys_after_closing_a_dialog_reach_the_main_screen(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        burst(pilot, "question_mark", "escape", "slash", *"meta", "enter")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        return type(app.screen).__name__, chain(app)

    assert drive(tiny_db, steps) == ("MainScreen", ["company:meta"])


def test_a_paste_on_a_pane_filters_it(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        pilot.app._driver.send_message(events.Paste("/apple\n"))
        await settle(pilot)
        return _filter_and_chain(app)

    assert drive(tiny_db, steps) == ("apple", ["company:apple"])


def test_paste_as_keys_takes_the_first_printable_line() -> None:
    assert [k.key for k in paste_as_keys("a/\x1b[2J b\nignored")] == [
        "slash",
        "a",
        "slash",
        "left_square_bracket",
        "2",
        "J",
        "space",
        "b",
        "enter",
    ]
    assert paste_as_keys("\x1b\n") == []


def test_enter_typed_before_raw_mode_arrives_as_newline_and_still_selects(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        burst(pilot, "slash", *"meta", "ctrl+j")  # the tty turned Enter's \r into \n before Textual set raw mode
        await settle(pilot)
        return _filter_and_chain(app)

    assert drive(tiny_db, steps) == ("meta", ["company:meta"])


def test_a_paste_into_an_open_filter_is_text(tiny_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        burst(pilot, "slash")
        pilot.app._driver.send_message(events.Paste("spot"))  # right behind the '/' that opens the filter
        await settle(pilot)
        return app.screen.pane("companies").query_one(Input).value, app.screen.pane("companies").text_filter

    assert drive(tiny_db, steps) == ("spot", "spot")


def test_tab_typed_at_start_waits_for_the_panes_it_moves_between(tiny_db: Path) -> None:
    """Tab Tab /… Enter at launch filters the third pane, as on a started screen: the keys wait for the panes that
    are built after the first frame (before, Tab skipped them and reached the Detail)."""

    async def main() -> tuple[str, str]:
        app = make_app(tiny_db)
        async with app.run_test(size=(120, 40)) as pilot:
            burst(pilot, "tab", "tab", "slash", *"dma", "enter")  # no wait, not even for the first frame
            await settle(pilot)
            screen: Any = app.screen
            return screen.pane("disputes").text_filter, screen.pane("companies").text_filter

    assert asyncio.run(main()) == ("dma", "")
