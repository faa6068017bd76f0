"""Command palette: go to any record by name.

Entries are built from plain text (Content(text), highlighted by offsets), never parsed as markup: a
record named `[@click=app.quit]X[/]` is shown as exactly that, and choosing it only goes to the record.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from regterm.db import model
from regterm.db.refs import Ref
from regterm.safe_text import one_line
from regterm.tui.access import store_of


def entry_text(ref: Ref, label: str) -> str:
    """The palette's plain text for a record: control characters visible, one line."""
    return one_line(f"Go to {model.singular(ref.table)}: {label}")


def highlighted(matcher: Matcher, text: str) -> Content:
    """text as Content with the fuzzy match's characters styled; text itself is never parsed."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def help_markup(ref: Ref) -> str:
    """The palette parses help as markup: the ref escaped (a foreign database's slug may hold anything)."""
    return escape(one_line(str(ref)))


class GotoProvider(Provider):
    """'Go to' any company, regulation, person, dispute, event or quote."""

    def _jump(self, ref: Ref) -> None:
        from regterm.tui.screens.main import MainScreen

        screen = self.app.screen
        if isinstance(screen, MainScreen):
            screen.jump_to(ref)

    async def discover(self) -> Hits:
        store = store_of(self)
        found = await asyncio.to_thread(store.find, "", 12)
        for ref, label in found:
            text = entry_text(ref, label)
            yield DiscoveryHit(Content(text), partial(self._jump, ref), text=text)

    async def search(self, query: str) -> Hits:
        store = store_of(self)
        matcher = self.matcher(query)
        found = await asyncio.to_thread(store.find, query, 30)
        for ref, label in found:
            text = entry_text(ref, label)
            score = matcher.match(text) or 0.1
            yield Hit(score, highlighted(matcher, text), partial(self._jump, ref), text=text, help=help_markup(ref))
