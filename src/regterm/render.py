"""A record's detail as styled lines of plain text, shared by `regterm show` and the explorer's Detail pane.

Lines are (text, style) pairs; text is always literal (control characters escaped), never markup.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from regterm.db import model
from regterm.safe_text import escape_controls

Line = tuple[str, str]  # (text, style name: "title", "heading", "label", "dim", "")

SKIP_FIELDS = {"slug", "name", "title"}


def euros(amount: Any) -> str:
    return f"€{int(amount):,}" if amount not in (None, "") else ""


def _t(value: Any) -> str:
    return escape_controls("" if value is None else str(value))


def _money_columns(table: str) -> set[str]:
    if table not in model.tables():
        return set()
    return {f.name for f in model.kind(table).fields if f.type == "money"}


def _shown(table: str, key: str, value: Any) -> str:
    return euros(value) if key in _money_columns(table) else _t(value)


def title_of(kind: str, record: dict[str, Any]) -> str:
    """The one-line name of a record, from the parts its kind declares (a quote: who, when)."""
    k = model.kind(kind)
    parts = []
    for part in k.parts:
        value = next((record.get(name) for name in part.split("|") if record.get(name)), None)
        parts.append(_t(value if value is not None else "unknown"))
    return ", ".join(parts) if any(p != "unknown" for p in parts) else _t(record.get("slug"))


def linked_line(table: str, item: dict[str, Any]) -> str:
    """One linked record as a line: its date, its short columns, its name, its reference."""
    k = model.kind(table)
    parts = []
    if k.date and item.get(k.date):
        parts.append(_t(item[k.date]))
    for key, value in item.items():
        if key in ("slug", k.date, k.label, "url") or value in (None, ""):
            continue
        if key in {f.name for f in k.fields if f.type == "bool"}:
            parts.append(_t(f"{key}: {value}"))
        elif key == "text":
            parts.append(f"“{_t(value)}”")
        else:
            parts.append(_shown(table, key, value))
    label = item.get(k.label) if k.label != "slug" else None
    if label:
        parts.append(_t(label))
    if item.get("url"):
        parts.append(_t(item["url"]))
    return "  ".join([*parts, f"{k.singular}:{_t(item.get('slug'))}"])


class Entry(NamedTuple):
    """One line of a detail; target: the record it lists ("kind:slug") or a folded list ("more:<list>")."""

    text: str
    style: str
    target: str | None = None


SOURCE_FIELDS = ("source_url", "source_publisher", "source_date")


class Sources:
    """The sources a detail cites, numbered in the order they first appear, each URL once."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.about: dict[str, dict[str, Any]] = {}

    def cite(self, url: Any, about: dict[str, Any]) -> str:
        """The reference ([n]) of a source, numbering it if it is new; more about it fills what is missing."""
        key = _t(url)
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        known = self.about.setdefault(key, {})
        for name, value in about.items():
            if value not in (None, "") and not known.get(name):
                known[name] = value
        return f"[{number}]"

    def entries(self) -> list[Entry]:
        lines = []
        for url, number in self.numbers.items():
            about = self.about[url]
            parts = [_t(about[k]) for k in ("published", "publisher", "title") if about.get(k)]
            slug = about.get("slug")
            line = "  ".join([f"[{number}]", *parts, url, *([f"source:{_t(slug)}"] if slug else [])])
            lines.append(Entry(line, "", f"sources:{slug}" if slug else None))
        return lines


_REF_TABLES: dict[str, str] = {}


def _ref_table(singular: str) -> str | None:
    if not _REF_TABLES:
        _REF_TABLES.update({k.singular: k.table for k in model.kinds()})
    return _REF_TABLES.get(singular)


def _item_line(kind: str, row: dict[str, Any], sources: Sources) -> Entry:
    """One designation or milestone of the record shown: what it says, the other party, its source as [n]."""
    owner = model.singular(kind)
    parts = []
    target = None
    for key, value in row.items():
        if key.endswith("_slug") and value and target is None and _ref_table(key[: -len("_slug")]):
            target = f"{_ref_table(key[: -len('_slug')])}:{value}"
        if value in (None, "") or key.endswith("_slug") or key in (owner, "source_publisher", "source_date"):
            continue
        if key == "source_url":
            parts.append(
                sources.cite(value, {"publisher": row.get("source_publisher"), "published": row.get("source_date")})
            )
        else:
            parts.append(_t(value))
    return Entry("  ".join(parts), "", target)


