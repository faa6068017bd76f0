"""The regterm explorer: a thin App. The main screen is the hub; commands are defined in tui/commands.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.theme import Theme

from regterm.db.connection import DatabaseLocation
from regterm.db.refs import Ref
from regterm.tui.commands import MAIN_COMMANDS
from regterm.tui.keys import OrderedKeysApp
from regterm.tui.providers import GotoProvider
from regterm.tui.scope import Scope
from regterm.tui.screens.main import MainScreen
from regterm.tui.settings import load_settings, save_setting
from regterm.tui.store import Store


class RegtermApp(OrderedKeysApp):
    """Explore companies, regulations, disputes and quotes, cross-linked."""

    CSS_PATH = "app.tcss"
    TITLE = "regterm"
    COMMANDS: ClassVar = App.COMMANDS | {GotoProvider}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, location: DatabaseLocation, initial: Ref | None = None, scope: Scope | None = None) -> None:
        super().__init__()
        self.store = Store(location)
        self.initial = initial
        self.scope = scope
        saved = load_settings().get("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self._remembered_theme = self.theme

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        """A theme chosen (in the palette) is the theme of the next start too."""
        if theme.name == self._remembered_theme:
            return
        problem = save_setting("theme", theme.name)
        if problem:
            self.notify(problem, severity="warning", markup=False)
        else:
            self._remembered_theme = theme.name

    @property
    def escape_to_minimize(self) -> bool:
        """Escape restores a pane zoomed with `z`; in a short terminal, where a pane is always zoomed, it does what
        the footer says instead (back one selection, close a filter)."""
        screen = self.screen
        return not (isinstance(screen, MainScreen) and screen.compact) and super().escape_to_minimize

    def get_default_screen(self) -> Screen[Any]:
        """The main screen is the first screen, composed with the app: its first frame is the app's first."""
        return MainScreen(self.initial, self.scope)

    def open_in_browser(self, url: str) -> bool:
        """Open url in the user's browser; False when no browser could (tests replace webbrowser.open).

        Blocks until the browser command returns: call it from a worker. Callers pass clean http(s) URLs only.
        """
        import webbrowser  # here, not at the top: the first frame does not need it

        return bool(webbrowser.open(url, new=2))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for command in MAIN_COMMANDS:
                if command.action in ("quit", "select"):
                    continue
                yield SystemCommand(command.label, command.help, getattr(screen, f"action_{command.action}"))
