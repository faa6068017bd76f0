"""`regterm search QUERY`: full-text search across quotes, disputes, events, regulations and companies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from regterm.commands.common import FORMAT_OPTION, Context, choose_format, fail, pass_context
from regterm.db.model import kinds as model_kinds

if TYPE_CHECKING:
    from regterm.db.search import Hit

COLUMNS = ["ref", "kind", "title", "date", "snippet"]


@click.command(
    "search",
    epilog="""\b
Examples:
  regterm search farce
  regterm search "pay or consent" --format json
  regterm search 'Digital Markets Act' --kind disputes --limit 5
""",
)
@click.argument("query")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.table for k in model_kinds() if k.search and k.table != "sources"]),
    help="Only these kinds of record (repeatable).",
)
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True, help="Most hits to show.")
@FORMAT_OPTION
@pass_context
def command(ctx: Context, query: str, kinds: tuple[str, ...], limit: int, fmt: str | None) -> None:
    """Search every text for QUERY; best matches first, each with its REF and a snippet.

    QUERY may use FTS5 syntax (AND, OR, NOT, "phrases", prefix*); anything that is not valid syntax is
    searched as plain words. Matches are marked **like this** (bold in a terminal table).
    Exit 0 with hits, 1 when nothing matches, 2 on bad input.
    """
    from regterm.db.queries import QueryError
    from regterm.db.search import search
    from regterm.output import mark_plain, write_rows
    from regterm.safe_text import one_line

    conn = ctx.open()
    try:
        hits = search(conn, query, tuple(dict.fromkeys(kinds)), limit)
    except QueryError as exc:
        fail(str(exc))
    if not hits:
        click.echo(one_line(f"nothing matches '{query}'"), err=True)
        raise SystemExit(1)
    fmt = choose_format(fmt)
    if fmt == "table":
        _print_table(hits)
        return
    rows = ([h.ref, h.kind, h.title, h.date, mark_plain(h.snippet)] for h in hits)
    write_rows(rows, COLUMNS, fmt)


def _print_table(hits: list[Hit]) -> None:
    from rich.table import Table
    from rich.text import Text

    from regterm.output import console, marked_parts
    from regterm.safe_text import escape_controls

    table = Table("ref", "title", "date", "snippet", header_style="bold")
    for hit in hits:
        snippet = Text()
        for part, match in marked_parts(hit.snippet):
            snippet.append(part, style="bold reverse" if match else "")
        table.add_row(Text(escape_controls(hit.ref)), Text(escape_controls(hit.title)), Text(hit.date or ""), snippet)
    console().print(table)
