"""`regterm export TABLE`: rows of one table, filtered, in a format for pipes."""

from __future__ import annotations

import itertools
from typing import Any

import click

from regterm.commands.common import FORMAT_OPTION, Context, choose_format, fail, pass_context
from regterm.commands.selection import filters_from, selection_options


def _split_columns(value: str | None) -> list[str] | None:
    if value is None or value.strip().lower() == "all":
        return None
    columns = [c.strip() for c in value.split(",") if c.strip()]
    if not columns:
        fail("--columns needs at least one column name")
    return columns


@click.command(
    "export",
    epilog="""\b
Examples:
  regterm export disputes --company apple --format csv
  regterm export quotes --regulation dma --since 2024-01 --format jsonl | jq .text
  regterm export disputes --status decided --columns slug,title,fine_eur --format markdown
  regterm export events --company meta --search "pay or consent"
  regterm export disputes --regulator irish-dpc --columns slug,title,fine_eur
  regterm export quotes --speaker daniel-ek --format jsonl
  regterm export designations --regulation dma
  regterm export disputes --sort -fine_eur --columns title,companies,regulations,fine_eur | head
  regterm export quotes --said-by spotify --about apple
  regterm export quotes --for-spreadsheet > quotes.csv
""",
)
@click.argument("table", metavar="TABLE")
@selection_options
@click.option(
    "--columns",
    metavar="A,B,C",
    help="Only these columns, in this order; 'all' for every column. Default: every column, except in a table "
    "on a terminal, which shows the slug and the kind's readable columns.",
)
@click.option(
    "--sort",
    "sort",
    multiple=True,
    metavar="[-]COLUMN",
    help="Order by COLUMN (-COLUMN: descending; repeatable: then by the next). Dates as dates, money as "
    "numbers, missing values last.",
)
@FORMAT_OPTION
@click.option(
    "--for-spreadsheet",
    "spreadsheet",
    is_flag=True,
    help="CSV/TSV to open in a spreadsheet: cells starting with = + - @ get a leading ' so they are never "
    "run as formulas (default format then csv). Without it, cells are written as they are, for pipes.",
)
@pass_context
def command(
    ctx: Context,
    /,
    table: str,
    columns: str | None,
    sort: tuple[str, ...],
    fmt: str | None,
    spreadsheet: bool,
    **options: Any,
) -> None:
    """Export TABLE (companies, people, regulations, disputes, events, quotes, sources, designations,
    milestones) to stdout.

    Rows carry readable linked fields: company and regulation names and slugs, the source's URL and
    date. Exit 0 with rows, 1 when the filters match nothing (the header is still written), 2 on bad input.
    """
    from regterm.db.queries import QueryError, columns_for, iter_rows, readable_columns, specs
    from regterm.output import write_rows

    table = table.lower()
    if table not in specs():
        fail(f"unknown table '{table}' (expected one of: {', '.join(specs())})")
    filters = filters_from(options)
    fmt = (fmt or "csv") if spreadsheet else choose_format(fmt)
    conn = ctx.open()
    try:
        wanted = _split_columns(columns)
        if columns is None and fmt == "table":
            wanted = readable_columns(table)  # a table is read on a terminal: the columns a reader wants
        names = columns_for(table, wanted)
        rows = iter_rows(conn, table, filters, names, sort=sort)
        first = next(rows, None)
    except QueryError as exc:
        fail(str(exc))
    if spreadsheet and fmt not in ("csv", "tsv"):
        fail(f"--for-spreadsheet applies to csv and tsv, not {fmt}")
    chained = itertools.chain([first], rows) if first is not None else []
    count = write_rows(chained, names, fmt, spreadsheet=spreadsheet, trim=columns is None)
    if count == 0:
        click.echo(f"no {table} match these filters", err=True)
        raise SystemExit(1)
