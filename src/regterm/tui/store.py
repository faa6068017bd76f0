"""The explorer's access to the data layer.

Workers run in short-lived threads, so connections are pooled rather than kept per thread: a new
connection starts with a cold page cache, which on a big database costs more than the query itself.
A connection is used by one thread at a time (check_same_thread is off for exactly this).
"""

from __future__ import annotations

import os
import queue
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from regterm.db.connection import DatabaseError, DatabaseLocation, connect, data_version
from regterm.db.model import kinds
from regterm.db.queries import Filters, count_rows, find_records, iter_rows
from regterm.db.refs import Ref, resolve

if TYPE_CHECKING:  # detail, search and stats are imported when first used: the first frame needs none
    from regterm.db.search import Hit
    from regterm.db.stats import Facets


class Store:
    """Queries for the explorer; every method may run in a worker thread."""

    DETAIL_LIMIT = 25

    def __init__(self, location: DatabaseLocation) -> None:
        self.location = location
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._watch: sqlite3.Connection | None = None

    @contextmanager
    def conn(self) -> Iterator[sqlite3.Connection]:
        """A connection of the pool for the duration of a with-block."""
        try:
            connection = self._idle.get_nowait()
        except queue.Empty:
            connection = connect(self.location.path, immutable=self.location.is_bundled)
        try:
            yield connection
        finally:
            self._idle.put(connection)

    def state(self) -> tuple[int, int] | None:
        """What changes when another process writes the database: (its inode, SQLite's data_version as seen by
        a dedicated connection), or None when the file is gone (deleted or reset)."""
        if self.location.is_bundled:
            return (0, 0)
        try:
            inode = os.stat(self.location.path).st_ino
            if self._watch is None:
                self._watch = connect(self.location.path)
            return inode, data_version(self._watch)
        except (OSError, DatabaseError, sqlite3.Error):
            return None

    def page(
        self,
        table: str,
        filters: Filters,
        columns: Sequence[str],
        offset: int,
        limit: int,
        sort: Sequence[str] = (),
    ) -> list[tuple[Any, ...]]:
        """A page of rows in the pane's order, or sorted by sort keys first ('-fine_eur': largest first)."""
        with self.conn() as conn:
            return self.page_on(conn, table, filters, columns, offset, limit, sort)

    def page_within(
        self,
        table: str,
        filters: Filters,
        columns: Sequence[str],
        limit: int,
        seconds: float,
        sort: Sequence[str] = (),
    ) -> list[tuple[Any, ...]] | None:
        """The first page if SQLite reads it within `seconds`, else None (the caller uses a worker).

        Lets the main thread show quick pages at once without ever blocking on a slow query: a
        progress handler interrupts the query when its time is up.
        """
        deadline = time.perf_counter() + seconds
        with self.conn() as conn:
            conn.set_progress_handler(lambda: int(time.perf_counter() > deadline), 2000)
            try:
                return self.page_on(conn, table, filters, columns, 0, limit, sort)
            except sqlite3.OperationalError as exc:
                if "interrupted" not in str(exc):
                    raise
                return None
            finally:
                conn.set_progress_handler(None, 0)

    NEWEST_FIRST = tuple(k.table for k in kinds() if k.newest_first)  # the panes' order; an export keeps it

    @classmethod
    def page_on(
        cls,
        conn: sqlite3.Connection,
        table: str,
        filters: Filters,
        columns: Sequence[str],
        offset: int,
        limit: int,
        sort: Sequence[str] = (),
    ) -> list[tuple[Any, ...]]:
        newest_first = table in cls.NEWEST_FIRST
        return list(iter_rows(conn, table, filters, columns, limit, offset, newest_first=newest_first, sort=sort))

    def count(self, table: str, filters: Filters) -> int:
        with self.conn() as conn:
            return count_rows(conn, table, filters)

    def detail(self, ref: Ref) -> dict[str, Any]:
        """A record for the Detail pane: linked lists capped, so a record linked to a million stays quick."""
        from regterm.db.detail import record_detail

        with self.conn() as conn:
            return record_detail(conn, ref, limit=self.DETAIL_LIMIT)

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        from regterm.db.search import search

        with self.conn() as conn:
            return search(conn, query, limit=limit)

    def resolve(self, text: str) -> Ref:
        with self.conn() as conn:
            return resolve(conn, text)

    def find(self, text: str, limit: int = 20) -> list[tuple[Ref, str]]:
        with self.conn() as conn:
            return [(Ref(table, slug), label) for table, slug, label in find_records(conn, text, limit)]

    def rows_for_export(
        self, table: str, filters: Filters, columns: Sequence[str], sort: Sequence[str] = ()
    ) -> Iterator[tuple[Any, ...]]:
        """Stream every matching row in the pane's order, holding one connection until the export has read them all."""
        with self.conn() as conn:
            yield from iter_rows(conn, table, filters, columns, newest_first=table in self.NEWEST_FIRST, sort=sort)

    def facets(self, table: str, by: str, filters: Filters, limit: int = 500) -> Facets:
        """Counts per value of one dimension (and the total of fines where a kind has them), with each value's key."""
        from regterm.db.model import kind
        from regterm.db.stats import facets

        money = next((f.name for f in kind(table).fields if f.type == "money"), None)
        with self.conn() as conn:
            return facets(conn, table, (by,), money, filters, limit, with_keys=True)
