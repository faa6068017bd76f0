"""The options that narrow a list, shared by `export` and `stats`, and the Filters they make."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from regterm.commands.common import check_date, fail

if TYPE_CHECKING:
    from regterm.db.queries import Filters

# Selections by kind (rows linked to it in any role), as (option, kind, help). Repeated: linked to any of them.
KIND_OPTIONS = (
    ("--company", "companies", "Only rows linked to this company, in any role (repeatable: any of them)."),
    ("--regulation", "regulations", "Only rows linked to this regulation (repeatable: any of them)."),
    ("--dispute", "disputes", "Only rows linked to this dispute (repeatable)."),
    ("--person", "people", "Only rows linked to this person (repeatable)."),
    ("--event", "events", "Only rows linked to this event (repeatable)."),
)
# Selections by one link (or role) of the listed kind, as (option, link, help). These AND with the others, so
# `--said-by spotify --about apple` is what Spotify said about Apple.
LINK_OPTIONS = (
    ("--about", "companies", "Only rows whose subject is this company: a dispute's, event's or quote's companies."),
    ("--regulator", "regulator", "Disputes decided by this authority or court (repeatable)."),
    ("--complainant", "complainants", "Disputes brought by this company (repeatable)."),
    ("--speaker", "speaker", "Quotes said by this person (repeatable)."),
    ("--organisation", "organisation", "Quotes given in this organisation's name; people of it (repeatable)."),
    ("--said-by", "said_by", "Quotes said by this organisation or by its people (repeatable)."),
)


def selection_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add the selection, date, status and search options to a command."""
    options = [
        *(
            click.option(option, "sel_" + kind, multiple=True, metavar="SLUG", help=text)
            for option, kind, text in KIND_OPTIONS
        ),
        *(
            click.option(option, "via_" + link, multiple=True, metavar="SLUG", help=text)
            for option, link, text in LINK_OPTIONS
        ),
        click.option("--since", metavar="DATE", help="Only rows dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", help="Only rows dated on or before DATE."),
        click.option(
            "--date",
            "date_field",
            metavar="FIELD",
            help="Which date --since/--until look at (disputes: opened, decided, announced; default: the list's own).",
        ),
        click.option(
            "--status", metavar="STATUS", help="Disputes only: open, decided, appealed, closed, settled, annulled."
        ),
        click.option("--search", metavar="TEXT", help="Only rows whose text matches TEXT (full-text)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def filters_from(options: dict[str, Any]) -> Filters:
    """The Filters the selection options ask for (removed from options); bad input is one line and exit 2."""
    from regterm.db.queries import Filters
    from regterm.db.vocabulary import DISPUTE_STATUSES

    status = options.pop("status")
    if status and status not in DISPUTE_STATUSES:
        fail(f"unknown status '{status}' (expected one of: {', '.join(DISPUTE_STATUSES)})")
    picked = tuple((kind, slugs) for _, kind, _ in KIND_OPTIONS if (slugs := options.pop("sel_" + kind)))
    via = tuple((link, slugs) for _, link, _ in LINK_OPTIONS if (slugs := options.pop("via_" + link)))
    return Filters(
        picked=picked,
        via=via,
        since=check_date(options.pop("since"), "--since"),
        until=check_date(options.pop("until"), "--until"),
        date_field=options.pop("date_field"),
        status=status,
        search=options.pop("search"),
    )
