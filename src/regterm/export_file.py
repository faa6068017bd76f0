"""Writing an export to a file atomically: a temporary file beside it, renamed when complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from regterm.output import write_rows

EXTENSIONS = {"csv": "csv", "tsv": "tsv", "json": "json", "jsonl": "jsonl", "markdown": "md"}


def write_export(
    path: Path, rows: Iterable[Sequence[Any]], columns: Sequence[str], fmt: str, spreadsheet: bool = False
) -> int:
    """Write rows to path in fmt without ever leaving a half-written file; refuses to overwrite.

    spreadsheet: CSV/TSV cells starting with a formula prefix get an apostrophe (see output.write_rows).
    """
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write_rows(rows, columns, fmt, handle, spreadsheet=spreadsheet)
        os.link(tmp, path)  # unlike a rename, fails if the file appeared meanwhile: never overwrites
    finally:
        Path(tmp).unlink(missing_ok=True)
    return count
