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
        "d", "toggle_detail", "Detail", "Into the Detail (it keeps its record) and back; tab: its links", show=False
    ),
    Command("z", "toggle_zoom", "Zoom", "Zoom the focused pane to the whole screen (all columns) and back", show=False),
    Command(
        "S",
        "sort",
        "Sort",
        "Sort the focused pane by each column, both ways (or click a header)",
        show=False,
    ),
    Command(
        "t",
        "dates",
        "Dates",
        "Date range: panes by date; companies, regulations by disputes and events",
        show=False,  # the footer must keep y, e, ? and q at 80 columns: in help, the palette and the breadcrumb
    ),
    Command(
        "f",
        "facets",
        "Facets",
        "Counts (and fines) per status, kind, regulator, year…; Enter narrows to one",
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
