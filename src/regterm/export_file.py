"""Writing an export to a file atomically: a temporary file beside it, renamed when complete."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from regterm.output import write_rows

EXTENSIONS = {"csv": "csv", "tsv": "tsv", "json": "json", "jsonl": "jsonl", "markdown": "md"}


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new file next to path with the mode a new file gets (0644 under umask 022; mkstemp's would be 0600)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(tmp)
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file beside {path}")


def write_export(
    path: Path, rows: Iterable[Sequence[Any]], columns: Sequence[str], fmt: str, spreadsheet: bool = False
) -> int:
    """Write rows to path in fmt without ever leaving a half-written file; refuses to overwrite.

    spreadsheet: CSV/TSV cells starting with a formula prefix get an apostrophe (see output.write_rows).
    """
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write_rows(rows, columns, fmt, handle, spreadsheet=spreadsheet)
        os.link(tmp, path)  # unlike a rename, fails if the file appeared meanwhile: never overwrites
    finally:
        Path(tmp).unlink(missing_ok=True)
    return count
