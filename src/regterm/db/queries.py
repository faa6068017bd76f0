"""Read queries shared by the CLI and the explorer, built from the data model (`regterm.db.model`).

Every list is one table spec derived from a kind's declaration: its readable columns (own fields, linked
names and slugs, the source's URL and date), its date column, its default order and the columns its '/'
filter matches. Narrowing to a selection follows the model's links both ways (and the extra paths a kind
declares); every value is a bound parameter, id lists are bound as one JSON array read with json_each.
Rows are streamed from a cursor; callers page with limit/offset and never load whole tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from regterm.db import model
from regterm.db.vocabulary import normalise_date

Sql = tuple[str, list[Any]]  # a fragment and its parameters, in order


def _json_list(values: Sequence[Any]) -> str:
    """A list bound as one parameter, read back with json_each (json is imported only when a list is bound)."""
    import json

    return json.dumps(list(values))


class QueryError(ValueError):
    """A filter or column that does not apply; the message is one line for the user."""


def table_counts(conn: sqlite3.Connection, origin: str | None = None) -> dict[str, int]:
    """Rows per entity table (only those of one origin, 'bundled' or 'user', when given)."""
    where = " where origin = ?" if origin else ""
    return {
        table: conn.execute(f"select count(*) from {table}{where}", [origin] if origin else []).fetchone()[0]
        for table in model.tables()
    }


def all_slugs(conn: sqlite3.Connection, table: str) -> set[str]:
    """Every slug of a kind (small kinds: people, companies)."""
    return {slug for (slug,) in conn.execute(f"select slug from {model.kind(table).table}")}


# Table specs ----------------------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class TableSpec:
    """How to list one table: FROM clause, readable columns, date column, default order, '/' filter columns."""

    name: str  # as the user names it (export TABLE)
    table: str  # in the database
    from_sql: str
    columns: dict[str, str]
    date_column: str | None
    order: str
    name_columns: tuple[str, ...]
    kind: str | None = None  # the record kind listed (None for designations and milestones)
    # for designations and milestones: kind -> column of this table pointing at it
    owners: dict[str, str] = field(default_factory=dict)


def _field_sql(alias: str, f: model.Field) -> str:
    column = f"{alias}.{f.col}"
    if f.type == "strs":
        return f"(select group_concat(value, '; ') from json_each({column}))"
    if f.type == "bool":
        return f"case {column} when 1 then 'yes' when 0 then 'no' end"
    return column


def _singular_of(name: str) -> str:
    """The singular of a link's name: companies -> company, complainants -> complainant, witnesses -> witness."""
    if name in model.tables():
        return model.singular(name)
    if name.endswith("sses"):
        return name[:-2]
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name.removesuffix("s")


def _ref_columns(target: model.Kind) -> tuple[tuple[str, str], ...]:
    return target.ref_columns or (("", target.label), ("slug", "slug"))


def _one_link_columns(prefix: str, target: model.Kind, alias: str, skip_slug: bool = False) -> dict[str, str]:
    columns = {}
    for suffix, name in _ref_columns(target):
        if skip_slug and name == "slug":
            continue
        columns[f"{prefix}_{suffix}" if suffix else prefix] = _field_sql(alias, target.field(name))
    return columns


def _label_sql(alias: str, k: model.Kind) -> str:
    return _field_sql(alias, k.field(k.label))


def _many_link_columns(owner: model.Kind, link: model.Link) -> dict[str, str]:
    store = model.store_of(owner.table, link.name)
    target = model.kind(link.target)
    role = f" and l.role = '{store.role}'" if store.role is not None else ""
    where = f"l.{store.left} = t.id{role}"
    join = f"{store.table} l join {target.table} x on x.id = l.{store.right}"
    slugs = (
        f"(select group_concat(v, '; ') from (select x.slug as v from {join} where {where} "
        f"order by {'l.position' if link.ordered else 'x.slug'}))"
    )
    if target.label in ("title", "slug") and not link.has_items:
        return {link.name: slugs}  # records named by a long title (disputes, sources): their slugs, one `show` away
    label = _label_sql("x", target)
    if link.has_items:
        shown = [f"coalesce(' ' || l.{f.col}, '')" for f in link.fields if f.type in ("str", "date")][:2]
        label = " || ".join([label, *shown])
    columns = {
        link.name: f"(select group_concat(v, '; ') from (select {label} as v from {join} where {where} order by v))"
    }
    if not link.has_items:
        columns[f"{_singular_of(link.name)}_slugs"] = slugs
    return columns


