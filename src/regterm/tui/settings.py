"""The explorer's remembered choices (the theme), in a small JSON file in the user's config folder.

A missing, unreadable or malformed file means the defaults; a write that fails is reported, never raised.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def settings_path() -> Path:
    """$XDG_CONFIG_HOME/regterm/settings.json (~/.config when unset), the platform's config folder elsewhere."""
    if sys.platform.startswith("linux"):  # what platformdirs gives, without its import cost at start-up
        xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".config"
        return base / "regterm" / "settings.json"
    from platformdirs import user_config_path

    return user_config_path("regterm", appauthor=False) / "settings.json"


def load_settings() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> str | None:
    """Remember key = value (other settings kept); the error as a sentence if the file could not be written."""
    path = settings_path()
    settings = load_settings()
    settings[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(settings, handle, ensure_ascii=False, indent=2)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        return f"Could not remember the {key} in {path}: {exc.strerror or exc}"
    return None
