"""Opening a database: the one function every command and the explorer use."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from regterm.db.schema import APPLICATION, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
ENV_VAR = "REGTERM_DB"


class DatabaseError(Exception):
    """A database that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class DatabaseLocation:
    """Where the database comes from, and why that one was chosen."""

    path: Path
    origin: str  # "option", "environment", "user" or "bundled"

    @property
    def is_bundled(self) -> bool:
        return self.origin == "bundled"


def bundled_database_path() -> Path:
    """The database shipped with regterm: inside the wheel, or data/ in a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "data" / "regterm.db"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "regterm.db"


def user_database_path() -> Path:
    """The user's own database (written by `regterm import`), in the platform's data folder."""
    override = os.environ.get("REGTERM_USER_DB")
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):  # what platformdirs gives, without its import cost on every command
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
        return base / "regterm" / "regterm.db"
    from platformdirs import user_data_path

    return user_data_path("regterm", appauthor=False) / "regterm.db"


def locate_database(explicit: str | os.PathLike[str] | None = None) -> DatabaseLocation:
    """Pick the database: --db, then $REGTERM_DB, then the user's database if it exists, else the bundled one."""
    if explicit:
        return DatabaseLocation(Path(explicit), "option")
    env = os.environ.get(ENV_VAR)
    if env:
        return DatabaseLocation(Path(env), "environment")
    user = user_database_path()
    if user.exists():
        return DatabaseLocation(user, "user")
    return DatabaseLocation(bundled_database_path(), "bundled")


def _validate_file(path: Path) -> None:
    if not path.exists():
        raise DatabaseError(f"database not found: {path}")
    if path.is_dir():
        raise DatabaseError(f"database path is a directory, not a file: {path}")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"cannot read database {path}: {exc.strerror}") from None
    if not header:
        raise DatabaseError(f"database file is empty: {path}")
    if header != SQLITE_HEADER:
        raise DatabaseError(f"not a SQLite database: {path}")


BUSY_TIMEOUT_MS = 60_000  # writers queue on SQLite's lock; a reader waits this long at most


def read_meta(path: Path) -> dict[str, str]:
    """The meta table of a regterm database, read without checking its version; raises DatabaseError."""
    _validate_file(path)
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            rows = {str(k): str(v) for k, v in conn.execute("select key, value from meta").fetchall()}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise DatabaseError(f"not a regterm database (no regterm schema): {path}") from None
    if rows.get("application") != APPLICATION:
        raise DatabaseError(f"not a regterm database (no regterm schema): {path}")
    return rows


def connect_for_write(path: Path, check: bool = True) -> sqlite3.Connection:
    """Open a database for a write transaction: autocommit mode (callers BEGIN IMMEDIATE), busy timeout.

    The journal mode is the file's own (a personal database is created in WAL mode, so the explorer reads while
    an import writes); opening changes nothing in the file.

    The file is opened where it is (a symlink is followed, never replaced); nothing is copied or renamed.
    """
    _validate_file(path)
    try:
        conn = sqlite3.connect(
            f"file:{quote(str(path.resolve()))}?mode=rw", uri=True, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if check:
            check_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot write database {path}: {exc}") from None
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection, failure: str) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT; on any error roll back, and turn SQLite's errors into one DatabaseError line.

    failure: the message's start, e.g. "cannot write PATH" (SQLite's reason and "nothing was changed" follow).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:  # SQLite ends some transactions itself (a full disk)
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise DatabaseError(f"{failure}: {exc}; nothing was changed, the file is as it was") from None
        raise


def check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Raise DatabaseError unless conn holds regterm's schema at the version this code reads."""
    try:
        rows = dict(conn.execute("select key, value from meta").fetchall())
    except sqlite3.DatabaseError:
        raise DatabaseError(f"not a regterm database (no regterm schema): {path}") from None
    if rows.get("application") != APPLICATION:
        raise DatabaseError(f"not a regterm database (no regterm schema): {path}")
    version = rows.get("schema_version")
    if version != str(SCHEMA_VERSION):
        newer = version is not None and version.isdigit() and int(version) > SCHEMA_VERSION
        raise DatabaseError(
            f"database {path} has schema version {version}, this regterm reads version {SCHEMA_VERSION}"
            + ("; upgrade regterm to read it" if newer else "")
        )


def connect(path: Path, *, writable: bool = False, immutable: bool = False) -> sqlite3.Connection:
    """Open path as regterm's database; read-only unless writable. Raises DatabaseError."""
    _validate_file(path)
    mode = "rw" if writable else "ro"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    if immutable and not writable:
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        if not immutable:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        check_schema(conn, path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot open database {path}: {exc}") from None
    return conn


def open_database(
    explicit: str | os.PathLike[str] | None = None,
    notify: Callable[[str], None] | None = None,
) -> tuple[sqlite3.Connection, DatabaseLocation]:
    """Open the database regterm reads from, read-only, after bringing a personal one up to date.

    An older personal database is migrated and the user's own is synced with newer bundled data (see
    db/upgrade.py); notify receives the one-line notices.
    """
    location = locate_database(explicit)
    if notify is not None and not location.is_bundled:  # the bundled database is never upgraded
        from regterm.db.upgrade import prepare

        prepare(location, notify)
    conn = connect(location.path, immutable=location.is_bundled)
    return conn, location


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's count of commits by other connections, as this connection sees it (changes when another
    process writes the file)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])
