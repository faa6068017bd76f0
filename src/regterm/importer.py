"""Importing records into the user's own database: all or nothing, idempotent by slug.

An import validates the new records (their links may point at records already in the target), then upserts
them by kind and slug into the target in one SQLite transaction (BEGIN IMMEDIATE): all land or none do, and
concurrent imports wait on SQLite's lock. The file is written in place, never replaced, so a symlink, its mode,
owner and inode stay. The bundled database is never written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regterm.db import model
from regterm.db.connection import bundled_database_path, connect, connect_for_write, read_meta, write_transaction
from regterm.db.records import (
    LINE,
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    Problem,
    Record,
    RecordError,
    RecordSet,
    collect,
    fields_of,
    load_yaml_text,
    parse_document,
    records_from_document,
    validate,
)
from regterm.db.schema import SCHEMA_VERSION, USER
from regterm.db.write import Writer

LIST_TYPES = ("refs", "strs", "items")


class ImportError_(Exception):
    """A one-line reason the import cannot start (not a record problem)."""


@dataclass(frozen=True)
class ImportResult:
    target: Path
    added: int
    updated: int
    unchanged: int


def _kind_for(path: Path, kind: str | None) -> str:
    name = (kind or path.stem.split(".")[0]).lower()
    known = {k.table: k.table for k in model.kinds()} | {k.singular: k.table for k in model.kinds()}
    if name not in known:
        raise ImportError_(
            f"{path}: cannot tell which kind of record it holds; name the file after a kind "
            f"(quotes.csv) or pass --kind ({', '.join(model.tables())})"
        )
    return known[name]


def _cell(kind: str, name: str, value: str) -> Any:
    """A CSV cell as the field's type: lists split on ';', booleans and whole numbers parsed."""
    value = value.strip()
    spec = fields_of(kind).get(name)
    if spec is None or value == "":
        return value or None
    if spec.type in LIST_TYPES:
        if value.startswith("["):
            import json

            try:
                return json.loads(value)
            except ValueError:
                return value
        return [part.strip() for part in value.split(";") if part.strip()]
    if spec.type == "bool":
        lowered = value.lower()
        return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(lowered, value)
    if spec.type == "int":
        return int(value) if re.fullmatch(r"[0-9]{1,30}", value) else value
    return value


def _load_delimited(path: Path, text: str, kind: str, delimiter: str) -> RecordSet:
    result = RecordSet()
    csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems = []
    try:
        header = reader.fieldnames or []
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            raise RecordError([Problem(str(path), 1, kind, "", "", f"header names {', '.join(duplicates)} twice")])
        for row in reader:
            line = reader.line_num
            data = {name: _cell(kind, name, value or "") for name, value in row.items() if name is not None}
            if None in row:
                problems.append(Problem(str(path), line, kind, "", "", "row has more cells than the header"))
            result.add(Record(kind, {k: v for k, v in data.items() if v is not None}, str(path), line))
    except csv.Error as exc:
        reason = f"a cell is longer than {MAX_FIELD_CHARS:,} characters" if "field larger" in str(exc) else str(exc)
        raise RecordError([Problem(str(path), reader.line_num, kind, "", "", reason)]) from None
    if problems:
        raise RecordError(problems)
    return result


def _load_json(path: Path, text: str, kind: str | None) -> RecordSet:
    document = parse_document(text, str(path))
    if isinstance(document, list):
        document = {_kind_for(path, kind): document, LINE: 1}
    return records_from_document(document, str(path))


