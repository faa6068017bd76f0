"""The main screen: the hub. Panes post messages; the screen keeps the selection chain and history,
narrows the panes, and loads the Detail pane in a worker."""

from __future__ import annotations

import asyncio
import gc
import time
from dataclasses import replace
from itertools import pairwise
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Horizontal
from textual.css.query import QueryType
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from regterm.db.queries import Filters
from regterm.db.refs import Ref
from regterm.render import title_of
from regterm.safe_text import clipboard_text, is_clean_url, one_line
from regterm.tui.access import open_in_browser, store_of
from regterm.tui.commands import MAIN_COMMANDS, bindings
from regterm.tui.history import Chain, History
from regterm.tui.messages import FailureNotices, RecordHighlighted, RecordSelected
from regterm.tui.scope import Picked, Scope
from regterm.tui.widgets.detail import DetailPane, record_as_text, record_url
from regterm.tui.widgets.pane import RecordPane

PANE_ORDER = ("companies", "regulations", "disputes", "quotes", "events")
FIRST_FRAME = ("companies", "regulations", "disputes", "quotes")  # the timeline is mounted after the first frame
PageRequest = tuple[RecordPane, int, Filters]
Page = tuple[RecordPane, int, list[tuple[Any, ...]], int | None]  # pane, generation, rows, total if known


