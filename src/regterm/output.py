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
) -> int:
    """Write rows in fmt to out (stdout by default); returns how many rows were written.

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
        return _write_table(rows, columns, out)
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


def _write_table(rows: Iterable[Sequence[Any]], columns: Sequence[str], out: IO[str]) -> int:
    from rich.table import Table
    from rich.text import Text

    table = Table(*columns, show_lines=False, header_style="bold")
    count = 0
    for row in rows:
        table.add_row(*(Text(_cell(v)) for v in row))
        count += 1
    console(out).print(table)
    return count


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