def load_import_file(path: Path, kind: str | None = None) -> RecordSet:
    """Records from a YAML document, a JSON document or list, or a CSV/TSV table of one kind."""
    try:
        if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
            raise ImportError_(f"{path}: file is larger than {MAX_FILE_BYTES // 2**20} MiB; split it")
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's byte-order mark is not data
    except FileNotFoundError:
        raise ImportError_(f"file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportError_(f"cannot read {path}: {exc}") from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_yaml_text(text, str(path))
    if suffix == ".json":
        return _load_json(path, text, kind)
    if suffix in (".csv", ".tsv"):
        return _load_delimited(path, text, _kind_for(path, kind), "\t" if suffix == ".tsv" else ",")
    raise ImportError_(f"{path}: unknown file type '{suffix}' (use .yaml, .yml, .json, .csv or .tsv)")


def create_from_bundled(target: Path) -> bool:
    """Create target as a copy of the bundled database, unless it exists; safe when two processes race.

    The copy is written beside the target and linked into place (a link never replaces an existing file), so
    the first creator wins and the others use its file. Returns True when this call created it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return False
    fd, tmp_name = tempfile.mkstemp(prefix=".regterm-new-", suffix=".db", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, bundled_database_path().open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # readers (the explorer) never wait on a writer
        finally:
            conn.close()
        try:
            os.link(tmp, target)
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


def load_files(paths: list[Path], kind: str | None = None) -> RecordSet:
    """Every record of every file; raises RecordError listing the problems of all files."""
    return collect(paths, lambda path: load_import_file(path, kind))


def import_files(paths: list[Path], target: Path, kind: str | None = None) -> ImportResult:
    """Validate every record of every file and write them all into target, or write nothing."""
    return import_records(load_files(paths, kind), target)


def _referenced(records: RecordSet) -> dict[str, set[str]]:
    """The slugs the records point at, by kind."""
    wanted: dict[str, set[str]] = {kind: set() for kind in model.tables()}

    def walk(data: dict[str, Any], fields: dict[str, Any]) -> None:
        for name, spec in fields.items():
            value = data.get(name)
            if spec.type in ("ref", "refs") and value:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        wanted[spec.target].add(item)
            elif spec.type == "items" and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        walk(item, spec.items or {})

    for kind, items in records.records.items():
        for record in items:
            walk(record.data, fields_of(kind))
    return wanted


def _existing(conn: sqlite3.Connection, records: RecordSet) -> dict[str, set[str]]:
    """Slugs in the database that the records may point at: every one they name, and near misses for hints."""
    known: dict[str, set[str]] = {}
    for kind, slugs in _referenced(records).items():
        found = {
            row[0]
            for row in conn.execute(
                f"select slug from {kind} where slug in (select value from json_each(?))", [json.dumps(sorted(slugs))]
            )
        }
        for missing in sorted(slugs - found - records.slugs(kind))[:20]:
            found |= {
                row[0]
                for row in conn.execute(f"select slug from {kind} where slug like ? limit 200", [missing[:3] + "%"])
            }
        known[kind] = found
    return known


Progress = Callable[[int], None]


def _upgrade(target: Path, notify: Callable[[str], None] | None) -> None:
    from regterm.db.upgrade import migrate, schema_version

    if schema_version(read_meta(target), target) < SCHEMA_VERSION:
        migrate(target, notify)


def import_records(
    new: RecordSet, target: Path, progress: Progress | None = None, notify: Callable[[str], None] | None = None
) -> ImportResult:
    """Validate new records and write them into target in one transaction: all of them, or nothing.

    The target is created from the bundled data first if it does not exist. Records are upserted by slug; a
    record equal to the stored one is not written. Concurrent imports queue on SQLite's lock and all land.
    """
    if target.exists() and target.resolve() == bundled_database_path().resolve():
        raise ImportError_("the bundled database is read-only; import into your own database (omit --db)")
    _check_duplicates_within(new)
    if not target.exists():  # validate against the bundled data first: a failed first import leaves no file
        bundled = connect(bundled_database_path(), immutable=True)
        try:
            validate(new, known=_existing(bundled, new))
        finally:
            bundled.close()
        create_from_bundled(target)
    _upgrade(target, notify)
    conn = connect_for_write(target)
    try:
        with write_transaction(conn, f"cannot write {target}"):
            validate(new, known=_existing(conn, new))
            result = Writer(conn, USER).write((r for items in new.records.values() for r in items), progress=progress)
    finally:
        conn.close()
    return ImportResult(target, len(result.added), len(result.updated), len(result.unchanged))


def _check_duplicates_within(records: RecordSet) -> None:
    problems = []
    for kind, items in records.records.items():
        seen: dict[str, Record] = {}
        for record in items:
            if record.slug in seen:
                first = seen[record.slug]
                problems.append(
                    Problem(
                        record.file,
                        record.line,
                        kind,
                        record.slug,
                        "slug",
                        f"given twice in this import (first at {first.file}:{first.line})",
                    )
                )
            seen[record.slug] = record
    if problems:
        raise RecordError(problems)
