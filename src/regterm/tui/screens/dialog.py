"""The shape every dialog shares: a box with a border, centred on the dimmed main screen."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog; its box (classes="dialog-box") is sized by the dialog's own CSS.

    Dialogs keep their CSS with them (parsed when one first opens), not in app.tcss (parsed before the first frame).
    """

    DEFAULT_CSS = """
        Dialog {
            align: center middle;
        }

        Dialog .dialog-box {
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }
    """