def _order_sql(k: model.Kind, alias: str, names: Sequence[str]) -> str:
    parts = []
    for name in names:
        descending = name.startswith("-")
        f = k.field(name.lstrip("-"))
        collate = " collate nocase" if f.type == "str" else ""
        parts.append(f"{alias}.{f.col}{collate}{' desc' if descending else ''}")
    return ", ".join(parts)


def _kind_spec(k: model.Kind) -> TableSpec:
    joins = [f"{k.table} t"]
    columns: dict[str, str] = {}
    for index, m in enumerate(k.members):
        if isinstance(m, model.Field):
            columns[m.name] = _field_sql("t", m)
        elif isinstance(m, model.Link) and not m.many:
            alias = f"j{index}"
            joins.append(f"left join {m.target} {alias} on {alias}.id = t.{model.one_column(m)}")
            columns.update(_one_link_columns(m.name, model.kind(m.target), alias))
        elif isinstance(m, model.Link):
            columns.update(_many_link_columns(k, m))
            if m.first_column:
                alias = f"j{index}"
                joins.append(f"left join {m.target} {alias} on {alias}.id = t.{m.first_column}")
                columns.update(_one_link_columns(_singular_of(m.name), model.kind(m.target), alias, skip_slug=True))
    columns.update(dict(k.extra))
    if k.date:  # slug, then the date: what a reader of a CSV looks at first
        columns = {"slug": columns["slug"], k.date: columns[k.date]} | columns
    names = tuple(f"t.{k.field(n).col}" for n in (*k.name_fields, "slug"))
    return TableSpec(
        k.table,
        k.table,
        " ".join(joins),
        columns,
        f"t.{k.field(k.date).col}" if k.date else None,
        _order_sql(k, "t", k.order),
        names,
        kind=k.table,
    )


def _item_spec(owner: model.Kind, link: model.Link) -> TableSpec:
    """A many-link whose items carry values (designations), listed as a table of its own."""
    store = model.store_of(owner.table, link.name)
    target = model.kind(link.target)
    joins = [
        f"{store.table} t",
        f"join {owner.table} o on o.id = t.{store.left}",
        f"join {target.table} x on x.id = t.{store.right}",
    ]
    columns = {
        **_one_link_columns(owner.singular, owner, "o"),
        **_one_link_columns(target.singular, target, "x"),
    }
    owners = {owner.table: store.left, target.table: store.right}
    for index, m in enumerate(link.items):
        if isinstance(m, model.Field):
            columns[m.name] = _field_sql("t", m)
        else:
            alias = f"j{index}"
            joins.append(f"left join {m.target} {alias} on {alias}.id = t.{model.one_column(m)}")
            columns.update(_one_link_columns(m.name, model.kind(m.target), alias))
            owners[m.target] = model.one_column(m)
    dates = [f for f in link.fields if f.type == "date"]
    date = f"t.{dates[0].col}" if dates else None
    order = ", ".join([*([date] if date else []), f"{_label_sql('o', owner)} collate nocase", "t.id"])
    return TableSpec(link.name, store.table, " ".join(joins), columns, date, order, ("o.name", "x.name"), None, owners)


def _child_spec(owner: model.Kind, child: model.Child) -> TableSpec:
    column = model.owner_column(owner)
    columns = _one_link_columns(owner.singular, owner, "o")
    columns.update({f.name: _field_sql("t", f) for f in child.fields})
    order = ", ".join([*(f"t.{f.col}" for f in child.fields if f.name in child.order), "t.id"])
    dates = [f for f in child.fields if f.type == "date"]
    return TableSpec(
        child.name,
        child.table,
        f"{child.table} t join {owner.table} o on o.id = t.{column}",
        columns,
        f"t.{dates[0].col}" if dates else None,
        order,
        (f"{_label_sql('o', owner)}",),
        None,
        {owner.table: column},
    )


