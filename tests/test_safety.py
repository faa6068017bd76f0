"""Nothing in the data can act (issue #10): a hostile fixture is imported, then driven through every boundary
where text leaves regterm (screen, palette, toasts, clipboard, browser, stderr, files). Each test asserts what
reaches the terminal, the clipboard, the browser call or the file."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import shutil
import sqlite3
import threading
import webbrowser
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import build_db, tiny_document
from hostile import (
    BAD_URLS,
    BIDI_NAME,
    CLICK_NAME,
    CONTROLS,
    ESCAPE_NAME,
    EU_NAME,
    FORMULAS,
    OSC0,
    OSC52,
    PASTE_END,
    QUIT_NAME,
    QUOTE_TEXT,
    RAW,
    SLASH_NAME,
    hostile_document,
    write_yaml,
)
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_helpers import make_app, settle

from regterm.cli import main_group
from regterm.db.refs import Ref
from regterm.safe_text import clipboard_text, escape_controls, is_clean_url, json_safe, one_line, spreadsheet_cell
from regterm.tui.app import RegtermApp
from regterm.tui.screens.export import ExportScreen

HUMAN_FORMATS = ["csv", "tsv", "markdown", "table"]


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main_group, ["--db", str(db), *args])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny database with the hostile fixture imported through `regterm import`; and the screenshot folder
    the fixture's @click action names (holding existing.txt, which must survive)."""
    folder = tmp_path_factory.mktemp("hostile")
    shots = folder / "shots"
    shots.mkdir()
    (shots / "existing.txt").write_text("keep me")
    db = build_db(tiny_document(), folder / "hostile.db")
    result = run(db, "import", str(write_yaml(hostile_document(shots), folder / "hostile.yaml")))
    assert result.exit_code == 0, result.stderr
    return db, shots


@pytest.fixture
def hostile_db(hostile: tuple[Path, Path], tmp_path: Path) -> Path:
    """A private copy, so a test may change it like a foreign database would be."""
    return Path(shutil.copy(hostile[0], tmp_path / "hostile.db"))


def foreign_db(db: Path, url: str) -> Path:
    """The database as a colleague's tool might have written it: a hostile URL the importer would refuse."""
    with sqlite3.connect(db) as conn:
        conn.execute("update sources set url = ? where slug = 'hostile-source'", [url])
        conn.execute("update companies set website = ? where slug = 'title-co'", [url])
    return db


def screen_output(app: RegtermApp) -> str:
    """What the terminal would receive for the whole current screen (toasts and palette included)."""
    update = app.screen._compositor.render_update(full=True)
    assert update is not None
    return str(update.render_segments(app.console))


def drive(db: Path, steps: Callable[[Pilot[Any], RegtermApp], Awaitable[Any]]) -> Any:
    """Like tui_helpers.drive, with notifications shown as toasts (run_test hides them by default)."""

    async def main() -> Any:
        app = make_app(db)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            return await steps(pilot, app)

    return asyncio.run(main())


def toasts(app: RegtermApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


# The rule, as pure functions ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [QUOTE_TEXT, ESCAPE_NAME, BIDI_NAME, "\x00\x7f\x85\u2066\u2069\u061c\u200e"])
def test_every_control_is_shown_as_text_never_sent(text: str) -> None:
    assert not CONTROLS.search(escape_controls(text).replace("\n", "").replace("\t", ""))
    assert not CONTROLS.search(one_line(text)) and "\n" not in one_line(text)
    copied = clipboard_text(text + "\r\nnext")
    assert not CONTROLS.search(copied) and "\r" not in copied
    assert json.loads(json_safe(json.dumps(text, ensure_ascii=False))) == text  # escaped, yet the same value
    assert not RAW.search(json_safe(json.dumps(text, ensure_ascii=False)))


@pytest.mark.parametrize("url", BAD_URLS)
def test_only_clean_http_urls_are_clean(url: str) -> None:
    assert not is_clean_url(url)


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "http://EXAMPLE.org", "HTTPS://x.eu/é"])
def test_clean_urls_pass(url: str) -> None:
    assert is_clean_url(url)


@pytest.mark.parametrize("cell", FORMULAS)
def test_spreadsheet_cells_never_start_a_formula(cell: str) -> None:
    assert spreadsheet_cell(cell) == "'" + cell
    assert spreadsheet_cell("-12.5") == "-12.5" and spreadsheet_cell("Apple") == "Apple"


# Import, db check and every error message -------------------------------------------------------------------