def _headings() -> dict[str, str]:
    return {k.table: k.title for k in model.kinds()}


def _folded(name: str, entries: list[Entry], fold: int | None, opened: Collection[str]) -> list[Entry]:
    """A long list shows its first `fold` entries and a line to open the rest (the Detail pane's Enter)."""
    if fold is None or name in opened or len(entries) <= fold + 1:
        return entries
    return [*entries[:fold], Entry(f"… {len(entries) - fold} more (enter)", "dim", f"more:{name}")]


def _record_entries(kind: str, record: dict[str, Any], sources: Sources, listed: bool) -> list[Entry]:
    """The record's own fields; its source as [n]; its sources' names left out when they are listed (listed)."""
    lines = []
    for key, value in record.items():
        if key in SKIP_FIELDS or value in (None, "") or (kind == "quotes" and key == "text"):
            continue
        if key.endswith(("_slug", "_slugs")):
            continue  # the names beside them are what a reader wants; the slugs are in `show --format json`
        if listed and key == "sources":
            continue
        if key in SOURCE_FIELDS:
            if key == "source_url":
                about = {"publisher": record.get("source_publisher"), "published": record.get("source_date")}
                cited = sources.cite(value, about)
                lines.append(Entry(f"source: {cited}", "label"))
            continue
        lines.append(Entry(f"{key.replace('_', ' ')}: {_shown(kind, key, value)}", "label"))
    return lines


def detail_entries(detail: dict[str, Any], fold: int | None = None, opened: Collection[str] = ()) -> list[Entry]:
    """The whole detail: title, fields, item lists (designations, milestones), each linked list, then the sources
    it cites, numbered ([1], [2]: each URL once). fold: lists longer than this show that many and a line to
    open the rest, unless named in opened."""
    kind = detail["kind"]
    record = detail["record"]
    sources = Sources()
    lines = [Entry(title_of(kind, record), "title"), Entry(_t(detail["ref"]), "dim")]
    if kind == "quotes":
        lines.append(Entry(f"“{_t(record['text'])}”", "quote"))
    lines += _record_entries(kind, record, sources, listed=bool(detail["linked"].get("sources")))
    for key, rows in detail.items():
        if key in ("ref", "kind", "record", "linked", "more") or not rows:
            continue
        lines += [Entry("", ""), Entry(f"{key.replace('_', ' ').capitalize()} ({len(rows)})", "heading")]
        lines += _folded(key, [_item_line(kind, row, sources) for row in rows], fold, opened)
    headings = _headings()
    for table, items in detail["linked"].items():
        more = table in detail.get("more", ())
        if table == "sources":
            for item in items:
                if item.get("url"):
                    sources.cite(item["url"], item)
            continue
        if not items:
            continue
        lines += [Entry("", ""), Entry(f"{headings[table]} ({len(items)}{'+' if more else ''})", "heading")]
        listed = [Entry(linked_line(table, item), "", f"{table}:{item.get('slug')}") for item in items]
        lines += _folded(table, listed, fold, opened)
        if more:
            lines.append(Entry(_t(f"… more: select {detail['ref']} to list them all in the panes"), "dim"))
    if sources.numbers:
        more = "sources" in detail.get("more", ())
        lines += [Entry("", ""), Entry(f"Sources ({len(sources.numbers)}{'+' if more else ''})", "heading")]
        lines += sources.entries()
    return lines


def detail_lines(detail: dict[str, Any]) -> list[Line]:
    """The whole detail as (text, style) lines, every list in full (what `regterm show` prints)."""
    return [(entry.text, entry.style) for entry in detail_entries(detail)]


STYLES = {"title": "bold", "heading": "bold underline", "label": "", "dim": "dim", "quote": "italic", "": ""}


def detail_text(detail: dict[str, Any], styled: bool = True) -> Any:
    """The detail as one Rich Text (styles only when styled)."""
    return entries_text(detail_entries(detail), styled)


def entries_text(entries: list[Entry], styled: bool = True, cursor: int | None = None) -> Any:
    """Entries as one Rich Text; the entry at cursor (an index) is shown reversed."""
    from rich.text import Text

    text = Text()
    for index, entry in enumerate(entries):
        if index:
            text.append("\n")
        style = STYLES[entry.style] if styled else ""
        text.append(entry.text, style=f"{style} reverse".strip() if index == cursor else style)
    return text
