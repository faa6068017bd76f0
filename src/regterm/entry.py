"""The `regterm` command: the explorer alone skips click (its start-up is what the user waits for)."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) == 1:
        from regterm.tui_launch import launch_plain

        launch_plain()
        return
    from regterm.cli import main as cli_main

    cli_main()
