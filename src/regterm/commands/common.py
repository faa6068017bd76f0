"""What every command shares: the one-line error, the --db context and the source-checkout paths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from regterm.output import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A one-line error for the user: printed to stderr, exit code 2 unless told otherwise."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        from regterm.safe_text import one_line

        click.echo(f"regterm: error: {one_line(self.format_message())}", err=True)  # quoted input shown as text


def fail(message: str, exit_code: int = 2) -> NoReturn:
    raise CliError(message, exit_code)


def notice(message: str) -> None:
    """A one-line notice on stderr (upgrades, syncs); text from data or paths is escaped."""
    from regterm.safe_text import one_line

    click.echo(f"regterm: {one_line(message)}", err=True)


class Context:
    """What the root command passes down: the --db choice (and the explorer's --since/--until)."""

    def __init__(self, db: str | None, since: str | None = None, until: str | None = None) -> None:
        self.db = db
        self.since = since
        self.until = until

    def open(self) -> Any:
        """Open the database read-only (a personal one brought up to date first), or fail with one line."""
        from regterm.db.connection import DatabaseError, open_database

        try:
            conn, _ = open_database(self.db, notify=notice)
        except DatabaseError as exc:
            fail(str(exc))
        return conn


pass_context = click.make_pass_decorator(Context)


def default_records_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "data" / "records"


def default_output_db() -> Path:
    return Path(__file__).resolve().parents[3] / "data" / "regterm.db"


def check_date(value: str | None, option: str) -> str | None:
    """A user's --since/--until as ISO 8601, or a one-line error."""
    if value is None:
        return None
    from regterm.db.vocabulary import normalise_date

    date = normalise_date(value.strip())
    if date is None:
        fail(f"{option} '{value}' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return date


def resolve_ref(conn: Any, text: str) -> Any:
    """Resolve a REF or fail with exit 2 listing close candidates."""
    from regterm.db.refs import RefError, resolve

    try:
        return resolve(conn, text)
    except RefError as exc:
        fail(str(exc))


def choose_format(fmt: str | None) -> str:
    from regterm.output import default_format

    return fmt or default_format()


FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: table on a terminal, csv in a pipe).",
)
