"""From an article to records: quotes found by extract.py, speakers and links resolved against the database,
written as a review file in the import format (YAML with comments) or imported directly."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from regterm.db.queries import all_slugs
from regterm.db.records import Record, RecordSet
from regterm.db.refs import alias_map, people_by_surname
from regterm.ingest.extract import Quote, extract_quotes, markdown_to_text

REVIEW_ROLE = "unknown (review)"
# `regterm ingest --apply` imports the quotes attributed at least this sure and leaves the rest for review (the
# rules' scale: a name next to the quote 0.9, further 0.7, a reference such as 'he' or 'the company' 0.6, inherited
# 0.5; below, the subject of another clause). 0.5 at first (benchmarks/eval/NOTES-round10.md); 0.7 since round 12
# found references right on only 0.51 of the newest held-out quotes (0.84 even on the tuning articles)
MIN_CONFIDENCE = 0.7


def slugify(text: str, limit: int = 48) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def is_html(raw: str, name: str) -> bool:
    """An HTML page, by its file name or its look."""
    return name.lower().endswith((".html", ".htm")) or bool(re.search(r"<(p|html|body|div)\b", raw[:2000], re.I))


def article_text(raw: str, name: str) -> str:
    """Plain text of an article: a page's main text, Markdown converted, plain text as it is."""
    if is_html(raw, name):
        from regterm.ingest.page import page_text

        return page_text(raw)
    if name.lower().endswith((".md", ".markdown")):
        return markdown_to_text(raw)
    return raw


@dataclass(frozen=True)
class ArticleSource:
    url: str
    publisher: str
    date: str
    title: str
    primary: bool = False

    @property
    def slug(self) -> str:
        return f"{slugify(self.publisher, 24)}-{self.date}-{slugify(self.title, 40)}"

    def record(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "url": self.url,
            "publisher": self.publisher,
            "title": self.title,
            "published": self.date,
            "primary": self.primary,
        }


@dataclass
class Candidate:
    """One quote ready for review: its record, how sure we are, and what needs a human look."""

    quote: Quote
    record: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)


@dataclass
class Ingested:
    source: ArticleSource
    candidates: list[Candidate]
    new_people: dict[str, dict[str, Any]]
    new_companies: dict[str, dict[str, Any]]

    @property
    def accepted(self) -> list[Candidate]:
        return [c for c in self.candidates if c.record is not None]

    def records(self) -> RecordSet:
        """The records to import: the source (when a quote cites it: no orphan), new people and organisations, and
        the attributed quotes."""
        result = RecordSet()
        if self.accepted:
            result.add(Record("sources", self.source.record(), "(ingest)", 0))
        for data in self.new_companies.values():
            result.add(Record("companies", dict(data), "(ingest)", 0))
        for data in self.new_people.values():
            result.add(Record("people", dict(data), "(ingest)", 0))
        for candidate in self.accepted:
            result.add(Record("quotes", dict(candidate.record or {}), "(ingest)", candidate.quote.line))
        return result

    def split(self, floor: float) -> tuple[Ingested, Ingested]:
        """(the attributed quotes at least `floor` sure, everything else), each with the new people and
        organisations its quotes name; a quote without a speaker goes with the rest."""
        parts: tuple[list[Candidate], list[Candidate]] = ([], [])
        for c in self.candidates:
            parts[c.record is None or c.quote.confidence < floor].append(c)
        return self._part(parts[0]), self._part(parts[1])

    def _part(self, candidates: list[Candidate]) -> Ingested:
        named = {v for c in candidates if c.record for v in (c.record.get("speaker"), c.record.get("organisation"))}
        return Ingested(
            self.source,
            candidates,
            {k: v for k, v in self.new_people.items() if k in named},
            {k: v for k, v in self.new_companies.items() if k in named},
        )


class _Resolver:
    """Turns a speaker as written ('Ek', 'the Commission', 'Jane Doe') into a known or new record."""

    def __init__(self, conn: sqlite3.Connection, aliases: dict[str, str]) -> None:
        self.aliases = aliases
        self.surnames = people_by_surname(conn)
        self.taken = {
            "people": all_slugs(conn, "people"),
            "companies": all_slugs(conn, "companies"),
        }
        self.new_people: dict[str, dict[str, Any]] = {}
        self.new_companies: dict[str, dict[str, Any]] = {}

    def free_slug(self, kind: str, slug: str, name: str) -> str:
        """A slug for a new record that never overwrites an existing one of another name."""
        new = self.new_people if kind == "people" else self.new_companies
        for existing_slug, record in new.items():
            if record["name"] == name:
                return existing_slug
        return _free(self.taken[kind] | set(new), slug)

    def resolve(self, quote: Quote) -> tuple[str | None, str | None, list[str]]:
        """(person slug, organisation slug, notes) for the quote's speaker."""
        name = (quote.speaker or "").strip()
        name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.I)
        if not name:
            return None, None, ["no speaker found: add one or drop the quote"]
        words = name.split()
        tails = [" ".join(words[i:]).lower() for i in range(len(words)) if i == 0 or len(words) - i >= 2]
        key = next((self.aliases[k] for k in tails if k in self.aliases), None)  # "Brussels Daniel Ek" too
        if key and key.startswith("person:"):
            return key.split(":", 1)[1], None, []
        if key and key.startswith("company:"):
            return None, key.split(":", 1)[1], []
        matches = self.surnames.get(name.split()[-1].lower(), [])
        if len(name.split()) == 1 and len(matches) == 1:
            return matches[0], None, [f"speaker '{name}' taken to be {matches[0]} by surname"]
        kind = "companies" if quote.speaker_kind == "organisation" else "people"
        slug = self.free_slug(kind, slugify(name), name)
        if quote.speaker_kind == "organisation":
            self.new_companies.setdefault(slug, {"slug": slug, "name": name, "kind": "company"})
            return None, slug, [f"REVIEW: new organisation '{name}' (check its name and kind)"]
        self.new_people.setdefault(slug, {"slug": slug, "name": name, "role": REVIEW_ROLE})
        return slug, None, [f"REVIEW: new person '{name}' (check the name, set the role and organisation)"]


