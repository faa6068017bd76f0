"""The `?` screen: every key, from the same definitions as the footer and the palette."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from regterm.tui.commands import MAIN_COMMANDS, NAVIGATION_HELP
from regterm.tui.screens.dialog import Dialog


def _keys(command_key: str, display: str | None) -> str:
    names = [k.strip() for k in command_key.split(",")]
    pretty = {"left_square_bracket": "[", "right_square_bracket": "]", "slash": "/", "question_mark": "?"}
    return " / ".join(pretty.get(n, n) for n in names)


def help_table() -> Table:
    table = Table("Key", "What it does", title="regterm keys", expand=True, show_edge=False)
    for keys, text in NAVIGATION_HELP:
        table.add_row(keys, text)
    for command in MAIN_COMMANDS:
        table.add_row(_keys(command.key, command.key_display), command.help)
    return table


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
        #help-box {
            width: 90%;
            max-width: 100;
            height: 90%;
        }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog-box"):
            yield Static(help_table(), id="help-table")
            yield Static("Press Esc to close.", classes="dim")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
