"""`regterm export TABLE`: rows of one table, filtered, in a format for pipes."""

from __future__ import annotations

import itertools
from typing import Any

import click

from regterm.commands.common import FORMAT_OPTION, Context, check_date, choose_format, fail, pass_context

# Selections by kind (any link) and by one named link of the listed kind, as (option, kind or link, help).
KIND_OPTIONS = (
    ("--company", "companies", "Only rows linked to this company, in any role (repeatable)."),
    ("--regulation", "regulations", "Only rows linked to this regulation (repeatable)."),
    ("--dispute", "disputes", "Only rows linked to this dispute (repeatable)."),
    ("--person", "people", "Only rows linked to this person (repeatable)."),
    ("--event", "events", "Only rows linked to this event (repeatable)."),
)
LINK_OPTIONS = (
    ("--regulator", "regulator", "Disputes decided by this authority or court (repeatable)."),
    ("--complainant", "complainants", "Disputes brought by this company (repeatable)."),
    ("--speaker", "speaker", "Quotes said by this person (repeatable)."),
    ("--organisation", "organisation", "Quotes or people of this organisation (repeatable)."),
)


def _selection_options(function: Any) -> Any:
    for option, dest, text in reversed((*KIND_OPTIONS, *LINK_OPTIONS)):
        function = click.option(option, dest.replace("-", "_"), multiple=True, metavar="SLUG", help=text)(function)
    return function


def _split_columns(value: str | None) -> list[str] | None:
    if value is None:
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
  regterm export quotes --for-spreadsheet > quotes.csv
""",
)
@click.argument("table", metavar="TABLE")
@_selection_options
@click.option("--since", metavar="DATE", help="Only rows dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only rows dated on or before DATE.")
@click.option("--status", metavar="STATUS", help="Disputes only: open, decided, appealed, closed, settled, annulled.")
@click.option("--search", metavar="TEXT", help="Only rows whose text matches TEXT (full-text).")
@click.option("--columns", metavar="A,B,C", help="Only these columns, in this order.")
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
    since: str | None,
    until: str | None,
    status: str | None,
    search: str | None,
    columns: str | None,
    fmt: str | None,
    spreadsheet: bool,
    **selected: tuple[str, ...],
) -> None:
    """Export TABLE (companies, people, regulations, disputes, events, quotes, sources, designations,
    milestones) to stdout.

    Rows carry readable linked fields: company and regulation names and slugs, the source's URL and
    date. Exit 0 with rows, 1 when the filters match nothing (the header is still written), 2 on bad input.
    """
    from regterm.db.queries import Filters, QueryError, columns_for, iter_rows, specs
    from regterm.db.vocabulary import DISPUTE_STATUSES
    from regterm.output import write_rows

    table = table.lower()
    if table not in specs():
        fail(f"unknown table '{table}' (expected one of: {', '.join(specs())})")
    if status and status not in DISPUTE_STATUSES:
        fail(f"unknown status '{status}' (expected one of: {', '.join(DISPUTE_STATUSES)})")
    filters = Filters(
        picked=tuple((kind, selected[kind]) for _, kind, _ in KIND_OPTIONS if selected[kind]),
        via=tuple((link, selected[link]) for _, link, _ in LINK_OPTIONS if selected[link]),
        since=check_date(since, "--since"),
        until=check_date(until, "--until"),
        status=status,
        search=search,
    )
    conn = ctx.open()
    try:
        names = columns_for(table, _split_columns(columns))
        rows = iter_rows(conn, table, filters, names)
        first = next(rows, None)
    except QueryError as exc:
        fail(str(exc))
    fmt = (fmt or "csv") if spreadsheet else choose_format(fmt)
    if spreadsheet and fmt not in ("csv", "tsv"):
        fail(f"--for-spreadsheet applies to csv and tsv, not {fmt}")
    count = write_rows(itertools.chain([first], rows) if first is not None else [], names, fmt, spreadsheet=spreadsheet)
    if count == 0:
        click.echo(f"no {table} match these filters", err=True)
        raise SystemExit(1)
