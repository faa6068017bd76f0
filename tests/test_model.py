"""The data model is declared once (`regterm.db.model`): a kind added there alone is built, dumped, exported,
shown, searched and checked, with no other code changed; and the data layer imports nothing above it."""

from __future__ import annotations

import ast
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import tiny_document

from regterm.cli import main_group
from regterm.db import model
from regterm.db.dump import dump_records

# A kind no regterm release has: parliamentary hearings, with a link to one record (the committee, a company
# record here), a list of links (who was heard), a required source and a date. Declared in this one place.
HEARINGS = model.Kind(
    "hearings",
    "hearing",
    "Hearings",
    (
        model.Field("slug", "slug", True),
        model.Field("title", "str", True),
        model.Field("held", "date", True),
        model.Field("minutes", "int"),
        model.Link("committee", "companies", role="committee"),
        model.Link("witnesses", "companies", many=True, role="witness"),
        model.Link("source", "sources", required=True),
    ),
    search=("title",),
    ref_names=("hearing",),
    label="title",
    name_fields=("title",),
    date="held",
    order=("held", "slug"),
    columns=("held", "title", "committee"),
)

HEARING = {
    "slug": "imco-dma-hearing",
    "title": "Hearing on gatekeeper interoperability (zanzibarian procedure)",
    "held": "2024-06-12",
    "minutes": 95,
    "committee": "european-commission",
    "witnesses": ["apple", "spotify"],
    "source": "news-farce",
}


@pytest.fixture
def hearings_db(tmp_path: Path) -> Iterator[Path]:
    with model.registered(HEARINGS):
        records = tmp_path / "records"
        records.mkdir()
        document = tiny_document()
        document["hearings"] = [HEARING]
        (records / "all.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        path = tmp_path / "hearings.db"
        result = CliRunner().invoke(main_group, ["db", "build", "--records", str(records), "--output", str(path)])
        assert result.exit_code == 0, result.output
        yield path


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main_group, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_new_kind_is_built_with_its_links(hearings_db: Path) -> None:
    conn = sqlite3.connect(hearings_db)
    row = conn.execute("select title, held, minutes, committee_id, source_id from hearings").fetchone()
    assert row[:3] == (HEARING["title"], "2024-06-12", 95) and row[3] and row[4]
    witnesses = conn.execute(
        "select c.slug from hearing_companies l join companies c on c.id = l.company_id order by c.slug"
    ).fetchall()
    assert witnesses == [("apple",), ("spotify",)]


def test_a_new_kind_is_dumped_as_it_was_written(hearings_db: Path) -> None:
    conn = sqlite3.connect(hearings_db)
    dumped = dump_records(conn).records["hearings"]
    assert [r.data for r in dumped] == [HEARING]


def test_a_new_kind_is_exported_and_narrowed(hearings_db: Path) -> None:
    code, out, _ = cli(hearings_db, "export", "hearings", "--company", "spotify", "--format", "csv")
    assert code == 0
    header, line = out.splitlines()
    assert header.split(",")[:3] == ["slug", "held", "title"]
    assert "committee" in header and "witness_slugs" in header and "source_url" in header
    assert "imco-dma-hearing" in line and "European Commission" in line and "apple; spotify" in line
    code, _, err = cli(hearings_db, "export", "hearings", "--company", "meta")
    assert code == 1 and "no hearings match" in err
    code, out, _ = cli(hearings_db, "export", "hearings", "--since", "2024-06", "--until", "2024-06", "--format", "csv")
    assert code == 0 and "imco-dma-hearing" in out


def test_a_new_kind_is_shown_both_ways(hearings_db: Path) -> None:
    code, out, _ = cli(hearings_db, "show", "hearing:imco-dma-hearing")
    assert code == 0
    assert out.splitlines()[:2] == [HEARING["title"], "hearing:imco-dma-hearing"]
    assert "Companies (3)" in out  # the committee and both witnesses
    code, out, _ = cli(hearings_db, "show", "spotify")
    assert code == 0 and "Hearings (1)" in out and "hearing:imco-dma-hearing" in out


def test_a_new_kind_is_searched(hearings_db: Path) -> None:
    code, out, _ = cli(hearings_db, "search", "zanzibarian", "--format", "csv")
    assert code == 0 and "hearing:imco-dma-hearing" in out


def test_a_new_kind_is_checked(hearings_db: Path) -> None:
    code, out, _ = cli(hearings_db, "db", "check")
    assert code == 0, out
    conn = sqlite3.connect(hearings_db)
    conn.execute("update hearings set source_id = 999, held = 'June'")
    conn.commit()
    code, out, _ = cli(hearings_db, "db", "check")
    assert code == 1
    assert "hearings 'imco-dma-hearing': has no source" in out
    assert "hearings 'imco-dma-hearing': held 'June' is not an ISO 8601 date" in out


def test_a_new_kind_is_validated(tmp_path: Path) -> None:
    with model.registered(HEARINGS):
        records = tmp_path / "records"
        records.mkdir()
        document = tiny_document()
        document["hearings"] = [{**HEARING, "witnesses": ["apple", "nobody"], "held": "2024-02-30"}]
        (records / "all.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
        result = CliRunner().invoke(
            main_group, ["db", "build", "--records", str(records), "--output", str(tmp_path / "x.db")]
        )
    assert result.exit_code != 0
    assert "hearing 'imco-dma-hearing' field 'witnesses': unknown company 'nobody'" in result.stderr
    assert "field 'held': '2024-02-30' is not an ISO 8601 date" in result.stderr


def test_the_model_is_back_to_its_kinds_after_the_block() -> None:
    assert "hearings" not in model.tables()
    assert model.tables() == ("sources", "companies", "regulations", "people", "disputes", "events", "quotes")


DATA_LAYER = Path(__file__).resolve().parents[1] / "src" / "regterm" / "db"


def test_the_data_layer_imports_nothing_above_it() -> None:
    """regterm.db may import the standard library, its own modules, sqlite-utils and yaml, and the leaf
    regterm.safe_text; never the explorer, the commands, rendering or output."""
    allowed_regterm = ("regterm.db", "regterm.safe_text")
    forbidden_packages = ("textual", "rich", "click")
    for path in DATA_LAYER.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("regterm"):
                    assert name.startswith(allowed_regterm), (path.name, name)
                assert not name.startswith(forbidden_packages), (path.name, name)


def test_sql_lives_in_the_data_layer() -> None:
    """Only regterm.db (and the import path, which writes through it) runs SQL; the UI and commands call it."""
    src = DATA_LAYER.parent
    for path in src.rglob("*.py"):
        relative = path.relative_to(src).as_posix()
        if relative.startswith("db/") or relative == "importer.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert ".execute(" not in text and ".executescript(" not in text, relative
