"""Accuracy of quote extraction: the test articles, then the real-article evaluation set in two halves.

Run it with ``.venv/bin/python benchmarks/ingest_accuracy.py [ARTICLES_DIR]``. It prints five tables.

1. The articles in tests/articles (``NAME.txt``, ``NAME.md`` or ``NAME.html`` next to ``NAME.expected.json``),
   written alongside the extractor.
2. The evaluation sets in benchmarks/eval: real news articles (``articles/NN-*.txt``, a header of url, publisher
   and date, then the text) labelled by hand before the extractor was tuned on them, articles 01-21 in
   ``labels.yaml`` (set 1), 22-37 in ``labels-set2.yaml`` (set 2), 38-57 in ``labels-set3-4.yaml`` (sets 3 and
   4), 58-85 in ``labels-set5-6.yaml`` (sets 5 and 6), 86-113 in ``labels-set7-8.yaml`` (sets 7 and 8), 114-159
   in ``labels-set9-10.yaml`` (sets 9 and 10) and 160-191 in ``labels-set11-12.yaml`` (sets 11 and 12). Odd
   article numbers of every file are the tuning set; the even ones are held out and reported per file: set 1's as
   the old held-out set, set 2's as the set 2 held-out set, those of the third file as set 4, of the fourth as set
   6, of the fifth as set 8, of the sixth as set 10 and of the seventh as set 12, never tuned on. Each of the eight
   is reported on its own, then sets 5, 7, 9 and 11 (the fourth to seventh files' tuning articles) and all
   held-out sets pooled (``--tuning-only``: the tuning set alone). Names
   are resolved with the bundled database's aliases, as ``regterm ingest`` does. Quotes labelled ``term``
   (scare quotes, names of things) count against precision when reported.

For every article and total:

- precision: found quotes whose text is an expected quote (exact after whitespace normalisation) / found quotes
- recall: expected quotes that were found / expected quotes
- attribution: matched quotes whose speaker is the expected one / matched quotes

The learned attribution ranker (regterm.ingest.rank) and the learned speech-or-term decision for short quotes
(regterm.ingest.terms) are on by default; ``--no-rank`` scores the rules' choice of speaker instead and
``--no-terms`` the rules' keep-or-drop of short quotes (both: the rules alone).
``--errors tuning`` lists the tuning set's misses, false finds and wrong speakers (there is deliberately no
such listing for the held-out sets).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from regterm.ingest import extract, review
from regterm.ingest.extract import Quote, extract_quotes
from regterm.ingest.review import MIN_CONFIDENCE

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
EVAL = ROOT / "benchmarks" / "eval"
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
    return " ".join(text.split()).rstrip(", ")


def article_text(path: Path) -> str:
    """The article as plain text, converted from Markdown or HTML as `regterm ingest` converts it."""
    return review.article_text(path.read_text(encoding="utf-8"), path.name)


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


# --------------------------------------------------------------------------- the real-article evaluation set


@dataclass(frozen=True)
class Labels:
    """labels.yaml: per article the expected quotes, and the written forms accepted for each speaker."""

    articles: dict[str, list[dict[str, Any]]]
    names: dict[str, list[str]]

    @classmethod
    def load(cls, path: Path) -> Labels:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(data["articles"], {k: list(v) for k, v in (data.get("names") or {}).items()})

    def speaker_ok(self, found: str | None, expected: object) -> bool:
        if expected == "unattributed":
            return found is None
        if found is None:
            return False
        wanted = expected if isinstance(expected, list) else [expected]
        said = re.sub(r"(?i)^the\s+", "", normalise(found)).casefold()
        forms = {re.sub(r"(?i)^the\s+", "", f).casefold() for w in wanted for f in [w, *self.names.get(w, [])]}
        return said in forms


def eval_text(path: Path) -> str:
    """An evaluation article's text: everything after its header (url, publisher, date) and blank line."""
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


