"""`regterm ingest ARTICLE`: find the quotes in a news article and turn them into records to review."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from regterm.commands.common import Context, check_date, fail, pass_context
from regterm.safe_text import is_clean_url, one_line


@click.command(
    "ingest",
    epilog="""\b
Examples:
  regterm ingest saved-page.html            # source URL, publisher and date from the page's metadata
  regterm ingest article.txt --url https://example.org/a --publisher "Example News" --date 2026-11-27
  regterm import article.review.yaml        # after checking the review file
  curl -s URL | regterm ingest - --url URL --publisher Reuters --date 2026-11-27 --apply
""",
)
@click.argument("article")
@click.option("--url", help="The article's URL (its source record); default: the page's canonical URL.")
@click.option("--publisher", help="Who published it; default: the page's site name.")
@click.option("--date", "date", help="Publication date, YYYY-MM-DD; default: the page's publication date.")
@click.option("--title", help="The article's title (default: the page's title, else the first line).")
@click.option("--primary", is_flag=True, help="The article is a primary source (the speaker's own text).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Review file (default: ARTICLE.review.yaml).")
@click.option(
    "--apply",
    "apply_",
    is_flag=True,
    help="Import the quotes attributed with enough confidence at once; the others go to the review file.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="With --apply: the least confidence of a speaker imported at once (default 0.7; 0 imports all).",
)
@pass_context
def command(
    ctx: Context,
    article: str,
    url: str | None,
    publisher: str | None,
    date: str | None,
    title: str | None,
    primary: bool,
    output: Path | None,
    apply_: bool,
    min_confidence: float | None,
) -> None:
    """Find the quotes in ARTICLE (text, Markdown or HTML; - for stdin), attribute and link them.

    Writes a review file in the import format, with each quote's confidence and the sentence it came
    from; edit it, then `regterm import` it. Speakers and organisations not in the database become new
    records marked REVIEW. --apply imports at once into your database the quotes whose speaker is at
    least --min-confidence sure (0.7: a speaker named near the quote; 0.5 adds references such as "he" and
    "the company" and speakers inherited from the quote before),
    and writes the others to the review file.

    A saved web page needs no options when its metadata names its URL (canonical link, og:url, JSON-LD),
    publisher (og:site_name, JSON-LD) and date (article:published_time, JSON-LD); options override it. Only
    the page's main text is read: menus, cookie banners, related links and footers are left out.
    """
    from regterm.ingest.page import PageMetadata, page_metadata
    from regterm.ingest.review import (
        MIN_CONFIDENCE,
        ArticleSource,
        article_text,
        ingest_article,
        is_html,
        review_path,
        review_yaml,
    )

    day = check_date(date, "--date")
    if min_confidence is not None and not apply_:
        fail("--min-confidence goes with --apply")
    if url is not None and not is_clean_url(url):  # the same rule as import: the review file must import
        fail(f"--url '{url}' is not an http(s) URL")
    try:
        raw = sys.stdin.read() if article == "-" else Path(article).read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"article not found: {article}")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {article}: {exc}")
    html = is_html(raw, article)
    page = page_metadata(raw) if html else PageMetadata()
    url, publisher, day = url or page.url, publisher or page.publisher, day or check_date(page.date, "the page's date")
    _require_source(
        article, html, {"URL": (url, "--url"), "publisher": (publisher, "--publisher"), "date": (day, "--date")}
    )
    text = article_text(raw, article)
    if not text.strip():
        fail(f"{article} has no text")
    first_line = next((line.strip(" #") for line in text.splitlines() if line.strip()), article)
    source = ArticleSource(str(url), str(publisher), str(day), (title or page.title or first_line)[:160], primary)
    ingested = ingest_article(_reading_connection(ctx), text, source)
    found, usable = len(ingested.candidates), len(ingested.accepted)
    path = review_path(article, output)
    if apply_:
        from regterm.commands.import_command import run_import

        floor = MIN_CONFIDENCE if min_confidence is None else min_confidence
        sure, rest = ingested.split(floor)
        review = review_yaml(rest, article, floor) if rest.candidates else ""
        # the review is written BEFORE the import (and removed if the import fails): the quotes left out of the
        # database are never lost; the same review from an earlier run stays as it is
        created = bool(review) and _read(path) != review and _write_review(path, review)
        left = f" ({len(rest.candidates)} left for review in {path})" if rest.candidates else ""
        if not sure.accepted:  # nothing sure enough: the database is not touched (no source without a quote)
            click.echo(one_line(f"{found} quote(s) found, none imported{left}"), err=True)
            return
        try:
            run_import(ctx, sure.records, prefix=f"{found} quote(s) found, {len(sure.candidates)}{left} ")
        except BaseException:
            if created:
                path.unlink(missing_ok=True)
            raise
        return
    _write_review(path, review_yaml(ingested, article))
    message = f"{found} quote(s) found, {usable} attributed; review {path}, then: regterm import {path}"
    click.echo(one_line(message), err=True)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _write_review(path: Path, text: str) -> bool:
    """Write a new review file (True), whole or not at all, or fail in one line: never over another file (a review
    being edited) or into a folder."""
    from regterm.export_file import write_new

    if path.is_dir():
        fail(f"{path} is a folder: give a file name with --output")
    try:
        write_new(path, lambda handle: handle.write(text), parents=False)
    except FileExistsError:
        fail(f"{path} already exists (choose another with --output)")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    return True


def _require_source(article: str, html: bool, fields: dict[str, tuple[str | None, str]]) -> None:
    """Fail, naming every missing field and its option, unless the source's URL, publisher and date are known."""
    missing = [(name, option) for name, (value, option) in fields.items() if not value]
    if not missing:
        return
    names = " and ".join(", ".join(name for name, _ in missing).rsplit(", ", 1))
    options = " and ".join(", ".join(option for _, option in missing).rsplit(", ", 1))
    where = f"could not find the article's {names} in the page's metadata" if html else f"no {names} for a text article"
    fail(f"{where} ({article}): give {options}")


def _reading_connection(ctx: Context):  # type: ignore[no-untyped-def]
    """The database whose names resolve speakers: --db if it exists yet, else the usual one."""
    if ctx.db and not Path(ctx.db).exists():
        from regterm.db.connection import bundled_database_path, connect

        return connect(bundled_database_path(), immutable=True)
    return ctx.open()
