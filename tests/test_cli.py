"""The command line: export, show and search, for pipes. Outputs are parsed back and compared with the database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_DB, build_db, tiny_document

from regterm.cli import main_group

FORMATS = ["csv", "tsv", "json", "jsonl", "markdown", "table"]


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main_group, ["--db", str(db), *args])


def parse(fmt: str, text: str) -> list[dict[str, str]]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    if fmt == "tsv":
        return list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
@pytest.mark.parametrize("table", ["companies", "people", "regulations", "disputes", "events", "quotes", "sources"])
def test_export_round_trips_every_table(tiny_db: Path, fmt: str, table: str) -> None:
    result = run(tiny_db, "export", table, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    rows = parse(fmt, result.stdout)
    conn = sqlite3.connect(tiny_db)
    slugs = {slug for (slug,) in conn.execute(f"select slug from {table}")}
    assert {r["slug"] for r in rows} == slugs


def test_export_disputes_carry_readable_links(tiny_db: Path) -> None:
    rows = parse("csv", run(tiny_db, "export", "disputes", "--company", "apple", "--format", "csv").stdout)
    assert len(rows) == 1
    row = rows[0]
    assert row["slug"] == "apple-anti-steering"
    assert row["companies"] == "Apple" and row["company_slugs"] == "apple"
    assert row["complainants"] == "Spotify"
    assert row["regulations"] == "DMA" and row["regulation_slugs"] == "dma"
    assert row["fine_eur"] == "500000000"
    assert row["source_url"] == "https://ec.europa.eu/commission/presscorner/detail/en/ip_25_1085"
    assert row["source_date"] == "2025-04-23"


def test_json_values_keep_types_and_utf8(tiny_db: Path) -> None:
    result = run(tiny_db, "export", "disputes", "--format", "json")
    rows = json.loads(result.stdout)
    fines = {r["slug"]: r["fine_eur"] for r in rows}
    assert fines == {"apple-anti-steering": 500000000, "meta-pay-or-consent": 200000000}


def test_json_is_utf8_not_escaped(tmp_path: Path) -> None:
    document = tiny_document()
    document["quotes"][0]["text"] = "Ça coûte €0,50 — “trop”"
    db = build_db(document, tmp_path / "utf8.db")
    out = run(db, "export", "quotes", "--format", "json").stdout
    assert "Ça coûte €0,50 — “trop”" in out
    assert "\\u" not in out


def test_csv_uses_newline_line_endings(tiny_db: Path) -> None:
    out = run(tiny_db, "export", "companies", "--format", "csv").stdout_bytes
    assert b"\r\n" not in out
    assert out.splitlines()[0].startswith(b"slug,name,kind")


def test_filters_combine(tiny_db: Path) -> None:
    def slugs(*args: str) -> list[str]:
        result = run(tiny_db, "export", *args, "--format", "jsonl")
        return [json.loads(line)["slug"] for line in result.stdout.splitlines()]

    assert slugs("quotes", "--company", "apple") == ["ek-farce"]
    assert slugs("quotes", "--company", "apple", "--company", "meta") == ["ek-farce", "commission-meta"]
    assert slugs("quotes", "--company", "spotify") == ["ek-farce"]  # said by Spotify's CEO
    assert slugs("disputes", "--regulation", "gdpr") == ["meta-pay-or-consent"]
    assert slugs("events", "--since", "2025") == ["apple-fined"]
    assert slugs("events", "--until", "2024-01") == ["spotify-statement"]
    assert slugs("events", "--until", "2024-01-15") == ["spotify-statement"]
    assert slugs("disputes", "--status", "decided") == ["apple-anti-steering", "meta-pay-or-consent"]
    assert slugs("quotes", "--search", "farce") == ["ek-farce"]
    assert slugs("regulations", "--company", "apple") == ["dma"]
    assert slugs("companies", "--regulation", "dma") == ["apple", "meta"]


def test_columns_select_and_order(tiny_db: Path) -> None:
    out = run(tiny_db, "export", "disputes", "--columns", "fine_eur,slug", "--format", "csv").stdout
    assert out.splitlines() == ["fine_eur,slug", "500000000,apple-anti-steering", "200000000,meta-pay-or-consent"]


def test_markdown_and_table_formats(tiny_db: Path) -> None:
    md = run(tiny_db, "export", "companies", "--columns", "slug,name", "--format", "markdown").stdout
    assert md.splitlines()[:3] == ["| slug | name |", "| --- | --- |", "| apple | Apple |"]
    table = run(tiny_db, "export", "companies", "--columns", "slug,name", "--format", "table").stdout
    assert "apple" in table and "European Commission" in table and "\x1b[" not in table


def test_default_format_in_a_pipe_is_csv(tiny_db: Path) -> None:
    out = run(tiny_db, "export", "companies", "--columns", "slug").stdout
    assert out.splitlines()[0] == "slug"


def test_empty_result_keeps_header_and_exits_1(tiny_db: Path) -> None:
    result = run(tiny_db, "export", "quotes", "--search", "nonexistentword", "--format", "csv")
    assert result.exit_code == 1
    assert result.stdout.startswith("slug,said")
    assert "no quotes match" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "fines"], "unknown table 'fines'"),
        (["export", "quotes", "--format", "xml"], "Invalid value for '--format'"),
        (["export", "quotes", "--company", "aple"], "unknown company 'aple'; did you mean: apple?"),
        (["export", "quotes", "--regulation", "dsa"], "unknown regulation 'dsa'"),
        (["export", "quotes", "--since", "last week"], "--since 'last week' is not a date"),
        (["export", "quotes", "--until", "2024-02-30"], "is not a date"),
        (["export", "quotes", "--status", "open"], "--status applies to disputes"),
        (["export", "disputes", "--status", "pending"], "unknown status 'pending'"),
        (["export", "quotes", "--columns", "slug,nope"], "unknown column 'nope'"),
        (["export", "companies", "--since", "2024"], "do not apply to companies"),
        (["show", "nothing-like-this"], "no record matches"),
        (["show", "company:dma"], "no record matches 'dma'"),
        (["search", "   "], "empty search query"),
    ],
)
def test_bad_input_is_one_line_exit_2(tiny_db: Path, args: list[str], message: str) -> None:
    result = run(tiny_db, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_show_company_lists_everything_linked(tiny_db: Path) -> None:
    result = run(tiny_db, "show", "apple")
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[:2] == ["Apple", "company:apple"]
    assert "DMA  gatekeeper  2023-09-06  App Store; iOS  [1]" in out  # its source, listed once at the end
    assert out.count("https://ec.europa.eu/commission/presscorner/detail/en/ip_25_1085") == 1
    assert "Sources (2)\n[1]  2025-04-23  European Commission  Commission fines Apple and Meta  https://" in out
    assert "€500,000,000  2025-04-23  Apple: App Store anti-steering  dispute:apple-anti-steering" in out
    assert "2024-01-26  Daniel Ek  Spotify  “a complete and total farce”  quote:ek-farce" in out
    assert "Regulations (1)" in out and "Regulation (EU) 2022/1925  DMA  regulation:dma" in out


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("apple", "company:apple"),
        ("company:apple", "company:apple"),
        ("DMA", "regulation:dma"),
        ("Digital Markets Act", "regulation:dma"),
        ("Facebook", "company:meta"),
        ("regulation:dma", "regulation:dma"),
        ("dispute:apple-anti-steering", "dispute:apple-anti-steering"),
        ("quote:ek-farce", "quote:ek-farce"),
        ("Daniel Ek", "person:daniel-ek"),
        ("DMA.100109", "dispute:apple-anti-steering"),
        ("source:news-farce", "source:news-farce"),
    ],
)
def test_show_resolves_refs(tiny_db: Path, ref: str, expected: str) -> None:
    result = run(tiny_db, "show", ref, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["ref"] == expected


def test_show_json_is_the_whole_linked_record(tiny_db: Path) -> None:
    detail = json.loads(run(tiny_db, "show", "regulation:dma", "--format", "json").stdout)
    assert detail["record"]["reference"] == "Regulation (EU) 2022/1925"
    assert [d["company_slug"] for d in detail["designations"]] == ["apple"]
    assert detail["milestones"] == [{"date": "2024-03-07", "what": "Gatekeepers must comply"}]
    assert {d["slug"] for d in detail["linked"]["disputes"]} == {"apple-anti-steering", "meta-pay-or-consent"}
    assert {c["slug"] for c in detail["linked"]["companies"]} == {"apple", "meta"}


def test_ambiguous_ref_lists_candidates(tmp_path: Path) -> None:
    document = tiny_document()
    document["people"].append({"slug": "apple", "name": "Apple Person", "role": "Tester"})
    db = build_db(document, tmp_path / "amb.db")
    result = run(db, "show", "apple")
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr and "company:apple" in result.stderr and "person:apple" in result.stderr


def test_search_finds_across_kinds_with_marks(tiny_db: Path) -> None:
    result = run(tiny_db, "search", "apple", "--format", "jsonl")
    assert result.exit_code == 0
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = {h["kind"] for h in hits}
    assert {"disputes", "events", "companies"} <= kinds
    assert all("**" in h["snippet"] for h in hits)
    assert any(h["ref"] == "company:apple" for h in hits)


@pytest.mark.parametrize("query", ['"', "NEAR(", "AND", "*", "farce AND", "(((", "a:b:c", "^", "-", "pay-or-consent"])
def test_any_string_is_a_valid_search(tiny_db: Path, query: str) -> None:
    result = run(tiny_db, "search", query, "--format", "csv")
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.output


def test_search_no_hits_exits_1(tiny_db: Path) -> None:
    result = run(tiny_db, "search", "zzzzqqq")
    assert result.exit_code == 1 and result.stdout == ""


def test_search_fts_syntax_still_works(tiny_db: Path) -> None:
    rows = parse("csv", run(tiny_db, "search", "farc*", "--format", "csv").stdout)
    assert rows[0]["ref"] == "quote:ek-farce"


def test_markup_and_escape_bytes_are_printed_literally(tmp_path: Path) -> None:
    document = tiny_document()
    document["companies"][0]["name"] = "[bold]Apple[/bold] \x1b[31mred"
    db = build_db(document, tmp_path / "markup.db")
    for fmt in ("table", "csv", "markdown"):
        out = run(db, "export", "companies", "--columns", "name", "--format", fmt).stdout
        assert "[bold]Apple[/bold]" in out
        assert "\x1b" not in out and "\\x1b[31mred" in out
    shown = run(db, "show", "apple").stdout
    assert "[bold]Apple[/bold] \\x1b[31mred" in shown and "\x1b" not in shown
    js = json.loads(run(db, "export", "companies", "--columns", "name", "--format", "json").stdout)
    assert js[0]["name"] == "[bold]Apple[/bold] \x1b[31mred"


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for args in (["export"], ["show"], ["search"], ["db", "build"], ["db", "check"], ["db", "info"], []):
        result = runner.invoke(main_group, [*args, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout, args


def _proc(*args: str, env: dict[str, str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
    import os

    return subprocess.run(
        [sys.executable, "-m", "regterm", *args],
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def test_closed_pipe_ends_quietly() -> None:
    script = f"{sys.executable} -m regterm --db {BUNDLED_DB} export quotes --format csv | head -1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True, check=False)
    assert proc.stdout.startswith("slug,said")
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == ""


def test_closed_pipe_on_a_large_export(tmp_path: Path) -> None:
    document = tiny_document()
    base = document["quotes"][0]
    document["quotes"] = [dict(base, slug=f"q-{n}", text=f"quote number {n} " * 20) for n in range(3000)]
    db = build_db(document, tmp_path / "big.db")
    script = f"{sys.executable} -m regterm --db {db} export quotes --format jsonl | head -3"
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert len(proc.stdout.splitlines()) == 3
    assert proc.stderr == ""


def test_no_color_and_pipes_have_no_escape_codes(tiny_db: Path) -> None:
    proc = _proc("--db", str(tiny_db), "show", "apple", env={"NO_COLOR": "1"})
    assert proc.returncode == 0
    assert b"\x1b" not in proc.stdout
    proc = _proc("--db", str(tiny_db), "export", "companies", "--format", "table")
    assert b"\x1b" not in proc.stdout and b"apple" in proc.stdout


def test_no_color_on_a_terminal(tiny_db: Path) -> None:
    """Under a pseudo-terminal, colour appears unless NO_COLOR is set."""
    import os
    import pty

    def on_tty(env_extra: dict[str, str]) -> bytes:
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.environ.update(env_extra)
            os.execv(sys.executable, [sys.executable, "-m", "regterm", "--db", str(tiny_db), "show", "apple"])
        chunks = []
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.waitpid(pid, 0)
        return b"".join(chunks)

    env = {"TERM": "xterm-256color", "COLUMNS": "120"}
    os.environ.pop("NO_COLOR", None)
    assert b"\x1b[" in on_tty(env)
    assert b"\x1b[" not in on_tty({**env, "NO_COLOR": "1"})


def test_cli_paths_do_not_import_textual_or_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from regterm.cli import main\n"
        "for args in (['export','quotes','--format','csv'], ['show','apple','--format','json'], ['search','dma'],\n"
        "             ['stats','disputes','--by','status','--format','csv'], ['--help'], ['ingest','--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "slow = ('textual', 'sqlite_utils', 'yaml', 'pandas', 'trafilatura', 'lxml')\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in slow]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False
    )
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_repeated_kinds_do_not_repeat_hits(tiny_db: Path) -> None:
    once = run(tiny_db, "search", "farce", "--kind", "quotes", "--format", "jsonl").stdout
    twice = run(tiny_db, "search", "farce", "--kind", "quotes", "--kind", "quotes", "--format", "jsonl").stdout
    assert once == twice and once.count("\n") == 1


def test_speaker_names_with_escape_bytes_are_shown_escaped(tmp_path: Path) -> None:
    document = tiny_document()
    document["people"][0]["name"] = "Daniel\x1b[31m Ek"
    db = build_db(document, tmp_path / "esc.db")
    out = run(db, "show", "quote:ek-farce").stdout
    assert "\x1b" not in out and "Daniel\\x1b[31m Ek" in out


def test_search_ranks_the_record_named_by_the_query_first() -> None:
    rows = parse("csv", run(BUNDLED_DB, "search", "pay or consent", "--limit", "10", "--format", "csv").stdout)
    assert rows[0]["ref"] == "dispute:dma-meta-pay-or-consent"
    rows = parse("csv", run(BUNDLED_DB, "search", "DMA", "--limit", "10", "--format", "csv").stdout)
    assert rows[0]["ref"] == "regulation:dma"


def test_search_puts_a_title_match_above_passing_mentions(tmp_path: Path) -> None:
    document = tiny_document()
    for n in range(5):
        quote = dict(document["quotes"][0], slug=f"mention-{n}", text="pay or consent, pay or consent, pay or consent")
        document["quotes"].append(quote)
    db = build_db(document, tmp_path / "mentions.db")
    rows = parse("csv", run(db, "search", "pay or consent", "--format", "csv").stdout)
    assert rows[0]["ref"] == "dispute:meta-pay-or-consent"
    assert {r["ref"] for r in rows[1:]} >= {f"quote:mention-{n}" for n in range(5)}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--db", "x.db"], (True, "x.db")),
        (["--db=x.db"], (True, "x.db")),
        (["--db", "--help"], (False, None)),
        (["--db="], (False, None)),
        (["show", "apple"], (False, None)),
        (["--db", "x.db", "open", "apple"], (False, None)),
    ],
)
def test_only_plain_explorer_starts_skip_click(args: list[str], expected: tuple[bool, str | None]) -> None:
    from regterm.entry import explorer_database

    assert explorer_database(args) == expected


def test_explorer_start_without_click_fails_in_one_line(tmp_path: Path) -> None:
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('CLICK', 'click' in sys.modules, file=sys.stderr))\n"
        f"sys.argv = ['regterm', '--db', {str(tmp_path / 'missing.db')!r}]\n"
        "from regterm.entry import main\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"regterm: error: database not found: {tmp_path / 'missing.db'}", "CLICK False"]


def test_explorer_start_imports_only_what_the_first_frame_needs() -> None:
    code = (
        "import sys\n"
        "import regterm.entry, regterm.tui_launch, regterm.tui.app\n"
        "unneeded = ('click', 'yaml', 'trafilatura', 'lxml', 'webbrowser')\n"
        "later = ('regterm.ingest', 'regterm.importer', 'regterm.export_file', 'regterm.db.detail',\n"
        "         'regterm.db.search', 'regterm.db.upgrade', 'regterm.cli', 'regterm.commands',\n"
        "         'textual.widgets._text_area')\n"
        "found = [m for m in sys.modules if m.split('.')[0] in unneeded or m.startswith(later)]\n"
        "print('FOUND', sorted(found))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "FOUND []" in proc.stdout, proc.stdout + proc.stderr