def eval_aliases() -> dict[str, str]:
    """The bundled database's names and aliases as `regterm ingest` passes them (business names with their capitals,
    round 18)."""
    from regterm.db.connection import bundled_database_path, connect
    from regterm.db.refs import alias_map

    return alias_map(connect(bundled_database_path(), immutable=True), cased=True)


# a matched quote of a held-out article: (article, the speaker's confidence or None without a speaker, right)
Answer = tuple[str, float | None, bool]


def score_labelled(
    name: str,
    found: Sequence[Quote],
    expected: Sequence[dict[str, Any]],
    labels: Labels,
    errors: list[str] | None,
    answers: list[Answer] | None = None,
) -> Score:
    """Like `score`, with terms (which must not be found) and speakers matched through `labels.names`; `answers`
    collects each matched quote's confidence and whether its speaker is right."""
    speech = [item for item in expected if item["speaker"] != "term"]
    wanted: dict[str, list[object]] = {}
    for item in speech:
        wanted.setdefault(normalise(str(item["text"])), []).append(item["speaker"])
    matched = attributed = 0
    for quote in found:
        speakers = wanted.get(normalise(quote.text))
        if not speakers:
            if errors is not None:
                errors.append(f"{name}: false find “{quote.text}” ({quote.speaker})")
            continue
        matched += 1
        speaker = speakers.pop(0)
        right = labels.speaker_ok(quote.speaker, speaker)
        if answers is not None:
            answers.append((name, quote.confidence if quote.speaker is not None else None, right))
        if right:
            attributed += 1
        elif errors is not None:
            errors.append(f"{name}: wrong speaker {quote.speaker!r} for “{quote.text}” (expected {speaker})")
    if errors is not None:
        errors += [f"{name}: missed “{text}” ({s[0]})" for text, s in wanted.items() for _ in s]
    return Score(name, len(speech), len(found), matched, attributed)


def total(name: str, scores: Sequence[Score]) -> Score:
    counts: Counter[str] = Counter()
    for s in scores:
        counts.update(expected=s.expected, found=s.found, matched=s.matched, attributed=s.attributed)
    return Score(name, **{k: counts[k] for k in ("expected", "found", "matched", "attributed")})


