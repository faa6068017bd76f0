"""A record's detail as styled lines of plain text, shared by `regterm show` and the explorer's Detail pane.

Lines are (text, style) pairs; text is always literal (control characters escaped), never markup.
"""

from __future__ import annotations

from typing import Any

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


def _item_line(kind: str, row: dict[str, Any]) -> str:
    """One designation or milestone of the record shown: what it says, the other party, its source."""
    owner = model.singular(kind)
    parts = []
    for key, value in row.items():
        if value in (None, "") or key.endswith("_slug") or key in (owner, "source_publisher", "source_date"):
            continue
        parts.append(f"source: {_t(value)}" if key == "source_url" else _t(value))
    return "  ".join(parts)


def _headings() -> dict[str, str]:
    return {k.table: k.title for k in model.kinds()}


def detail_lines(detail: dict[str, Any]) -> list[Line]:
    """The whole detail: title, fields, item lists (designations, milestones), then each linked list."""
    kind = detail["kind"]
    record = detail["record"]
    lines: list[Line] = [(title_of(kind, record), "title"), (_t(detail["ref"]), "dim")]
    if kind == "quotes":
        lines.append((f"“{_t(record['text'])}”", "quote"))
    for key, value in record.items():
        if key in SKIP_FIELDS or value in (None, "") or (kind == "quotes" and key == "text"):
            continue
        lines.append((f"{key.replace('_', ' ')}: {_shown(kind, key, value)}", "label"))
    for key, rows in detail.items():
        if key in ("ref", "kind", "record", "linked", "more") or not rows:
            continue
        lines.append(("", ""))
        lines.append((f"{key.replace('_', ' ').capitalize()} ({len(rows)})", "heading"))
        lines.extend((_item_line(kind, row), "") for row in rows)
    headings = _headings()
    for table, items in detail["linked"].items():
        if not items:
            continue
        lines.append(("", ""))
        more = table in detail.get("more", ())
        lines.append((f"{headings[table]} ({len(items)}{'+' if more else ''})", "heading"))
        lines.extend((linked_line(table, item), "") for item in items)
        if more:
            lines.append((_t(f"… more: select {detail['ref']} to list them all in the panes"), "dim"))
    return lines


STYLES = {"title": "bold", "heading": "bold underline", "label": "", "dim": "dim", "quote": "italic", "": ""}


def detail_text(detail: dict[str, Any], styled: bool = True) -> Any:
    """The detail as one Rich Text (styles only when styled)."""
    from rich.text import Text

    text = Text()
    for index, (line, style) in enumerate(detail_lines(detail)):
        if index:
            text.append("\n")
        text.append(line, style=STYLES[style] if styled else "")
    return text
