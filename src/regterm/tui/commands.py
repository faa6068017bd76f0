"""Every command of the explorer, defined once: its key, its footer label, its palette entry and its help line."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    key: str
    action: str
    label: str
    help: str
    show: bool = True
    key_display: str | None = None


MAIN_COMMANDS: tuple[Command, ...] = (
    Command(
        "enter",
        "select",
        "Select",
        "Select the highlighted record (or click it): the other panes narrow to it",
        show=False,
    ),
    Command("escape", "step_back", "Back one", "Step back one selection (or close a filter)"),
    # Not in the footer (it must keep y, e, ? and q at 80 columns); in help and the palette.
    Command("left_square_bracket,alt+left", "history_back", "Back", "Go back in history", show=False, key_display="["),
    Command(
        "right_square_bracket,alt+right",
        "history_forward",
        "Forward",
        "Go forward in history",
        show=False,
        key_display="]",
    ),
    Command("r", "reset", "Reset", "Clear every selection and filter"),
    Command(
        "slash",
        "filter",
        "Filter",
        "Filter the focused pane as you type; Enter selects the first match",
        key_display="/",
    ),
    Command("ctrl+f,s", "search", "Search", "Full-text search across everything", key_display="^f"),
    Command(
        "S",
        "sort",
        "Sort",
        "Sort the focused pane by each column in turn, one way then the other, then back to its own order "
        "(or click a column's header; again: the other way); missing values last",
        show=False,
    ),
    Command(
        "d",
        "dates",
        "Dates",
        "Date range (YYYY, YYYY-MM or YYYY-MM-DD): disputes, events and quotes by their date; companies and "
        "regulations to those with a dispute or event in it",
        show=False,  # the footer must keep y, e, ? and q at 80 columns: in help, the palette and the breadcrumb
    ),
    Command(
        "f",
        "facets",
        "Facets",
        "Count the focused pane by status, kind, regulator, company, year…, with the total of fines; "
        "Enter narrows to a value",
        show=False,
    ),
    Command("o", "open_source", "Open", "Open the highlighted record's source URL in the browser"),
    Command("y", "copy", "Copy", "Copy the highlighted record (a quote with its attribution) to the clipboard"),
    Command("e", "export", "Export", "Export what the focused pane shows to a file"),
    Command("question_mark", "help", "Help", "Show every key", key_display="?"),
    Command("q", "quit", "Quit", "Quit regterm"),
)

NAVIGATION_HELP: tuple[tuple[str, str], ...] = (
    ("tab / shift+tab", "Cycle the panes"),
    ("↑ ↓ / j k", "Move in a pane"),
    ("g / G", "Top / bottom of a pane"),
    ("ctrl+p", "Command palette: go to any record, run any command, change theme"),
)


def bindings(commands: tuple[Command, ...]) -> list[BindingType]:
    return [Binding(c.key, c.action, c.label, show=c.show, key_display=c.key_display, tooltip=c.help) for c in commands]
