"""Starting the explorer from the CLI: imports Textual only here, so other commands stay fast.

`regterm` alone or with `--db PATH` (the commands a user waits for most) start here without click:
`entry.main` sends them straight to `launch_plain`, so the first frame pays for neither click nor the command modules.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn


def launch(ctx: Any, ref_text: str | None, since: str | None = None, until: str | None = None) -> None:
    """Open the database (or fail with one line), resolve the REF, and run the app (narrowed to since/until)."""
    from regterm.commands.common import fail, notice

    run_explorer(ctx.db, ref_text, fail, notice, since, until)


def launch_plain(db: str | None = None) -> None:
    """`regterm` or `regterm --db PATH`: the explorer on PATH, $REGTERM_DB or the default database, without click."""
    run_explorer(db or os.environ.get("REGTERM_DB") or None, None, _fail, _notice)


def _fail(message: str, exit_code: int = 2) -> NoReturn:
    from regterm.safe_text import one_line

    print(f"regterm: error: {one_line(message)}", file=sys.stderr)
    raise SystemExit(exit_code)


def _notice(message: str) -> None:
    from regterm.safe_text import one_line

    print(f"regterm: {one_line(message)}", file=sys.stderr)


def run_explorer(
    db: str | None,
    ref_text: str | None,
    fail: Callable[[str], NoReturn],
    notice: Callable[[str], None],
    since: str | None = None,
    until: str | None = None,
) -> None:
    from regterm.db.connection import DatabaseError, open_database
    from regterm.db.refs import RefError, resolve

    scope = None
    if since or until:
        from regterm.tui.scope import RangeError, Scope, check_range

        try:
            scope = Scope(*check_range(since, until))
        except RangeError as exc:
            fail(f"--since/--until: {exc}")

    try:
        conn, location = open_database(db, notify=notice)
    except DatabaseError as exc:
        fail(str(exc))
    initial = None
    if ref_text is not None:
        try:
            initial = resolve(conn, ref_text)
        except RefError as exc:
            fail(str(exc))
    conn.close()
    from regterm.tui.app import RegtermApp

    app = RegtermApp(location, initial, scope)
    gc.freeze()  # what exists now lives as long as the app: the collector need not walk it during the first frame
    app.run()