def _free(taken: set[str], slug: str) -> str:
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def ingest_article(conn: sqlite3.Connection, text: str, source: ArticleSource) -> Ingested:
    """Find the quotes in text and make records of them, linked through the database's aliases."""
    cased = alias_map(conn, cased=True)  # 'Free' the company, not 'for free'
    aliases = {k.lower(): v for k, v in cased.items()}
    resolver = _Resolver(conn, aliases)
    candidates: list[Candidate] = []
    for quote in extract_quotes(text, cased):
        person, organisation, notes = resolver.resolve(quote)
        if person is None and organisation is None:
            candidates.append(Candidate(quote, None, notes))
            continue
        who = person or organisation or "unknown"
        digest = hashlib.sha1(quote.text.encode("utf-8")).hexdigest()[:8]  # same quote, same slug; others differ
        mentions = [m for m in quote.mentions if not m.startswith("person:")]
        record: dict[str, Any] = {
            "slug": f"q-{slugify(who, 24)}-{source.date}-{digest}",
            "text": quote.text,
            "speaker": person,
            "organisation": organisation,
            "said": source.date,
            "context": f"Quoted in {source.publisher}, {source.date}.",
            "companies": sorted({m.split(":", 1)[1] for m in mentions if m.startswith("company:")} - {organisation}),
            "regulations": sorted({m.split(":", 1)[1] for m in mentions if m.startswith("regulation:")}),
            "source": source.slug,
        }
        record = {k: v for k, v in record.items() if v not in (None, [])}
        candidates.append(Candidate(quote, record, notes))
    return Ingested(source, candidates, resolver.new_people, resolver.new_companies)


def _comment(text: str) -> str:
    return "\n".join("# " + line if line else "#" for line in text.splitlines())


def _dump(item: dict[str, Any]) -> str:
    text = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=110)
    return text


def review_yaml(ingested: Ingested, article: str, floor: float | None = None) -> str:
    """The review file: the import format, with each quote's confidence, line and sentence as comments (`floor`:
    what `--apply` left out, the quotes whose speaker is less sure than it or unknown)."""
    left = (
        f"\n--apply imported the quotes whose speaker is at least {floor:.2f} sure; these are the others."
        if floor is not None
        else ""
    )
    parts = [
        _comment(
            f"regterm ingest review file for {article}{left}\n"
            "Check every quote against the article (the text must be verbatim), fix or delete what is\n"
            "wrong, complete the records marked REVIEW, then run: regterm import THIS-FILE"
        ),
        "sources:",
        _dump(ingested.source.record()).rstrip(),
    ]
    if ingested.new_companies:
        parts += ["companies:", _comment("REVIEW: organisations not in the database yet")]
        parts += [_dump(c).rstrip() for c in ingested.new_companies.values()]
    if ingested.new_people:
        parts += ["people:", _comment("REVIEW: people not in the database yet; set each role and organisation")]
        parts += [_dump(p).rstrip() for p in ingested.new_people.values()]
    if ingested.accepted:
        parts.append("quotes:")
    for candidate in ingested.accepted:
        q = candidate.quote
        notes = "".join(f"\n{n}" for n in candidate.notes)
        parts.append(_comment(f"confidence {q.confidence:.2f}, line {q.line}{notes}\nsentence: {q.sentence}"))
        parts.append(_dump(candidate.record or {}).rstrip())
    skipped = [c for c in ingested.candidates if c.record is None]
    if skipped:
        parts.append(_comment("Quotes found without a speaker (add them above if you can attribute them):"))
        for candidate in skipped:
            parts.append(_comment(f"line {candidate.quote.line}: “{candidate.quote.text}”"))
    return "\n".join(parts) + "\n"


def review_path(article: str, output: Path | None) -> Path:
    if output is not None:
        return output
    stem = "stdin" if article == "-" else Path(article).stem
    return Path.cwd() / f"{stem}.review.yaml"
