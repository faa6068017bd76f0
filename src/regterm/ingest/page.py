"""A saved web page as an article: its main text (trafilatura) and its source from the page's own metadata.

Main text: trafilatura finds the article body and leaves out menus, cookie banners, related links and
footers. It is imported only here, when an HTML page is ingested, so `regterm --help` and the explorer never
pay for it. When it finds no body (a fragment too small to judge), the page's whole visible text is used.

Metadata, read with the standard library's HTML parser, each field from the first of these that the page has:

- url: ``<link rel="canonical">``, ``og:url``, JSON-LD ``url`` / ``mainEntityOfPage``
- publisher: ``og:site_name``, JSON-LD ``publisher.name``, ``application-name``
- date: ``article:published_time``, JSON-LD ``datePublished``, ``itemprop="datePublished"``, ``<meta name="date">``
  (and its common spellings), the first ``<time datetime>``
- title: ``og:title``, JSON-LD ``headline``, ``<title>``
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from regterm.ingest.extract import html_to_text

__all__ = ["PageMetadata", "page_metadata", "page_text"]

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "blogposting",
        "report",
        "webpage",
    }
)
_DATE_NAMES = frozenset(
    {
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publication_date",
        "article.published",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
    }
)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself; None where it does not say."""

    url: str | None = None
    publisher: str | None = None
    date: str | None = None  # YYYY-MM-DD
    title: str | None = None


@dataclass
class _Found:
    """Candidate values per field, each list in order of preference once `ordered` sorts it."""

    values: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, name: str, rank: int, value: object) -> None:
        text = " ".join(str(value).split()) if isinstance(value, str | int | float) else ""
        if text:
            self.values.setdefault(name, []).append((rank, text))

    def best(self, name: str) -> str | None:
        ranked = sorted(self.values.get(name, []), key=lambda item: item[0])  # stable: document order breaks ties
        return ranked[0][1] if ranked else None


class _MetaParser(HTMLParser):
    """Collect <link>, <meta>, <title>, <time> and JSON-LD scripts from anywhere in the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = _Found()
        self.scripts: list[str] = []
        self._in: str | None = None  # "title" or "ld" while inside one
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.found.add("url", 0, a.get("href"))
        elif tag == "meta":
            self._meta(a)
        elif tag == "time" and a.get("datetime"):
            self.found.add("date", 9, a["datetime"])
        elif tag == "title" and self._in is None:
            self._in, self._buffer = "title", []
        elif tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in, self._buffer = "ld", []

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content")
        ranks = {
            "og:url": ("url", 1),
            "og:site_name": ("publisher", 0),
            "application-name": ("publisher", 5),
            "article:published_time": ("date", 0),
            "og:title": ("title", 0),
        }
        if key in ranks:
            self.found.add(ranks[key][0], ranks[key][1], content)
        elif key == "datepublished":
            self.found.add("date", 2, content)
        elif key in _DATE_NAMES:
            self.found.add("date", 3, content)

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if (tag, self._in) in (("title", "title"), ("script", "ld")):
            text = "".join(self._buffer)
            if self._in == "title":
                self.found.add("title", 5, text)
            else:
                self.scripts.append(text)
            self._in = None


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document, following lists and @graph."""
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_items(data.get("@graph", []))


def _ld_type(item: dict[str, Any]) -> set[str]:
    kinds = item.get("@type", [])
    return {str(k).lower() for k in (kinds if isinstance(kinds, list) else [kinds])}


def _name(value: Any) -> Any:
    if isinstance(value, list):
        value = value[0] if value else None
    return value.get("name") if isinstance(value, dict) else value


def _add_json_ld(found: _Found, scripts: list[str]) -> None:
    for script in scripts:
        try:
            data = json.loads(script.strip())
        except ValueError:
            continue  # a broken JSON-LD block is common and not our business
        for item in _ld_items(data):
            if not _ld_type(item) & _ARTICLE_TYPES:
                continue
            entity = item.get("mainEntityOfPage")
            found.add("url", 2, item.get("url") or (entity.get("@id") if isinstance(entity, dict) else entity))
            found.add("publisher", 1, _name(item.get("publisher")))
            found.add("date", 1, item.get("datePublished"))
            found.add("title", 1, item.get("headline"))


def page_metadata(html: str) -> PageMetadata:
    """The page's URL, publisher, publication date (YYYY-MM-DD) and title, where its metadata carries them."""
    parser = _MetaParser()
    parser.feed(html)
    parser.close()
    _add_json_ld(parser.found, parser.scripts)
    url = parser.found.best("url")
    date_match = None
    for _, value in sorted(parser.found.values.get("date", []), key=lambda item: item[0]):
        date_match = _ISO_DATE.match(value)
        if date_match:
            break
    return PageMetadata(
        url if url and url.startswith(("http://", "https://")) else None,
        parser.found.best("publisher"),
        date_match.group(1) if date_match else None,
        parser.found.best("title"),
    )


def page_text(html: str) -> str:
    """The article's main text, one paragraph per block, without the page's navigation, banners and footer."""
    import trafilatura  # heavy (lxml and friends): only when a page is ingested

    body = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        output_format="html",  # keeps paragraphs and line breaks apart, which plain-text output does not
    )
    text = html_to_text(body) if body else ""
    return text if text.strip() else html_to_text(html)
