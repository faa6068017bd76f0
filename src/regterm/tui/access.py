"""Typed access from any widget to the running explorer's store and browser (no `type: ignore` at call sites)."""

from __future__ import annotations

from typing import Any, Protocol

from regterm.tui.store import Store


class InApp(Protocol):
    """Anything that knows its app: widgets, screens, command palette providers."""

    @property
    def app(self) -> Any: ...


def store_of(node: InApp) -> Store:
    """The data layer of the regterm app node runs in."""
    store = getattr(node.app, "store", None)
    if not isinstance(store, Store):
        raise RuntimeError("this widget runs outside the regterm explorer")
    return store


def open_in_browser(node: InApp, url: str) -> bool:
    """Ask the app to open url (blocks: call from a worker)."""
    opener = getattr(node.app, "open_in_browser", None)
    return bool(opener(url)) if callable(opener) else False
