"""`regterm show REF`: one record with everything linked to it."""

from __future__ import annotations

import json
import sys

import click

from regterm.commands.common import Context, fail, pass_context, resolve_ref


@click.command(
    "show",
    epilog="""\b
Examples:
  regterm show apple
  regterm show regulation:dma
  regterm show Facebook --format json | jq '.linked.disputes[].title'
""",
)
@click.argument("ref", metavar="REF")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for reading, json for the whole linked record as one object.",
)
@pass_context
def command(ctx: Context, ref: str, fmt: str) -> None:
    """Show the record REF and everything linked to it.

    REF is kind:slug (company:apple, regulation:dma, dispute:..., quote:...) or a bare slug, name or
    alias when that is unambiguous (apple, DMA, Facebook). An unknown or ambiguous REF prints close
    candidates and exits 2.
    """
    from regterm.db.detail import record_detail
    from regterm.output import console, use_colour
    from regterm.render import detail_text
    from regterm.safe_text import json_safe

    conn = ctx.open()
    resolved = resolve_ref(conn, ref)
    try:
        detail = record_detail(conn, resolved)
    except LookupError as exc:
        fail(str(exc))
    if fmt == "json":
        sys.stdout.write(json_safe(json.dumps(detail, ensure_ascii=False, indent=2)) + "\n")
        return
    console().print(detail_text(detail, styled=use_colour()))
