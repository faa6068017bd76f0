"""Importing records into the user's own database: all or nothing, idempotent by slug.

An import reads the target database back into records (or the bundled database's records when the target
does not exist yet), merges the new records over them by kind and slug, validates everything, and
builds a fresh database beside the target that replaces it in one rename. The bundled database is never
written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regterm.db.build import build_database
from regterm.db.connection import bundled_database_path, connect
from regterm.db.dump import dump_records
from regterm.db.records import (
    FIELDS,
    KINDS,
    LINE,
    Problem,
    Record,
    RecordError,
    RecordSet,
    collect,
    load_yaml_text,
    parse_document,
    records_from_document,
    validate,
)

LIST_TYPES = ("refs", "strs", "milestones", "designations")
KIND_ALIASES = {k: k for k in KINDS} | {
    "company": "companies",
    "person": "people",
    "regulation": "regulations",
    "dispute": "disputes",
    "event": "events",
    "quote": "quotes",
    "source": "sources",
}


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
    if name not in KIND_ALIASES:
        raise ImportError_(
            f"{path}: cannot tell which kind of record it holds; name the file after a kind "
            f"(quotes.csv) or pass --kind ({', '.join(KINDS)})"
        )
    return KIND_ALIASES[name]


def _cell(kind: str, name: str, value: str) -> Any:
    """A CSV cell as the field's type: lists split on ';', booleans and whole numbers parsed."""
    value = value.strip()
    spec = FIELDS[kind].get(name)
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
        return int(value) if value.isdigit() else value
    return value


def _load_delimited(path: Path, text: str, kind: str, delimiter: str) -> RecordSet:
    result = RecordSet()
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems = []
    for row in reader:
        line = reader.line_num
        data = {name: _cell(kind, name, value or "") for name, value in row.items() if name is not None}
        if None in row:
            problems.append(Problem(str(path), line, kind, "", "", "row has more cells than the header"))
        result.add(Record(kind, {k: v for k, v in data.items() if v is not None}, str(path), line))
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


def base_records(target: Path) -> RecordSet:
    """What the target holds now, or the bundled records for a database not created yet."""
    source = target if target.exists() else bundled_database_path()
    conn = connect(source, immutable=source == bundled_database_path())
    try:
        return dump_records(conn, str(source))
    finally:
        conn.close()


def load_files(paths: list[Path], kind: str | None = None) -> RecordSet:
    """Every record of every file; raises RecordError listing the problems of all files."""
    return collect(paths, lambda path: load_import_file(path, kind))


def import_files(paths: list[Path], target: Path, kind: str | None = None) -> ImportResult:
    """Validate every record of every file and write them all into target, or write nothing."""
    return import_records(load_files(paths, kind), target)


def import_records(new: RecordSet, target: Path) -> ImportResult:
    """Merge new records over the target's (by kind and slug), validate all, and replace the target."""
    if target.resolve() == bundled_database_path().resolve():
        raise ImportError_("the bundled database is read-only; import into your own database (omit --db)")
    base = base_records(target)
    _check_duplicates_within(new)
    merged = base.merged(new)
    validate(merged)
    before = {(r.kind, r.slug): r.data for items in base.records.values() for r in items}
    added = sum(1 for items in new.records.values() for r in items if (r.kind, r.slug) not in before)
    unchanged = sum(1 for items in new.records.values() for r in items if before.get((r.kind, r.slug)) == r.data)
    build_database(merged, target, validated=True)
    return ImportResult(target, added, new.count() - added - unchanged, unchanged)


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