@model.cached
def specs() -> dict[str, TableSpec]:
    """Every listable table by the name users give it: the kinds, then designations and milestones."""
    result = {k.table: _kind_spec(k) for k in model.kinds()}
    for k in model.kinds():
        for link in k.links:
            if link.has_items:
                result[link.name] = _item_spec(k, link)
        for child in k.children:
            result[child.name] = _child_spec(k, child)
    return result


def spec_for(table: str) -> TableSpec:
    spec = specs().get(table)
    if spec is None:
        raise QueryError(f"unknown table '{table}' (expected one of: {', '.join(specs())})")
    return spec


# Narrowing ------------------------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Step:
    """One hop along a link: from the owner kind to the target (forward) or back (reverse)."""

    owner: str
    link: model.Link
    forward: bool

    @property
    def start(self) -> str:
        return self.owner if self.forward else self.link.target

    @property
    def end(self) -> str:
        return self.link.target if self.forward else self.owner


def _step(at: str, owner: str, link_name: str) -> Step:
    link = model.kind(owner).link(link_name)
    if owner == at:
        return Step(owner, link, True)
    if link.target == at:
        return Step(owner, link, False)
    raise ValueError(f"{owner}.{link_name} does not touch {at}")


@model.cached
def _paths() -> dict[tuple[str, str], tuple[tuple[Step, ...], ...]]:
    """(listed kind, selected kind) -> the ways a row of the first reaches a record of the second."""
    paths: dict[tuple[str, str], list[tuple[Step, ...]]] = {}
    for k in model.kinds():
        for link in k.links:
            paths.setdefault((k.table, link.target), []).append((Step(k.table, link, True),))
            if link.target != k.table:
                paths.setdefault((link.target, k.table), []).append((Step(k.table, link, False),))
    for k in model.kinds():
        for target, route in k.via:
            steps = _route(k.table, route)
            if steps[-1].end != target:
                raise ValueError(f"{k.table}'s path to {target} ends at {steps[-1].end}")
            paths.setdefault((k.table, target), []).append(steps)
    return {key: tuple(value) for key, value in paths.items()}


def links(table: str, kind: str) -> bool:
    """Whether rows of table can be narrowed to those linked to a selection of kind."""
    spec = specs().get(table)
    if spec is not None and spec.kind is None:
        return kind in spec.owners
    return table == kind or (table, kind) in _paths()


def _role(store: model.LinkStore, alias: str = "") -> Sql:
    if store.role is None:
        return "", []
    return f" and {alias}role = ?", [store.role]


def _hop(step: Step, inner: Sql) -> Sql:
    """Ids (column v) of step.start linked through step to the ids (column v) inner selects.

    The ids come first (CROSS JOIN keeps that order), so each is looked up through the index on the linking
    column: SQLite cannot tell how many ids a JSON list holds and would otherwise scan the link table.
    """
    sql, params = inner
    source = f"from ({sql}) s cross join"
    if not step.link.many:
        column = model.one_column(step.link)
        if step.forward:
            return f"select x.id as v {source} {step.owner} x on x.{column} = s.v", params
        return f"select x.{column} as v {source} {step.owner} x on x.id = s.v where x.{column} is not null", params
    store = model.store_of(step.owner, step.link.name)
    role, role_params = _role(store, "l.")
    near, far = (store.left, store.right) if step.forward else (store.right, store.left)
    return f"select l.{near} as v {source} {store.table} l on l.{far} = s.v{role}", [*params, *role_params]


def _path_set(path: tuple[Step, ...], ids: Sql) -> Sql:
    result = ids
    for step in reversed(path):
        result = _hop(step, result)
    return result


def _path_clause(path: tuple[Step, ...], ids: Sql, correlated: bool) -> Sql:
    """A condition on the listed row (alias t) that it is linked through path to the ids."""
    first, rest = path[0], path[1:]
    inner = _path_set(rest, ids) if rest else ids
    sql, params = inner
    if not first.link.many:
        column = model.one_column(first.link)
        if first.forward:
            return f"t.{column} in ({sql})", params
        if correlated:
            return f"exists (select 1 from {first.owner} o where o.{column} = t.id and o.id in ({sql}))", params
    elif correlated:
        store = model.store_of(first.owner, first.link.name)
        role, role_params = _role(store, "l.")
        near, far = (store.left, store.right) if first.forward else (store.right, store.left)
        return (
            f"exists (select 1 from {store.table} l where l.{near} = t.id and l.{far} in ({sql}){role})",
            [*params, *role_params],
        )
    sql, params = _hop(first, inner)
    return f"t.id in ({sql})", params


