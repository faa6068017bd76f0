"""Full-text search across everything; results with snippets; Enter jumps to the record."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from regterm.db.refs import Ref, kind_names
from regterm.db.search import Hit
from regterm.output import marked_parts
from regterm.safe_text import escape_controls, one_line
from regterm.tui.access import store_of
from regterm.tui.messages import FailureNotices
from regterm.tui.screens.dialog import Dialog


def hit_prompt(hit: Hit) -> Text:
    text = Text()
    text.append(one_line(str(hit.ref)), style="bold")
    if hit.date:
        text.append(f" · {one_line(str(hit.date))}", style="dim")
    text.append(f"\n{escape_controls(hit.title)}\n")
    for part, match in marked_parts(hit.snippet.replace("\n", " ")):
        text.append(part, style="bold reverse" if match else "")
    return text


class SearchScreen(FailureNotices, Dialog[Ref | None]):
    """Type to search; ↓ or Enter moves to the results; Enter on a result jumps to it."""

    DEFAULT_CSS = """
        #search-box {
            width: 90%;
            max-width: 110;
            height: 90%;
        }

        #search-results {
            height: 1fr;
        }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog-box"):
            yield Static("Search quotes, disputes, events, regulations, companies and people", classes="dim")
            yield Input(placeholder="search…", id="search-input")
            yield OptionList(id="search-results")
            yield Static("", id="search-status", classes="dim")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if query:
            self.run_search(query)
        else:
            self.query_one(OptionList).clear_options()
            self.query_one("#search-status", Static).update("")

    @work(thread=True, exit_on_error=False, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        hits = store_of(self).search(query)
        self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[Hit]) -> None:
        if query != self.query_one(Input).value.strip():
            return
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(hit_prompt(h), id=h.ref) for h in hits])
        self.query_one("#search-status", Static).update(f"{len(hits)} result(s)" if hits else "No matches")
        if hits:
            results.highlighted = 0

    @on(Input.Submitted)
    def _submitted(self) -> None:
        """Enter moves to the results; a second Enter typed before the focus moved selects the first."""
        results = self.query_one(OptionList)
        if not results.option_count:
            return
        if self.focused is results:
            results.action_select()
            return
        self.set_focus(results)
        results.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        kind, _, slug = str(event.option.id).partition(":")
        self.dismiss(Ref(kind_names()[kind], slug))

    def action_cancel(self) -> None:
        self.dismiss(None)
