"""The explorer's access to the data layer: one read-only connection per thread, so workers never share one."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from regterm.db.connection import DatabaseLocation, connect
from regterm.db.detail import record_detail
from regterm.db.queries import Filters, count_rows, find_records, iter_rows
from regterm.db.refs import Ref, resolve
from regterm.db.search import Hit, search


class Store:
    """Queries for the explorer; every method may run in a worker thread."""

    def __init__(self, location: DatabaseLocation) -> None:
        self.location = location
        self._local = threading.local()

    @property
    def path(self) -> Path:
        return self.location.path

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.location.path, immutable=self.location.is_bundled)
            self._local.conn = conn
        return conn

    def page(
        self, table: str, filters: Filters, columns: Sequence[str], offset: int, limit: int
    ) -> list[tuple[Any, ...]]:
        newest_first = table in ("disputes", "quotes")
        return list(iter_rows(self.conn(), table, filters, columns, limit, offset, newest_first=newest_first))

    def count(self, table: str, filters: Filters) -> int:
        return count_rows(self.conn(), table, filters)

    DETAIL_LIMIT = 25

    def detail(self, ref: Ref) -> dict[str, Any]:
        """A record for the Detail pane: linked lists capped, so a record linked to a million stays quick."""
        return record_detail(self.conn(), ref, limit=self.DETAIL_LIMIT)

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        return search(self.conn(), query, limit=limit)

    def resolve(self, text: str) -> Ref:
        return resolve(self.conn(), text)

    def find(self, text: str, limit: int = 20) -> list[tuple[Ref, str]]:
        return [(Ref(table, slug), label) for table, slug, label in find_records(self.conn(), text, limit)]

    def rows_for_export(self, table: str, filters: Filters, columns: Sequence[str]) -> Any:
        return iter_rows(self.conn(), table, filters, columns)