def _any(clauses: list[Sql]) -> Sql:
    if len(clauses) == 1:
        return clauses[0]
    return "(" + " or ".join(c for c, _ in clauses) + ")", [p for _, ps in clauses for p in ps]


def _ids_json(conn: sqlite3.Connection, kind: str, slugs: Sequence[str]) -> Sql:
    """The ids of the slugs (checked: an unknown slug is a QueryError with close matches)."""
    rows = conn.execute(
        f"select slug, id from {kind} where slug in (select value from json_each(?))", [_json_list(list(slugs))]
    ).fetchall()
    found = {slug: id_ for slug, id_ in rows}
    missing = [s for s in slugs if s not in found]
    if missing:
        import difflib

        every = [slug for (slug,) in conn.execute(f"select slug from {kind}")]
        close = difflib.get_close_matches(missing[0], every, n=4, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise QueryError(f"unknown {model.singular(kind)} '{missing[0]}'{hint}")
    return "select value as v from json_each(?)", [_json_list([found[s] for s in slugs])]


def _is_dense(conn: sqlite3.Connection, table: str, sets: list[Sql]) -> bool:
    """Whether at least 1% of table's rows are linked (counted with a bound, so this stays cheap)."""
    total = conn.execute(f"select coalesce(max(rowid), 0) from {table}").fetchone()[0]
    bound = max(1000, total // 100)
    union = " union all ".join(f"select 1 from ({sql})" for sql, _ in sets)
    params = [p for _, ps in sets for p in ps]
    found = conn.execute(f"select count(*) from ({union} limit ?)", [*params, bound]).fetchone()[0]
    return bool(found >= bound)


def _narrow(conn: sqlite3.Connection, spec: TableSpec, kind: str, slugs: Sequence[str], paged: bool) -> Sql:
    ids = _ids_json(conn, kind, slugs)
    if spec.kind is None:
        column = spec.owners.get(kind)
        if column is None:
            raise QueryError(f"{spec.name} cannot be narrowed by {kind}")
        return f"t.{column} in ({ids[0]})", ids[1]
    if kind == spec.kind:
        return f"t.id in ({ids[0]})", ids[1]
    paths = _paths().get((spec.kind, kind))
    if not paths:
        raise QueryError(f"{spec.name} cannot be narrowed by {kind}")
    sets = linked_sets(spec.kind, kind, ids)
    if paged and _is_dense(conn, spec.table, sets):
        # many rows: a condition on each row lets SQLite walk the date index and stop after one page
        return _any([_path_clause(p, ids, correlated=True) for p in paths])
    # few rows: one set of ids (each way read through its own index), then the rows by id
    return _union_in(sets)


def _union_in(sets: list[Sql]) -> Sql:
    return "t.id in (" + " union ".join(sql for sql, _ in sets) + ")", [p for _, ps in sets for p in ps]


def linked_sets(table: str, kind: str, ids: Sql) -> list[Sql]:
    """For each way rows of table reach records of kind: the ids of table's rows linked to ids."""
    return [_path_set(p, ids) for p in _paths().get((table, kind), ())]


def _narrow_by_link(conn: sqlite3.Connection, spec: TableSpec, link_name: str, slugs: Sequence[str]) -> Sql:
    """Rows linked to the slugs through one named link of the listed kind (or a role it declares)."""
    if spec.kind is None:
        raise QueryError(f"{spec.name} cannot be narrowed by a {link_name}")
    k = model.kind(spec.kind)
    roles = dict(k.roles)
    if link_name in roles:
        paths = [_route(k.table, route) for route in roles[link_name]]
        target = paths[0][-1].end
        ids = _ids_json(conn, target, slugs)
        return _union_in([_path_set(p, ids) for p in paths])
    try:
        link = k.link(link_name)
    except KeyError:
        names = ", ".join([*(link.name for link in k.links), *roles]) or "none"
        raise QueryError(f"{spec.name} have no '{link_name.replace('_', ' ')}' (their links: {names})") from None
    ids = _ids_json(conn, link.target, slugs)
    return _union_in([_path_set((Step(k.table, link, True),), ids)])


def _route(start: str, route: tuple[tuple[str, str], ...]) -> tuple[Step, ...]:
    at, steps = start, []
    for owner, link_name in route:
        step = _step(at, owner, link_name)
        steps.append(step)
        at = step.end
    return tuple(steps)


# Filters ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What narrows a list, by slugs. Each (kind, slugs) pair keeps rows linked to any of its slugs; pairs are
    ANDed (two pairs of one kind: linked to both). `via` pairs narrow by one link of the listed kind only."""

    picked: tuple[tuple[str, tuple[str, ...]], ...] = ()
    via: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (link name, slugs): e.g. ("regulator", ("irish-dpc",))
    slugs: tuple[str, ...] = ()  # the listed table's own slugs
    since: str | None = None
    until: str | None = None
    date_field: str | None = None  # which date since/until apply to (default: the kind's own, e.g. opened)
    status: str | None = None
    search: str | None = None
    text: str | None = None  # the explorer's '/' filter: names, slugs, aliases (quotes: who and text)
    # (field, value) pairs a row must have: a field of the kind (None: no value), or year/month of its date
    values: tuple[tuple[str, str | int | None], ...] = ()
    # with since/until: keep rows linked to records of these kinds dated in the range (not rows dated in it)
    active_in: tuple[str, ...] = ()

    @classmethod
    def linked_to(cls, picked: Mapping[str, Sequence[str]], **values: Any) -> Filters:
        """Filters narrowing to records linked to the picked slugs, by kind."""
        return cls(picked=tuple((kind, tuple(slugs)) for kind, slugs in picked.items() if slugs), **values)

    @classmethod
    def of(cls, **picked: Sequence[str]) -> Filters:
        return cls.linked_to(picked)

    def selections(self) -> dict[str, tuple[str, ...]]:
        result: dict[str, tuple[str, ...]] = {}
        for kind, slugs in self.picked:
            result[kind] = (*result.get(kind, ()), *slugs)
        return result


def _since_key(date: str) -> str:
    """A bound for `column >= key` that also admits dates known only to the month or year.

    A date is taken at its earliest day: '2024-01' is on or after '2024-01-01' but not after '2024-01-15'.
    Trimming trailing '-01's from the bound gives exactly that with a plain comparison, which the
    date index can serve ('2024-01' >= '2024-01', '2023-12' < '2024').
    """
    while date.endswith("-01"):
        date = date[:-3]
    return date


def _pad_until(date: str) -> str:
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _names_like(k: model.Kind, alias: str, like: str) -> Sql:
    columns = [f"{alias}.{k.field(name).col}" for name in (*k.name_fields, "slug")]
    return " or ".join(f"{c} like ? escape '\\'" for c in columns), [like] * len(columns)


MIN_TEXT_WORD = 3  # the '/' filter matches a quote's words from this many letters (one letter matches them all)


def _text_filter(conn: sqlite3.Connection, spec: TableSpec, text: str, paged: bool) -> Sql:
    """The '/' filter: the listed records' names, and for kinds named by others (a quote by its speaker) the
    names of those, and the words of the text. Linked names are looked up in their own (small) tables."""
    like = _like(text)
    if spec.kind is None:
        ors = " or ".join(f"{c} like ? escape '\\'" for c in spec.name_columns)
        return f"({ors})", [like] * len(spec.name_columns)
    k = model.kind(spec.kind)
    terms: list[tuple[str, Sql]] = []  # (column of the listed row, set of values it may take)
    for link_name in k.filter_links:
        link = k.link(link_name)
        target = model.kind(link.target)
        names, params = _names_like(target, "x", like)
        terms.append((f"t.{model.one_column(link)}", (f"select x.id from {target.table} x where {names}", params)))
    for link_name, sub_name in k.sub_links:
        link = k.link(link_name)
        middle = model.kind(link.target)
        sub = middle.link(sub_name)
        target = model.kind(sub.target)
        names, params = _names_like(target, "x", like)
        inner = f"select x.id from {target.table} x where {names}"
        terms.append(
            (
                f"t.{model.one_column(link)}",
                (f"select id from {middle.table} where {model.one_column(sub)} in ({inner})", params),
            )
        )
    fts: Sql | None = None
    if k.search and not k.name_fields and len(text.strip()) >= MIN_TEXT_WORD:
        from regterm.db.search import literal_expression

        fts = (f"{k.table}_fts match ?", [literal_expression(text, prefix=True)])
    own, own_params = _names_like(k, "t", like)
    if not terms and fts is None:
        return f"({own})", own_params
    # The linked names are looked up first (small tables): a filter that names nobody adds nothing.
    looked_up: list[tuple[str, list[Any]]] = []
    for column, (sql, params) in terms:
        ids = [row[0] for row in conn.execute(sql, params)]
        if ids:
            looked_up.append((column, ids))
    sets = [
        (
            f"select id from {k.table} where {column.removeprefix('t.')} in (select value from json_each(?))",
            [_json_list(ids)],
        )
        for column, ids in looked_up
    ]
    if fts is not None:
        sets.append((f"select rowid from {k.table}_fts where {fts[0]}", fts[1]))
    clauses: list[Sql] = []
    if paged and sets and _is_dense(conn, k.table, sets):
        # many rows: conditions on each row ('+': not through an index), so SQLite walks the date index and
        # stops after one page
        clauses = [(f"+{column} in (select value from json_each(?))", [_json_list(ids)]) for column, ids in looked_up]
        if fts is not None:  # the matching rowids once (a probe per row costs a whole prefix query each)
            clauses.append((f"+t.id in (select rowid from {k.table}_fts where {fts[0]})", fts[1]))
    elif sets:
        clauses = [_union_in(sets)]
    if k.name_fields:  # a kind named only by its slug (quotes) is not matched by it: that would scan the table
        clauses.append((f"({own})", own_params))
    return _any(clauses) if clauses else ("0", [])


def _date_column(spec: TableSpec, name: str | None) -> str:
    if name is None:
        if spec.date_column is None:
            raise QueryError(f"--since/--until do not apply to {spec.name} (they have no date)")
        return spec.date_column
    dates = [f.name for f in model.kind(spec.kind).fields if f.type == "date"] if spec.kind else []
    if name not in dates:
        raise QueryError(f"{spec.name} have no date '{name}' (their dates: {', '.join(dates) or 'none'})")
    return f"t.{model.kind(spec.kind).field(name).col}" if spec.kind else name


def _date_range(column: str, since: str | None, until: str | None) -> list[Sql]:
    clauses: list[Sql] = []
    if since:
        clauses.append((f"{column} >= ?", [_since_key(since)]))
    if until:
        clauses.append((f"{column} <= ?", [_pad_until(until)]))
    return clauses


def _active_in(spec: TableSpec, filters: Filters) -> Sql:
    """Rows linked to records of filters.active_in dated in the range (companies with a dispute opened in it)."""
    if spec.kind is None:
        raise QueryError(f"{spec.name} cannot be narrowed by what is linked to them")
    sets: list[Sql] = []
    for kind in filters.active_in:
        dated = spec_for(kind)
        if dated.date_column is None:
            raise QueryError(f"{kind} have no date")
        clauses = _date_range(dated.date_column, filters.since, filters.until)
        ids: Sql = (
            f"select t.id as v from {kind} t where " + " and ".join(c for c, _ in clauses),
            [p for _, ps in clauses for p in ps],
        )
        sets += [ids] if kind == spec.kind else linked_sets(spec.kind, kind, ids)
    return _union_in(sets) if sets else ("0", [])


def _date_part_column(spec: TableSpec, name: str) -> str | None:
    """The date column a year/month dimension reads: the list's own date, or another date field's (decided_year)."""
    if name in ("year", "month"):
        return spec.date_column
    field, _, part = name.rpartition("_")
    dated = _field_of(spec, field) if part in ("year", "month") else None
    return f"t.{dated.col}" if dated is not None and dated.type == "date" else None


def _value_clauses(spec: TableSpec, name: str, value: str | int | None) -> list[Sql]:
    """A row's field equal to value (None: the field is empty), or its date in a year or month."""
    date_column = _date_part_column(spec, name)
    if date_column is not None:
        if value is None:
            return [(f"{date_column} is null", [])]
        if not isinstance(value, str) or normalise_date(value) is None:
            raise QueryError(f"'{value}' is not a {name.rpartition('_')[2]}")
        return _date_range(date_column, value, value)
    field = _field_of(spec, name)
    if field is None or field.type not in ("choice", "str", "bool", "strs", "int", "money", "date"):
        raise QueryError(f"{spec.name} have no field '{name}' to pick a value of")
    column = f"t.{field.col}"
    if field.type == "strs":
        if value is None:
            return [(f"coalesce(json_array_length({column}), 0) = 0", [])]
        return [(f"exists (select 1 from json_each({column}) where value = ?)", [value])]
    if value is None:
        return [(f"{column} is null", [])]
    return [(f"{column} = ?", [value])]


def build_where(conn: sqlite3.Connection, table: str, filters: Filters, paged: bool = False) -> Sql:
    """The WHERE clause (or '') and its parameters for table under filters (paged: one page is wanted)."""
    spec = spec_for(table)
    clauses: list[Sql] = []
    if filters.slugs:
        if spec.kind is None:
            raise QueryError(f"{spec.name} have no slugs")
        clauses.append(("t.slug in (select value from json_each(?))", [_json_list(list(filters.slugs))]))
    for kind, slugs in filters.picked:
        if kind not in model.tables():
            raise QueryError(f"unknown kind '{kind}'")
        clauses.append(_narrow(conn, spec, kind, slugs, paged))
    for link_name, slugs in filters.via:
        clauses.append(_narrow_by_link(conn, spec, link_name, slugs))
    if (filters.since or filters.until) and filters.active_in:
        clauses.append(_active_in(spec, filters))
    elif filters.since or filters.until:
        column = _date_column(spec, filters.date_field)
        clauses += _date_range(column, filters.since, filters.until)
    for name, value in filters.values:
        clauses += _value_clauses(spec, name, value)
    if filters.status:
        if "status" not in spec.columns or spec.kind is None:
            raise QueryError(f"--status applies to disputes, not to {spec.name}")
        clauses.append(("t.status = ?", [filters.status]))
    if filters.search:
        if spec.kind is None or not model.kind(spec.kind).search:
            raise QueryError(f"--search does not apply to {spec.name}")
        from regterm.db.search import fts_expression

        expression = fts_expression(conn, spec.table, filters.search)
        clauses.append((f"t.id in (select rowid from {spec.table}_fts where {spec.table}_fts match ?)", [expression]))
    if filters.text:
        clauses.append(_text_filter(conn, spec, filters.text, paged))
    if not clauses:
        return "", []
    return " where " + " and ".join(c for c, _ in clauses), [p for _, ps in clauses for p in ps]


# Reading ----------------------------------------------------------------------------------------------------


def columns_for(table: str, wanted: Sequence[str] | None = None) -> list[str]:
    """The export columns of table (all, or the wanted ones, checked)."""
    available = list(spec_for(table).columns)
    if not wanted:
        return available
    unknown = [c for c in wanted if c not in available]
    if unknown:
        raise QueryError(f"unknown column '{unknown[0]}' for {table} (available: {', '.join(available)})")
    return list(wanted)


def readable_columns(table: str) -> list[str]:
    """What a table on a terminal shows unless asked for more: the slug and the kind's readable list
    (`Kind.columns`); a table of items (designations, milestones) shows all of its columns."""
    spec = spec_for(table)
    if spec.kind is None:
        return list(spec.columns)
    wanted = ["slug", *model.kind(spec.kind).columns]
    return [c for c in dict.fromkeys(wanted) if c in spec.columns]


def select_sql(
    conn: sqlite3.Connection,
    table: str,
    filters: Filters = Filters(),
    columns: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
    sort: Sequence[str] = (),
) -> Sql:
    """The SELECT (and its parameters) that iter_rows runs."""
    spec = spec_for(table)
    names = columns_for(table, columns)
    where, params = build_where(conn, table, filters, paged=limit is not None)
    select = ", ".join(f'{spec.columns[n]} as "{n}"' for n in names)
    order = spec.order
    if newest_first and spec.date_column:
        order = f"{spec.date_column} desc, t.{'slug' if spec.kind else 'id'}"
    if sort:
        order = f"{sort_sql(spec, sort)}, {order}"
    sql = f"select {select} from {spec.from_sql}{where} order by {order}"
    if limit is not None:
        sql += " limit ? offset ?"
        params = [*params, limit, offset]
    return sql, params


def sort_sql(spec: TableSpec, sort: Sequence[str]) -> str:
    """ORDER BY terms for sort keys ('col' ascending, '-col' descending): dates as dates (a date known only to the
    month or year before the days of that month or year), money as numbers, text without case, missing last."""
    terms = []
    for key in sort:
        name = key.lstrip("-+")
        if name not in spec.columns:
            raise QueryError(f"cannot sort {spec.name} by '{name}' (columns: {', '.join(spec.columns)})")
        expression = spec.columns[name]
        field = _field_of(spec, name)
        if field is None or not field.required:
            terms.append(f"({expression}) is null")
        text = field is None or field.type in ("str", "strs", "choice", "url")
        terms.append(f"{expression}{' collate nocase' if text else ''}{' desc' if key.startswith('-') else ''}")
    return ", ".join(terms)


def _field_of(spec: TableSpec, column: str) -> model.Field | None:
    if spec.kind is None:
        return None
    try:
        return model.kind(spec.kind).field(column)
    except KeyError:
        return None


def iter_rows(
    conn: sqlite3.Connection,
    table: str,
    filters: Filters = Filters(),
    columns: Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
    sort: Sequence[str] = (),
) -> Iterator[tuple[Any, ...]]:
    """Stream rows of table as tuples in the order of columns_for(table, columns)."""
    sql, params = select_sql(conn, table, filters, columns, limit, offset, newest_first, sort)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: no sqlite3.Row built per row
    cursor.execute(sql, params)
    cursor.arraysize = 500
    while True:
        batch = cursor.fetchmany()
        if not batch:
            return
        yield from batch


def count_rows(conn: sqlite3.Connection, table: str, filters: Filters = Filters()) -> int:
    """How many rows iter_rows would give without a limit."""
    spec = spec_for(table)
    where, params = build_where(conn, table, filters)
    # No WHERE clause refers to a joined table, so count the table alone (items and children: their owners).
    base = f"{spec.table} t" if spec.kind else spec.from_sql
    return int(conn.execute(f"select count(*) from {base}{where}", params).fetchone()[0])


def find_records(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """Records whose name, slug or alias contains text: (table, slug, label), names first, then others."""
    like = _like(text)
    found: list[tuple[str, str, str]] = []
    for k in sorted(model.kinds(), key=lambda k: (not k.name_fields, k.table == "sources")):
        if k.table == "sources":
            continue
        label = title_sql(k)
        where, params = _names_like(k, "t", like)
        if not k.name_fields and k.search:
            where = f"{where} or t.{k.search_fields[0].col} like ? escape '\\'"
            params = [*params, like]
        sql = f"select t.slug, {label[0]} from {k.table} t{label[1]} where {where} order by length({label[0]}) limit ?"
        found.extend((k.table, slug, lab) for slug, lab in conn.execute(sql, [*params, limit]))
        if len(found) >= limit:
            break
    return found[:limit]


def title_sql(k: model.Kind) -> tuple[str, str]:
    """(expression, joins to add after `FROM <table> t`) giving a record's one-line title, as `render.title_of`."""
    joins = [""]
    parts = []
    for index, part in enumerate(k.parts):
        options: list[str] = []
        for name in part.split("|"):
            member = k.member(name)
            if isinstance(member, model.Link):
                alias = f"p{index}{len(options)}"
                target = model.kind(member.target)
                joins.append(f"left join {target.table} {alias} on {alias}.id = t.{model.one_column(member)}")
                options.append(_label_sql(alias, target))
            elif isinstance(member, model.Field):
                options.append(_field_sql("t", member))
        alternatives = ", ".join([*options, "''"])
        parts.append(f"coalesce({alternatives})")
    return " || ', ' || ".join(parts), " ".join(joins)
