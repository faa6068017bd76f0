"""The fixed words of the data model and the date rule, importable without YAML (the CLI stays light)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

COMPANY_KINDS = ("company", "regulator", "court", "ngo", "body", "government")
DISPUTE_STATUSES = ("open", "decided", "appealed", "closed", "settled", "annulled")
EVENT_KINDS = (
    "designation",
    "investigation-opened",
    "preliminary-findings",
    "decision",
    "fine",
    "appeal",
    "judgment",
    "commitments",
    "compliance-plan",
    "complaint",
    "statement",
    "product-withheld",
    "partnership",
    "deadline",
    "legislation",
    "other",
)


def normalise_date(value: Any) -> str | None:
    """An ISO 8601 date string (YYYY, YYYY-MM or YYYY-MM-DD), or None if value is not one."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if not isinstance(value, str) or not DATE_RE.match(value):
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return value


def is_iso_date(value: Any) -> bool:
    return isinstance(value, str) and normalise_date(value) == value