@pytest.mark.parametrize("url", BAD_URLS)
def test_import_refuses_unclean_urls_and_its_errors_escape_them(tmp_path: Path, url: str) -> None:
    db = build_db(tiny_document(), tmp_path / "target.db")
    before = db.read_bytes()
    document = hostile_document(tmp_path)
    document["sources"][0]["url"] = url
    document["companies"][-1]["website"] = url
    result = run(db, "import", str(write_yaml(document, tmp_path / "bad.yaml")))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len([line for line in lines if "is not an http(s) URL" in line]) == 2
    assert one_line(url) in result.stderr
    assert not RAW.search(result.stderr) and "\x1b" not in result.stderr
    assert "Traceback" not in result.stderr and db.read_bytes() == before


def test_import_errors_quoting_hostile_values_send_no_escapes(tmp_path: Path) -> None:
    db = build_db(tiny_document(), tmp_path / "target.db")
    document = hostile_document(tmp_path)
    document["quotes"][0]["said"] = f"soon{OSC0}"
    document["quotes"][0]["companies"] = [f"apple{OSC52}"]
    document["companies"][0]["kind"] = f"firm{PASTE_END}\nfake: line"
    result = run(db, "import", str(write_yaml(document, tmp_path / "bad.yaml")))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert len(result.stderr.splitlines()) == 4  # three problems and the summary: a value cannot add a line
    assert escape_controls(OSC0) in result.stderr


@pytest.mark.parametrize("url", BAD_URLS[:5])
def test_db_check_reports_unclean_urls_as_text(hostile_db: Path, url: str) -> None:
    result = run(foreign_db(hostile_db, url), "db", "check")
    assert result.exit_code == 1
    reported = [line for line in result.stdout.splitlines() if "is not an http(s) URL" in line]
    assert [line.split(":")[0] for line in reported] == ["sources 'hostile-source'", "companies 'title-co'"]
    assert not RAW.search(result.stdout) and "\x1b" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["show", f"apple{OSC0}"],
        ["export", f"quotes{OSC52}"],
        ["export", "quotes", "--since", f"2024{PASTE_END}"],
        ["search", f"zzqx{OSC0}"],
        ["ingest", "article.txt", "--url", f"https://example.org/{OSC52}", "--publisher", "P", "--date", "2026"],
        [f"exp{OSC0}ort"],  # click's own "no such command"
        ["export", "quotes", "--format", f"csv{OSC52}"],  # click's own bad choice
    ],
)
def test_messages_quoting_input_escape_it(hostile_db: Path, args: list[str]) -> None:
    result = run(hostile_db, *args)
    assert result.exit_code in (1, 2)
    assert result.stderr.strip(), "a message was expected"
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "Traceback" not in result.stderr


# CLI formats ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
@pytest.mark.parametrize("table", ["companies", "quotes", "sources", "disputes"])
def test_human_formats_show_controls_and_bidi_as_text(hostile_db: Path, fmt: str, table: str) -> None:
    result = run(hostile_db, "export", table, "--format", fmt)
    assert result.exit_code == 0
    assert not RAW.search(result.stdout) and "\x1b" not in result.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_escapes_c1_and_bidi_and_round_trips(hostile_db: Path, fmt: str) -> None:
    result = run(hostile_db, "export", "quotes", "--format", fmt, "--columns", "slug,text")
    assert not RAW.search(result.stdout) and "\x1b" not in result.stdout
    rows = json.loads(result.stdout) if fmt == "json" else [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["slug"]: r["text"] for r in rows}["hostile-quote"] == QUOTE_TEXT  # the data itself, unchanged


def test_show_prints_a_hostile_record_as_text(hostile_db: Path) -> None:
    for ref in ("quote:hostile-quote", "company:title-co", "company:over-co"):
        result = run(hostile_db, "show", ref)
        assert result.exit_code == 0
        assert not RAW.search(result.stdout) and "\x1b" not in result.stdout
    assert "[@click=app.screenshot(" in run(hostile_db, "show", "company:over-co").stdout
    shown = run(hostile_db, "show", "quote:hostile-quote", "--format", "json").stdout
    assert not RAW.search(shown) and json.loads(shown)["record"]["text"] == QUOTE_TEXT


def test_search_results_show_hostile_text_as_text(hostile_db: Path) -> None:
    for fmt in ("table", "csv", "json"):
        result = run(hostile_db, "search", "pwned", "--format", fmt)
        assert result.exit_code == 0 and "title-co" in result.stdout
        assert not RAW.search(result.stdout) and "\x1b" not in result.stdout


