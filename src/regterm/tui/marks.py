"""Rows that stand out in a pane: the events that decide something (decisions, fines, judgments) on the timeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

# table -> (column, values marking a row)
MARKED: dict[str, tuple[str, frozenset[str]]] = {
    "events": ("kind", frozenset({"decision", "fine", "judgment"})),
}
MARK = "◆ "


def mark_row(table: str, columns: Sequence[str], row: Sequence[Any], cells: list[Text], names: list[str]) -> None:
    """Make a marked row's cells bold and put ◆ before its marking cell (in place).

    columns and row: what the query read; names: the first query column of each visible cell.
    """
    rule = MARKED.get(table)
    if rule is None:
        return
    column, values = rule
    if column not in columns or row[columns.index(column)] not in values:
        return
    for index, cell in enumerate(cells):
        cell.stylize("bold")
        if names[index] == column:
            cells[index] = Text(MARK, style="bold") + cell
