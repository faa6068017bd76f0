"""The command line: `regterm` alone opens the explorer; subcommands print data to stdout.

Commands stay thin: they parse options, call the data layer and hand rows to the writers in
regterm.output. Nothing here imports Textual except the commands that start the explorer.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from regterm import __version__
from regterm.commands.common import Context
from regterm.safe_text import one_line

EPILOG = """\b
Examples:
  regterm                          open the explorer
  regterm open apple               open the explorer with Apple selected
  regterm --since 2024-03 --until 2024-03   the explorer, narrowed to March 2024
  regterm show apple               Apple and everything linked to it
  regterm export disputes --company apple --format csv
  regterm search "pay or consent"
"""


# Command name -> (module, attribute): imported only when that command runs, so `export` pays for no other.
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("regterm.commands.db_commands", "db"),
    "export": ("regterm.commands.export_command", "command"),
    "show": ("regterm.commands.show_command", "command"),
    "search": ("regterm.commands.search_command", "command"),
    "stats": ("regterm.commands.stats_command", "command"),
    "open": ("regterm.commands.open_command", "command"),
    "import": ("regterm.commands.import_command", "command"),
    "ingest": ("regterm.commands.ingest_command", "command"),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; click's own errors quote input as text."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _errors_as_text():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _errors_as_text():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module = importlib.import_module(target[0])
        command: click.Command = getattr(module, target[1])
        return command


@click.group(
    cls=LazyGroup, invoke_without_command=True, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=True, path_type=str),
    envvar="REGTERM_DB",
    help="Database to read (default: your imported database if any, else the bundled one). Env: REGTERM_DB.",
)
@click.option(
    "--since", metavar="DATE", help="Explorer: only records dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD)."
)
@click.option("--until", metavar="DATE", help="Explorer: only records dated on or before DATE.")
@click.version_option(__version__, "--version", "-V", prog_name="regterm", message="%(prog)s %(version)s")
@click.pass_context
def main_group(ctx: click.Context, db: str | None, since: str | None, until: str | None) -> None:
    """regterm: explore EU tech regulation (companies, rules, disputes, quotes) from a terminal."""
    ctx.obj = Context(db, since, until)
    if ctx.invoked_subcommand is None:
        from regterm.tui_launch import launch

        launch(ctx.obj, None, since, until)


@contextlib.contextmanager
def _errors_as_text() -> Iterator[None]:
    """Usage errors quote what was typed (`no such command '…'`): its control characters shown, not sent."""
    try:
        yield
    except click.ClickException as exc:
        exc.message = one_line(exc.message)  # type: ignore[misc]  # Final in the stubs; click reads it in show()
        raise


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, ending quietly on a closed pipe."""
    try:
        main_group.main(args=argv, prog_name="regterm", standalone_mode=True)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(1)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at devnull so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
