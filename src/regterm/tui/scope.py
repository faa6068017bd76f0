"""What narrows the panes besides the selection chain: a date range, and values picked in a facet view.

The range applies to every pane: dated kinds by their own date, companies and regulations through the disputes
and events linked to them that are dated in the range (quotes are left out of that: too many to read quickly).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from regterm.db import model
from regterm.db.queries import Filters
from regterm.db.refs import Ref
from regterm.db.vocabulary import normalise_date

RANGE_THROUGH: dict[str, tuple[str, ...]] = {
    "companies": ("disputes", "events"),
    "regulations": ("disputes", "events"),
}


class RangeError(ValueError):
    """A date range that cannot be used; the message is one line for the user."""


def check_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """(since, until) as ISO dates (YYYY, YYYY-MM or YYYY-MM-DD; empty: open), or RangeError."""
    checked: list[str | None] = []
    for name, value in (("from", since), ("to", until)):
        text = (value or "").strip()
        date = normalise_date(text) if text else None
        if text and date is None:
            raise RangeError(f"'{text}' is not a date ({name}: YYYY, YYYY-MM or YYYY-MM-DD)")
        checked.append(date)
    first, last = checked
    if first and last and first[: len(last)] > last:
        raise RangeError(f"{first} is after {last}")
    return first, last


@dataclass(frozen=True)
class Picked:
    """A value picked in a facet view that narrows one pane: status = open, kind = fine, year = 2024."""

    table: str
    dimension: str
    key: str | int | None  # the stored value (None: records without one)
    label: str


@dataclass(frozen=True)
class Scope:
    since: str | None = None
    until: str | None = None
    picked: tuple[Picked, ...] = ()

    @property
    def has_range(self) -> bool:
        return bool(self.since or self.until)

    def with_range(self, since: str | None, until: str | None) -> Scope:
        return replace(self, since=since, until=until)

    def with_pick(self, pick: Picked) -> Scope:
        kept = tuple(p for p in self.picked if (p.table, p.dimension) != (pick.table, pick.dimension))
        return replace(self, picked=(*kept, pick))

    def filters_for(self, table: str, chain: Iterable[Ref]) -> Filters:
        """A pane is narrowed by every selection in the chain except its own kind's, the range and its picks."""
        filters = Filters.linked_to({ref.table: (ref.slug,) for ref in chain if ref.table != table})
        values = tuple((p.dimension, p.key) for p in self.picked if p.table == table)
        if values:
            filters = replace(filters, values=values)
        if not self.has_range:
            return filters
        through = RANGE_THROUGH.get(table, ())
        if through:
            return replace(filters, since=self.since, until=self.until, active_in=through)
        if model.kind(table).date:
            return replace(filters, since=self.since, until=self.until)
        return filters

    def describe(self) -> str:
        """For the breadcrumb: '2024-03 – 2024-03 · disputes: status open'."""
        parts = []
        if self.since and self.until and self.since == self.until:
            parts.append(f"dated {self.since}")
        elif self.has_range:
            parts.append(f"dated {self.since or '…'} – {self.until or '…'}")
        parts += [f"{p.table}: {p.dimension} {p.label}" for p in self.picked]
        return " · ".join(parts)
