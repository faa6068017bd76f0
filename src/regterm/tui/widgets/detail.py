"""The Detail pane: every field of the highlighted record, its source and what links to it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from regterm.render import detail_text
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
    """Shows one record's detail; the screen hands it the detail once a worker has loaded it."""

    ALLOW_MAXIMIZE = True

    def __init__(self) -> None:
        super().__init__(id="detail", classes="pane")
        self.detail: dict[str, Any] | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Highlight a record to see its detail.", style="dim"), id="detail-body")

    def on_mount(self) -> None:
        self.border_title = "Detail"

    def show(self, detail: dict[str, Any]) -> None:
        self.detail = detail
        self.query_one("#detail-body", Static).update(detail_text(detail))
        self.border_title = Content(one_line(f"Detail: {detail['ref']}"))  # a str title would be parsed as markup
        self.scroll_home(animate=False)
