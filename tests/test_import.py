"""`regterm import` and `db reset`: all or nothing, idempotent, the user's database used afterwards."""

from __future__ import annotations

import copy
import os
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import BUNDLED_DB

from regterm.cli import main_group
from regterm.db.build import database_dump

NEW = {
    "sources": [
        {
            "slug": "example-2026-11-27",
            "url": "https://example.org/news/dma-new-probe",
            "publisher": "Example News",
            "title": "New DMA probe",
            "published": "2026-11-27",
            "primary": False,
        },
    ],
    "people": [{"slug": "jane-analyst", "name": "Jane Analyst", "role": "Policy analyst", "organisation": "noyb"}],
    "quotes": [
        {
            "slug": "q-jane-2026-11-27",
            "text": "This probe is overdue.",
            "speaker": "jane-analyst",
            "said": "2026-11-27",
            "context": "Comment on a new DMA probe.",
            "companies": ["apple"],
            "regulations": ["dma"],
            "source": "example-2026-11-27",
        },
    ],
}


def user_db() -> Path:
    return Path(os.environ["REGTERM_USER_DB"])


def write_yaml(tmp_path: Path, document: dict, name: str = "new.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main_group, list(args))


def test_import_creates_user_database_from_bundled_and_is_then_used(tmp_path: Path) -> None:
    bundled_before = BUNDLED_DB.read_bytes()
    result = invoke("import", str(write_yaml(tmp_path, NEW)))
    assert result.exit_code == 0, result.stderr
    assert "3 added, 0 updated, 0 unchanged" in result.stderr
    assert user_db().exists()
    assert BUNDLED_DB.read_bytes() == bundled_before
    info = invoke("db", "info").stdout
    assert f"path: {user_db()}" in info and "origin: user" in info
    shown = invoke("show", "quote:q-jane-2026-11-27").stdout
    assert "This probe is overdue." in shown
    assert invoke("db", "check").exit_code == 0
    bundled_quotes = sqlite3.connect(BUNDLED_DB).execute("select count(*) from quotes").fetchone()[0]
    user_quotes = sqlite3.connect(user_db()).execute("select count(*) from quotes").fetchone()[0]
    assert user_quotes == bundled_quotes + 1


def test_reimport_is_idempotent_and_updates_by_slug(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, NEW)
    assert invoke("import", str(path)).exit_code == 0
    first = database_dump(user_db())
    again = invoke("import", str(path))
    assert "0 added, 0 updated, 3 unchanged" in again.stderr
    assert database_dump(user_db()) == first
    changed = yaml.safe_load(path.read_text())
    changed["quotes"][0]["context"] = "A corrected context."
    result = invoke("import", str(write_yaml(tmp_path, changed, "changed.yaml")))
    assert "0 added, 1 updated, 2 unchanged" in result.stderr
    conn = sqlite3.connect(user_db())
    assert conn.execute("select count(*) from quotes where slug = 'q-jane-2026-11-27'").fetchone() == (1,)
    assert conn.execute("select context from quotes where slug = 'q-jane-2026-11-27'").fetchone() == (
        "A corrected context.",
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["quotes"][0].update(speaker="jane-analist"),
            "field 'speaker': unknown person 'jane-analist'; did you mean: jane-analyst?",
        ),
        (lambda d: d["quotes"][0].update(companies=["appel"]), "unknown company 'appel'; did you mean: apple?"),
        (lambda d: d["quotes"][0].update(said="27/11/2026"), "field 'said': '27/11/2026' is not an ISO 8601 date"),
        (lambda d: d["quotes"][0].pop("source"), "field 'source': is required"),
        (lambda d: d["sources"][0].update(primary="maybe"), "field 'primary': expected true or false"),
        (lambda d: d["quotes"][0].update(mood="angry"), "field 'mood': unknown field"),
        (lambda d: d["quotes"].append(dict(d["quotes"][0])), "given twice in this import"),
    ],
)
def test_one_bad_record_writes_nothing(tmp_path: Path, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    document = copy.deepcopy(NEW)
    change(document)
    path = write_yaml(tmp_path, document)
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert str(path) in result.stderr  # names the file
    assert "nothing was written" in result.stderr
    assert not user_db().exists()


def test_errors_name_file_and_line(tmp_path: Path) -> None:
    document = copy.deepcopy(NEW)
    document["quotes"][0]["speaker"] = "nobody"
    path = write_yaml(tmp_path, document)
    lines = path.read_text().splitlines()
    quote_line = next(i for i, line in enumerate(lines, 1) if "slug: q-jane" in line)
    result = invoke("import", str(path))
    assert f"{path}:{quote_line}: quote 'q-jane-2026-11-27' field 'speaker': unknown person 'nobody'" in result.stderr


def test_failed_import_leaves_existing_user_database_untouched(tmp_path: Path) -> None:
    assert invoke("import", str(write_yaml(tmp_path, NEW))).exit_code == 0
    before = user_db().read_bytes()
    bad = copy.deepcopy(NEW)
    bad["quotes"][0]["text"] = "changed"
    bad["quotes"][0]["regulations"] = ["no-such-law"]
    assert invoke("import", str(write_yaml(tmp_path, bad, "bad.yaml"))).exit_code == 2
    assert user_db().read_bytes() == before
    assert not [p for p in user_db().parent.iterdir() if p.name.startswith(".regterm-")]


def test_json_list_takes_its_kind_from_the_name_or_kind_option(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text(
        "slug,url,publisher,title,published,primary\ncsv-src,https://example.org/a,Example,A title,2026-01-05,no\n"
    )
    statements = tmp_path / "statements.json"
    statements.write_text(
        '[{"slug": "q-json", "text": "Words.", "organisation": "apple", "said": "2026-01", '
        '"context": "Test.", "regulations": ["dma"], "source": "csv-src"}]'
    )
    unnamed = invoke("import", str(tmp_path / "sources.csv"), str(statements))
    assert unnamed.exit_code == 2 and "cannot tell which kind of record" in unnamed.stderr
    named = tmp_path / "quotes.json"
    named.write_text(statements.read_text())
    result = invoke("import", str(tmp_path / "sources.csv"), str(named))
    assert result.exit_code == 0, result.stderr
    assert "2 added" in result.stderr
    assert invoke("show", "quote:q-json", "--format", "json").exit_code == 0


def test_csv_rows_are_located_by_line(tmp_path: Path) -> None:
    quotes = tmp_path / "quotes.csv"
    quotes.write_text(
        "slug,text,organisation,said,context,regulations,source\n"
        "q-one,First.,apple,2026-01-02,Test.,dma,nope\n"
        "q-two,Second.,apple,2026-13-02,Test.,dma;gdpr,nope\n"
    )
    result = invoke("import", str(quotes))
    assert result.exit_code == 2
    assert f"{quotes}:2: quote 'q-one' field 'source': unknown source 'nope'" in result.stderr
    assert f"{quotes}:3: quote 'q-two' field 'said': '2026-13-02' is not an ISO 8601 date" in result.stderr


def test_csv_import_with_lists(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text(
        "slug,url,publisher,title,published,primary\ncsv-src,https://example.org/a,Example,A title,2026-01-05,no\n"
    )
    (tmp_path / "quotes.csv").write_text(
        "slug,text,organisation,said,context,regulations,source\n"
        'q-csv,"Words, with a comma.",apple,2026-01,Test.,dma;gdpr,csv-src\n'
    )
    result = invoke("import", str(tmp_path / "sources.csv"), str(tmp_path / "quotes.csv"))
    assert result.exit_code == 0, result.stderr
    detail = invoke("show", "quote:q-csv", "--format", "json").stdout
    assert "Words, with a comma." in detail
    conn = sqlite3.connect(user_db())
    regs = conn.execute(
        "select r.slug from quote_regulations l join regulations r on r.id = l.regulation_id "
        "join quotes q on q.id = l.quote_id where q.slug = 'q-csv' order by 1"
    ).fetchall()
    assert regs == [("dma",), ("gdpr",)]


def test_import_refuses_the_bundled_database(tmp_path: Path) -> None:
    result = invoke("--db", str(BUNDLED_DB), "import", str(write_yaml(tmp_path, NEW)))
    assert result.exit_code == 2
    assert "bundled database is read-only" in result.stderr


def test_import_into_explicit_database(tmp_path: Path) -> None:
    target = tmp_path / "team.db"
    assert invoke("--db", str(target), "import", str(write_yaml(tmp_path, NEW))).exit_code == 0
    assert target.exists() and not user_db().exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.yaml", None, "file not found"),
        ("notes.txt", "hello", "unknown file type '.txt'"),
        ("things.csv", "slug\nx\n", "cannot tell which kind of record"),
        ("broken.yaml", "quotes: [unclosed\n", "invalid YAML"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, name: str, content: str | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_db_reset_goes_back_to_bundled(tmp_path: Path) -> None:
    assert invoke("import", str(write_yaml(tmp_path, NEW))).exit_code == 0
    refused = CliRunner().invoke(main_group, ["db", "reset"], input="n\n")
    assert refused.exit_code != 0 and user_db().exists()
    result = invoke("db", "reset", "--yes")
    assert result.exit_code == 0 and not user_db().exists()
    assert "origin: bundled" in invoke("db", "info").stdout


def test_csv_with_a_byte_order_mark_imports(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_bytes(
        "\ufeffslug,url,publisher,title,published,primary\n"
        "bom-src,https://example.org/b,Example,B,2026-01-05,no\n".encode()
    )
    result = invoke("import", str(tmp_path / "sources.csv"))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("case", ["build into a directory", "import under a file", "review in a missing folder"])
def test_unwritable_targets_are_one_line_errors(tmp_path: Path, case: str) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    if case == "build into a directory":
        args = ["db", "build", "--output", str(tmp_path)]
    elif case == "import under a file":
        args = ["--db", str(blocker / "x.db"), "import", str(write_yaml(tmp_path, NEW))]
    else:
        article = tmp_path / "a.txt"
        article.write_text("“We will appeal,” Meta said.")
        args = [
            "ingest",
            str(article),
            "--url",
            "https://example.org/a",
            "--publisher",
            "P",
            "--date",
            "2026-01-01",
            "--output",
            str(tmp_path / "missing" / "r.yaml"),
        ]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("regterm: error: cannot write")
    assert "Traceback" not in result.stderr
