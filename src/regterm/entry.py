"""The `regterm` command. Starting the explorer skips click: its start-up is what the user waits for."""

from __future__ import annotations

import sys


def explorer_database(args: list[str]) -> tuple[bool, str | None]:
    """(True, the --db value or None) when args only start the explorer: none, `--db PATH` or `--db=PATH`."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, args[0][len("--db=") :]
    return False, None


def main() -> None:
    plain, db = explorer_database(sys.argv[1:])
    if plain:
        import gc

        gc.disable()  # start-up allocates much and frees little: collected once the first frame is shown
        from regterm.tui_launch import launch_plain

        launch_plain(db)
        return
    from regterm.cli import main as cli_main

    cli_main()
