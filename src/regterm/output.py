"""Writing rows to stdout: csv, tsv, json, jsonl, markdown and Rich tables, streamed where the format allows.

Rules (as harlequin states for its own output): stdout carries data only; colour and styles only on a
terminal without NO_COLOR; text from the database is printed literally, so control bytes are shown
escaped in human formats and never reach the terminal, and Rich markup in data is never interpreted.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

from regterm.safe_text import escape_controls, has_controls, json_safe, spreadsheet_cell

FORMATS = ("csv", "tsv", "json", "jsonl", "markdown", "table")


def default_format(stream: IO[str] | None = None) -> str:
    stream = stream or sys.stdout
    return "table" if _isatty(stream) else "csv"


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def use_colour(stream: IO[str] | None = None) -> bool:
    return _isatty(stream or sys.stdout) and "NO_COLOR" not in os.environ


def _cell(value: Any) -> str:
    return "" if value is None else escape_controls(str(value))


def write_rows(
    rows: Iterable[Sequence[Any]],
    columns: Sequence[str],
    fmt: str,
    out: IO[str] | None = None,
    spreadsheet: bool = False,
    trim: bool = False,
) -> int:
    """Write rows in fmt to out (stdout by default); returns how many rows were written.

    trim: a table may leave out columns that leave its longest one too little room (the default columns).

    spreadsheet: CSV/TSV cells that a spreadsheet would run as a formula (=, +, -, @) start with an
    apostrophe. Off by default, so pipes get the data as it is.
    """
    out = out or sys.stdout
    if fmt in ("csv", "tsv"):
        return _write_delimited(rows, columns, out, "," if fmt == "csv" else "\t", spreadsheet)
    if fmt == "jsonl":
        import json

        count = 0
        for row in rows:
            out.write(json_safe(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)) + "\n")
            count += 1
        return count
    if fmt == "json":
        return _write_json_array(rows, columns, out)
    if fmt == "markdown":
        return _write_markdown(rows, columns, out)
    if fmt == "table":
        return _write_table(rows, columns, out, trim)
    raise ValueError(fmt)


def _text_row(row: Sequence[Any]) -> list[str]:
    """A row's cells as text; control characters escaped, checked once per row, not per cell."""
    cells = ["" if v is None else str(v) for v in row]
    if has_controls("\n".join(cells)):
        cells = [escape_controls(c) for c in cells]
    return cells


def _spreadsheet_row(row: Sequence[Any]) -> list[str]:
    """A row's cells as text for a spreadsheet: controls escaped, formula prefixes neutralised."""
    return [spreadsheet_cell(c) if isinstance(v, str) else c for v, c in zip(row, _text_row(row), strict=True)]


def _write_delimited(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], out: IO[str], delimiter: str, spreadsheet: bool = False
) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    batch: list[list[str]] = []
    as_text = _spreadsheet_row if spreadsheet else _text_row
    for row in rows:
        batch.append(as_text(row))
        if len(batch) == 2000:
            writer.writerows(batch)
            count += len(batch)
            batch.clear()
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    count += len(batch)
    out.write(buffer.getvalue())
    return count


