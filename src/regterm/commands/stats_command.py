"""`regterm stats TABLE --by FIELD`: counts and totals of a list, grouped, with export's filters."""

from __future__ import annotations

from typing import Any

import click

from regterm.commands.common import FORMAT_OPTION, Context, choose_format, fail, pass_context
from regterm.commands.selection import filters_from, selection_options


@click.command(
    "stats",
    epilog="""\b
Examples:
  regterm stats disputes --by status
  regterm stats disputes --by company --sum fine_eur | head
  regterm stats disputes --by regulator --by status
  regterm stats disputes --regulation dma --since 2025 --until 2025 --by year --sum fine_eur
  regterm stats events --since 2024-03 --until 2024-03 --by kind
  regterm stats quotes --by speaker --company apple
""",
)
@click.argument("table", metavar="TABLE")
@click.option(
    "--by",
    "by",
    multiple=True,
    required=True,
    metavar="FIELD",
    help="Group by FIELD: a field (status, kind), a link (regulator, company, regulation, speaker), or year or "
    "month (repeatable: one row per combination). A record linked to several companies counts under each.",
)
@click.option("--sum", "total", metavar="FIELD", help="Also total this number per group (fine_eur), exactly.")
@click.option("--limit", type=click.IntRange(1, 1_000_000), help="At most this many groups (the largest first).")
@selection_options
@FORMAT_OPTION
@pass_context
def command(
    ctx: Context,
    /,
    table: str,
    by: tuple[str, ...],
    total: str | None,
    limit: int | None,
    fmt: str | None,
    **options: Any,
) -> None:
    """Count the rows of TABLE (and total a number) per value of each --by FIELD, largest first.

    Takes export's filters. Exit 0 with groups, 1 when the filters match nothing, 2 on bad input.
    """
    from regterm.db.model import tables
    from regterm.db.queries import QueryError
    from regterm.db.stats import facets
    from regterm.output import write_rows

    table = table.lower()
    if table not in tables():
        fail(f"unknown table '{table}' (expected one of: {', '.join(tables())})")
    filters = filters_from(options)
    conn = ctx.open()
    try:
        result = facets(conn, table, tuple(b.lower() for b in by), total, filters, limit)
    except QueryError as exc:
        fail(str(exc))
    count = write_rows(result.rows, result.columns, choose_format(fmt))
    if count == 0:
        click.echo(f"no {table} match these filters", err=True)
        raise SystemExit(1)
