"""Accuracy of quote extraction over the hand-labelled articles in tests/articles.

Run it with ``.venv/bin/python benchmarks/ingest_accuracy.py [ARTICLES_DIR]``. For each article (``NAME.txt``,
``NAME.md`` or ``NAME.html`` next to ``NAME.expected.json``) it prints:

- precision: found quotes whose text is an expected quote (exact after whitespace normalisation) / found quotes
- recall: expected quotes that were found / expected quotes
- attribution: matched quotes whose speaker is the expected one / matched quotes
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from regterm.ingest.extract import Quote, extract_quotes, html_to_text, markdown_to_text

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "articles"
ALIASES: dict[str, str] = {
    "meta": "company:meta",
    "facebook": "company:meta",
    "instagram": "company:meta",
    "apple": "company:apple",
    "spotify": "company:spotify",
    "google": "company:alphabet",
    "alphabet": "company:alphabet",
    "european commission": "institution:commission",
    "commission": "institution:commission",
    "digital markets act": "regulation:dma",
    "dma": "regulation:dma",
    "digital services act": "regulation:dsa",
    "dsa": "regulation:dsa",
    "microsoft": "company:microsoft",
}
SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class Score:
    """Counts for one article (or the sum of several)."""

    name: str
    expected: int
    found: int
    matched: int
    attributed: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else float(self.expected == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def attribution(self) -> float:
        return self.attributed / self.matched if self.matched else 1.0


def normalise(text: str) -> str:
    return " ".join(text.split())


def article_text(path: Path) -> str:
    """The article as plain text, converted from Markdown or HTML by its suffix."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return markdown_to_text(raw)
    if path.suffix in (".html", ".htm"):
        return html_to_text(raw)
    return raw


def expected_path(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.json")


def article_paths(directory: Path = ARTICLES) -> list[Path]:
    """Articles that have an expected-results file, sorted by name."""
    return sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and expected_path(p).exists())


def extract_article(path: Path) -> list[Quote]:
    return extract_quotes(article_text(path), ALIASES)


def score(name: str, found: Sequence[Quote], expected: Sequence[dict[str, object]]) -> Score:
    """Match found quotes to expected ones by normalised text; count the right speakers among matches."""
    wanted: dict[str, list[object]] = {}
    for item in expected:
        wanted.setdefault(normalise(str(item["text"])), []).append(item.get("speaker"))
    matched = attributed = 0
    for quote in found:
        speakers = wanted.get(normalise(quote.text))
        if speakers:
            matched += 1
            attributed += speakers.pop(0) == quote.speaker
    return Score(name, len(expected), len(found), matched, attributed)


def evaluate(directory: Path = ARTICLES) -> tuple[list[Score], Score]:
    """Per-article scores and their total."""
    scores = []
    for path in article_paths(directory):
        expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
        scores.append(score(path.name, extract_article(path), expected))
    totals: Counter[str] = Counter()
    for s in scores:
        totals.update(expected=s.expected, found=s.found, matched=s.matched, attributed=s.attributed)
    return scores, Score("overall", **{k: totals[k] for k in ("expected", "found", "matched", "attributed")})


def report(scores: Sequence[Score], total: Score) -> str:
    width = max([len(s.name) for s in scores] + [len(total.name)])
    lines = [f"{'article':<{width}}  expected  found  precision  recall  attribution"]
    for s in [*scores, total]:
        counts = f"{s.name:<{width}}  {s.expected:>8}  {s.found:>5}"
        lines.append(f"{counts}  {s.precision:>9.3f}  {s.recall:>6.3f}  {s.attribution:>11.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] = ()) -> int:
    directory = Path(argv[0]) if argv else ARTICLES
    scores, total = evaluate(directory)
    print(report(scores, total))
    return 0 if scores else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
