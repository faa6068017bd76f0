"""A record's detail as styled lines of plain text, shared by `regterm show` and the explorer's Detail pane.

Lines are (text, style) pairs; text is always literal (control characters escaped), never markup.
"""

from __future__ import annotations

from typing import Any

from regterm.db.vocabulary import SINGULAR
from regterm.output import escape_controls

Line = tuple[str, str]  # (text, style name: "title", "heading", "label", "dim", "")

HEADINGS = {
    "regulations": "Regulations",
    "companies": "Companies",
    "disputes": "Disputes",
    "events": "Events",
    "quotes": "Quotes",
    "people": "People",
    "sources": "Sources",
}
SKIP_FIELDS = {"slug", "name", "title"}


def euros(amount: Any) -> str:
    return f"€{int(amount):,}" if amount not in (None, "") else ""


def _t(value: Any) -> str:
    return escape_controls("" if value is None else str(value))


def title_of(kind: str, record: dict[str, Any]) -> str:
    """The one-line name of a record."""
    if kind == "quotes":
        who = record.get("speaker") or record.get("organisation") or "unknown"
        return _t(f"{who}, {record.get('said')}")
    return _t(record.get("name") or record.get("title") or record.get("slug"))


def linked_line(table: str, item: dict[str, Any]) -> str:
    """One linked record as a line of text."""
    ref = f"{SINGULAR[table]}:{item.get('slug')}"
    if table == "companies":
        text = f"{item['name']} ({item['kind']}{', ' + item['country'] if item.get('country') else ''})"
    elif table == "people":
        org = f" ({item['organisation']})" if item.get("organisation") else ""
        text = f"{item['name']}, {item['role']}{org}"
    elif table == "regulations":
        text = f"{item['name']}: {item['reference']}"
    elif table == "disputes":
        fine = f"  {euros(item['fine_eur'])}" if item.get("fine_eur") else ""
        text = f"{item['opened']}  {item['status']}{fine}  {item['title']}"
    elif table == "events":
        text = f"{item['date']}  {item['kind']}  {item['title']}"
    elif table == "quotes":
        who = item.get("speaker") or item.get("organisation") or "unknown"
        if item.get("speaker") and item.get("organisation"):
            who = f"{item['speaker']} ({item['organisation']})"
        text = f"{item['said']}  {who}: “{item['text']}”"
    else:
        primary = "primary" if item.get("primary") == "yes" else "secondary"
        return _t(f"{item['published']}  {item['publisher']}: {item['title']} ({primary})  {item['url']}")
    return _t(f"{text}  {ref}")


def detail_lines(detail: dict[str, Any]) -> list[Line]:
    """The whole detail: title, fields, designations, milestones, then each linked list with its count."""
    kind = detail["kind"]
    record = detail["record"]
    lines: list[Line] = [(title_of(kind, record), "title"), (_t(detail["ref"]), "dim")]
    if kind == "quotes":
        lines.append((f"“{_t(record['text'])}”", "quote"))
    for key, value in record.items():
        if key in SKIP_FIELDS or value in (None, "") or (kind == "quotes" and key == "text"):
            continue
        shown = euros(value) if key == "fine_eur" else _t(value)
        lines.append((f"{key.replace('_', ' ')}: {shown}", "label"))
    if detail.get("designations"):
        lines.append(("", ""))
        lines.append((f"Designations ({len(detail['designations'])})", "heading"))
        for d in detail["designations"]:
            who = d["company"] if kind == "regulations" else d["regulation"]
            services = f": {', '.join(d['services'])}" if d["services"] else ""
            lines.append((_t(f"{d['date']}  {who} {d['role']}{services}  source: {d['source_url']}"), ""))
    if detail.get("milestones"):
        lines.append(("", ""))
        lines.append((f"Milestones ({len(detail['milestones'])})", "heading"))
        lines.extend((_t(f"{m['date']}  {m['what']}"), "") for m in detail["milestones"])
    for table, items in detail["linked"].items():
        if not items:
            continue
        lines.append(("", ""))
        more = table in detail.get("more", ())
        lines.append((f"{HEADINGS[table]} ({len(items)}{'+' if more else ''})", "heading"))
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
