"""The export dialog: pick a format, a file name, and write what the focused pane shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from regterm.db.queries import Filters, columns_for
from regterm.export_file import EXTENSIONS, write_export
from regterm.safe_text import one_line
from regterm.tui.access import store_of
from regterm.tui.messages import FailureNotices
from regterm.tui.screens.dialog import Dialog


class ExportScreen(FailureNotices, Dialog[Path | None]):
    DEFAULT_CSS = """
        #export-box {
            width: 80%;
            max-width: 90;
            height: auto;
            max-height: 90%;
        }

        #export-buttons {
            height: auto;
        }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, table: str, filters: Filters, directory: Path | None = None, sort: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.table = table
        self.filters = filters
        self.sort = sort  # the pane's order
        self.directory = directory or Path.cwd()
        self.stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")

    def default_path(self, fmt: str) -> Path:
        return self.directory / f"regterm-{self.table}-{self.stamp}.{EXTENSIONS[fmt]}"

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog-box"):
            yield Static(f"Export {self.table} as shown in the pane (all matching rows)", id="export-title")
            with RadioSet(id="export-format"):
                for index, fmt in enumerate(EXTENSIONS):
                    yield RadioButton(fmt, value=index == 0, name=fmt)
            yield Input(str(self.default_path("csv")), id="export-path")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @property
    def fmt(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return str(pressed.name) if pressed is not None and pressed.name else "csv"

    @on(RadioSet.Changed)
    def _format_changed(self) -> None:
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value)
        if current.stem.startswith(f"regterm-{self.table}-"):
            path_input.value = str(current.with_suffix("." + EXTENSIONS[self.fmt]))

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _go(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("Give a file name", severity="error")
            return
        self.write(Path(raw).expanduser(), self.fmt)

    @work(thread=True, exit_on_error=False, exclusive=True, group="export")
    def write(self, path: Path, fmt: str) -> None:
        store = store_of(self)
        columns = columns_for(self.table)
        try:
            rows = store.rows_for_export(self.table, self.filters, columns, self.sort)
            count = write_export(path, rows, columns, fmt, spreadsheet=True)  # a file from here is for people
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Export failed: {exc}", severity="error", markup=False)
            return
        self.app.call_from_thread(self.app.notify, one_line(f"Exported {count} {self.table} to {path}"), markup=False)
        self.app.call_from_thread(self.dismiss, path)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
