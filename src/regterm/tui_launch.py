"""Starting the explorer from the CLI: imports Textual only here, so other commands stay fast."""

from __future__ import annotations

from typing import Any


def launch(ctx: Any, ref_text: str | None) -> None:
    """Open the database (or fail with one line), resolve the REF, and run the app."""
    from regterm.commands.common import fail, notice
    from regterm.db.connection import DatabaseError, open_database
    from regterm.db.refs import RefError, resolve

    try:
        conn, location = open_database(ctx.db, notify=notice)
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

    RegtermApp(location, initial).run()