def _write_json_array(rows: Iterable[Sequence[Any]], columns: Sequence[str], out: IO[str]) -> int:
    import json

    count = 0
    out.write("[")
    for row in rows:
        out.write(
            ("," if count else "")
            + "\n  "
            + json_safe(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
        )
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _md(value: Any) -> str:
    return _cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _write_markdown(rows: Iterable[Sequence[Any]], columns: Sequence[str], out: IO[str]) -> int:
    out.write("| " + " | ".join(columns) + " |\n")
    out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    count = 0
    for row in rows:
        out.write("| " + " | ".join(_md(v) for v in row) + " |\n")
        count += 1
    return count


def console(out: IO[str] | None = None) -> Any:
    """A Rich console for out: styles only on a colour terminal, never markup or emoji codes from data."""
    from rich.console import Console

    out = out or sys.stdout
    colour = use_colour(out)
    return Console(
        file=out,
        no_color=not colour,
        color_system="auto" if colour else None,
        force_terminal=colour,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=not _isatty(out),
        width=None if _isatty(out) else 200,
    )


ROOM = 30  # what the longest column (a title, a quote) keeps before the others are cut
GAP = 2  # cells between two columns


def table_widths(columns: Sequence[str], widths: Sequence[int], available: int, trim: bool) -> list[int | None] | None:
    """Column widths for a table `available` cells wide from the widths of its content (None: left out), or
    None when the columns cannot fit and may not be left out (then every column wraps, as Rich does).

    The longest column (a title, a quote) wraps in what the others leave; the others keep their content's
    width, cut to 24, 16, 12 cells (a slug is never cut) until the longest keeps 30 cells or all it needs.
    trim: columns may be left out, from the right, when cutting is not enough.
    """
    if not widths:
        return []
    longest = max(range(len(widths)), key=lambda i: widths[i])
    shown = list(range(len(widths)))

    def fit(cap: int) -> tuple[list[int], int]:
        cut = [w if columns[i] == "slug" else min(w, cap) for i, w in enumerate(widths)]
        return cut, available - GAP * (len(shown) - 1) - sum(cut[i] for i in shown if i != longest)

    while True:
        for cap in (24, 16, 12):
            cut, rest = fit(cap)
            if rest >= min(ROOM, widths[longest]):
                break
        droppable = [i for i in shown if i != longest and columns[i] != "slug"]
        if rest >= min(ROOM, widths[longest]):
            break
        if not trim:
            return None
        if not droppable:
            break
        shown.remove(droppable[-1])
    cut[longest] = max(4, min(widths[longest], rest))
    return [cut[i] if i in shown else None for i in range(len(widths))]


def _write_table(rows: Iterable[Sequence[Any]], columns: Sequence[str], out: IO[str], trim: bool = False) -> int:
    """A Rich table sized to the terminal: the longest column (a title, a quote) wraps in the room the others
    leave; the others keep their content's width, cut with an ellipsis only when the terminal is too narrow.
    trim: leave out columns (named on stderr) rather than squeeze the longest below 30 cells."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cells = [[_cell(v).replace("\n", " ") for v in row] for row in rows]
    content = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(columns)]
    target = console(out)
    fitted = table_widths(columns, content, target.width - 2, trim)  # the table's edges take one cell each
    widths: list[int | None] = list(fitted) if fitted is not None else [0] * len(columns)
    longest = max(range(len(columns)), key=lambda i: content[i]) if columns else -1
    kept = [i for i, width in enumerate(widths) if width is not None]
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=(0, 1, 0, 0) if fitted else (0, 1))
    for index in kept:
        if fitted is None:
            table.add_column(columns[index], overflow="fold")
            continue
        wraps = index == longest
        table.add_column(
            columns[index], width=widths[index], no_wrap=not wraps, overflow="fold" if wraps else "ellipsis"
        )
    for row in cells:
        table.add_row(*(Text(row[i]) for i in kept))
    target.print(table)
    left_out = [name for name, width in zip(columns, widths, strict=True) if width is None]
    if left_out:
        sys.stderr.write(f"left out for width: {', '.join(left_out)} (--columns all shows every column)\n")
    return len(cells)


def marked_parts(snippet: str, start: str = "\x02", end: str = "\x03") -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) parts, each part's control characters escaped."""
    parts: list[tuple[str, bool]] = []
    for index, part in enumerate(snippet.replace(end, start).split(start)):
        if part:
            parts.append((escape_controls(part), index % 2 == 1))
    return parts


def mark_plain(snippet: str) -> str:
    """A search snippet for text formats: matches between ** marks."""
    return "".join(f"**{text}**" if match else text for text, match in marked_parts(snippet))
