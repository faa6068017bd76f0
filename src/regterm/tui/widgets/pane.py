"""A pane listing one kind of record: a page-at-a-time table, a count in its title, a '/' filter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input
from textual.widgets.data_table import Column

from regterm.db import model
from regterm.db.queries import Filters
from regterm.db.refs import Ref
from regterm.render import euros
from regterm.safe_text import escape_controls, one_line
from regterm.tui import sorting
from regterm.tui.access import store_of
from regterm.tui.marks import mark_row
from regterm.tui.messages import FailureNotices, RecordHighlighted, RecordSelected

PAGE_SIZE = 60  # a screenful and more; the next page loads as the cursor nears the end


@dataclass(frozen=True)
class Cell:
    """One column of a pane: its header, the query columns it reads (the first non-empty is shown), how it is sized.

    cap: the most a short column takes (its content's width up to this); the long column takes the rest.
    extra: shown only when the pane has room to spare (zoomed with `z`, or wide): `Kind.columns` not in `Kind.pane`.
    """

    header: str
    names: tuple[str, ...]
    money: bool = False
    cap: int = 24
    extra: bool = False


@dataclass(frozen=True)
class PaneSpec:
    """What a pane shows: its table, title, and cells, derived from the kind's declaration (`Kind.pane`)."""

    table: str
    title: str
    cells: tuple[Cell, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """What the query layer reads: the slug (the row key), then every cell's columns."""
        return ("slug", *(name for cell in self.cells for name in cell.names))

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(cell.header for cell in self.cells)


def _cell(kind: model.Kind, entry: str, extra: bool = False) -> Cell:
    header, _, expression = entry.rpartition("=")
    names = tuple(expression.split("|"))
    member = kind.member(names[0])
    short = isinstance(member, model.Field) and member.type in ("date", "money", "choice", "bool", "int")
    money = isinstance(member, model.Field) and member.type == "money"
    cap = 16 if short else 18 if len(names) > 1 else 30
    return Cell(header or member.header, names, money, cap, extra)


def pane_spec(table: str) -> PaneSpec:
    """The pane's cells: `Kind.pane`, then the rest of `Kind.columns` as extras shown when there is room."""
    kind = model.kind(table)
    entries = kind.pane or (kind.label,)
    shown = {name for entry in entries for name in entry.rpartition("=")[2].split("|")}
    extras = [c for c in kind.columns if c not in shown and c != kind.label]
    cells = (*(_cell(kind, e) for e in entries), *(_cell(kind, e, extra=True) for e in extras))
    return PaneSpec(table, kind.title, cells)


CELL_LIMIT = 400  # characters kept of a cell: more never fits a terminal, and a 100,000-character text stays cheap


def _clip(value: Any, width: int = CELL_LIMIT) -> Text:
    """A cell as one line of literal text; the table cuts it with an ellipsis at its column's width."""
    text = escape_controls("" if value is None else str(value)).replace("\n", " ")
    return Text(text[:width], no_wrap=True, overflow="ellipsis", end="")


def row_cells(spec: PaneSpec, row: tuple[Any, ...]) -> list[Text]:
    """The visible cells of a row (its slug, first, is the row key and not shown); money right-aligned."""
    values = dict(zip(spec.columns, row, strict=True))
    cells = []
    for cell in spec.cells:
        value = next((values[n] for n in cell.names if values[n] not in (None, "")), None)
        text = _clip(euros(value) if cell.money and value else value)
        if cell.money:
            text.justify = "right"
        cells.append(text)
    return cells


PADDING = 2  # a DataTable cell's padding, one each side
LONG_MINIMUM = 12  # the long column keeps at least this (or its content) before short columns are left out


def long_column(spec: PaneSpec, content: list[int]) -> int:
    """The column that takes the rest of the width: a quote's text, else the record's name or title (what names
    it: a regulation's short name before its reference), else the widest text column."""
    text = [i for i, cell in enumerate(spec.cells) if cell.cap > 16 and not cell.extra]
    label = model.kind(spec.table).label
    for wanted in ("text", label):
        named = [i for i in text if spec.cells[i].names[0] == wanted]
        if named:
            return named[0]
    return max(text or [0], key=lambda i: (content[i], -i))


def _cap(spec: PaneSpec, index: int, available: int) -> int:
    """The most a short column takes in a pane this wide: the name column keeps more than the others."""
    cell = spec.cells[index]
    if cell.cap <= 16:
        return cell.cap  # dates, money, statuses: their content is short anyway
    share = max(16, available * 2 // 5) if index == 0 and len(cell.names) == 1 else max(8, available // 3)
    return min(cell.cap, share)


def fit_widths(spec: PaneSpec, content: list[int], available: int, zoomed: bool = False) -> list[int | None]:
    """Column widths for a pane `available` cells wide (None: left out), from the widths of the content.

    Short columns (status, dates, money, names) take their content's width, up to their cap; the long column
    takes the rest, so text is cut only at the pane's edge. Where that would leave the long column too little,
    short columns are left out from the right. Extras (`Kind.columns` not in the pane) appear when the long
    column would keep 60 cells beside them (30 when the pane is zoomed with `z`).
    """
    grow = long_column(spec, content)
    natural = [content[i] if i == grow else min(content[i], _cap(spec, i, available)) for i in range(len(content))]
    wanted = min(content[grow], max(LONG_MINIMUM, available * 2 // 5))
    base = [i for i, cell in enumerate(spec.cells) if not cell.extra]
    extras = [i for i, cell in enumerate(spec.cells) if cell.extra]

    def room(shown: list[int]) -> int:
        return available - sum(natural[i] + PADDING for i in shown if i != grow) - PADDING

    shown = list(base)
    while room(shown) < wanted and len(shown) > 1:
        shown.remove(next(i for i in reversed(shown) if i != grow))
    if len(shown) == len(base):
        for i in extras:
            if room([*shown, i]) >= min(content[grow], 30 if zoomed else 60):
                shown.append(i)
    widths: list[int | None] = [None] * len(spec.cells)
    for i in shown:
        widths[i] = natural[i]
    widths[grow] = max(1, room(shown))
    return widths


def fit_widths_in_order(spec: PaneSpec, content: list[int], available: int, zoomed: bool) -> list[int]:
    """fit_widths as DataTable widths: a column left out is 0 wide."""
    return [w or 0 for w in fit_widths(spec, content, available, zoomed)]


@dataclass
class PaneState:
    """What the pane shows: its filters and how many rows are loaded of how many."""

    filters: Filters
    loaded: int = 0
    total: int | None = None
    generation: int = 0
    sort: tuple[str, ...] = ()  # the sort the rows were read in


@dataclass
class FitColumn(Column):
    """A DataTable column that takes no room at all, not even its padding, when it is 0 wide (left out)."""

    def get_render_width(self, data_table: DataTable[Any]) -> int:
        return 0 if self.width == 0 and not self.auto_width else super().get_render_width(data_table)


def selected_mark(cell: Text) -> Text:
    """The selected row's first cell: ▶ before it, still cut with an ellipsis at the column's width."""
    marked = Text("▶ ", style="bold", no_wrap=True, overflow="ellipsis", end="")
    marked.append_text(cell)
    return marked


class RecordTable(DataTable[Text]):
    """A row-cursor table with vi keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    keep_in_view: int | None = None  # a row jumped to: kept in view while the table's layout settles

    def add_fitted_column(self, header: str) -> None:
        """A column sized by `set_widths` (0 wide until then)."""
        key = self.add_column(sorting.header(header, "", None), width=0)
        column = self.columns[key]
        self.columns[key] = FitColumn(key, column.label, 0, column.content_width, auto_width=False)

    def set_widths(self, widths: list[int]) -> None:
        """Give the columns these widths (0: left out); cells are cut with an ellipsis at their column's width."""
        changed = False
        for column, width in zip(self.ordered_columns, widths, strict=False):
            if column.auto_width or column.width != width:
                column.auto_width = False
                column.width = width
                changed = True
        if changed:
            self._clear_caches()  # Textual keeps rendered cells; they were cut at the old widths
            self._require_update_dimensions = True
            self.refresh()

    def on_resize(self) -> None:
        """A scrollbar that appears once the rows are in shrinks the view: the row jumped to stays in it;
        the columns are fitted to the new width."""
        if isinstance(self.parent, RecordPane):
            self.parent.fit_columns()
        if self.keep_in_view is not None and self.keep_in_view == self.cursor_row:
            self.move_cursor(row=self.cursor_row, animate=False)  # the same row: scrolls, no new highlight
        else:
            self.keep_in_view = None


class RecordPane(FailureNotices, Vertical):
    """One pane: title with a count, the table, and a filter input shown by '/'."""

    ALLOW_MAXIMIZE = True  # `z` zooms the pane: it fills the screen and shows every column

    class RowsLoaded(Message):
        """A worker fetched a page of rows (or a count) for this pane."""

        def __init__(self, generation: int, rows: list[tuple[Any, ...]], offset: int, total: int | None) -> None:
            super().__init__()
            self.generation = generation
            self.rows = rows
            self.offset = offset
            self.total = total

    def __init__(self, table: str, eager: bool = True, width_hint: int = 0) -> None:
        self.spec = pane_spec(table)
        self.built = eager  # a lazy pane mounts its table after the first frame (start-up stays lean)
        # the table's width in the first layout, told by the screen: columns fitted before the first frame
        # (Textual paints it before any Resize), so that frame shows the rows at their widths, not 0 wide
        self.width_hint = width_hint
        super().__init__(id=f"pane-{table}", classes="pane")
        self.state = PaneState(Filters())
        self.selected_slug: str | None = None
        self.text_filter = ""
        self._submit_pending = False
        self.pending_cursor_slug: str | None = None  # move the cursor here when its row arrives
        self.keep_cursor_slug: str | None = None  # after a reload, stay here if it is on the first page
        self.content_widths = [len(header) for header in self.spec.headers]  # the widest cell of each column
        self.sort: str | None = None  # a sort key ('-fine_eur'), or None for the list's own order

    def _table(self) -> RecordTable:
        table = RecordTable(cursor_type="row", zebra_stripes=True, id=f"table-{self.spec.table}")
        for header in self.spec.headers:
            table.add_fitted_column(header)
        return table

    def compose(self) -> ComposeResult:
        if self.built:
            yield self._table()

    def on_mount(self) -> None:
        self.border_title = f"{self.spec.title} (…)"

    async def build(self) -> None:
        """After the first frame: mount the table of a lazy pane, and the (hidden) filter of every pane."""
        if not self.built:
            await self.mount(self._table())
            self.built = True
        await self._filter_field()

    async def _filter_field(self) -> Input:
        """The filter input, mounted on first need (the first frame does without it)."""
        field = self.filter_field
        if field is None:
            field = Input(
                placeholder=f"filter {self.spec.title.lower()}…", id=f"filter-{self.spec.table}", classes="filter"
            )
            field.display = False
            await self.mount(field)
        return field

    @property
    def filter_field(self) -> Input | None:
        found = self.query(Input)
        return found.first() if found else None

    @property
    def data_table(self) -> RecordTable:
        return self.query_one(RecordTable)

    # Loading ------------------------------------------------------------------------------------------

    def begin(self, filters: Filters) -> tuple[int, Filters]:
        """Start a new generation of rows for filters (plus this pane's own text filter)."""
        filters = replace(filters, text=self.text_filter or None)
        highlighted = self.highlighted
        if self.pending_cursor_slug is None and highlighted is not None:
            self.keep_cursor_slug = highlighted.slug  # stay on this record if the new list still has it
        self.state = PaneState(filters, generation=self.state.generation + 1, sort=self.sort_keys)
        return self.state.generation, filters

    def load(self, filters: Filters) -> None:
        """Show the first page of rows matching filters, read in this pane's own worker."""
        generation, filters = self.begin(filters)
        self._fetch(generation, filters, 0, with_count=True)

    def read_first_page(self, filters: Filters) -> tuple[list[tuple[Any, ...]], int | None]:
        """The first page and, when it is the whole list, the total (any thread)."""
        rows = store_of(self).page(self.spec.table, filters, self.spec.columns, 0, PAGE_SIZE, self.sort_keys)
        return rows, len(rows) if len(rows) < PAGE_SIZE else None

    def read_first_page_within(
        self, filters: Filters, seconds: float
    ) -> tuple[list[tuple[Any, ...]], int | None] | None:
        """The first page if it can be read within `seconds` (main thread), else None."""
        store = store_of(self)
        rows = store.page_within(self.spec.table, filters, self.spec.columns, PAGE_SIZE, seconds, self.sort_keys)
        return None if rows is None else (rows, len(rows) if len(rows) < PAGE_SIZE else None)

    def apply(self, generation: int, rows: list[tuple[Any, ...]], offset: int, total: int | None) -> None:
        """Show rows read for a generation (ignored if a newer one has begun)."""
        self._show_rows(self.RowsLoaded(generation, rows, offset, total))

    def refresh_title(self) -> None:
        total = "…" if self.state.total is None else f"{self.state.total:,}"
        self.border_title = f"{self.spec.title} ({total})"
        notes = [f"filter: {self.text_filter}"] if self.text_filter else []
        if self.sort:
            labels = {cell.names[0]: cell.header for cell in self.spec.cells}
            notes.append(f"sort: {sorting.describe(self.sort, labels)}")
        self.border_subtitle = Text(" · ".join(notes)) if notes else ""

    @work(thread=True, exit_on_error=False, exclusive=True, group="pane-page")
    def _fetch(self, generation: int, filters: Filters, offset: int, with_count: bool) -> None:
        store = store_of(self)
        rows = store.page(self.spec.table, filters, self.spec.columns, offset, PAGE_SIZE, self.state.sort)
        total = len(rows) + offset if len(rows) < PAGE_SIZE else None
        self.post_message(self.RowsLoaded(generation, rows, offset, total))
        if with_count and total is None:
            self.post_message(self.RowsLoaded(generation, [], -1, store.count(self.spec.table, filters)))

    @on(RowsLoaded)
    def _show_rows(self, message: RowsLoaded) -> None:
        message.stop()
        if message.generation != self.state.generation:
            return
        if message.offset > 0 and message.offset != self.state.loaded:
            return  # a second request for a page already shown (the cursor moved twice before it came)
        table = self.data_table
        if message.offset == 0:
            table.clear()
            self.content_widths = [len(header) for header in self.spec.headers]
        if message.offset >= 0:
            widths = self.content_widths
            names = [cell.names[0] for cell in self.spec.cells]
            for row in message.rows:
                cells = row_cells(self.spec, row)
                mark_row(self.spec.table, self.spec.columns, row, cells, names)
                if row[0] == self.selected_slug:
                    cells[0] = selected_mark(cells[0])
                table.add_row(*cells, key=row[0])
                widths = [max(w, cell.cell_len) for w, cell in zip(widths, cells, strict=True)]
            self.content_widths = widths
            self.state.loaded = message.offset + len(message.rows)
            self.fit_columns()
        if message.total is not None:
            self.state.total = message.total
        self.refresh_title()
        if message.offset == 0 and self._submit_pending:
            self._submit_pending = False
            self.select_first()
        elif self.pending_cursor_slug is not None and message.offset >= 0:
            self._move_to_pending(message)
        elif message.offset == 0 and table.row_count:
            slugs = [row[0] for row in message.rows]
            keep, self.keep_cursor_slug = self.keep_cursor_slug, None
            if keep in slugs:
                table.move_cursor(row=slugs.index(keep), animate=False)
            self._announce_highlight(table.cursor_row)

    def _move_to_pending(self, message: RowsLoaded) -> None:
        slugs = [row[0] for row in message.rows]
        if self.pending_cursor_slug in slugs:
            index = message.offset + slugs.index(self.pending_cursor_slug)
            self.pending_cursor_slug = None
            self.data_table.move_cursor(row=index)
            self.data_table.keep_in_view = index
            self._announce_highlight(index)
        elif len(message.rows) < PAGE_SIZE or message.offset >= 10 * PAGE_SIZE:
            self.pending_cursor_slug = None  # not in this list (or too far down to page to)
        else:
            self._fetch(self.state.generation, self.state.filters, self.state.loaded, with_count=False)

    def _load_more_if_needed(self, row_index: int) -> None:
        state = self.state
        more = state.total is None or state.loaded < state.total
        if more and row_index >= state.loaded - 10 and state.loaded > 0:
            self._fetch(state.generation, state.filters, state.loaded, with_count=False)

    # Column widths -----------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.fit_columns()

    @property
    def zoomed(self) -> bool:
        return self.is_mounted and self.screen.maximized is self

    def fit_columns(self) -> None:
        """Size the columns to their content and the table's width (see `fit_widths`)."""
        if not self.built or not self.is_mounted:
            return
        table = self.data_table
        available = table.scrollable_content_region.width
        if available:
            self.width_hint = 0  # laid out: the guess was for the first frame only
        else:
            available = self.width_hint  # not laid out yet (or hidden by a zoom before it ever was)
        if available <= 0:
            return
        table.set_widths(fit_widths_in_order(self.spec, self.content_widths, available, self.zoomed))

    # Cursor and selection -----------------------------------------------------------------------------

    def ref_at(self, row_index: int) -> Ref | None:
        table = self.data_table
        if not 0 <= row_index < table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(row_index, 0)).row_key.value
        return Ref(self.spec.table, str(key)) if key is not None else None

    @property
    def highlighted(self) -> Ref | None:
        if not self.built:
            return None
        return self.ref_at(self.data_table.cursor_row)

    def _announce_highlight(self, row_index: int) -> None:
        ref = self.ref_at(row_index)
        if ref is not None and self.data_table.has_focus and self.pending_cursor_slug is None:
            self.post_message(RecordHighlighted(ref))

    def on_descendant_focus(self) -> None:
        if self.data_table.has_focus:
            self._announce_highlight(self.data_table.cursor_row)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._announce_highlight(event.cursor_row)
        self._load_more_if_needed(event.cursor_row)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        ref = self.ref_at(event.cursor_row)
        if ref is not None:
            self.post_message(RecordSelected(ref))

    def select_first(self) -> None:
        ref = self.ref_at(0)
        if ref is not None:
            self.data_table.move_cursor(row=0)
            self.post_message(RecordSelected(ref))
        else:
            self.app.notify(
                one_line(f"No {self.spec.title.lower()} match '{self.text_filter}'"), severity="warning", markup=False
            )

    def mark_stale(self) -> None:
        """Forget which filters the rows were read for, so that the next show() reads them again."""
        self.state = replace(self.state, filters=Filters(text="\x00stale"))

    def show(self, filters: Filters, selected: str | None) -> tuple[int, Filters] | None:
        """Mark the selected row and, when the rows would change, begin a generation for filters.

        Returns (generation, filters) for the caller to read and apply, or None when nothing changes.
        """
        unchanged = (
            self.state.generation > 0
            and self.pending_cursor_slug is None  # a jump to a row reloads, so the cursor can page to it
            and replace(filters, text=self.text_filter or None) == self.state.filters
        )
        previous, self.selected_slug = self.selected_slug, selected
        if selected is not None or previous is not None:
            self.set_class(selected is not None, "has-selection")
        if not unchanged:
            return self.begin(filters)
        if previous != selected:
            self._remark(previous, selected)
        return None

    def _remark(self, previous: str | None, selected: str | None) -> None:
        """Move the ▶ mark from one row to another without reloading the rows."""
        table = self.data_table
        column = next(iter(table.columns))
        for slug, mark in ((previous, False), (selected, True)):
            if slug is None or slug not in table.rows:
                continue
            cell = table.get_cell(slug, column)
            plain = cell[2:] if cell.plain.startswith("▶ ") else cell
            table.update_cell(slug, column, selected_mark(plain) if mark else plain)
            self.content_widths[0] = max(self.content_widths[0], plain.cell_len + 2 * mark)
        self.fit_columns()

    # Sort ---------------------------------------------------------------------------------------------

    @property
    def sort_keys(self) -> tuple[str, ...]:
        return (self.sort,) if self.sort else ()

    @property
    def sort_columns(self) -> list[str]:
        """The query column each visible cell sorts by (a cell reading several: its first)."""
        return [cell.names[0] for cell in self.spec.cells]

    def cycle_sort(self) -> None:
        """The next sort: each column one way, then the other, then the list's own order again."""
        self.sort_by(sorting.cycled(self.spec.table, self.sort_columns, self.sort))

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        if 0 <= event.column_index < len(self.spec.cells):
            column = self.sort_columns[event.column_index]
            self.sort_by(sorting.clicked(self.spec.table, column, self.sort))

    def sort_by(self, key: str | None) -> None:
        """Read the rows again in this order, from the top; the header shows it."""
        self.sort = key
        self.refresh_sort_header()
        self.refresh_title()
        total = self.state.total  # the same rows in another order: the count stands
        generation, filters = self.begin(replace(self.state.filters, text=None))
        self.state.total = total
        self.keep_cursor_slug = None
        if self.built:
            self.data_table.move_cursor(row=0, animate=False)
        self._fetch(generation, filters, 0, with_count=total is None)

    def refresh_sort_header(self) -> None:
        if not self.built:
            return
        table = self.data_table
        for cell, column in zip(self.spec.cells, table.columns.values(), strict=False):
            label = sorting.header(cell.header, cell.names[0], self.sort)
            column.label = label
            column.content_width = max(column.content_width, label.cell_len)
        table.refresh()

    # Filter -------------------------------------------------------------------------------------------

    async def action_start_filter(self) -> None:
        field = await self._filter_field()
        field.display = True
        self.screen.set_focus(field)  # at once, so keys typed right after '/' reach the filter

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.text_filter = event.value.strip()
        self.load(replace(self.state.filters, text=None))

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.display = False
        self.data_table.focus()
        if self.state.loaded or self.state.total == 0:
            self.select_first()
        else:
            self._submit_pending = True

    def clear_filter(self) -> None:
        """Forget the filter text without reloading (the caller reloads)."""
        self.text_filter = ""
        field = self.filter_field
        if field is not None:
            field.display = False
            with field.prevent(Input.Changed):
                field.value = ""

    def close_filter(self, clear: bool) -> bool:
        """Hide the filter input (clearing it if asked); True if it was open."""
        field = self.filter_field
        if field is None:
            return False
        was_open = bool(field.display)
        field.display = False
        if clear and (self.text_filter or field.value):
            field.value = ""
            self.text_filter = ""
            self.load(replace(self.state.filters, text=None))
        if was_open:
            self.data_table.focus()
        return was_open
