"""`regterm ingest`: an article becomes reviewable records, linked through the database's aliases."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from regterm.cli import main_group

ARTICLE = """Spotify and Meta take aim at Brussels

Daniel Ek, Spotify's chief executive, said the Digital Markets Act had not stopped Apple.
“Apple is still charging developers to reach their own customers,” Ek said, “and nobody in Brussels
seems to mind.”

Facebook's owner was blunter. “We cannot launch new features in Europe on these terms,” the company said in a
statement, adding that the DMA and the GDPR left it “no clear path”.

“This is a test of whether the rules mean anything,” said Lena Vogt, a researcher who follows the case.
"""


def ingest(db: Path | None, article: Path, *extra: str):  # type: ignore[no-untyped-def]
    """Ingest article into db (None: the user's database) with a fixed source."""
    return CliRunner().invoke(
        main_group,
        [
            *(["--db", str(db)] if db else []),
            "ingest",
            str(article),
            "--url",
            "https://example.org/brussels",
            "--publisher",
            "Example News",
            "--date",
            "2026-11-27",
            *extra,
        ],
    )


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "brussels.txt"
    path.write_text(ARTICLE)
    return path


def load_review(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def test_review_file_has_quotes_speakers_and_links(tiny_db: Path, article: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    result = ingest(tiny_db, article, "--output", str(review))
    assert result.exit_code == 0, result.stderr
    document = load_review(review)
    quotes = {q["text"]: q for q in document["quotes"]}
    # a quote split by its attribution is two quotes, each as printed, both the speaker's
    first, second = (
        "Apple is still charging developers to reach their own customers",
        "and nobody in Brussels seems to mind.",
    )
    assert first in quotes and second in quotes
    assert quotes[first]["speaker"] == quotes[second]["speaker"] == "daniel-ek"  # "Ek" resolved to the known person
    assert quotes[first]["companies"] == ["apple"]
    facebook = quotes["We cannot launch new features in Europe on these terms"]
    assert facebook["organisation"] == "meta"  # Facebook is an alias of Meta
    assert facebook["regulations"] == ["dma", "gdpr"]  # named in the quote's sentence
    assert quotes["no clear path"]["organisation"] == "meta"  # a fragment after 'adding that': the company's words
    vogt = quotes["This is a test of whether the rules mean anything"]
    assert vogt["speaker"] == "lena-vogt"
    assert document["people"] == [{"slug": "lena-vogt", "name": "Lena Vogt", "role": "unknown (review)"}]
    assert document["sources"][0]["url"] == "https://example.org/brussels"
    text = review.read_text()
    assert "# confidence 0.9" in text or "# confidence 0.8" in text
    assert "REVIEW: new person 'Lena Vogt'" in text
    assert "# sentence: " in text


def test_review_file_imports_cleanly(tiny_db: Path, article: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    assert ingest(tiny_db, article, "--output", str(review)).exit_code == 0
    target = tmp_path / "mine.db"
    target.write_bytes(tiny_db.read_bytes())
    result = CliRunner().invoke(main_group, ["--db", str(target), "import", str(review)])
    assert result.exit_code == 0, result.stderr
    count = sqlite3.connect(target).execute("select count(*) from quotes where said = '2026-11-27'").fetchone()[0]
    assert count == len(load_review(review)["quotes"]) == 5  # with the company's “no clear path” after "adding"


def test_apply_imports_into_the_user_database(
    tiny_db: Path, article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where the review of the quotes below the floor goes
    result = ingest(None, article, "--apply")
    assert result.exit_code == 0, result.stderr
    user = Path(os.environ["REGTERM_USER_DB"])
    assert user.exists()
    names = {n for (n,) in sqlite3.connect(user).execute("select name from people")}
    assert "Lena Vogt" in names


def test_html_and_stdin(tiny_db: Path, tmp_path: Path) -> None:
    html = "<html><body><p>&ldquo;We will appeal this decision,&rdquo; Meta said.</p></body></html>"
    result = CliRunner().invoke(
        main_group,
        [
            "--db",
            str(tiny_db),
            "ingest",
            "-",
            "--url",
            "https://example.org/h",
            "--publisher",
            "P",
            "--date",
            "2026-11-01",
            "--output",
            str(tmp_path / "h.yaml"),
        ],
        input=html,
    )
    assert result.exit_code == 0, result.stderr
    quotes = load_review(tmp_path / "h.yaml")["quotes"]
    assert [(q["text"], q["organisation"]) for q in quotes] == [("We will appeal this decision", "meta")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "yesterday"], "--date 'yesterday' is not a date"),
        (["--url", "example.org"], "is not an http(s) URL"),
    ],
)
def test_bad_options(tiny_db: Path, article: Path, args: list[str], message: str) -> None:
    base = {"--url": "https://example.org/a", "--publisher": "P", "--date": "2026-11-01"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for pair in base.items() for x in pair]
    result = CliRunner().invoke(main_group, ["--db", str(tiny_db), "ingest", str(article), *flat])
    assert result.exit_code == 2 and message in result.stderr


def test_missing_article_and_existing_review(tiny_db: Path, article: Path, tmp_path: Path) -> None:
    assert "article not found" in ingest(tiny_db, tmp_path / "nope.txt").stderr
    review = tmp_path / "r.yaml"
    review.write_text("keep")
    result = ingest(tiny_db, article, "--output", str(review))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert review.read_text() == "keep"


def test_reingest_is_idempotent_and_new_people_never_replace_existing(
    tiny_db: Path, article: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mine.db"
    target.write_bytes(tiny_db.read_bytes())
    first = ingest(target, article, "--apply", "--min-confidence", "0")
    assert first.exit_code == 0, first.stderr
    again = ingest(target, article, "--apply", "--min-confidence", "0")
    assert "0 added, 0 updated" in again.stderr
    conn = sqlite3.connect(target)
    assert conn.execute("select role from people where slug = 'daniel-ek'").fetchone() == ("Chief executive officer",)
    assert conn.execute("select count(*) from quotes where said = '2026-11-27'").fetchone() == (5,)


# --------------------------------------------------------------------------- saved web pages (issue #15)

SAVED_PAGE = Path(__file__).resolve().parent / "pages" / "saved_page.html"


def ingest_page(db: Path, page: Path, review: Path, *flags: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main_group, ["--db", str(db), "ingest", str(page), "--output", str(review), *flags])


def test_saved_page_needs_no_flags_and_reads_only_the_article(tiny_db: Path, tmp_path: Path) -> None:
    review = tmp_path / "saved.review.yaml"
    result = ingest_page(tiny_db, SAVED_PAGE, review)
    assert result.exit_code == 0, result.stderr
    document = load_review(review)
    (source,) = document["sources"]
    assert source["url"] == "https://news.example.org/tech/2025/05/02/brussels-fines-meta-data-transfers"  # canonical
    assert (source["publisher"], source["published"]) == ("Harbour Tribune", "2025-05-02")
    assert source["title"] == "Brussels fines Meta over data transfers"
    found = {q["text"]: q for q in document["quotes"]}
    assert set(found) == {
        "Companies that profit from Europeans’ data must protect it wherever it travels",
        "That is not a burden. It is the law.",
        "a dangerous precedent for thousands of businesses",
        "unjustified and unnecessary",
        "We waited five years for a decision that was obvious from day one.",
    }  # nothing from the cookie banner, menu, related links or footer, all of which carry quotes
    assert found["a dangerous precedent for thousands of businesses"]["organisation"] == "meta"
    assert found["We waited five years for a decision that was obvious from day one."]["speaker"] == "max-schrems"
    assert "Accept all" not in review.read_text() and "trust" not in review.read_text()


def test_flags_override_the_page_metadata(tiny_db: Path, tmp_path: Path) -> None:
    review = tmp_path / "r.yaml"
    flags = ("--publisher", "Other Paper", "--date", "2025-05-03", "--url", "https://example.org/x", "--title", "T")
    assert ingest_page(tiny_db, SAVED_PAGE, review, *flags).exit_code == 0
    (source,) = load_review(review)["sources"]
    assert (source["publisher"], source["published"], source["url"], source["title"]) == (
        "Other Paper",
        "2025-05-03",
        "https://example.org/x",
        "T",
    )


def test_page_without_metadata_names_each_missing_field(tiny_db: Path, tmp_path: Path) -> None:
    html = SAVED_PAGE.read_text(encoding="utf-8")
    for marker in ('<meta property="og:site_name"', '<meta property="article:published_time"'):
        start = html.index(marker)
        html = html[:start] + html[html.index(">", start) + 1 :]
    html = html.replace('"publisher": {"@type": "Organization", "name": "Harbour Tribune"},', "")
    html = html.replace('"datePublished": "2025-05-02T09:14:00+02:00",', "")
    page = tmp_path / "bare.html"
    page.write_text(html, encoding="utf-8")
    result = ingest_page(tiny_db, page, tmp_path / "bare.yaml")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "publisher and date" in message and "--publisher and --date" in message and "URL" not in message
    assert ingest_page(tiny_db, page, tmp_path / "ok.yaml", "--publisher", "P", "--date", "2025-05-02").exit_code == 0


def test_text_article_without_flags_says_what_is_missing(tiny_db: Path, article: Path) -> None:
    result = CliRunner().invoke(main_group, ["--db", str(tiny_db), "ingest", str(article), "--date", "2026-11-27"])
    assert result.exit_code == 2
    assert "no URL and publisher for a text article" in result.stderr and "--url and --publisher" in result.stderr


def test_page_metadata_from_json_ld_alone() -> None:
    from regterm.ingest.page import page_metadata

    html = (
        '<html><head><script type="application/ld+json">[{"@type": "Organization", "name": "Not This"},'
        ' {"@type": ["NewsArticle"], "headline": "H", "mainEntityOfPage": {"@id": "https://example.org/a"},'
        ' "datePublished": "2024-03-06", "publisher": {"name": "Vixio"}}]</script>'
        '<script type="application/ld+json">{not json</script></head><body><p>x</p></body></html>'
    )
    meta = page_metadata(html)
    assert (meta.url, meta.publisher, meta.date, meta.title) == ("https://example.org/a", "Vixio", "2024-03-06", "H")
    assert page_metadata("<p>no metadata</p>") == type(meta)()


def test_ingesting_text_does_not_import_the_html_library(tmp_path: Path, article: Path) -> None:
    code = (
        "import sys\n"
        "from regterm.ingest.review import article_text\n"
        f"article_text(open({str(article)!r}).read(), 'a.txt')\n"
        "print('HEAVY', [m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'lxml')], file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "HEAVY []" in proc.stderr, proc.stderr


# --------------------------------------------------------------------------- --apply's confidence floor (round 10)

UNSURE = """Brussels steps up

“Apple is still charging developers to reach their own customers,” Daniel Ek said.

Acme Corp will appeal. “We disagree with the decision,” it said.
"""
# Ek's quote: his name next to it (confidence 0.9); Acme's: "it", a reference (0.6)


def _quotes(db: Path) -> list[tuple[str, str | None, str | None]]:
    rows = sqlite3.connect(db).execute(
        "select q.text, p.slug, c.slug from quotes q left join people p on p.id = q.speaker_id "
        "left join companies c on c.id = q.organisation_id where q.said = '2026-11-27' order by q.text"
    )
    return list(rows)


@pytest.fixture
def unsure(tiny_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(a copy of the test database, the article UNSURE), the working directory being where its review goes."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "mine.db"
    target.write_bytes(tiny_db.read_bytes())
    article = tmp_path / "unsure.txt"
    article.write_text(UNSURE)
    return target, article


def test_apply_imports_only_sure_speakers_and_leaves_the_rest_for_review(
    unsure: tuple[Path, Path], tmp_path: Path
) -> None:
    target, article = unsure
    result = ingest(target, article, "--apply")  # the default floor, 0.7
    assert result.exit_code == 0, result.stderr
    assert "2 quote(s) found, 1 (1 left for review in" in result.stderr
    assert _quotes(target) == [("Apple is still charging developers to reach their own customers", "daniel-ek", None)]
    assert sqlite3.connect(target).execute("select count(*) from companies where slug = 'acme-corp'").fetchone() == (0,)
    review = tmp_path / "unsure.review.yaml"
    left = load_review(review)
    assert [q["text"] for q in left["quotes"]] == ["We disagree with the decision"]
    assert [c["slug"] for c in left["companies"]] == ["acme-corp"] and "people" not in left  # what its quotes name
    assert "at least 0.70 sure" in review.read_text()
    # a second --apply changes nothing and keeps the review; a floor of 0.5 takes the reference too
    again = ingest(target, article, "--apply")
    assert again.exit_code == 0 and "0 added, 0 updated" in again.stderr
    assert load_review(review) == left
    review.unlink()
    lower = ingest(target, article, "--apply", "--min-confidence", "0.5")
    assert lower.exit_code == 0 and "2 quote(s) found, 2 imported" in lower.stderr and not review.exists()
    assert [org for _, _, org in _quotes(target)] == [None, "acme-corp"]


def test_a_weak_guess_is_left_for_review_unless_the_floor_is_zero(
    tiny_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the motto has no speaker near it: the ranker's best guess (Ek, named two paragraphs before) is far below 0.5
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "unsure.txt"
    article.write_text(UNSURE + "\nThe plan's motto, “a first step towards open stores”, was printed on Tuesday.\n")
    target, everything = tmp_path / "mine.db", tmp_path / "all.db"
    target.write_bytes(tiny_db.read_bytes())
    everything.write_bytes(tiny_db.read_bytes())
    result = ingest(target, article, "--apply", "--min-confidence", "0.5")
    assert result.exit_code == 0 and "3 quote(s) found, 2 (1 left for review in" in result.stderr
    assert [q["text"] for q in load_review(tmp_path / "unsure.review.yaml")["quotes"]] == [
        "a first step towards open stores"
    ]
    assert ingest(everything, article, "--apply", "--min-confidence", "0", "--output", "x.yaml").exit_code == 0
    assert len(_quotes(everything)) == 3 and len(_quotes(target)) == 2 and not (tmp_path / "x.yaml").exists()


def test_apply_refuses_before_importing_when_another_review_is_in_the_way(
    unsure: tuple[Path, Path], tmp_path: Path
) -> None:
    target, article = unsure
    (tmp_path / "unsure.review.yaml").write_text("my edits")
    before = target.read_bytes()
    result = ingest(target, article, "--apply")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert target.read_bytes() == before and (tmp_path / "unsure.review.yaml").read_text() == "my edits"


@pytest.mark.parametrize(("args", "message"), [(["--min-confidence", "0.5"], "goes with --apply")])
def test_min_confidence_needs_apply(tiny_db: Path, article: Path, args: list[str], message: str) -> None:
    result = ingest(tiny_db, article, *args)
    assert result.exit_code == 2 and message in result.stderr
    assert ingest(tiny_db, article, "--apply", "--min-confidence", "2").exit_code == 2


def test_apply_writes_the_review_before_importing_and_imports_nothing_if_it_cannot(
    unsure: tuple[Path, Path], tmp_path: Path
) -> None:
    target, article = unsure
    before = target.read_bytes()
    result = ingest(target, article, "--apply", "--output", str(tmp_path / "missing" / "r.yaml"))
    assert result.exit_code == 2 and "cannot write" in result.stderr and result.stderr.count("\n") == 1
    assert target.read_bytes() == before  # nothing imported: the quotes left out would have been lost
    folder = ingest(target, article, "--apply", "--output", str(tmp_path))
    assert folder.exit_code == 2 and "is a folder" in folder.stderr and target.read_bytes() == before


def test_apply_removes_its_review_when_the_import_fails(unsure: tuple[Path, Path], tmp_path: Path) -> None:
    target, article = unsure
    target.write_bytes(b"not a database at all, but a file in its place")
    result = ingest(target, article, "--apply")
    assert result.exit_code != 0 and not (tmp_path / "unsure.review.yaml").exists()
    assert target.read_bytes() == b"not a database at all, but a file in its place"


def test_a_review_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """The writer behind exports and reviews: a failure half-way (a full disk) leaves no file and no temporary."""
    import errno

    from regterm.export_file import write_new

    def half_then_full(handle) -> None:  # type: ignore[no-untyped-def]
        handle.write("quotes:\n- slug: q1\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "r.yaml"
    with pytest.raises(OSError, match="No space left"):
        write_new(target, half_then_full, parents=False)
    assert list(tmp_path.iterdir()) == []
    assert write_new(target, lambda handle: handle.write("ok\n"), parents=False) == 3 and target.read_text() == "ok\n"
    with pytest.raises(FileExistsError):
        write_new(target, lambda handle: handle.write("other\n"))
    assert target.read_text() == "ok\n"


def test_apply_shows_a_file_name_with_control_characters_as_text(
    tiny_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "mine.db"
    target.write_bytes(tiny_db.read_bytes())
    article = tmp_path / "evil\x1b]0;PWNED\x07.txt"
    article.write_text(UNSURE)
    result = ingest(target, article, "--apply")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "PWNED" in result.stderr


def test_a_company_named_by_a_common_word_is_linked_only_where_the_text_capitalises_it() -> None:
    from conftest import BUNDLED_DB

    from regterm.db.refs import alias_map
    from regterm.ingest.review import ArticleSource, ingest_article

    conn = sqlite3.connect(f"file:{BUNDLED_DB}?mode=ro", uri=True)
    cased = alias_map(conn, cased=True)
    assert cased["Free"] == "company:iliad" and cased["World"] == "company:tools-for-humanity"
    assert cased["commission"] == "company:european-commission"  # an institution: 'the commission' is the Commission
    assert "free" in alias_map(conn) and "Free" not in alias_map(conn)  # the plain map stays lower-case
    text = (
        "“Apps must stay free, and the world is watching,” Daniel Ek said of Apple.\n\n"
        "“We will appeal,” Free said in a statement."
    )
    source = ArticleSource("https://example.org/a", "Example News", "2026-12-02", "A test")
    records = {q.quote.text: q for q in ingest_article(conn, text, source).candidates}
    first = records["Apps must stay free, and the world is watching"]
    assert "company:apple" in first.quote.mentions
    assert not {"company:iliad", "company:tools-for-humanity"} & set(first.quote.mentions)
    assert "company:iliad" in records["We will appeal"].quote.mentions  # written with a capital: the company


def test_apply_with_nothing_sure_enough_leaves_the_database_untouched_and_no_source_uncited(
    unsure: tuple[Path, Path], tmp_path: Path
) -> None:
    target, article = unsure
    before = target.read_bytes()
    result = ingest(target, article, "--apply", "--min-confidence", "1")  # no speaker is that sure
    assert result.exit_code == 0, result.stderr
    assert "2 quote(s) found, none imported (2 left for review in" in result.stderr
    assert target.read_bytes() == before  # before the fix the source was imported alone: `db check` failed
    assert len(load_review(tmp_path / "unsure.review.yaml")["quotes"]) == 2
    check = CliRunner().invoke(main_group, ["--db", str(target), "db", "check"])
    assert check.exit_code == 0, check.stderr
