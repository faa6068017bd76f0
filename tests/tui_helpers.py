"""Helpers for driving the explorer in tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from regterm.db.connection import DatabaseLocation
from regterm.db.refs import Ref
from regterm.tui.app import RegtermApp


def make_app(db: Path, initial: Ref | None = None) -> RegtermApp:
    return RegtermApp(DatabaseLocation(db, "option"), initial)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker has finished and its messages are handled."""
    for _ in range(6):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            await pilot.pause()
            if not any(w.is_running for w in pilot.app.workers):
                return


def drive(
    db: Path,
    steps: Callable[[Pilot[Any], RegtermApp], Awaitable[Any]],
    size: tuple[int, int] = (120, 40),
    initial: Ref | None = None,
) -> Any:
    """Run the app headless, settle, then run steps(pilot, app) and return what it returns."""

    async def main() -> Any:
        app = make_app(db, initial)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            return await steps(pilot, app)

    return asyncio.run(main())


def slugs(app: RegtermApp, table: str) -> list[str]:
    pane = app.screen.pane(table)  # type: ignore[attr-defined]
    data = pane.data_table
    return [str(data.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(data.row_count)]


def chain(app: RegtermApp) -> list[str]:
    return [str(ref) for ref in app.screen.chain]  # type: ignore[attr-defined]


def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Send keys as a terminal delivers a paste or fast typing: all at once, none waiting for the one before.

    (Pilot.press waits for the app to be idle after each key, which hides keys lost in a burst.)
    """
    from textual import events
    from textual.keys import _character_to_key

    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        character = key if len(key) == 1 else {"enter": "\r", "slash": "/", "ctrl+j": "\n"}.get(key)
        event = events.Key(name, character)
        event.set_sender(pilot.app)
        driver.send_message(event)
