"""`regterm db ...`: build, check and describe the database."""

from __future__ import annotations

from pathlib import Path

import click

from regterm.commands.common import Context, default_output_db, default_records_dir, fail, pass_context


@click.group()
def db() -> None:
    """Build, check and describe the database."""


@db.command()
@click.option(
    "--records",
    "records_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of YAML record files (default: data/records of this checkout).",
)
@click.option(
    "--output",
    "output",
    type=click.Path(path_type=Path),
    default=None,
    help="Database file to write (default: data/regterm.db of this checkout).",
)
def build(records_dir: Path | None, output: Path | None) -> None:
    """Build the database from the YAML records, deterministically.

    \b
    Example:
      regterm db build && regterm db check
    """
    from regterm.db.build import build_from_directory
    from regterm.db.records import RecordError

    records_dir = records_dir or default_records_dir()
    output = output or default_output_db()
    if not records_dir.is_dir():
        fail(f"records folder not found: {records_dir} (pass --records DIR)")
    try:
        records = build_from_directory(records_dir, output)
    except RecordError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(exc.problems)} problem(s) in the records; {output} was not changed", 1)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"built {output} from {records.count()} records", err=True)


@db.command()
@pass_context
def check(ctx: Context) -> None:
    """Validate the database: links resolve, slugs unique, ISO dates, every record sourced.

    Exit 0 when clean; otherwise one problem a line on stdout and exit 1.

    \b
    Example:
      regterm --db my.db db check
    """
    from regterm.db.check import check_database

    conn = ctx.open()
    problems = check_database(conn)
    for problem in problems:
        click.echo(problem)
    if problems:
        fail(f"{len(problems)} problem(s) found", 1)
    click.echo("ok: no problems found", err=True)


@db.command()
@pass_context
def info(ctx: Context) -> None:
    """Print which database is in use, its schema version and record counts.

    \b
    Example:
      regterm db info
    """
    from regterm.db.connection import DatabaseError, locate_database
    from regterm.db.queries import table_counts
    from regterm.db.schema import SCHEMA_VERSION

    location = locate_database(ctx.db)
    conn = ctx.open()
    try:
        counts = table_counts(conn)
    except DatabaseError as exc:
        fail(str(exc))
    click.echo(f"path: {location.path}")
    click.echo(f"origin: {location.origin}")
    click.echo(f"schema version: {SCHEMA_VERSION}")
    for table, count in counts.items():
        click.echo(f"{table}: {count}")


@db.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def reset(ctx: Context, yes: bool) -> None:
    """Delete your own database so that regterm reads the bundled data again.

    \b
    Example:
      regterm db reset --yes
    """
    import sys

    from regterm.db.connection import user_database_path

    target = user_database_path()
    if not target.exists():
        click.echo(f"nothing to reset: {target} does not exist; regterm reads the bundled database", err=True)
        return
    if not yes:
        if not sys.stdin.isatty():
            fail("pass --yes to reset without a prompt")
        click.confirm(f"Delete {target} and every record imported into it?", abort=True, err=True)
    target.unlink()
    click.echo(f"deleted {target}; regterm reads the bundled database again", err=True)