def test_csv_default_is_faithful_and_for_spreadsheet_neutralises_formulas(hostile_db: Path) -> None:
    def titles(*options: str) -> dict[str, str]:
        result = run(hostile_db, "export", "disputes", "--columns", "slug,title,fine_eur", *options)
        assert result.exit_code == 0
        return {row["slug"]: row["title"] for row in csv.DictReader(io.StringIO(result.stdout))}

    faithful, safe = titles("--format", "csv"), titles("--for-spreadsheet")
    for index, formula in enumerate(FORMULAS):
        assert faithful[f"formula-{index}"] == formula
        assert safe[f"formula-{index}"] == "'" + formula
    assert safe["apple-anti-steering"] == faithful["apple-anti-steering"] == "Apple: App Store anti-steering"
    tsv = run(hostile_db, "export", "disputes", "--format", "tsv", "--for-spreadsheet").stdout
    assert "\t'@SUM(A1:A9)\t" in tsv
    refused = run(hostile_db, "export", "disputes", "--format", "json", "--for-spreadsheet")
    assert refused.exit_code == 2 and "--for-spreadsheet" in refused.stderr


# The explorer ---------------------------------------------------------------------------------------------------


async def palette_search(pilot: Pilot[Any], text: str) -> CommandList:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*text)
    await pilot.pause(0.6)
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    return pilot.app.screen.query_one(CommandList)


def prompts(commands: CommandList) -> list[str]:
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


@pytest.mark.parametrize(
    ("typed", "name", "slug"),
    [
        ("Over", CLICK_NAME, "over-co"),
        ("Quit", QUIT_NAME, "quit-co"),
        ("[/x]", SLASH_NAME, "slash-co"),
        ("the EU", EU_NAME, "brackets-co"),
        ("Bidi", BIDI_NAME, "bidi-co"),
        ("Title", ESCAPE_NAME, "title-co"),
    ],
)
def test_palette_shows_names_as_typed_text_and_enter_only_navigates(
    hostile: tuple[Path, Path], typed: str, name: str, slug: str
) -> None:
    db, shots = hostile
    expected = one_line(f"Go to company: {name.format(dir=shots)}")

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        commands = await palette_search(pilot, typed)
        shown = prompts(commands)
        output = screen_output(app)
        index = next(i for i, p in enumerate(shown) if p.startswith(expected))
        commands.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        return shown, output, [str(r) for r in app.screen.chain], app.is_running

    shown, output, chain, running = drive(db, steps)
    assert any(p.startswith(expected) for p in shown), shown
    assert "No matches found" not in output
    assert not RAW.search(output)
    assert running and chain == [f"company:{slug}"]


@pytest.mark.parametrize(("typed", "slug"), [("Over", "over-co"), ("Quit", "quit-co")])
def test_clicking_a_palette_entry_on_its_name_only_navigates(
    hostile: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, typed: str, slug: str
) -> None:
    db, shots = hostile
    actions: list[str] = []
    monkeypatch.setattr(RegtermApp, "action_screenshot", lambda self, *a: actions.append("screenshot"))

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        commands = await palette_search(pilot, typed)
        index = next(i for i, p in enumerate(prompts(commands)) if f"{typed} Co[/]" in p)
        line = commands._index_to_line[index] - int(commands.scroll_y)
        column = prompts(commands)[index].index(f"{typed} Co") + 3  # on the name, where a link would be
        area = commands.content_region  # the list has padding: click where the name is drawn
        meta = app.screen.get_style_at(area.x + column, area.y + line).meta
        assert meta.get("option") == index and "@click" not in meta  # the name is text, not a link
        await pilot.click(offset=(area.x + column, area.y + line))
        await settle(pilot)
        return app.is_running, type(app.screen).__name__, [str(r) for r in app.screen.chain]

    running, screen, chain = drive(db, steps)
    assert running and screen == "MainScreen" and chain == [f"company:{slug}"]
    assert actions == []
    assert (shots / "existing.txt").read_text() == "keep me"
    assert [p.name for p in shots.iterdir()] == ["existing.txt"]