LABEL_FILES = (
    "labels.yaml",
    "labels-set2.yaml",
    "labels-set3-4.yaml",
    "labels-set5-6.yaml",
    "labels-set7-8.yaml",
    "labels-set9-10.yaml",
    "labels-set11-12.yaml",
    "labels-set13-14.yaml",
    "labels-set15-16.yaml",
    "labels-set17-18.yaml",
    "labels-set19-20.yaml",
    "labels-set21-22.yaml",
    "labels-set23-24.yaml",
    "labels-set25-26.yaml",
    "labels-set27-28.yaml",
    "labels-set29-30.yaml",
    "labels-set31-32.yaml",
    "labels-set33-34.yaml",
    "labels-set35-36.yaml",
    "labels-set37-38.yaml",
    "labels-set39-40.yaml",
    "labels-set41-42.yaml",
    "labels-set43-44.yaml",
    "labels-set45-46.yaml",
    "labels-set47-48.yaml",
    "labels-set49-50.yaml",
    "labels-set51-52.yaml",
    "labels-set53-54.yaml",
    "labels-set55-56.yaml",
    "labels-set57-58.yaml",
    "labels-set59-60.yaml",
    "labels-set61-62.yaml",
    "labels-set63-64.yaml",
    "labels-set65-66.yaml",
    "labels-set67-68.yaml",
    "labels-set69-70.yaml",
    "labels-set71-72.yaml",
    "labels-set73-74.yaml",
    "labels-set75-76.yaml",
    "labels-set77-78.yaml",
    "labels-set79-80.yaml",
    "labels-set81-82.yaml",
    "labels-set83-84.yaml",
    "labels-set85-86.yaml",
    "labels-set87-88.yaml",
)
# the even articles of each label file, in order
HELD_OUT = (
    "old held-out",
    "set 2 held-out",
    "set 4 held-out",
    "set 6 held-out",
    "set 8 held-out",
    "set 10 held-out",
    "set 12 held-out",
    "set 14 held-out",
    "set 16 held-out",
    "set 18 held-out",
    "set 20 held-out",
    "set 22 held-out",
    "set 24 held-out",
    "set 26 held-out",
    "set 28 held-out",
    "set 30 held-out",
    "set 32 held-out",
    "set 34 held-out",
    "set 36 held-out",
    "set 38 held-out",
    "set 40 held-out",
    "set 42 held-out",
    "set 44 held-out",
    "set 46 held-out",
    "set 48 held-out",
    "set 50 held-out",
    "set 52 held-out",
    "set 54 held-out",
    "set 56 held-out",
    "set 58 held-out",
    "set 60 held-out",
    "set 62 held-out",
    "set 64 held-out",
    "set 66 held-out",
    "set 68 held-out",
    "set 70 held-out",
    "set 72 held-out",
    "set 74 held-out",
    "set 76 held-out",
    "set 78 held-out",
    "set 80 held-out",
    "set 82 held-out",
    "set 84 held-out",
    "set 86 held-out",
    "set 88 held-out",
)
SETS = ("tuning", *HELD_OUT)
FRESH_FIRST = 1416  # the first article of the four newest label files (sets 81-88)
# the first article of each label file from labels-set5-6.yaml on (sets 5, 7, 9, ...: their tuning subtotals)
FIRSTS = {
    **{5: 58, 7: 86, 9: 114, 11: 160, 13: 192, 15: 228, 17: 264, 19: 300},
    **{21: 336, 23: 372, 25: 408, 27: 444, 29: 480, 31: 516},
    **{33: 552, 35: 588, 37: 624, 39: 660, 41: 696, 43: 732, 45: 768, 47: 804},
    **{49: 840, 51: 876, 53: 912, 55: 948, 57: 984, 59: 1020, 61: 1056, 63: 1092},
    **{65: 1128, 67: 1164, 69: 1200, 71: 1236, 73: 1272, 75: 1308, 77: 1344, 79: 1380},
    **{81: 1416, 83: 1452, 85: 1488, 87: 1524},
}


# held-out articles whose text is (mostly) a tuning article's: the same page taken by two labellers working at the same
# time (286, 306, 308), or the same wire story republished (the rest; 94 and 250 since round 16, whose tuning article
# 1129 is a later version of their AP story). Left out of every held-out figure since 2026-12-02 (benchmarks/README.md,
# rounds 11, 13 and 16); `near_duplicates` finds them and a test keeps the list whole.
DUPLICATES = frozenset(
    {
        "30-trendsmena-apple-music-fine.txt",
        "94-trtworld-clearview-dutch-dpa.txt",
        "250-localnews8-clearview-dutch-dpa-fine.txt",
        "286-ruckusfactory-x-fined-deceptive-blue-badge.txt",
        "306-techtost-x-dsa-fine-blue-check.txt",
        "308-nigerialive24-x-dsa-fine-virkkunen.txt",
        "420-miragenews-booking-must-comply-dma.txt",
        "576-bastillepost-ap-google-shopping-apple-tax-cjeu.txt",
        "580-magzter-ap-google-apple-lose-court-fights.txt",
        "674-theinsightpost-breton-musk-hate-speech-trump.txt",
        "706-macrumors-eu-investigates-apple-dma-compliance.txt",
        "708-thecurrent-google-search-dma-preliminary-findings.txt",
        "792-linkielist-chips-act-provisional-deal.txt",
    }
)


