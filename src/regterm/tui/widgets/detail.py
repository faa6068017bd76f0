"""The Detail pane: every field of the highlighted record, its source and what links to it."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from regterm.db.refs import Ref
from regterm.render import Entry, detail_entries, detail_text, entries_text
from regterm.safe_text import clipboard_text, one_line


def record_url(detail: dict[str, Any]) -> str | None:
    """The URL `o` opens: the record's source, else its official text or website."""
    record = detail["record"]
    url = record.get("source_url") or record.get("url") or record.get("website")
    return str(url) if url else None


def record_as_text(detail: dict[str, Any]) -> str:
    """What `y` copies: a quote with its attribution and source, other records as their detail text.

    Clipboard-safe: no control character but newline and tab (a pasted ESC could end bracketed paste).
    """
    return clipboard_text(_record_text(detail))


def _record_text(detail: dict[str, Any]) -> str:
    record = detail["record"]
    if detail["kind"] == "quotes":
        who = record.get("speaker") or record.get("organisation") or "unknown"
        if record.get("speaker") and record.get("speaker_role"):
            who += f", {record['speaker_role']}"
        if record.get("speaker") and record.get("organisation"):
            who += f" ({record['organisation']})"
        return (
            f"“{record['text']}”\n— {who}, {record['said']}\n"
            f"Source: {record.get('source_publisher')}, {record.get('source_date')}, {record.get('source_url')}"
        )
    return str(detail_text(detail, styled=False).plain)


class DetailPane(VerticalScroll):
    """Shows one record's detail; the screen hands it the detail once a worker has loaded it.

    Focused (`d`), it is a place of its own: arrows, PgUp/PgDn, Home/End scroll; tab and shift+tab move between
    the records it lists (and the "… more" lines of long lists), Enter opens one (LinkChosen) or the list.
    """

    ALLOW_MAXIMIZE = True
    FOLD = 5  # a long list shows this many entries and a line to open the rest
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_link", "Next link", show=False),
        Binding("shift+tab", "previous_link", "Previous link", show=False),
        Binding("enter", "follow", "Open", show=False),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    class LinkChosen(Message):
        """Enter on a record the Detail lists: the screen jumps to it."""

        def __init__(self, ref: Ref) -> None:
            super().__init__()
            self.ref = ref

    def __init__(self) -> None:
        super().__init__(id="detail", classes="pane")
        self.detail: dict[str, Any] | None = None
        self.entries: list[Entry] = []
        self.opened: set[str] = set()
        self.cursor: int | None = None  # the entry (an index into entries) the link cursor is on

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Highlight a record to see its detail.", style="dim"), id="detail-body")

    def on_mount(self) -> None:
        self.border_title = "Detail"

    def show(self, detail: dict[str, Any]) -> None:
        self.detail = detail
        self.opened = set()
        self.cursor = None
        self._render_entries()
        self.border_title = Content(one_line(f"Detail: {detail['ref']}"))  # a str title would be parsed as markup
        self.scroll_home(animate=False)

    def _render_entries(self) -> None:
        if self.detail is None:
            return
        self.entries = detail_entries(self.detail, fold=self.FOLD, opened=self.opened)
        self.query_one("#detail-body", Static).update(entries_text(self.entries, cursor=self.cursor))

    @property
    def links(self) -> list[int]:
        """The entries tab moves between: records listed and folded lists."""
        return [index for index, entry in enumerate(self.entries) if entry.target]

    @property
    def target(self) -> str | None:
        return None if self.cursor is None else self.entries[self.cursor].target

    def on_focus(self) -> None:
        self.border_subtitle = "tab: next link · enter: open · d: back"

    def on_blur(self) -> None:
        self.border_subtitle = ""

    def action_next_link(self) -> None:
        self._move_link(+1)

    def action_previous_link(self) -> None:
        self._move_link(-1)

    def _move_link(self, step: int) -> None:
        """Tab: the next link below the cursor (at first, the first in view); shift+tab: the previous one. Past
        the last link, or shift+tab with no link chosen, the focus moves on as it would anywhere else."""
        links = self.links
        if self.cursor is None:
            top = self._entry_at(self.scroll_y)
            ahead = [i for i in links if i >= top] if step > 0 else []
        else:
            ahead = [i for i in links if (i > self.cursor if step > 0 else i < self.cursor)]
        if not ahead:
            self.cursor = None
            self._render_entries()
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        self.cursor = ahead[0] if step > 0 else ahead[-1]
        self._render_entries()
        self._scroll_to_entry(self.cursor)

    def action_follow(self) -> None:
        target = self.target
        if target is None:
            return
        kind, _, name = target.partition(":")
        if kind == "more":
            self.opened.add(name)
            self._render_entries()  # the cursor stays on the same entry: now the first of those that were folded
            return
        self.post_message(self.LinkChosen(Ref(kind, name)))

    # Where an entry is: the body wraps long lines, so an entry's row is the rows its predecessors take.

    def _rows_of(self, entry: Entry) -> int:
        width = max(1, self.query_one("#detail-body", Static).size.width)
        return max(1, len(Text(entry.text).wrap(self.app.console, width)))

    def _entry_at(self, y: float) -> int:
        row = 0
        for index, entry in enumerate(self.entries):
            row += self._rows_of(entry)
            if row > y:
                return index
        return len(self.entries)

    def _scroll_to_entry(self, index: int) -> None:
        top = sum(self._rows_of(entry) for entry in self.entries[:index])
        height = self._rows_of(self.entries[index])
        self.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True)
