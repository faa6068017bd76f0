"""Snapshots of the explorer (pytest-textual-snapshot). Update with `pytest --snapshot-update`, then look at them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_db, tiny_document
from textual.widgets import Input
from tui_helpers import make_app, settle

SIZE = (120, 34)


@pytest.fixture
def snapshot_db(tmp_path: Path) -> Path:
    document = tiny_document()
    document["companies"].append(
        {"slug": "wide-chars", "name": "東京テック 🚀 Ltd", "kind": "company", "country": "JP"}
    )
    return build_db(document, tmp_path / "snap.db")


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "cursor_blink", False)


def test_main_screen(snap_compare, snapshot_db: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(snapshot_db), terminal_size=SIZE, run_before=settle)


def test_apple_selected(snap_compare, snapshot_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def select_apple(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("slash", *"apple", "enter")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db), terminal_size=SIZE, run_before=select_apple)


def test_help_screen(snap_compare, snapshot_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db), terminal_size=SIZE, run_before=open_help)


def test_search_screen(snap_compare, snapshot_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("ctrl+f", *"farce")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db), terminal_size=SIZE, run_before=search)


@pytest.fixture
def reading_db(tmp_path: Path) -> Path:
    """Long titles, a long summary and a long quote: what the lists and the Detail have to make readable."""
    document = tiny_document()
    document["disputes"][0]["title"] = "Apple: App Store anti-steering rules and the Core Technology Fee"
    document["disputes"][0]["summary"] = " ".join(["Apple stopped developers steering users elsewhere."] * 18)
    document["quotes"][0]["text"] = "a complete and total farce, " * 6 + "said at length"
    return build_db(document, tmp_path / "reading.db")


async def _lists_built(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    for pane in pilot.app.screen.panes:
        await pane.build()
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_lists_use_their_width(snap_compare, reading_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(reading_db), terminal_size=size, run_before=_lists_built)


def test_zoomed_disputes_pane(snap_compare, reading_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def zoom(pilot) -> None:  # type: ignore[no-untyped-def]
        await _lists_built(pilot)
        pilot.app.screen.pane("disputes").data_table.focus()
        await pilot.press("z")
        await settle(pilot)

    assert snap_compare(make_app(reading_db), terminal_size=(120, 36), run_before=zoom)


def test_detail_focused_and_scrolled_at_80x24(snap_compare, reading_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def read(pilot) -> None:  # type: ignore[no-untyped-def]
        await _lists_built(pilot)
        pilot.app.screen.pane("disputes").data_table.focus()
        await settle(pilot)
        await pilot.press("d", "pagedown", "tab")
        await settle(pilot)

    assert snap_compare(make_app(reading_db), terminal_size=(80, 24), run_before=read)


def test_main_screen_with_events_at_120x36(snap_compare, snapshot_db: Path) -> None:  # type: ignore[no-untyped-def]
    """Five panes: Events, the timeline, below the others (the fine marked), sorted by date newest first."""
    assert snap_compare(make_app(snapshot_db), terminal_size=(120, 36), run_before=settle)


def test_authority_selected_lists_its_disputes(snap_compare, snapshot_db: Path) -> None:  # type: ignore[no-untyped-def]
    """A regulator is a link: selecting the Commission lists the disputes it decided (#12's walk)."""

    async def select_commission(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("slash", *"commission", "enter")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db), terminal_size=(120, 36), run_before=select_commission)
