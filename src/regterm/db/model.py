"""The data model, declared once: every record kind, its fields, its links and how it is shown.

Everything else derives from these declarations: the schema (`schema`), validation (`records`), the write path
(`write`), records back out (`dump`), the read queries and filters (`queries`), references (`refs`), full-text
search (`search`), a record's detail (`detail`), `db check`, `export` and the explorer's panes. Adding a field
to a kind is one line here (plus the records that use it); adding a kind is one `Kind` in `MODEL`.

Naming rules the derivations follow:
- a field is stored in the column of its name (`Field.column` overrides it: sources' `primary` is `is_primary`);
- a link to one record is the column `<link>_id` (or `Link.column`); a link to many is a link table
  `<owner singular>_<target table>` with the columns `<owner singular>_id` and `<target singular>_id`
  (`Link.table` overrides the table; links sharing a table are told apart by `Link.role`);
- a link's export columns are `<link>` (the target's label) and `<link>_slug`, or for a list `<link>` and
  `<singular link>_slugs`; a target may name other columns for one-links (`Kind.ref_columns`).

This module imports nothing but the standard library, so the CLI's quick paths stay quick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from regterm.db.vocabulary import COMPANY_KINDS, DISPUTE_STATUSES, EVENT_KINDS


@dataclass(eq=False, repr=False)  # a declaration, never changed: only __init__ is generated (cheap to import)
class Field:
    """One value of a record: its type, whether it is required, where it is stored and how it is searched.

    type: slug, str, url, date, bool, int, money (whole euros), choice, strs (a list of text, stored as JSON).
    """

    name: str
    type: str = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    column: str = ""
    label: str = ""  # a header for lists (default: the name, capitalised)

    stored: ClassVar[bool] = True  # kept in a column of the record's own row

    @property
    def col(self) -> str:
        return self.column or self.name

    @property
    def header(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


@dataclass(eq=False, repr=False)  # a declaration, never changed: only __init__ is generated (cheap to import)
class Link:
    """A reference from a record to one or many records of another kind (its `target`).

    role: what the target is to the record (subject, complainant, regulator, speaker, organisation, source…);
    links sharing one link table (a dispute's companies and complainants) are told apart by it.
    items: values carried by each item of the list (a designation's role, date and source), given in the
    records as mappings holding the target under `key`.
    first_column: a list whose first item is also stored in this column of the owner (a dispute's main source).
    """

    name: str
    target: str
    many: bool = False
    required: bool = False
    role: str = ""
    table: str = ""
    column: str = ""
    ordered: bool = False
    first_column: str = ""
    key: str = ""
    items: tuple[Field | Link, ...] = ()
    label: str = ""

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(m for m in self.items if isinstance(m, Field))

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(m for m in self.items if isinstance(m, Link))

    @property
    def has_items(self) -> bool:
        return bool(self.key)

    @property
    def stored(self) -> bool:
        """Kept in a column of the record's own row (a link to one record)."""
        return not self.many

    @property
    def header(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


@dataclass(eq=False, repr=False)  # a declaration, never changed: only __init__ is generated (cheap to import)
class Child:
    """A list of plain values owned by one record, kept in a table of its own (a regulation's milestones)."""

    name: str
    table: str
    fields: tuple[Field, ...]
    order: tuple[str, ...]
    title: str = ""
    stored: ClassVar[bool] = False

    @property
    def header(self) -> str:
        return self.title or self.name.capitalize()


Member = Field | Link | Child


@dataclass(eq=False, repr=False)  # a declaration, never changed: only __init__ is generated (cheap to import)
class Kind:
    """One kind of record: its table, names, members in record order, and how it is listed and shown."""

    table: str
    singular: str
    title: str  # a heading: "Companies"
    members: tuple[Member, ...]
    search: tuple[str, ...] = ()  # the fields of its full-text index
    ref_names: tuple[str, ...] = ()  # more prefixes of a kind:slug reference ("org:", "case:")
    label: str = "slug"  # the field naming a record in one line
    name_fields: tuple[str, ...] = ()  # matched exactly by a bare reference, and by the explorer's '/' filter
    date: str = ""  # the field that dates a record
    order: tuple[str, ...] = ("slug",)  # the default order of lists ("-field" for descending)
    newest_first: bool = False  # lists in the explorer start with the newest record
    columns: tuple[str, ...] = ()  # the readable list: a Detail's linked list of these records
    pane: tuple[str, ...] = ()  # the explorer's list ("Label=a|b": a, else b, under the header Label)
    ref_columns: tuple[tuple[str, str], ...] = ()  # (suffix, field) exported where another kind links one
    via: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # (kind, path of (kind, link)) more narrowing
    roles: tuple[tuple[str, tuple[tuple[tuple[str, str], ...], ...]], ...] = ()  # (name, paths) named filters
    one_of: tuple[tuple[str, ...], ...] = ()  # at least one of these fields is given
    not_before: tuple[tuple[str, str], ...] = ()  # (a, b): a date field a is not before b
    title_parts: tuple[str, ...] = ()  # what names a record in one line ("a|b": a, else b); default: label
    filter_links: tuple[str, ...] = ()  # the '/' filter also matches the names of these links' targets
    sub_links: tuple[tuple[str, str], ...] = ()  # (link, link of its target) also matched by the '/' filter
    extra: tuple[tuple[str, str], ...] = ()  # (column, SQL on this kind's alias "t") more export columns

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(m for m in self.members if isinstance(m, Field))

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(m for m in self.members if isinstance(m, Link))

    @property
    def children(self) -> tuple[Child, ...]:
        return tuple(m for m in self.members if isinstance(m, Child))

    @property
    def parts(self) -> tuple[str, ...]:
        return self.title_parts or (self.label,)

    def member(self, name: str) -> Member:
        for m in self.members:
            if m.name == name:
                return m
        raise KeyError(f"{self.table} has no field or link '{name}'")

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.table} has no field '{name}'")

    def link(self, name: str) -> Link:
        for link in self.links:
            if link.name == name:
                return link
        raise KeyError(f"{self.table} has no link '{name}'")

    @property
    def search_fields(self) -> tuple[Field, ...]:
        return tuple(self.field(name) for name in self.search)


def _one(name: str, target: str, role: str = "", required: bool = False, label: str = "") -> Link:
    return Link(name, target, role=role or name, required=required, label=label)


def _many(name: str, target: str, role: str = "", required: bool = False, table: str = "", label: str = "") -> Link:
    return Link(name, target, many=True, role=role, required=required, table=table, label=label)


_SOURCE = _one("source", "sources", required=True)

MODEL_KINDS: tuple[Kind, ...] = (
    Kind(
        "sources",
        "source",
        "Sources",
        (
            Field("slug", "slug", True),
            Field("url", "url", True),
            Field("publisher", "str", True),
            Field("title", "str", True),
            Field("published", "date", True),
            Field("primary", "bool", True, column="is_primary"),
            Field("note"),
        ),
        search=("title", "publisher"),
        label="title",
        name_fields=("title", "publisher", "url"),
        date="published",
        order=("published", "slug"),
        columns=("publisher", "title", "published", "primary", "url"),
        pane=("publisher", "title", "published"),
        ref_columns=(("url", "url"), ("publisher", "publisher"), ("date", "published")),
        via=(
            *(
                (target, ((cited, link), (cited, target)))
                for target in ("companies", "regulations")
                for cited, link in (("disputes", "sources"), ("events", "source"), ("quotes", "source"))
            ),
            ("people", (("quotes", "source"), ("quotes", "speaker"))),
        ),
    ),
    Kind(
        "companies",
        "company",
        "Companies",
        (
            Field("slug", "slug", True),
            Field("name", "str", True),
            Field("kind", "choice", True, choices=COMPANY_KINDS),
            Field("country"),
            Field("aliases", "strs"),
            Field("website", "url"),
            Field("description"),
            Link(
                "designations",
                "regulations",
                many=True,
                role="designated",
                table="designations",
                key="regulation",
                items=(
                    Field("role", "str", True),
                    Field("date", "date", True),
                    Field("services", "strs"),
                    _SOURCE,
                    Field("ended", "date"),
                    Field("note"),
                ),
            ),
        ),
        search=("name", "aliases", "description"),
        ref_names=("org", "organisation"),
        label="name",
        name_fields=("name", "aliases"),
        order=("name", "slug"),
        columns=("name", "kind", "country"),
        pane=("name", "kind"),
        via=(
            ("regulations", (("disputes", "companies"), ("disputes", "regulations"))),
            ("people", (("quotes", "companies"), ("quotes", "speaker"))),
            *(("sources", (("disputes", link), ("disputes", "sources"))) for link in ("companies", "regulator")),
            ("sources", (("events", "companies"), ("events", "source"))),
            ("sources", (("quotes", "companies"), ("quotes", "source"))),
        ),
        extra=(
            (
                "disputes",
                "(select count(*) from (select dispute_id from dispute_companies where company_id = t.id "
                "union select id from disputes where regulator_id = t.id))",
            ),
        ),
    ),
    Kind(
        "regulations",
        "regulation",
        "Regulations",
        (
            Field("slug", "slug", True),
            Field("name", "str", True),
            Field("title", "str", True),
            Field("reference", "str", True),
            Field("jurisdiction", "str", True),
            Field("adopted", "date"),
            Field("in_force", "date"),
            Field("applies_from", "date"),
            Field("url", "url", True),
            Field("aliases", "strs"),
            Child(
                "milestones",
                "regulation_milestones",
                (Field("date", "date", True), Field("what", "str", True)),
                order=("date", "what"),
                title="Milestones",
            ),
            _SOURCE,
        ),
        search=("name", "title", "reference", "aliases"),
        ref_names=("reg", "law"),
        label="name",
        name_fields=("name", "reference", "title", "aliases"),
        date="applies_from",
        order=("name", "slug"),
        columns=("name", "reference"),
        pane=("name", "reference"),
        via=(
            ("companies", (("disputes", "regulations"), ("disputes", "companies"))),
            ("people", (("quotes", "regulations"), ("quotes", "speaker"))),
        ),
    ),
    Kind(
        "people",
        "person",
        "People",
        (
            Field("slug", "slug", True),
            Field("name", "str", True),
            Field("role", "str", True),
            _one("organisation", "companies", role="member"),
        ),
        search=("name", "role"),
        label="name",
        name_fields=("name",),
        order=("name", "slug"),
        columns=("name", "role", "organisation"),
        pane=("name", "role", "organisation"),
        ref_columns=(("", "name"), ("slug", "slug"), ("role", "role")),
        via=(
            ("companies", (("quotes", "speaker"), ("quotes", "companies"))),
            ("regulations", (("quotes", "speaker"), ("quotes", "regulations"))),
            ("disputes", (("quotes", "speaker"), ("quotes", "disputes"))),
            ("events", (("quotes", "speaker"), ("quotes", "disputes"), ("events", "disputes"))),
            ("sources", (("quotes", "speaker"), ("quotes", "source"))),
        ),
        filter_links=("organisation",),
        extra=(("quotes", "(select count(*) from quotes q where q.speaker_id = t.id)"),),
    ),
    Kind(
        "disputes",
        "dispute",
        "Disputes",
        (
            Field("slug", "slug", True),
            Field("title", "str", True),
            _many("companies", "companies", role="subject", required=True, table="dispute_companies"),
            _one("regulator", "companies"),
            _many("complainants", "companies", role="complainant", table="dispute_companies"),
            _many("regulations", "regulations", required=True),
            Field("legal_basis", "str", True),
            Field("case_number"),
            Field("status", "choice", True, choices=DISPUTE_STATUSES),
            Field("opened", "date", True),
            Field("decided", "date"),
            Field("announced", "date"),
            Field("fine_eur", "money", label="Fine"),
            Field("summary", "str", True),
            Link("sources", "sources", many=True, required=True, ordered=True, first_column="source_id"),
        ),
        search=("title", "summary", "legal_basis", "case_number"),
        ref_names=("case",),
        not_before=(("decided", "opened"),),
        label="title",
        name_fields=("title", "case_number"),
        date="opened",
        order=("opened", "slug"),
        newest_first=True,
        columns=("title", "companies", "regulator", "status", "fine_eur", "opened", "decided"),
        pane=("title", "status", "fine_eur", "opened"),
        via=(("people", (("quotes", "disputes"), ("quotes", "speaker"))),),
    ),
    Kind(
        "events",
        "event",
        "Events",
        (
            Field("slug", "slug", True),
            Field("date", "date", True),
            Field("kind", "choice", True, choices=EVENT_KINDS),
            Field("title", "str", True),
            Field("description"),
            _many("companies", "companies"),
            _many("regulations", "regulations"),
            _many("disputes", "disputes"),
            _SOURCE,
            Link("other_sources", "sources", many=True, role="other", table="event_sources", ordered=True),
        ),
        search=("title", "description"),
        label="title",
        name_fields=("title",),
        date="date",
        order=("date", "slug"),
        newest_first=True,
        columns=("date", "kind", "title", "companies"),
        pane=("date", "kind", "title"),
        via=(
            ("quotes", (("events", "disputes"), ("quotes", "disputes"))),
            ("people", (("events", "disputes"), ("quotes", "disputes"), ("quotes", "speaker"))),
        ),
    ),
    Kind(
        "quotes",
        "quote",
        "Quotes",
        (
            Field("slug", "slug", True),
            Field("text", "str", True, label="Quote"),
            _one("speaker", "people"),
            _one("organisation", "companies"),
            Field("said", "date", True),
            Field("context", "str", True),
            _many("companies", "companies"),
            _many("regulations", "regulations"),
            _many("disputes", "disputes"),
            _SOURCE,
        ),
        search=("text", "context"),
        label="slug",
        date="said",
        order=("said", "slug"),
        newest_first=True,
        columns=("speaker", "organisation", "text", "said"),
        pane=("Who=speaker|organisation", "text", "said"),
        via=(
            ("companies", (("quotes", "speaker"), ("people", "organisation"))),
            ("events", (("quotes", "disputes"), ("events", "disputes"))),
        ),
        roles=(("said_by", ((("quotes", "organisation"),), (("quotes", "speaker"), ("people", "organisation")))),),
        one_of=(("speaker", "organisation"),),
        title_parts=("speaker|organisation", "said"),
        filter_links=("speaker", "organisation"),
        sub_links=(("speaker", "organisation"),),
    ),
)

_REGISTRY: dict[str, Kind] = {k.table: k for k in MODEL_KINDS}
_generation = [0]


def kinds() -> tuple[Kind, ...]:
    """Every kind, in declaration order."""
    return tuple(_REGISTRY.values())


def kind(table: str) -> Kind:
    return _REGISTRY[table]


def tables() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def generation() -> int:
    """Changes whenever the model does (derived tables cached elsewhere key on it)."""
    return _generation[0]


@contextmanager
def registered(*extra: Kind) -> Iterator[None]:
    """The model with more kinds, for as long as the block runs (used by tests to prove the derivations)."""
    saved = dict(_REGISTRY)
    for k in extra:
        _REGISTRY[k.table] = k
    _generation[0] += 1
    _cached_clear()
    try:
        yield
    finally:
        _REGISTRY.clear()
        _REGISTRY.update(saved)
        _generation[0] += 1
        _cached_clear()


_CACHES: list[list[Any]] = []
T = TypeVar("T")


def cached(function: Callable[[], T]) -> Callable[[], T]:
    """A function of the model whose result is kept until the model changes."""
    box: list[T] = []
    _CACHES.append(box)

    def wrapper() -> T:
        if not box:
            box.append(function())
        return box[0]

    return wrapper


def _cached_clear() -> None:
    for box in _CACHES:
        box.clear()


# Derived names --------------------------------------------------------------------------------------------


def singular(table: str) -> str:
    return _REGISTRY[table].singular if table in _REGISTRY else table.rstrip("s")


def link_table(owner: Kind, link: Link) -> str:
    return link.table or f"{owner.singular}_{link.target}"


def owner_column(owner: Kind) -> str:
    return f"{owner.singular}_id"


def target_column(link: Link) -> str:
    return f"{singular(link.target)}_id"


def one_column(link: Link) -> str:
    return link.column or f"{link.name}_id"


@cached
def write_order() -> tuple[str, ...]:
    """Kinds in an order where every kind comes after the kinds it links to."""
    done: list[str] = []
    pending = [k.table for k in kinds()]
    while pending:
        for table in pending:
            needs = {link.target for link in kind(table).links} | {
                sub.target for link in kind(table).links for sub in link.links
            }
            if needs - {table} <= set(done):
                done.append(table)
                pending.remove(table)
                break
        else:
            raise ValueError(f"the links of {', '.join(pending)} form a cycle")
    return tuple(done)


@dataclass(eq=False, repr=False)  # a declaration, never changed: only __init__ is generated (cheap to import)
class LinkStore:
    """Where a many-link's items live: the table, its two columns and (for shared tables) the role."""

    owner: str
    link: Link
    table: str
    left: str
    right: str
    role: str | None


@cached
def link_stores() -> tuple[LinkStore, ...]:
    """Every many-link of every kind, with its table and columns."""
    result = []
    for k in kinds():
        for link in k.links:
            if link.many:
                table = link_table(k, link)
                shared = sum(1 for other in k.links if other.many and link_table(k, other) == table) > 1
                result.append(
                    LinkStore(k.table, link, table, owner_column(k), target_column(link), link.role if shared else None)
                )
    return tuple(result)


def store_of(owner: str, link_name: str) -> LinkStore:
    for s in link_stores():
        if s.owner == owner and s.link.name == link_name:
            return s
    raise KeyError(f"{owner}.{link_name} is not a list link")


@cached
def ref_prefixes() -> dict[str, str]:
    result: dict[str, str] = {}
    for k in kinds():
        for name in (k.singular, k.table, *k.ref_names):
            result[name] = k.table
    return result
