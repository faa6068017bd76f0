"""The wheel carries the bundled database, so an installed regterm finds it from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import BUNDLED_DB, REPO


def test_wheel_contains_database_and_styles(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("regterm-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "regterm/tui/app.tcss" in names
        assert archive.read("regterm/data/regterm.db") == BUNDLED_DB.read_bytes()
        assert "regterm/cli.py" in names