def fr_split(total: int, weights: list[int]) -> list[int]:
    """Cells of `total` shared by fr weights as Textual shares them (cumulative edges rounded down)."""
    edges, running = [0], 0
    for weight in weights:
        running += weight
        edges.append(total * running // sum(weights))
    return [right - left for left, right in pairwise(edges)]


def first_table_widths(width: int) -> dict[str, int]:
    """Each pane's table width (inside its border, beside a scrollbar) in the first layout at `width`, as
    app.tcss lays the panes out: wide, a 3fr:2fr split with the Detail and two grid columns, the lists of long
    text spanning both; narrow, three grid columns over the whole width, the timeline spanning the last two.
    A test holds it to the real layout; a wrong guess costs only a refit on the first resize."""
    if width >= MainScreen.WIDE:
        left, right = fr_split(fr_split(width, [3, 2])[0], [1, 1])
        spans = {"companies": left, "regulations": right}
        outer = {table: spans.get(table, left + right) for table in PANE_ORDER}
    else:
        first, second, third = fr_split(width, [1, 1, 1])
        outer = {"companies": first, "regulations": second, "disputes": third, "quotes": first}
        outer["events"] = second + third
    return {table: max(cells - 3, 0) for table, cells in outer.items()}  # a border each side, a scrollbar


def filters_for(table: str, chain: Chain, scope: Scope | None = None) -> Filters:
    """A pane is narrowed by every selection in the chain except its own kind's, the date range and its picks."""
    return (scope or Scope()).filters_for(table, chain)


class MainScreen(FailureNotices, Screen[None]):
    """Five cross-linked panes (the last, Events, a timeline), a Detail pane and a breadcrumb of the selection chain."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(MAIN_COMMANDS)
    WIDE = 100
    # below this many rows five panes and the Detail leave a list no row of its own: the focused pane (or the Detail)
    # fills the screen, and Tab shows the next one; `z` shows them all again until the terminal is resized
    COMPACT_HEIGHT = 20
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 - Textual's own declaration

    def __init__(self, initial: Ref | None = None, scope: Scope | None = None) -> None:
        # The breakpoint class from the start: set on the first resize instead, it restyles every widget.
        width = self.app.size.width
        super().__init__(classes=next(c for w, c in reversed(self.HORIZONTAL_BREAKPOINTS) if width >= w))
        self._painted = False  # until the first frame is on screen, workers wait (they would slow it down)
        self._after_paint: list[Any] = []
        self.history = History()
        self.labels: dict[Ref, str] = {}
        self.initial = initial
        self.scope = scope or Scope()  # the date range and facet picks: not part of history
        self._detail_ref: Ref | None = None
        self._last_pane: RecordPane | None = None
        self._deferred: list[PageRequest] = []
        self._compact = False  # the terminal is shorter than COMPACT_HEIGHT and the user has not unzoomed with `z`

    def compose(self) -> ComposeResult:
        yield Static("", id="breadcrumb", markup=False)
        widths = first_table_widths(self.app.size.width)
        with Horizontal(id="body"):
            with Grid(id="panes"):
                for table in PANE_ORDER:
                    if table in FIRST_FRAME or self.initial is not None:
                        eager = table == "companies" or self.initial is not None
                        yield RecordPane(table, eager=eager, width_hint=widths[table])
            yield DetailPane()

    PANE_ORDER_NAMES = PANE_ORDER
    ready_for_keys = False  # until every pane is built: keys typed at launch wait (tui/keys.py), tab reaches them all
    HINT = "All records — Enter selects, / filters, t dates, f facets, ? every key"
    WATCH_SECONDS = 1.5  # how often the explorer looks for writes by other processes

    def on_mount(self) -> None:
        self._db_state = store_of(self).state()
        if not store_of(self).location.is_bundled:
            self.set_interval(self.WATCH_SECONDS, self.check_database)
        self.apply_chain((), immediate=True)
        self.call_after_refresh(self._first_frame_shown)
        self.pane("companies").data_table.focus()
        if self.initial is not None:
            self.jump_to(self.initial)

    def on_resize(self, event: events.Resize) -> None:
        """Narrow terminals get the compact footer without ^p (help lists it), so that every key shown fits in 80;
        short ones show one pane at a time (COMPACT_HEIGHT)."""
        narrow = event.size.width < self.WIDE
        for footer in self.query(Footer):
            if footer.compact != narrow:
                footer.compact = narrow
                footer.show_command_palette = not narrow
                footer.refresh(recompose=True)
        compact = event.size.height < self.COMPACT_HEIGHT
        if compact != self._compact:
            self._compact = compact
            if compact:
                self._zoom_focused()
            elif self.maximized is not None:
                self.minimize()

    @property
    def compact(self) -> bool:
        """One pane at a time: the terminal is short (and the user has not unzoomed with `z`)."""
        return self._compact

    def _holding_focus(self, *kinds: type[Widget]) -> Widget | None:
        """The nearest widget of one of `kinds` that holds the focus (the focused widget or one of its parents)."""
        node = self.focused
        while node is not None and not isinstance(node, kinds):
            node = node.parent  # type: ignore[assignment]
        return node if isinstance(node, Widget) else None

    def _zoom_focused(self) -> None:
        """In a short terminal: the pane (or the Detail) holding the focus fills the screen."""
        node = self._holding_focus(RecordPane, DetailPane)
        if node is not None and self.maximized is not node:
            self.maximize(node, container=False)

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        """Tab: in a short terminal the next pane (then the Detail) fills the screen; else Textual's focus chain."""
        return self._cycle(1) if self._compact and self.maximized is not None else super().focus_next(selector)

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._cycle(-1) if self._compact and self.maximized is not None else super().focus_previous(selector)

    def _cycle(self, step: int) -> Widget | None:
        places: list[Widget] = [*self.panes, self.query_one(DetailPane)]
        here = places.index(self.maximized) if self.maximized in places else 0
        place = places[(here + step) % len(places)]
        target = place.data_table if isinstance(place, RecordPane) else place
        target.focus()
        return target

    # Helpers ------------------------------------------------------------------------------------------

    @property
    def chain(self) -> Chain:
        return self.history.current

    def pane(self, table: str) -> RecordPane:
        return self.query_one(f"#pane-{table}", RecordPane)

    @property
    def panes(self) -> list[RecordPane]:
        """The panes mounted so far, in PANE_ORDER (the timeline joins them after the first frame)."""
        mounted = {pane.spec.table: pane for pane in self.query(RecordPane)}
        return [mounted[t] for t in PANE_ORDER if t in mounted]

    def on_descendant_focus(self) -> None:
        self.focused_pane()  # remembers the pane
        if self._compact:
            self._zoom_focused()  # Tab in a short terminal: the next pane fills the screen

    def focused_pane(self) -> RecordPane | None:
        """The pane holding the focus, or the last one that held it (the Detail pane keeps its pane)."""
        node = self._holding_focus(RecordPane)
        if isinstance(node, RecordPane):
            self._last_pane = node
        return self._last_pane

    def current_ref(self) -> Ref | None:
        """The record the user is looking at: the focused pane's highlighted row, else the Detail's record."""
        pane = self.focused_pane()
        if pane is not None and pane.highlighted is not None:
            return pane.highlighted
        detail = self.query_one(DetailPane).detail
        return Ref(detail["kind"], detail["record"]["slug"]) if detail else None

    def check_database(self) -> None:
        """Show the new state when another process changed the database; say so when it is gone."""
        state = store_of(self).state()
        if state == self._db_state:
            return
        previous, self._db_state = self._db_state, state
        path = store_of(self).location.path
        if state is None:
            self.notify(
                f"{path} was deleted or reset: what is on screen is what was read before; restart regterm",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        if previous is not None and state[0] != previous[0]:
            self.notify(f"{path} was replaced by another file; restart regterm to read it", severity="warning")
            return
        for pane in self.panes:
            pane.mark_stale()
        self.apply_chain(self.chain)
        self.notify("The database changed (written by another regterm); showing the new data", markup=False)

    # The selection chain ------------------------------------------------------------------------------

    def apply_chain(self, chain: Chain, immediate: bool = False) -> None:
        """Narrow every pane to the chain: the first pages of all panes that change are read in one
        worker and shown in one message (one layout, not one per pane); counts follow the same way.

        immediate: read the first pages here (start-up: quick LIMIT queries, so the first frame has data).
        """
        requests: list[PageRequest] = []
        for pane in self.panes:
            selected = next((r.slug for r in chain if r.table == pane.spec.table), None)
            begun = pane.show(filters_for(pane.spec.table, chain, self.scope), selected)
            if begun is not None:
                requests.append((pane, *begun))
        self._deferred += [r for r in requests if not r[0].built]  # served once their pane is built
        requests = [r for r in requests if r[0].built]
        if immediate:
            pages = [(pane, generation, *pane.read_first_page(filters)) for pane, generation, filters in requests]
            requests = []
        else:
            pages, requests = self._quick_pages(requests)
        self._serve(pages, requests)
        self.update_breadcrumb()
        self.refresh_bindings()

    async def _first_frame_shown(self) -> None:
        await self._output_written()
        self._painted = True
        gc.enable()  # disabled by `regterm`'s start-up (entry.main) until now
        for start in self._after_paint:
            start()
        self._after_paint.clear()
        await self._build_panes()

    async def _output_written(self, limit: float = 0.1) -> None:
        """Wait (at most `limit`) until the terminal has the first frame.

        Textual writes to the terminal from a thread that needs the GIL: work started right after the
        refresh (mounting the other panes, the workers) held the frame's bytes back by 50-150 ms.
        """
        writer = getattr(self.app._driver, "_writer_thread", None)  # private: absent when headless
        pending = getattr(writer, "_queue", None)
        if pending is None:
            return
        deadline = time.monotonic() + limit
        while pending.qsize() and time.monotonic() < deadline:
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.005)  # the write of what it took last

    def after_first_frame(self, start: Any) -> None:
        """Run start() now, or once the first frame is on screen if it is not yet."""
        if self._painted:
            start()
        else:
            self._after_paint.append(start)

    async def _build_panes(self) -> None:
        """After the first frame: mount the footer and the other panes' tables, then show their pages."""
        narrow = self.size.width < self.WIDE
        await self.mount(Footer(compact=narrow, show_command_palette=not narrow))
        self.refresh_bindings()
        missing = [RecordPane(t, eager=False) for t in PANE_ORDER if t not in {p.spec.table for p in self.panes}]
        if missing:
            await self.query_one("#panes", Grid).mount_all(missing)
            self.apply_chain(self.chain)  # the new panes begin their first generation (served below)
        for pane in self.panes:
            await pane.build()
        deferred, self._deferred = self._deferred, []
        self._serve(*self._quick_pages([r for r in deferred if r[0].state.generation == r[1]]))
        self.call_after_refresh(self._take_keys)  # after the refresh that puts the new tables in the focus chain

    def _take_keys(self) -> None:
        self.ready_for_keys = True

    def _serve(self, pages: list[Page], slow: list[PageRequest]) -> None:
        """Show the pages read already (their counts follow from a worker); read the slow ones in a worker."""
        if pages:
            self._apply_pages(self.PagesLoaded(pages))
            counts = [(pane, gen, pane.state.filters) for pane, gen, _, total in pages if total is None]
            self.after_first_frame(lambda: self._count_panes(counts))
        if slow:
            self._load_pages(slow)

    QUICK_SECONDS = 0.012  # what the main thread may spend on first pages before handing them to a worker

    def _quick_pages(self, requests: list[PageRequest]) -> tuple[list[Page], list[PageRequest]]:
        """First pages SQLite reads within the budget (shown at once), and the requests left for a worker."""
        deadline = time.perf_counter() + self.QUICK_SECONDS
        pages: list[Page] = []
        slow: list[PageRequest] = []
        for pane, generation, filters in requests:
            left = deadline - time.perf_counter()
            page = pane.read_first_page_within(filters, left) if left > 0 else None
            if page is None:
                slow.append((pane, generation, filters))
            else:
                pages.append((pane, generation, *page))
        return pages, slow

    class PagesLoaded(Message):
        """First pages (pane, generation, rows, total or None) read by a worker."""

        def __init__(self, pages: list[Page]) -> None:
            super().__init__()
            self.pages = pages

    class CountsLoaded(Message):
        """Row counts (pane, generation, count) read by a worker."""

        def __init__(self, counts: list[tuple[RecordPane, int, int]]) -> None:
            super().__init__()
            self.counts = counts

    @work(thread=True, exit_on_error=False, group="pages")
    def _load_pages(self, requests: list[PageRequest]) -> None:
        pages = [(pane, generation, *pane.read_first_page(filters)) for pane, generation, filters in requests]
        self.post_message(self.PagesLoaded(pages))
        self._counts_now([(p, g, f) for (p, g, f), page in zip(requests, pages, strict=True) if page[3] is None])

    @work(thread=True, exit_on_error=False, group="counts")
    def _count_panes(self, requests: list[PageRequest]) -> None:
        self._counts_now(requests)

    def _counts_now(self, requests: list[PageRequest]) -> None:
        store = store_of(self)
        counts = []
        for pane, generation, filters in requests:
            if pane.state.generation != generation:
                continue  # the pane has moved on; its new generation brings its own count
            counts.append((pane, generation, store.count(pane.spec.table, filters)))
        if counts:
            self.post_message(self.CountsLoaded(counts))

    @on(PagesLoaded)
    def _apply_pages(self, message: PagesLoaded) -> None:
        with self.app.batch_update():
            for pane, generation, rows, total in message.pages:
                pane.apply(generation, rows, 0, total)

    @on(CountsLoaded)
    def _apply_counts(self, message: CountsLoaded) -> None:
        for pane, generation, count in message.counts:
            pane.apply(generation, [], -1, count)

    def set_chain(self, chain: Chain) -> None:
        self.history.push(chain)
        self.apply_chain(self.chain)

    def update_breadcrumb(self) -> None:
        scope = self.scope.describe()
        if not self.chain:
            text = (
                f"All records · {scope}"
                if scope
                else "All records — Enter selects, / filters, t dates, f facets, ? every key"
            )
        else:
            text = " › ".join(self.labels.get(ref, ref.slug) for ref in self.chain)
            text += f" · {scope}" if scope else ""
        self.query_one("#breadcrumb", Static).update(one_line(text))

    def set_scope(self, scope: Scope) -> None:
        """A new date range or facet pick: every pane it changes reads its rows again."""
        self.scope = scope
        self.apply_chain(self.chain)

    def select(self, ref: Ref, label: str | None = None) -> None:
        if label:
            self.labels[ref] = label
        chain = (*(r for r in self.chain if r.table != ref.table), ref)
        self.set_chain(chain)
        self.load_detail(ref)

    def jump_to(self, ref: Ref) -> None:
        """Start afresh from one record (search results, the palette, `regterm open`): it is selected, so every
        pane narrows to what is linked to it, whatever its kind (a person, an event, a source)."""
        pane = self.pane(ref.table) if ref.table in PANE_ORDER else None
        if pane is not None:
            pane.pending_cursor_slug = ref.slug
        else:  # the record has no pane: the Detail shows it (and keeps it when the palette gives focus back)
            self.query_one(DetailPane).focus()
        self.history.push(())
        self.select(ref)
        if pane is not None and pane.built:
            pane.data_table.focus()

    @on(DetailPane.LinkChosen)
    def _link_chosen(self, message: DetailPane.LinkChosen) -> None:
        self.jump_to(message.ref)

    @on(RecordSelected)
    def _selected(self, message: RecordSelected) -> None:
        self.select(message.ref)

    @on(RecordHighlighted)
    def _highlighted(self, message: RecordHighlighted) -> None:
        pane = self.pane(message.ref.table) if message.ref.table in PANE_ORDER else None
        if pane is not None and not pane.data_table.has_focus:
            return  # the focus moved on (to the Detail, after a jump) before the highlight was handled
        if message.ref != self._detail_ref:
            self.load_detail(message.ref)

    def load_detail(self, ref: Ref) -> None:
        """Show ref in the Detail pane once a worker has read it; a later request wins."""
        self._detail_ref = ref
        self.after_first_frame(lambda: self._read_detail(ref))

    @work(thread=True, exit_on_error=False, exclusive=True, group="detail")
    def _read_detail(self, ref: Ref) -> None:
        detail = store_of(self).detail(ref)
        self.app.call_from_thread(self._show_detail, ref, detail)

    def _show_detail(self, ref: Ref, detail: dict[str, Any]) -> None:
        if ref != self._detail_ref:
            return
        label = title_of(ref.table, detail["record"])
        if ref not in self.labels or self.labels[ref] != label:
            self.labels[ref] = label
            self.update_breadcrumb()
        self.query_one(DetailPane).show(detail)

    # Actions ------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "history_back":
            return self.history.can_go_back or None
        if action == "history_forward":
            return self.history.can_go_forward or None
        if action == "step_back":
            return True
        return True

    def action_select(self) -> None:
        pane = self.focused_pane()
        if pane is not None and pane.highlighted is not None:
            self.select(pane.highlighted)

    def action_step_back(self) -> None:
        for pane in self.panes:
            if pane.close_filter(clear=True):
                return
        if self.chain:
            self.set_chain(self.chain[:-1])

    def action_history_back(self) -> None:
        self.apply_chain(self.history.back())

    def action_history_forward(self) -> None:
        self.apply_chain(self.history.forward())

    def action_reset(self) -> None:
        """Clear every selection and filter, and put the focus back in a list: the pane last used, else Companies."""
        for pane in self.panes:
            pane.clear_filter()
        self.scope = Scope()
        self.set_chain(())
        last = self.focused_pane()
        pane = last if last is not None and last.built and last.display else self.pane("companies")
        pane.data_table.focus()

    def action_toggle_detail(self) -> None:
        """Into the Detail pane without changing what it shows, and back to the pane last used."""
        detail = self.query_one(DetailPane)
        if detail.has_focus:
            pane = self._last_pane if self._last_pane is not None and self._last_pane.built else None
            (pane or self.pane("companies")).data_table.focus()
        else:
            if self.maximized is not None and self.maximized is not detail:
                self.minimize()
            detail.focus()

    def action_toggle_zoom(self) -> None:
        """Maximize the focused pane (a list shows every column) or restore the layout (in a short terminal, until
        it is resized)."""
        if self.maximized is not None:
            self._compact = False
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused)

    async def action_filter(self) -> None:
        pane = self.focused_pane() or self.pane("companies")
        await pane.action_start_filter()

    def action_search(self) -> None:
        from regterm.tui.screens.search import SearchScreen

        def jump(ref: Ref | None) -> None:
            if ref is not None:
                self.jump_to(ref)

        self.app.push_screen(SearchScreen(), jump)

    def action_open_source(self) -> None:
        self._with_detail(self._open)

    def action_copy(self) -> None:
        self._with_detail(self._copy)

    def _with_detail(self, then: Any) -> None:
        ref = self.current_ref()
        if ref is None:
            self.notify("Nothing highlighted", severity="warning")
            return
        self._detail_then(ref, then)

    @work(thread=True, exit_on_error=False, group="act")
    def _detail_then(self, ref: Ref, then: Any) -> None:
        detail = store_of(self).detail(ref)
        self.app.call_from_thread(then, detail)

    def _open(self, detail: dict[str, Any]) -> None:
        """Open the record's URL only when it is a clean http(s) URL; the browser runs in a worker."""
        url = record_url(detail)
        ref = one_line(str(detail["ref"]))
        if not url:
            self.notify(f"{ref} has no source URL", severity="warning", markup=False)
            return
        if not is_clean_url(url):
            self.notify(
                f"Not opening {ref}'s URL: {one_line(url)} is not a clean http(s) URL", severity="error", markup=False
            )
            return
        self._open_url(url)

    @work(thread=True, exit_on_error=False, group="browser")
    def _open_url(self, url: str) -> None:
        """Hand url to the browser off the UI thread and say what happened, not what was hoped."""
        try:
            opened = open_in_browser(self, url)
        except Exception:  # webbrowser.Error, OSError from a broken browser command: the URL is still shown
            opened = False
        if opened:
            self.app.call_from_thread(self.notify, f"Opened in your browser: {url}", markup=False)
        else:
            self.app.call_from_thread(
                self.notify,
                f"No browser could open it; the URL: {url}",
                title="Not opened",
                severity="warning",
                timeout=30,
                markup=False,
            )

    def _copy(self, detail: dict[str, Any]) -> None:
        self.app.copy_to_clipboard(clipboard_text(record_as_text(detail)))
        self.notify(f"Copied {one_line(str(detail['ref']))} to the clipboard", markup=False)

    def action_export(self) -> None:
        from regterm.tui.screens.export import ExportScreen

        pane = self.focused_pane() or self.pane("companies")
        self.app.push_screen(ExportScreen(pane.spec.table, pane.state.filters, sort=pane.state.sort))

    def action_sort(self) -> None:
        pane = self.focused_pane() or self.pane("companies")
        pane.cycle_sort()

    def action_dates(self) -> None:
        from regterm.tui.screens.dates import DatesScreen

        def chosen(dates: tuple[str | None, str | None] | None) -> None:
            if dates is not None:
                self.set_scope(self.scope.with_range(*dates))

        self.app.push_screen(DatesScreen(self.scope.since, self.scope.until), chosen)

    def action_facets(self) -> None:
        from regterm.tui.screens.facets import FacetsScreen, Pick

        pane = self.focused_pane() or self.pane("companies")
        table = pane.spec.table

        def picked(pick: Pick | None) -> None:
            if pick is None:
                return
            if pick.ref is not None:
                self.select(pick.ref, pick.label)
            else:
                self.set_scope(self.scope.with_pick(Picked(table, pick.dimension, pick.key, pick.label)))

        self.app.push_screen(FacetsScreen(table, replace(pane.state.filters, text=None)), picked)

    def action_help(self) -> None:
        from regterm.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit()
