"""The facets view (`f`): the focused pane's rows counted per value of a dimension (with their fines), read in a
worker; Enter on a value narrows to it: a linked record is selected, a field's value or a year filters the pane."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static, Tab, Tabs

from regterm.db import model
from regterm.db.queries import Filters
from regterm.db.refs import Ref
from regterm.db.stats import NONE, Facets, dimensions, link_target, splits
from regterm.render import euros
from regterm.safe_text import escape_controls, one_line
from regterm.tui.access import store_of
from regterm.tui.messages import FailureNotices
from regterm.tui.screens.dialog import Dialog

DEFAULTS = ("status", "kind", "speaker", "jurisdiction", "regulator")


@dataclass(frozen=True)
class Pick:
    """A value picked: the record to select (a linked record), else the dimension's value to filter the pane by."""

    dimension: str
    key: str | int | None
    label: str
    ref: Ref | None = None


def facet_dimensions(table: str) -> list[str]:
    """What is worth counting by: choices, short fields, links (not sources), year and month; not names or texts."""
    k = model.kind(table)
    wordy = {*k.search, *k.name_fields, k.label, "aliases", "description"}
    chosen = []
    for name in dimensions(table):
        target = link_target(table, name)
        if target == "sources" or name in wordy:
            continue
        chosen.append(name)
    return chosen


def default_dimension(table: str, names: list[str]) -> str:
    return next((name for name in DEFAULTS if name in names), names[0])


class FacetsScreen(FailureNotices, Dialog[Pick | None]):
    DEFAULT_CSS = """
        #facets-box {
            width: 90%;
            max-width: 100;
            height: 90%;
        }

        #facets-title {
            text-style: bold;
        }

        #facets-table {
            height: 1fr;
        }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Close"),
        Binding("left,h", "dimension(-1)", "Previous", priority=True),
        Binding("right,l", "dimension(1)", "Next", priority=True),
    ]
    LIMIT = 500  # values shown, largest first

    def __init__(self, table: str, filters: Filters, dimension: str | None = None) -> None:
        super().__init__()
        self.table = table
        self.filters = filters
        self.names = facet_dimensions(table)
        self.dimension = dimension if dimension in self.names else default_dimension(table, self.names)
        self.facets: Facets | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="facets-box", classes="dialog-box"):
            yield Static(f"{model.kind(self.table).title}: counted by", id="facets-title", markup=False)
            yield Tabs(*(Tab(name.replace("_", " "), id=f"dim-{name}") for name in self.names), id="facets-tabs")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="facets-table")
            yield Static("←/→ another dimension · Enter narrows to a value · Esc closes", classes="dim")

    def on_mount(self) -> None:
        self.query_one(Tabs).active = f"dim-{self.dimension}"
        self.query_one(DataTable).focus()

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.dimension = str(event.tab.id).removeprefix("dim-")
        self.facets = None
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self.query_one("#facets-title", Static).update(f"{model.kind(self.table).title}: counted by … (counting)")
        self._count(self.dimension)

    def action_dimension(self, step: int) -> None:
        tabs = self.query_one(Tabs)
        tabs.action_next_tab() if step > 0 else tabs.action_previous_tab()

    @work(thread=True, exit_on_error=False, exclusive=True, group="facets")
    def _count(self, dimension: str) -> None:
        facets = store_of(self).facets(self.table, dimension, self.filters, self.LIMIT)
        self.app.call_from_thread(self._show, dimension, facets)

    def _show(self, dimension: str, facets: Facets) -> None:
        if dimension != self.dimension:
            return
        self.facets = facets
        table = self.query_one(DataTable)
        table.clear(columns=True)
        money = facets.total_of is not None
        table.add_columns(dimension.replace("_", " ").capitalize(), "Count", *(["Fines"] if money else []))
        for index, row in enumerate(facets.rows):
            cells: list[Any] = [Text(escape_controls(str(row[0]))), Text(f"{row[1]:,}", justify="right")]
            if money:
                cells.append(Text(euros(row[2]) if row[2] else "", justify="right"))
            table.add_row(*cells, key=str(index))
        summary = f"{len(facets.rows):,} values"
        if splits(self.table, dimension):
            summary += " (a record linked to several counts under each)"
        elif money:
            total = sum(row[2] or 0 for row in facets.rows)
            summary += f", fines {euros(total)}" if total else ""
        title = f"{model.kind(self.table).title} by {dimension.replace('_', ' ')}: {summary}"
        self.query_one("#facets-title", Static).update(one_line(title))

    @on(DataTable.RowSelected)
    def _picked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.facets is None or not 0 <= event.cursor_row < len(self.facets.rows):
            return
        label = str(self.facets.rows[event.cursor_row][0])
        key = self.facets.keys[event.cursor_row][0]
        target = link_target(self.table, self.dimension)
        if target is None:
            self.dismiss(Pick(self.dimension, key, label))
        elif key is None or label == NONE:
            self.notify(f"No record to select for {NONE}", severity="warning")
        else:
            self.dismiss(Pick(self.dimension, key, label, Ref(target, str(key))))

    def action_cancel(self) -> None:
        self.dismiss(None)
