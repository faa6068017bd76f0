"""`regterm db ...`: build, check and describe the database."""

from __future__ import annotations

from pathlib import Path

import click

from regterm.commands.common import Context, default_output_db, default_records_dir, fail, notice, pass_context


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
    help="Database file to write (default: data/regterm.db of this checkout). Must not exist, unless --force.",
)
@click.option("--force", is_flag=True, help="Replace an existing --output file; allow a build with no records.")
def build(records_dir: Path | None, output: Path | None, force: bool) -> None:
    """Build the database from the YAML records, deterministically.

    \b
    Example:
      regterm db build && regterm db check
      regterm db build --records my-records/ --output team.db
    """
    from regterm.db.build import EmptyBuild, build_from_directory
    from regterm.db.connection import bundled_database_path
    from regterm.db.records import RecordError

    checkout_db = default_output_db()
    records_dir = records_dir or default_records_dir()
    target = output or checkout_db
    if not records_dir.is_dir():
        fail(f"records folder not found: {records_dir} (pass --records DIR)")
    installed = bundled_database_path()
    if target.resolve() == installed.resolve() and installed.resolve() != checkout_db.resolve():
        fail(f"{target} is the installed bundled database and is never written; pass --output PATH")
    if target.is_dir():
        fail(f"cannot write {target}: it is a directory; pass --output FILE")
    if output is not None and output.exists() and not force:
        fail(f"{output} exists; pass --force to replace it (or choose another --output)")
    try:
        records = build_from_directory(records_dir, target, allow_empty=force)
    except EmptyBuild as exc:
        fail(f"{exc}; {target} was not changed (pass --force to build an empty database)")
    except RecordError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(exc.problems)} problem(s) in the records; {target} was not changed", 1)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    click.echo(f"built {target} from {records.count()} records", err=True)


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
    """Print which database is in use, its schema and data versions, and record counts (yours in brackets).

    \b
    Example:
      regterm db info
    """
    from regterm.db.connection import DatabaseError, locate_database, read_meta
    from regterm.db.queries import table_counts
    from regterm.db.schema import USER
    from regterm.db.upgrade import bundled_data_version

    location = locate_database(ctx.db)
    conn = ctx.open()
    try:
        counts = table_counts(conn)
        meta = read_meta(location.path)
        mine = table_counts(conn, origin=USER)
    except DatabaseError as exc:
        fail(str(exc))
    click.echo(f"path: {location.path}")
    click.echo(f"origin: {location.origin}")
    click.echo(f"schema version: {meta.get('schema_version')}")
    click.echo(f"data version: {meta.get('data_version', 'none')}")
    click.echo(f"bundled data version: {bundled_data_version() or 'none'}")
    click.echo(f"your records: {sum(mine.values())}")
    for table, count in counts.items():
        click.echo(f"{table}: {count}" + (f" ({mine[table]} yours)" if mine[table] else ""))


def _target(ctx: Context) -> tuple[Path, str]:
    """The database a writing db command acts on: --db / REGTERM_DB, else your own database."""
    from regterm.db.connection import user_database_path

    return (Path(ctx.db), "option") if ctx.db else (user_database_path(), "user")


@db.command()
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@pass_context
def sync(ctx: Context, dry_run: bool) -> None:
    """Merge the installed bundled data into your database (or --db): new and changed records.

    Your own records and your edits of bundled records are kept; where the release changed a record you edited,
    it is listed as a conflict and yours stays. Your own database is synced automatically on first use after an
    upgrade; this command does it for a --db database, or shows what would change.

    \b
    Example:
      regterm db sync --dry-run
      regterm --db team.db db sync
    """
    from regterm.db.connection import DatabaseError, bundled_database_path
    from regterm.db.model import singular
    from regterm.db.upgrade import migrate, sync

    target, _ = _target(ctx)
    if not target.exists():
        fail(f"nothing to sync: {target} does not exist; regterm reads the bundled database")
    if target.resolve() == bundled_database_path().resolve():
        fail(f"{target} is the bundled database; there is nothing to merge into it")
    try:
        migrate(target, notice)  # an older schema is upgraded first (a no-op when current)
        report = sync(target, dry_run=dry_run)
    except DatabaseError as exc:
        fail(str(exc))

    for label, items in (
        ("add", report.added),
        ("update", report.updated),
        ("remove", report.removed),
        ("keep yours (differs from the release)", report.conflicts),
        ("keep (gone from the release, still linked)", report.kept),
    ):
        for kind, slug in items:
            click.echo(f"{label}: {singular(kind)}:{slug}")
    verb = "would change" if dry_run else "changed"
    click.echo(
        f"{target}: data {report.previous or 'none'} -> {report.release or 'none'}: {verb} {report.changes} record(s) "
        f"({len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed); "
        f"{len(report.conflicts)} of your edits kept",
        err=True,
    )


@db.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def reset(ctx: Context, yes: bool) -> None:
    """Delete your own database (or the one --db / REGTERM_DB names) and every record imported into it.

    Without --db, regterm reads the bundled data again afterwards.

    \b
    Example:
      regterm db reset --yes
      regterm --db scratch.db db reset --yes
    """
    import sys

    from regterm.db.connection import DatabaseError, bundled_database_path, read_meta

    target, origin = _target(ctx)
    if not target.exists():
        click.echo(f"nothing to reset: {target} does not exist", err=True)
        return
    if target.resolve() == bundled_database_path().resolve():
        fail(f"{target} is the bundled database and is never deleted")
    try:
        read_meta(target)
    except DatabaseError as exc:
        fail(f"refusing to delete {target}: {exc}")
    if not yes:
        if not sys.stdin.isatty():
            fail(f"pass --yes to delete {target} without a prompt")
        click.confirm(f"Delete {target} and every record imported into it?", abort=True, err=True)
    try:
        target.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    except OSError as exc:
        fail(f"cannot delete {target}: {exc.strerror or exc}")
    after = "; regterm reads the bundled database again" if origin == "user" else ""
    click.echo(f"deleted {target}{after}", err=True)