def near_duplicates(directory: Path = EVAL, share: float = 0.5) -> set[str]:
    """Held-out articles sharing at least `share` of their 8-word runs with a tuning article."""
    runs: dict[str, set[str]] = {}
    for path in sorted((directory / "articles").glob("*.txt")):
        words = re.sub(r"\W+", " ", eval_text(path)).lower().split()
        runs[path.name] = {" ".join(words[i : i + 8]) for i in range(max(1, len(words) - 8))}
    tuning = {name: r for name, r in runs.items() if number(name) % 2}
    found = set()
    for name, mine in runs.items():
        if number(name) % 2 == 0 and any(len(mine & r) >= share * min(len(mine), len(r)) for r in tuning.values()):
            found.add(name)
    return found


def number(article: str) -> int:
    """An evaluation article's number, from its name (``NN-publisher-slug.txt``; two or three digits)."""
    match = re.match(r"\d+", article)
    assert match, article
    return int(match.group())


def set_of(label_file: str, article: str) -> str:
    """Which set an article belongs to: odd numbers are tuning in every label file; even numbers are held out,
    reported per label file (set 1's as the old held-out set, set 2's, the third file's as set 4 and the fourth
    file's as set 6, the fifth's as set 8, and so on: the n-th file's as set 2n - 2)."""
    if number(article) % 2:
        return "tuning"
    return HELD_OUT[LABEL_FILES.index(label_file)]


def evaluate_sets(
    directory: Path = EVAL,
    errors: list[str] | None = None,
    only: Sequence[str] = SETS,
    answers: list[Answer] | None = None,
) -> dict[str, tuple[list[Score], Score]]:
    """Scores of the tuning set (odd article numbers of every label file) and of the held-out sets (even numbers
    of each label file), per article and total, for the sets named in
    `only`.

    Errors are collected for the tuning set only; `answers` (see `score_labelled`) for the held-out sets only.
    """
    aliases = eval_aliases()
    sets: dict[str, list[Score]] = {name: [] for name in SETS if name in only}
    for label_file in LABEL_FILES:
        path = directory / label_file
        if not path.exists():
            continue
        labels = Labels.load(path)
        for name, expected in sorted(labels.articles.items()):
            which = set_of(label_file, name)
            if which not in sets or name in DUPLICATES:
                continue
            found = extract_quotes(eval_text(directory / "articles" / name), aliases)
            tuning = which == "tuning"
            sets[which].append(
                score_labelled(name, found, expected, labels, errors if tuning else None, None if tuning else answers)
            )
    return {name: (scores, total(f"{name} total", scores)) for name, scores in sets.items()}


BANDS = (0.85, 0.7, 0.6, 0.5, 0.0)  # the rules' scale (and regterm.ingest.review.MIN_CONFIDENCE, the --apply floor)


def confidence_bands(answers: Sequence[Answer], first: int = 0) -> dict[str, list[int]]:
    """For the matched quotes of the held-out articles numbered `first` and up: per band of the speaker's confidence,
    [matched, right]; 'none' for the quotes found without a speaker. Totals only."""
    bands: dict[str, list[int]] = {f">= {b}": [0, 0] for b in BANDS} | {"none": [0, 0]}
    for name, confidence, right in answers:
        if number(name) < first:
            continue
        band = "none" if confidence is None else f">= {next(b for b in BANDS if confidence >= b)}"
        bands[band][0] += 1
        bands[band][1] += right
    return bands


def bands_report(bands: dict[str, list[int]]) -> str:
    total = sum(n for n, _ in bands.values()) or 1
    lines = ["speaker's confidence  matched  share  right  attribution"]
    for band, (n, right) in bands.items():
        lines.append(f"{band:<20}  {n:>7}  {n / total:>5.0%}  {right:>5}  {right / n if n else 1.0:>11.3f}")
    for floor in (0.5, 0.7):
        sure = [v for k, v in bands.items() if k != "none" and float(k[3:]) >= floor]
        n, right = sum(v[0] for v in sure), sum(v[1] for v in sure)
        label = f">= {floor}" + (" (--apply)" if floor == MIN_CONFIDENCE else "")
        lines.append(f"{label:<20}  {n:>7}  {n / total:>5.0%}  {right:>5}  {right / n if n else 1.0:>11.3f}")
    return "\n".join(lines)


