"""Writing a new file atomically (an export, an ingest review): a temporary file beside it, linked into place when
complete, never over an existing file."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from regterm.output import write_rows

T = TypeVar("T")

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


def write_new(path: Path, fill: Callable[[IO[str]], T], parents: bool = True) -> T:
    """Create path with what fill writes, without ever leaving a half-written file (a full disk, kill -9) and
    without overwriting one (FileExistsError); `parents`: create missing folders. Returns what fill returns."""
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            result = fill(handle)
        os.link(tmp, path)  # unlike a rename, fails if the file appeared meanwhile: never overwrites
    finally:
        Path(tmp).unlink(missing_ok=True)
    return result


def write_export(
    path: Path, rows: Iterable[Sequence[Any]], columns: Sequence[str], fmt: str, spreadsheet: bool = False
) -> int:
    """Write rows to path in fmt without ever leaving a half-written file; refuses to overwrite.

    spreadsheet: CSV/TSV cells starting with a formula prefix get an apostrophe (see output.write_rows).
    """
    return write_new(path, lambda handle: write_rows(rows, columns, fmt, handle, spreadsheet=spreadsheet))
