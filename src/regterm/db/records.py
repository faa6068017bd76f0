"""Text records (YAML) as read from data/records/: loading, field rules and validation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from regterm.db import model
from regterm.db.vocabulary import SLUG_RE, normalise_date
from regterm.safe_text import is_clean_url, one_line

LINE = "__line__"


@dataclass(frozen=True)
class Field:
    """How one value of a record is read: its type, whether required, and what it points at."""

    type: str  # str, date, bool, int, ref, refs, strs, choice, slug, url, items
    required: bool = False
    target: str = ""  # the kind a ref/refs points at
    choices: tuple[str, ...] = ()
    items: dict[str, Field] | None = None  # the fields of each item of an `items` list


def _reading(member: model.Field | model.Link | model.Child) -> tuple[str, Field]:
    """How the records give one member of the model."""
    if isinstance(member, model.Field):
        type_ = "int" if member.type == "money" else member.type
        return member.name, Field(type_, member.required, choices=member.choices)
    if isinstance(member, model.Child):
        return member.name, Field("items", items=dict(map(_reading, member.fields)))
    if member.has_items:
        key = Field("ref", True, member.target)
        return member.name, Field("items", items={member.key: key, **dict(map(_reading, member.items))})
    return member.name, Field("refs" if member.many else "ref", member.required, member.target)


def fields_of(kind: str) -> dict[str, Field]:
    """Every field a record of kind may hold, in record order."""
    return _FIELDS()[kind]


@model.cached
def _FIELDS() -> dict[str, dict[str, Field]]:
    return {k.table: dict(map(_reading, k.members)) for k in model.kinds()}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record, located as precisely as we can."""

    file: str
    line: int
    kind: str
    slug: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f"{model.singular(self.kind)} '{self.slug}'" if self.slug else self.kind
        at = f" field '{self.field}'" if self.field else ""
        return one_line(f"{where}: {what}{at}: {self.message}")  # values quoted from files are shown as text


class RecordError(Exception):
    """Records that cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the records")
        self.problems = problems


@dataclass
class Record:
    """One record: its kind, its cleaned fields, and where it was read from."""

    kind: str
    data: dict[str, Any]
    file: str = ""
    line: int = 0

    @property
    def slug(self) -> str:
        return str(self.data.get("slug", ""))


@dataclass
class RecordSet:
    """All records, by kind, in the order they were read."""

    records: dict[str, list[Record]] = field(default_factory=lambda: {k: [] for k in model.tables()})

    def add(self, record: Record) -> None:
        self.records[record.kind].append(record)

    def extend(self, other: RecordSet) -> None:
        for kind in model.tables():
            for record in other.records[kind]:
                self.add(record)

    def slugs(self, kind: str) -> set[str]:
        return {r.slug for r in self.records[kind]}

    def count(self) -> int:
        return sum(len(v) for v in self.records.values())

    def merged(self, newer: RecordSet) -> RecordSet:
        """These records updated by newer ones: same kind and slug replaces, others are added."""
        result = RecordSet()
        for kind in model.tables():
            replacements = {r.slug: r for r in newer.records[kind]}
            for record in self.records[kind]:
                result.add(replacements.pop(record.slug, record))
            for record in replacements.values():
                result.add(record)
        return result


# Limits on what a record file may hold (documented in data/README.md): a careless or hostile file gets one line.
MAX_FIELD_CHARS = 100_000  # one text field
MAX_FILE_BYTES = 64 * 1024 * 1024  # one import file
MAX_EXPANDED_NODES = 1_000_000  # YAML nodes after aliases are expanded (a 445-byte alias bomb is billions)
MAX_DEPTH = 32  # nesting of mappings and lists
MAX_INT = 2**63 - 1  # SQLite's integer range


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping, keeps dates as text, and caps aliases."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return self.construct_document(node)


class _TooLarge(Exception):
    pass


def _check_size(root: yaml.Node) -> None:
    """Refuse documents nested deeper than MAX_DEPTH or larger than MAX_EXPANDED_NODES once aliases expand."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _TooLarge(f"nested more than {MAX_DEPTH} levels deep")
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        if total > MAX_EXPANDED_NODES:
            raise _TooLarge(f"more than {MAX_EXPANDED_NODES:,} values once its aliases are expanded")
        sizes[id(node)] = total
        return total

    size(root, 0)


