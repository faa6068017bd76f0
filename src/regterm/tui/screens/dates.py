"""The date range dialog (`t`): from and to (YYYY, YYYY-MM or YYYY-MM-DD, either may be empty), checked as typed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from regterm.safe_text import one_line
from regterm.tui.scope import RangeError, check_range
from regterm.tui.screens.dialog import Dialog

DateRange = tuple[str | None, str | None]


class DatesScreen(Dialog[DateRange | None]):
    """Dismissed with the range to apply ((None, None) clears it), or None when cancelled."""

    DEFAULT_CSS = """
        #dates-box {
            width: 80%;
            max-width: 70;
            height: auto;
        }

        #dates-fields, #dates-buttons {
            height: auto;
        }

        #dates-fields Input {
            width: 1fr;
        }

        #dates-error {
            color: $error;
            height: 1;
        }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, since: str | None = None, until: str | None = None) -> None:
        super().__init__()
        self.since = since
        self.until = until

    def compose(self) -> ComposeResult:
        with Vertical(id="dates-box", classes="dialog-box"):
            yield Static("Only records dated in this range (YYYY, YYYY-MM or YYYY-MM-DD; empty: open)")
            with Horizontal(id="dates-fields"):
                yield Input(self.since or "", placeholder="from, e.g. 2024-03", id="dates-since")
                yield Input(self.until or "", placeholder="to, e.g. 2024-03", id="dates-until")
            yield Static("", id="dates-error", markup=False)
            with Horizontal(id="dates-buttons"):
                yield Button("Apply", variant="primary", id="dates-apply")
                yield Button("Clear", id="dates-clear")
                yield Button("Cancel", id="dates-cancel")

    def on_mount(self) -> None:
        self.query_one("#dates-since", Input).focus()

    @on(Input.Changed)
    def _changed(self) -> None:
        self.query_one("#dates-error", Static).update("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#dates-apply")
    def _apply(self) -> None:
        since = self.query_one("#dates-since", Input).value
        until = self.query_one("#dates-until", Input).value
        try:
            dates = check_range(since, until)
        except RangeError as exc:
            self.query_one("#dates-error", Static).update(one_line(str(exc)))
            return
        self.dismiss(dates)

    @on(Button.Pressed, "#dates-clear")
    def _clear(self) -> None:
        self.dismiss((None, None))

    @on(Button.Pressed, "#dates-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
