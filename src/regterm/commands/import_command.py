"""`regterm import FILE...`: add or update records in your own database, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from regterm.commands.common import Context, fail, notice, pass_context

PROGRESS_FROM = 500  # records: a progress bar on stderr (a terminal only) for imports this large

if TYPE_CHECKING:
    from regterm.db.records import RecordSet


def import_target(ctx: Context) -> Path:
    """--db (or REGTERM_DB) when given, else the user's database in the platform's data folder."""
    from regterm.db.connection import user_database_path

    return Path(ctx.db) if ctx.db else user_database_path()


def run_import(ctx: Context, load: Callable[[], RecordSet], prefix: str = "") -> None:
    """Load records and import them into the target, turning every failure into one-line errors.

    Record problems are listed one a line (file:line: record field: what); nothing is written then.
    """
    import sys

    from regterm.db.connection import DatabaseError, DatabaseLocation
    from regterm.db.records import RecordError
    from regterm.db.upgrade import prepare
    from regterm.importer import ImportError_, import_records

    target = import_target(ctx)
    try:
        prepare(DatabaseLocation(target, "option" if ctx.db else "user"), notice)
        records = load()
        if records.count() >= PROGRESS_FROM and sys.stderr.isatty():
            with click.progressbar(length=records.count(), label="importing", file=sys.stderr) as bar:
                result = import_records(records, target, progress=bar.update, notify=notice)
        else:
            result = import_records(records, target, notify=notice)
    except RecordError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(exc.problems)} problem(s); nothing was written to {target}")
    except (ImportError_, DatabaseError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    from regterm.safe_text import one_line

    message = f"{prefix}imported into {result.target}: {result.added} added, {result.updated} updated, "
    click.echo(one_line(f"{message}{result.unchanged} unchanged"), err=True)  # paths are anyone's text


@click.command(
    "import",
    epilog="""\b
Examples:
  regterm import my-records.yaml
  regterm import quotes.csv sources.csv
  regterm import new.json --kind quotes
  regterm --db team.db import decisions.yaml
""",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--kind", help="Kind of record in CSV/TSV files or JSON lists (default: from the file name).")
@pass_context
def command(ctx: Context, files: tuple[Path, ...], kind: str | None) -> None:
    """Import records (the YAML format of data/, or CSV/TSV/JSON of one kind) into your database.

    Your database lives in the platform's data folder (see `regterm db info`) and starts as a copy of
    the bundled data; --db PATH imports into another. Records with a slug that already exists replace
    it, so importing the same file twice changes nothing. One bad record means nothing is written; each
    problem names the file, line and field. The bundled database is never written.
    """
    from regterm.importer import load_files

    run_import(ctx, lambda: load_files(list(files), kind))