# Dates stay text, so that an impossible date (2025-02-30) is a field problem, not a parser crash.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_document(text: str, file: str) -> Any:
    """Parse YAML (or JSON, which is YAML) keeping each mapping's line; raises RecordError on bad syntax."""
    if "\x00" in text:
        raise RecordError(
            [Problem(file, text[: text.index("\x00")].count("\n") + 1, "file", "", "", "contains a NUL byte")]
        )
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except _TooLarge as exc:
        raise RecordError([Problem(file, 0, "file", "", "", f"refused: {exc}")]) from None
    except RecursionError:
        raise RecordError(
            [Problem(file, 0, "file", "", "", f"refused: nested more than {MAX_DEPTH} levels deep")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RecordError([Problem(file, line, "file", "", "", f"invalid YAML: {reason}")]) from None


def load_yaml_text(text: str, file: str) -> RecordSet:
    """Parse one YAML document of records; raises RecordError on syntax or layout errors."""
    return records_from_document(parse_document(text, file), file)


def records_from_document(document: Any, file: str) -> RecordSet:
    """Turn a parsed document ({kind: [records]}) into a RecordSet; raises RecordError on layout errors."""
    result = RecordSet()
    if document is None:
        return result
    if not isinstance(document, dict):
        raise RecordError([Problem(file, 1, "file", "", "", "expected a mapping of kinds to lists of records")])
    problems: list[Problem] = []
    for kind, items in document.items():
        if kind == LINE:
            continue
        line = document.get(LINE, 0)
        if kind not in model.tables():
            expected = ", ".join(model.tables())
            problems.append(Problem(file, line, "file", "", "", f"unknown kind '{kind}' (expected one of: {expected})"))
            continue
        if not isinstance(items, list):
            problems.append(Problem(file, line, kind, "", "", "expected a list of records"))
            continue
        for item in items:
            if not isinstance(item, dict):
                problems.append(Problem(file, line, kind, "", "", "expected a record (a mapping of fields)"))
                continue
            item_line = int(item.pop(LINE, 0))
            result.add(Record(kind, _strip_lines(item), file, item_line))
    if problems:
        raise RecordError(problems)
    return result


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def collect(paths: Iterable[Path], load: Callable[[Path], RecordSet]) -> RecordSet:
    """Records of every path, loaded with load; raises RecordError listing the problems of all paths."""
    result = RecordSet()
    problems: list[Problem] = []
    for path in paths:
        try:
            result.extend(load(path))
        except RecordError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordError(problems)
    return result


def load_records(paths: Iterable[Path], root: Path | None = None) -> RecordSet:
    """Read every YAML file given (in sorted order); raises RecordError listing all problems."""

    def load(path: Path) -> RecordSet:
        name = str(path.relative_to(root)) if root else str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordError([Problem(name, 0, "file", "", "", f"cannot read: {exc}")]) from None
        return load_yaml_text(text, name)

    return collect(sorted(paths), load)


def record_files(directory: Path) -> list[Path]:
    """The record files in a directory: *.yaml and *.yml, sorted."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


class _Validator:
    """Checks a RecordSet against FIELDS and cross-references; collects problems and cleans values."""

    def __init__(self, records: RecordSet, known: Mapping[str, set[str]] | None = None) -> None:
        self.records = records
        self.problems: list[Problem] = []
        self.known = {kind: records.slugs(kind) | set((known or {}).get(kind, set())) for kind in model.tables()}

    def problem(self, record: Record, name: str, message: str) -> None:
        self.problems.append(Problem(record.file, record.line, record.kind, record.slug, name, message))

    def run(self) -> list[Problem]:
        for kind in model.tables():
            seen: dict[str, Record] = {}
            for record in self.records.records[kind]:
                slug = record.data.get("slug")
                if isinstance(slug, str) and slug in seen:
                    first = seen[slug]
                    self.problem(record, "slug", f"duplicate slug, first defined at {first.file}:{first.line}")
                elif isinstance(slug, str):
                    seen[slug] = record
                self.check_fields(record, record.data, fields_of(kind))
            self.check_rules(kind)
        return self.problems

    def check_rules(self, kind: str) -> None:
        definition = model.kind(kind)
        for record in self.records.records[kind]:
            data = record.data
            for names in definition.one_of:
                if not any(data.get(name) for name in names):
                    self.problem(record, names[0], f"a {definition.singular} needs a {' or an '.join(names)}")
            for later, earlier in definition.not_before:
                a, b = data.get(later), data.get(earlier)
                if a and b and str(a) < str(b):
                    self.problem(record, later, f"is before '{earlier}'")

    def check_fields(self, record: Record, data: dict[str, Any], fields: Mapping[str, Field], prefix: str = "") -> None:
        for name in data:
            if name not in fields:
                expected = ", ".join(fields)
                self.problem(record, prefix + str(name), f"unknown field (expected one of: {expected})")
        for name, spec in fields.items():
            value = data.get(name)
            if value is None or value == "" or value == []:
                if spec.required:
                    self.problem(record, prefix + name, "is required")
                data.pop(name, None)
                continue
            cleaned = self.check_value(record, prefix + name, value, spec)
            if cleaned is not None:
                data[name] = cleaned

    def check_value(self, record: Record, name: str, value: Any, spec: Field) -> Any:
        kind = spec.type
        if kind in ("str", "url", "choice", "slug"):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and kind == "str":
                value = str(value)
            if not isinstance(value, str):
                return self.problem(record, name, f"expected text, got {type(value).__name__}")
            value = value.strip()
            if len(value) > MAX_FIELD_CHARS:
                return self.problem(record, name, f"is {len(value):,} characters long (at most {MAX_FIELD_CHARS:,})")
            if kind == "slug" and not SLUG_RE.match(value):
                return self.problem(record, name, f"'{value}' is not a slug (lowercase letters, digits, hyphens)")
            if kind == "url" and not is_clean_url(value):  # no controls, spaces or bidi: see regterm.safe_text
                return self.problem(record, name, f"'{value}' is not an http(s) URL")
            if kind == "choice" and value not in spec.choices:
                return self.problem(record, name, f"'{value}' is not one of: {', '.join(spec.choices)}")
            return value
        if kind == "date":
            date = normalise_date(value)
            if date is None:
                return self.problem(record, name, f"'{value}' is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return date
        if kind == "bool":
            if not isinstance(value, bool):
                return self.problem(record, name, f"expected true or false, got '{value}'")
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                return self.problem(record, name, f"expected a whole number of euros, got '{_short(value)}'")
            if value > MAX_INT:
                return self.problem(record, name, f"is larger than {MAX_INT:,}")
            return value
        if kind == "strs":
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(i, str) and i.strip() for i in items):
                return self.problem(record, name, "expected a list of text")
            return [i.strip() for i in items]
        if kind in ("ref", "refs"):
            return self.check_refs(record, name, value, spec)
        if kind == "items":
            if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
                return self.problem(record, name, "expected a list of mappings")
            for index, item in enumerate(value):
                self.check_fields(record, item, spec.items or {}, f"{name}[{index}].")
            return value
        raise AssertionError(kind)

    def check_refs(self, record: Record, name: str, value: Any, spec: Field) -> Any:
        items = value if isinstance(value, list) else [value]
        if spec.type == "ref" and isinstance(value, list):
            return self.problem(record, name, "expected one slug, got a list")
        for item in items:
            if not isinstance(item, str):
                self.problem(record, name, f"expected a slug, got {type(item).__name__}")
            elif item not in self.known[spec.target]:
                hint = close_matches(item, self.known[spec.target])
                suffix = f"; did you mean: {', '.join(hint)}?" if hint else ""
                self.problem(record, name, f"unknown {model.singular(spec.target)} '{item}'{suffix}")
        if spec.type == "refs" and len(set(map(str, items))) != len(items):
            self.problem(record, name, "lists the same slug twice")
        return items if spec.type == "refs" else value


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, sorted(candidates), n=n, cutoff=0.6)


def validate(records: RecordSet, known: Mapping[str, set[str]] | None = None) -> None:
    """Check and clean every record in place; raises RecordError with all problems found.

    known: slugs that exist elsewhere (a database being imported into) and may be referenced.
    """
    problems = _Validator(records, known).run()
    if problems:
        raise RecordError(problems)
