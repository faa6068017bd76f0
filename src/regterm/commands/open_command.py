"""`regterm open REF`: start the explorer with a record selected."""

from __future__ import annotations

import click

from regterm.commands.common import Context, pass_context


@click.command(
    "open",
    epilog="""\b
Examples:
  regterm open apple
  regterm open regulation:dma
  regterm open dma --since 2024-03 --until 2024-03
  regterm --db my.db open "Daniel Ek"
""",
)
@click.argument("ref", metavar="REF")
@click.option("--since", metavar="DATE", help="Only records dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only records dated on or before DATE.")
@pass_context
def command(ctx: Context, ref: str, since: str | None, until: str | None) -> None:
    """Start the explorer with REF selected (REF as in `regterm show`), narrowed to a date range if given."""
    from regterm.tui_launch import launch

    launch(ctx, ref, since or ctx.since, until or ctx.until)
