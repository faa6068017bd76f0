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
  regterm --db my.db open "Daniel Ek"
""",
)
@click.argument("ref", metavar="REF")
@pass_context
def command(ctx: Context, ref: str) -> None:
    """Start the explorer with REF selected (REF as in `regterm show`)."""
    from regterm.tui_launch import launch

    launch(ctx, ref)
