"""Text from data is shown as text: the one rule, as pure functions for every boundary where text leaves regterm.

Records come from other people (imported files, a colleague's database, ingested articles), so nothing in
them may act on the terminal, the clipboard, the browser or a spreadsheet:

- screen and files for people: control characters (C0 but newline and tab, DEL, C1) and bidi controls are
  shown as visible escapes (`\\x1b`, `\\u202e`), never sent;
- messages (stderr, toasts) that quote a value: the same, and newlines too, so a value cannot forge a line;
- the clipboard: no control character but newline and tab;
- the browser: only a clean http(s) URL (no controls, no spaces, a host);
- CSV for spreadsheets: a cell that would start a formula is prefixed with an apostrophe;
- JSON: C1 and bidi controls written as \\u escapes (the parsed value is unchanged).

No UI imports here: the data layer, the CLI and the explorer all use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit


# Bidi controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), marks (U+200E, U+200F, U+061C).
class _Lazy:
    """A regular expression compiled on first use: most commands (a CSV export) never need these."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str) -> str:
        return self._get().sub(repl, string)

    def search(self, string: str) -> re.Match[str] | None:
        return self._get().search(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self._get().fullmatch(string)


_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROLS = _Lazy(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")
_CONTROLS_AND_LINES = _Lazy(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}\\u2028\\u2029]")
_JSON_UNSAFE = _Lazy(f"[\\x7f-\\x9f{_BIDI}\\u2028\\u2029]")
_URL = _Lazy(f"https?://[^\\s\\x00-\\x1f\\x7f-\\x9f{_BIDI}]+", re.IGNORECASE)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = _Lazy(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """Control and bidi characters as visible text (`\\x1b`, `\\u202e`); newlines and tabs kept."""
    return _CONTROLS.sub(_visible, text)


def one_line(text: str) -> str:
    """Text for a message or a one-line display: every control character visible, newlines and tabs too."""
    return _CONTROLS_AND_LINES.sub(_visible, text)


def has_controls(text: str) -> bool:
    """Whether escape_controls would change text (one scan, for rows checked once rather than per cell)."""
    return _CONTROLS.search(text) is not None


def clipboard_text(text: str) -> str:
    """Text for the clipboard: no control character but newline and tab (a carriage return becomes a newline).

    What would act when pasted (ESC ending bracketed paste, a lone CR running a line) is shown escaped instead.
    """
    return escape_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def is_clean_url(url: str) -> bool:
    """A URL safe to store and to hand to a browser: http or https, a host, no control, bidi or space."""
    if not isinstance(url, str) or not _URL.fullmatch(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def json_safe(dumped: str) -> str:
    """A json.dumps(ensure_ascii=False) result with C1, DEL, bidi and line-separator characters as \\u escapes.

    JSON escapes C0 itself; these others are valid raw in JSON but act on terminals and editors. They can
    only occur inside strings, where \\uXXXX means the same character, so the data parses back unchanged.
    """
    if not _JSON_UNSAFE.search(dumped):
        return dumped
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def spreadsheet_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or tab, CR) gets an apostrophe first.

    Numbers (-12, +3.5) are left alone: they are not formulas.
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
