"""Command palette: go to any record by name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from regterm.db.refs import Ref
from regterm.db.vocabulary import SINGULAR


class GotoProvider(Provider):
    """'Go to' any company, regulation, person, dispute, event or quote."""

    def _jump(self, ref: Ref) -> None:
        from regterm.tui.screens.main import MainScreen

        screen = self.app.screen
        if isinstance(screen, MainScreen):
            screen.jump_to(ref)

    async def discover(self) -> Hits:
        store = self.app.store  # type: ignore[attr-defined]
        found = await asyncio.to_thread(store.find, "", 12)
        for ref, label in found:
            yield DiscoveryHit(f"Go to {SINGULAR[ref.table]}: {label}", partial(self._jump, ref))

    async def search(self, query: str) -> Hits:
        store = self.app.store  # type: ignore[attr-defined]
        matcher = self.matcher(query)
        found = await asyncio.to_thread(store.find, query, 30)
        for ref, label in found:
            text = f"Go to {SINGULAR[ref.table]}: {label}"
            score = matcher.match(text) or 0.1
            yield Hit(score, matcher.highlight(text), partial(self._jump, ref), text=text, help=str(ref))