def test_detail_breadcrumb_and_panes_show_hostile_text_as_text(hostile_db: Path) -> None:
    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        outputs = []
        for ref in (Ref("quotes", "hostile-quote"), Ref("companies", "title-co"), Ref("companies", "bidi-co")):
            app.screen.jump_to(ref)
            await settle(pilot)
            outputs.append(screen_output(app))
        body = app.screen.query_one("#detail-body", Static).render()
        return outputs, str(body)

    outputs, body = drive(hostile_db, steps)
    for output in outputs:
        assert not RAW.search(output)
    assert body.startswith("Bidi \\u202eoC idiB\ncompany:bidi-co")
    assert "\\u202e" in outputs[2] and "\\x1b]0;pwned\\x07" in outputs[1]


def test_detail_title_of_a_foreign_slug_is_not_markup(hostile_db: Path) -> None:
    with sqlite3.connect(hostile_db) as conn:
        conn.execute("update companies set slug = ? where slug = 'quit-co'", ["[@click=app.quit]q[/]"])

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.jump_to(Ref("companies", "[@click=app.quit]q[/]"))
        await settle(pilot)
        return app.is_running, app.screen.query_one("#detail").border_title

    running, title = drive(hostile_db, steps)
    assert running and Content.from_markup(title).plain == "Detail: company:[@click=app.quit]q[/]"


@pytest.mark.parametrize("url", BAD_URLS)
def test_o_never_hands_an_unclean_url_to_the_browser(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda u, new=0: opened.append(u) or True)

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.jump_to(Ref("quotes", "hostile-quote"))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        return toasts(app), screen_output(app)

    shown, output = drive(foreign_db(hostile_db, url), steps)
    assert opened == []
    assert any("is not a clean http(s) URL" in t for t in shown), shown
    assert any("".join(one_line(url).split()) in "".join(t.split()) for t in shown), shown  # wrapped, still there
    assert not RAW.search(output)


@pytest.mark.parametrize("works", [True, False])
def test_o_opens_in_a_worker_and_tells_the_truth(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch, works: bool
) -> None:
    calls: list[tuple[str, bool]] = []

    def fake_open(url: str, new: int = 0) -> bool:
        calls.append((url, threading.current_thread() is threading.main_thread()))
        return works

    monkeypatch.setattr(webbrowser, "open", fake_open)

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.jump_to(Ref("quotes", "hostile-quote"))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        return toasts(app)

    shown = drive(hostile_db, steps)
    assert calls == [("https://example.org/hostile", False)]  # the browser command never runs on the UI thread
    text = " ".join(shown).replace("\n", " ")
    if works:
        assert "Opened in your browser: https://example.org/hostile" in text
    else:
        assert "Not opened" in text and "the URL: https://example.org/hostile" in text
        assert "Opened" not in text


def test_o_says_when_the_browser_command_fails(hostile_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(url: str, new: int = 0) -> bool:
        raise webbrowser.Error("no runnable browser")

    monkeypatch.setattr(webbrowser, "open", broken)

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.jump_to(Ref("companies", "title-co"))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        return app.is_running, toasts(app)

    running, shown = drive(hostile_db, steps)
    assert running and any("the URL: https://example.org/title-co" in t.replace("\n", " ") for t in shown)


@pytest.mark.parametrize("ref", [Ref("quotes", "hostile-quote"), Ref("companies", "title-co")])
def test_y_copies_no_control_characters(hostile_db: Path, monkeypatch: pytest.MonkeyPatch, ref: Ref) -> None:
    copied: list[str] = []
    monkeypatch.setattr(RegtermApp, "copy_to_clipboard", lambda self, text: copied.append(text))

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        app.screen.jump_to(ref)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        return toasts(app), screen_output(app)

    shown, output = drive(hostile_db, steps)
    assert len(copied) == 1
    assert not CONTROLS.search(copied[0]) and "\r" not in copied[0]
    assert "\\x1b[201~" in copied[0] or "\\x1b]0;pwned" in copied[0]  # shown, so the user sees what was there
    assert any(f"Copied {ref}" in t for t in shown) and not RAW.search(output)


def test_export_dialog_csv_is_safe_for_spreadsheets(hostile_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "disputes.csv"

    async def steps(pilot, app):  # type: ignore[no-untyped-def]
        await pilot.press("tab", "tab")  # Disputes
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        return toasts(app), screen_output(app)

    shown, output = drive(hostile_db, steps)
    text = target.read_text(encoding="utf-8")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    for index, formula in enumerate(FORMULAS):
        assert rows[f"formula-{index}"]["title"] == "'" + formula
        assert rows[f"formula-{index}"]["legal_basis"] == "'" + formula
    assert not RAW.search(text) and "\x1b" not in text
    assert any("Exported" in t for t in shown) and not RAW.search(output)
