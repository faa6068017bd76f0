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