def evaluate_halves(directory: Path = EVAL, errors: list[str] | None = None) -> dict[str, tuple[list[Score], Score]]:
    """The first evaluation set alone (labels.yaml): its tuning half and its held-out half."""
    labels = Labels.load(directory / "labels.yaml")
    aliases = eval_aliases()
    halves: dict[str, list[Score]] = {"tuning": [], "held-out": []}
    for name, expected in sorted(labels.articles.items()):
        half = "tuning" if number(name) % 2 else "held-out"
        found = extract_quotes(eval_text(directory / "articles" / name), aliases)
        halves[half].append(score_labelled(name, found, expected, labels, errors if half == "tuning" else None))
    return {half: (scores, total(f"{half} total", scores)) for half, scores in halves.items()}


def main(argv: Sequence[str] = ()) -> int:
    args = list(argv)
    show = args.index("--errors") if "--errors" in args else -1
    if show >= 0:
        if args[show + 1 : show + 2] != ["tuning"]:
            print("--errors takes 'tuning' (the held-out sets' errors are not shown)", file=sys.stderr)
            return 2
        del args[show : show + 2]
    # the learned parts (regterm.ingest.rank, regterm.ingest.terms) are on by default; --no-rank / --no-terms score
    # the rules' choice of speaker / the rules' keep-or-drop of short quotes (--rank and --terms are accepted)
    for flag, name, value in (
        ("--rank", "RANK", True),
        ("--terms", "TERMS", True),
        ("--no-rank", "RANK", False),
        ("--no-terms", "TERMS", False),
    ):
        if flag in args:
            args.remove(flag)
            setattr(extract, name, value)
    only: Sequence[str] = SETS
    if "--tuning-only" in args:
        args.remove("--tuning-only")
        only = ("tuning",)
    directory = Path(args[0]) if args else ARTICLES
    scores, overall = evaluate(directory)
    print(report(scores, overall))
    errors: list[str] | None = [] if show >= 0 else None
    answers: list[Answer] = []
    results = evaluate_sets(EVAL, errors, only, answers)
    for name, (set_scores, set_total) in results.items():
        quotes = set_total.expected
        print(f"\nreal articles, {name} set ({len(set_scores)} articles, {quotes} quotes of speech):")
        print(report(set_scores, set_total))
    if "tuning" in results:
        bounds = [*FIRSTS.items(), (0, 10**9)]
        for (n, lo), (_, hi) in pairwise(bounds):
            part = [s for s in results["tuning"][0] if lo <= number(s.name) < hi]
            label_file = LABEL_FILES[n // 2 + 1]
            print(f"\nset {n} (the tuning articles of {label_file}, {len(part)} articles):")
            print(report([], total(f"set {n} total", part)))
    fresh = HELD_OUT[-1].split()[1]
    older = [s for name in HELD_OUT[:-1] if name in results for s in results[name][0]]
    if older:
        print(f"\nthe held-out sets before set {fresh} pooled ({len(older)} articles):")
        print(report([], total("older held-out pooled total", older)))
    pooled = [s for name in HELD_OUT if name in results for s in results[name][0]]
    if pooled:
        print(f"\nall held-out sets pooled (old, 2, 4, ... {fresh}: {len(pooled)} articles):")
        print(report([], total("held-out pooled total", pooled)))
    if pooled:
        floor = f"ingest --apply: >= {MIN_CONFIDENCE}"
        print(f"\nall held-out sets pooled, matched quotes by the speaker's confidence ({floor}):")
        print(bands_report(confidence_bands(answers)))
        print(f"\nthe same, the newest held-out sets (articles {FRESH_FIRST} and up):")
        print(bands_report(confidence_bands(answers, first=FRESH_FIRST)))
    for line in errors or []:
        print(line)
    return 0 if scores else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
