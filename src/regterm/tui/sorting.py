"""Sorting a pane by its columns: which query column a cell sorts by, the cycle of the sort key, the header mark.

A sort is one key as the query layer takes it: 'fine_eur' ascending, '-fine_eur' descending (missing values last
either way). A cell that reads several columns (Who: speaker, else organisation) sorts by its first.
"""

from __future__ import annotations

from rich.text import Text

from regterm.db import model

DOWN, UP = "▼", "▲"


def _descending_first(table: str, column: str) -> bool:
    """Numbers and dates start largest and newest first; text starts from A."""
    try:
        member = model.kind(table).member(column)
    except KeyError:
        return False
    return isinstance(member, model.Field) and member.type in ("money", "int", "date")


def first_sort(table: str, column: str) -> str:
    return f"-{column}" if _descending_first(table, column) else column


def reversed_sort(key: str) -> str:
    return key[1:] if key.startswith("-") else f"-{key}"


def sort_column_of(key: str | None) -> str | None:
    return None if key is None else key.lstrip("-")


def clicked(table: str, column: str, current: str | None) -> str:
    """A header clicked: sort by its column, or reverse when it is the sort already."""
    if sort_column_of(current) == column and current is not None:
        return reversed_sort(current)
    return first_sort(table, column)


def cycled(table: str, columns: list[str], current: str | None) -> str | None:
    """The next sort of the cycle: the pane's own order, then each column one way and the other, then back."""
    steps: list[str | None] = [None]
    for column in columns:
        first = first_sort(table, column)
        steps += [first, reversed_sort(first)]
    index = steps.index(current) if current in steps else 0
    return steps[(index + 1) % len(steps)]


def header(label: str, column: str, key: str | None) -> Text:
    """A column's header, with ▼ (descending) or ▲ (ascending) when the pane is sorted by it."""
    text = Text(label, no_wrap=True, overflow="ellipsis", end="")  # cut with … where the column is narrower
    if sort_column_of(key) == column and key is not None:
        text.append(f" {DOWN if key.startswith('-') else UP}", style="bold")
    return text


def describe(key: str | None, labels: dict[str, str]) -> str:
    if key is None:
        return "the list's own order"
    column = sort_column_of(key) or ""
    return f"{labels.get(column, column)} {DOWN if key.startswith('-') else UP}"
