"""Keeping a personal database current: schema migrations in place, and the bundled data merged in (sync).

A personal database starts as a copy of the bundled one and then lives on its own. Two things reach it here:
- a newer schema: `migrate` upgrades the file in place, one step per released schema version, in one
  transaction (a failure rolls back and leaves the file as it was);
- a newer bundled data release: `sync` merges the release's new and changed records in one transaction. Records
  the user imported or edited (origin "user") are never overwritten; where the release changed one of them too,
  it is listed as a conflict and the user's version is kept.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regterm.db import model
from regterm.db.connection import (
    DatabaseError,
    DatabaseLocation,
    bundled_database_path,
    connect,
    connect_for_write,
    read_meta,
    write_transaction,
)
from regterm.db.schema import BUNDLED, SCHEMA_VERSION, USER, create_link_table, set_meta

# The entity tables of schema 2, as the migration to it knew them (later kinds are later migrations' business).
V2_ENTITY_TABLES = ("companies", "people", "regulations", "disputes", "events", "quotes", "sources")

if TYPE_CHECKING:
    from regterm.db.records import Record

Notify = Callable[[str], None]

# Schema 1 was released once, in regterm 0.1.0, whose bundled data carried no version: this names it.
V1_DATA_VERSION = "2026-11-28"


def record_hash(data: dict[str, Any]) -> str:
    """A record's fingerprint, as kept in the release manifests (src/regterm/db/releases/)."""
    import hashlib  # only migrations and sync hash records: the explorer's start does not pay for it

    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _release_manifest(name: str) -> dict[str, dict[str, str]]:
    from importlib import resources

    text = resources.files("regterm.db").joinpath("releases", name).read_text(encoding="utf-8")
    manifest: dict[str, dict[str, str]] = json.loads(text)
    return manifest


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Schema 2: provenance on every record, disputes.announced, designations ended/note, event_sources.

    Provenance of a 0.1.0 database: a record identical to 0.1.0's bundled record is bundled; any other (imported,
    or a bundled record the user changed) is the user's.
    """
    from regterm.db.dump import find_record

    for table in V2_ENTITY_TABLES:
        conn.execute(f"alter table {table} add column origin text not null default '{BUNDLED}'")
        conn.execute(f"alter table {table} add column release text")
    conn.execute("alter table disputes add column announced text")
    conn.execute("alter table designations add column ended text")
    conn.execute("alter table designations add column note text")
    create_link_table(conn, "event_sources")
    manifest = _release_manifest("0.1.0.json")
    for kind in V2_ENTITY_TABLES:
        known = manifest.get(kind, {})
        conn.execute(
            f"update {kind} set origin = '{USER}' where slug not in (select value from json_each(?))",
            [json.dumps(sorted(known))],
        )
        for slug, expected in known.items():
            data = find_record(conn, kind, slug)
            if data is None:
                continue
            bundled = record_hash(data) == expected
            conn.execute(
                f"update {kind} set origin = ?, release = ? where slug = ?",
                [BUNDLED if bundled else USER, V1_DATA_VERSION if bundled else None, slug],
            )
    set_meta(conn, "data_version", V1_DATA_VERSION)


# One step per released schema version: MIGRATIONS[n] upgrades a database from version n to n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2}


def schema_version(meta: dict[str, str], path: Path) -> int:
    try:
        return int(meta.get("schema_version", ""))
    except ValueError:
        raise DatabaseError(f"not a regterm database (bad schema version): {path}") from None


def migrate(path: Path, notify: Notify | None = None) -> int:
    """Upgrade path in place to SCHEMA_VERSION, step by step, in one transaction. Returns the old version."""
    conn = connect_for_write(path, check=False)
    try:
        with write_transaction(conn, f"cannot upgrade {path}"):
            version = schema_version(dict(conn.execute("select key, value from meta").fetchall()), path)
            start = version
            missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
            if missing:
                raise DatabaseError(f"database {path} has schema version {version}, which cannot be upgraded")
            if version < SCHEMA_VERSION and notify:
                notify(f"upgrading {path} from schema version {version} to {SCHEMA_VERSION}; your records are kept")
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute("update meta set value = ? where key = 'schema_version'", [str(version)])
        return start
    finally:
        conn.close()


@dataclass
class SyncReport:
    """What a sync did (or, with dry_run, would do), by (kind, slug)."""

    release: str | None
    previous: str | None
    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # the user's version differs from the release's
    kept: list[tuple[str, str]] = field(default_factory=list)  # gone from the release but still referenced

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.updated) + len(self.removed)


def bundled_data_version() -> str | None:
    conn = connect(bundled_database_path(), immutable=True)
    try:
        return _meta_of(conn).get("data_version")
    finally:
        conn.close()


def _meta_of(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute("select key, value from meta").fetchall()}


def is_newer(release: str | None, synced: str | None) -> bool:
    """Data versions are dates (YYYY-MM-DD, optionally .N); None is older than any."""
    if release is None:
        return False
    if synced is None:
        return True

    def key(version: str) -> tuple[str, int]:
        day, _, n = version.partition(".")
        return day, int(n) if n.isdigit() else 0

    return key(release) > key(synced)


def sync(path: Path, dry_run: bool = False) -> SyncReport:
    """Merge the bundled release into the database at path, in one transaction."""
    from regterm.db.dump import _record, find_record
    from regterm.db.records import Record
    from regterm.db.write import Writer

    bundled = connect(bundled_database_path(), immutable=True)
    conn = connect_for_write(path)
    try:
        release = _meta_of(bundled).get("data_version")
        conn.execute("BEGIN IMMEDIATE")
        try:
            report = SyncReport(release, _meta_of(conn).get("data_version"))
            to_write: list[Record] = []
            in_release: dict[str, set[str]] = {}
            for kind in model.write_order():
                cursor = bundled.execute(f"select * from {kind} order by id")
                cursor.row_factory = sqlite3.Row
                slugs = in_release.setdefault(kind, set())
                for row in cursor:
                    theirs = _record(bundled, kind, row)
                    slug = str(theirs["slug"])
                    slugs.add(slug)
                    origin = conn.execute(f"select origin from {kind} where slug = ?", [slug]).fetchone()
                    if origin is None:
                        report.added.append((kind, slug))
                        to_write.append(Record(kind, theirs))
                        continue
                    mine = find_record(conn, kind, slug)
                    if mine == theirs:
                        continue
                    if origin[0] == USER:
                        report.conflicts.append((kind, slug))
                    else:
                        report.updated.append((kind, slug))
                        to_write.append(Record(kind, theirs))
            writer = Writer(conn, BUNDLED, release)
            writer.write(to_write, compare=False)
            for kind in reversed(model.write_order()):
                gone = conn.execute(
                    f"select slug from {kind} where origin = ? and slug not in (select value from json_each(?))",
                    [BUNDLED, json.dumps(sorted(in_release[kind]))],
                ).fetchall()
                for (slug,) in gone:
                    (report.removed if writer.delete(kind, slug) else report.kept).append((kind, slug))
                conn.execute(
                    f"update {kind} set release = ? where origin = ? and slug in (select value from json_each(?))",
                    [release, BUNDLED, json.dumps(sorted(in_release[kind]))],
                )
            if release:
                set_meta(conn, "data_version", release)
            conn.execute("ROLLBACK" if dry_run else "COMMIT")
            return report
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
        bundled.close()


def prepare(location: DatabaseLocation, notify: Notify) -> None:
    """Bring a personal database up to date before it is read: migrate an older schema, sync newer bundled data.

    The user's own database is synced automatically; a database named with --db or REGTERM_DB is only told
    about (`regterm db sync` merges it), since it may be shared.
    """
    path = location.path
    if location.is_bundled or not path.is_file():
        return
    meta = read_meta(path)
    version = schema_version(meta, path)
    if version > SCHEMA_VERSION:
        return  # connect() refuses it with the clear message
    if version < SCHEMA_VERSION:
        migrate(path, notify)
        meta = read_meta(path)
    release = bundled_data_version()
    if "data_version" not in meta or not is_newer(release, meta["data_version"]):
        return  # not made from the bundled data (a database built from other records), or current
    if location.origin != "user":
        notify(
            f"{path} holds bundled data of {meta.get('data_version')}; {release} is installed: run `regterm db sync`"
        )
        return
    report = sync(path)
    notify(
        f"updated {path} to the bundled data of {release}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed; your records and edits were kept"
        + (
            f" ({len(report.conflicts)} changed in both: `regterm db sync --dry-run` lists them)"
            if report.conflicts
            else ""
        )
    )
