"""Train the attribution ranker (src/regterm/ingest/rank.py) on the TUNING articles only, and cross-validate it.

Run ``.venv/bin/python benchmarks/train_ranker.py [--write] [--freeze] [--rules current|stale]``
(``--freeze`` rewrites benchmarks/eval/ranker-aliases.json from the bundled database first). The ranker is trained on
the tuning articles of sets 1-79 (`TRAINED_ON`; earlier rounds had sets 1-9, 1-11, 1-15, 1-19, 1-23, 1-31, 1-47, 1-71).

Examples are the quotes the extractor finds in the odd-numbered evaluation articles whose text matches a labelled
quote of speech; each gives the candidate speakers of `rank.candidates`, labelled right when the labels accept the
name (``labels.yaml``'s ``names``). The even (held-out) articles are never read.

`--rules` says where the rules' choice (a feature) comes from:

- ``current``: the extractor as it is, which was tuned on these very articles (its choice is right ~98% of the
  time here, far more than on fresh text);
- ``stale``: for each label file, the extractor as it was when that file was labelled, before any tuning on it
  (``git show COMMIT:src/regterm/ingest/extract.py``): the rules' choice is as reliable as on fresh text, which is
  what the ranker meets on new articles. Candidates and the other features come from the current code.

Cross-validation: 5 folds of whole articles (article k in fold k mod 5, by number), for a grid of L2 penalties;
reported: the candidate ceiling (a right candidate exists), the rules' attribution and the ranker's. ``--write``
trains on every tuning example with the penalty CV chose and writes src/regterm/ingest/_rank_weights.py.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ingest_accuracy as bench

from regterm.ingest import extract as ex
from regterm.ingest import rank

ROOT = bench.ROOT
WEIGHTS = ROOT / "src" / "regterm" / "ingest" / "_rank_weights.py"
# the label files (bench.LABEL_FILES, in order) the shipped weights were trained on: sets 1-79 (round 18's candidate,
# benchmarks/eval/NOTES-round18.md; round 17: 36 files; round 14: 24; round 12: 17; round 10's, adopted by round 11: 13)
TRAINED_ON = 40


def training_files() -> tuple[str, ...]:
    return bench.LABEL_FILES[:TRAINED_ON]


# the names the weights were trained with: the bundled database's aliases when --write ran, frozen so that a
# release with more records does not change what retraining gives (the test retrains and compares)
ALIASES = ROOT / "benchmarks" / "eval" / "ranker-aliases.json"


def training_aliases() -> dict[str, str]:
    """The frozen aliases, or the bundled database's when none are frozen yet."""
    if ALIASES.exists():
        return dict(json.loads(ALIASES.read_text(encoding="utf-8")))
    return bench.eval_aliases()


def freeze_aliases() -> None:
    ALIASES.write_text(json.dumps(bench.eval_aliases(), indent=0, sort_keys=True) + "\n", encoding="utf-8")


# the extractor as it was when each label file was labelled, before any tuning on it (benchmarks/README.md)
STALE = {
    "labels.yaml": "20a7f7f",
    "labels-set2.yaml": "70ef524",
    "labels-set3-4.yaml": "35293f1",
    "labels-set5-6.yaml": "35fcaf3",
    "labels-set7-8.yaml": "79ac153",
    "labels-set9-10.yaml": "d473f71",
    "labels-set11-12.yaml": "4cc4083",
    "labels-set13-14.yaml": "c7c6a36",
    "labels-set15-16.yaml": "c7c6a36",
    "labels-set17-18.yaml": "53f134f",
    "labels-set19-20.yaml": "53f134f",
    "labels-set21-22.yaml": "86a081a",
    "labels-set23-24.yaml": "86a081a",
    "labels-set25-26.yaml": "86a081a",
    "labels-set27-28.yaml": "86a081a",
    "labels-set29-30.yaml": "86a081a",
    "labels-set31-32.yaml": "86a081a",
    "labels-set33-34.yaml": "6ef261f",
    "labels-set35-36.yaml": "6ef261f",
    "labels-set37-38.yaml": "6ef261f",
    "labels-set39-40.yaml": "6ef261f",
    "labels-set41-42.yaml": "aac82ba",
    "labels-set43-44.yaml": "aac82ba",
    "labels-set45-46.yaml": "aac82ba",
    "labels-set47-48.yaml": "aac82ba",
    "labels-set49-50.yaml": "a1ed99d",
    "labels-set51-52.yaml": "a1ed99d",
    "labels-set53-54.yaml": "a1ed99d",
    "labels-set55-56.yaml": "a1ed99d",
    "labels-set57-58.yaml": "3c124ac",
    "labels-set59-60.yaml": "3c124ac",
    "labels-set61-62.yaml": "3c124ac",
    "labels-set63-64.yaml": "3c124ac",
    "labels-set65-66.yaml": "71d7aba",
    "labels-set67-68.yaml": "71d7aba",
    "labels-set69-70.yaml": "71d7aba",
    "labels-set71-72.yaml": "71d7aba",
    "labels-set73-74.yaml": "36c4e0a",
    "labels-set75-76.yaml": "36c4e0a",
    "labels-set77-78.yaml": "36c4e0a",
    "labels-set79-80.yaml": "36c4e0a",
    "labels-set81-82.yaml": "513967b",
    "labels-set83-84.yaml": "513967b",
    "labels-set85-86.yaml": "513967b",
    "labels-set87-88.yaml": "513967b",
}
L2_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
FOLDS = 5


@dataclass
class Example:
    article: str
    options: list[rank.Candidate]
    right: list[bool]
    rules_right: bool


def _old_extractor(commit: str) -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{commit}:src/regterm/ingest/extract.py"], cwd=ROOT, capture_output=True, check=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / f"extract_{commit}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"extract_{commit}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def old_quotes(old: ModuleType, text: str, aliases: dict[str, str]) -> list[Any]:
    """What the extractor of an old commit reported, by its rules alone: from round 6 on, `extract_quotes` runs the
    learned ranker and term decision by default, and those would be the current modules with the current weights
    (the weights being trained would leak into their own training data)."""
    parameters = inspect.signature(old.extract_quotes).parameters
    off = {name: False for name in ("rank", "terms") if name in parameters}
    return list(old.extract_quotes(text, aliases, **off))


def _aligned(quotes: Sequence[ex.Quote], others: Sequence[Any]) -> list[tuple[str | None, float] | None]:
    """For each quote, the (speaker, confidence) of the same quote (same text, in order) among `others`."""
    pool: dict[str, list[Any]] = {}
    for q in others:
        pool.setdefault(bench.normalise(q.text), []).append(q)
    result: list[tuple[str | None, float] | None] = []
    for q in quotes:
        same = pool.get(bench.normalise(q.text))
        result.append((same[0].speaker, same[0].confidence) if same else None)
        if same:
            same.pop(0)
    return result


def examples(mode: str = "current", only: Callable[[str], bool] | None = None) -> list[Example]:
    """Every matched quote of the tuning articles (odd numbers) with its candidates."""
    aliases = training_aliases()
    result = []
    for label_file in training_files():
        labels = bench.Labels.load(bench.EVAL / label_file)
        old = _old_extractor(STALE[label_file]) if mode == "stale" else None
        for name, expected in sorted(labels.articles.items()):
            if not bench.number(name) % 2 or (only is not None and not only(name)):
                continue  # held out: never read
            text = bench.eval_text(bench.EVAL / "articles" / name)
            quotes, context = ex._extract(text, aliases)
            choices: list[tuple[str | None, float] | None] = [(q.speaker, q.confidence) for q in quotes]
            if old is not None:
                choices = _aligned(quotes, old_quotes(old, text, aliases))
            rules = [c if c is not None else (None, 0.2) for c in choices]
            article = rank._Article(context)
            wanted: dict[str, list[object]] = {}
            for item in expected:
                if item["speaker"] != "term":
                    wanted.setdefault(bench.normalise(str(item["text"])), []).append(item["speaker"])
            for i, quote in enumerate(quotes):
                speakers = wanted.get(bench.normalise(quote.text))
                if not speakers:
                    continue
                speaker = speakers.pop(0)
                if choices[i] is None:
                    continue  # the old rules did not report this quote: no rules' choice to learn from
                options = rank.candidates(article, i, rules, quote)
                right = [labels.speaker_ok(c.name, speaker) for c in options]
                result.append(Example(name, options, right, labels.speaker_ok(rules[i][0], speaker)))
    return result


MODEL = "pointwise"


def rows(data: Sequence[Example]) -> list[tuple[dict[str, float], int]]:
    """Pointwise: every candidate, right or not. Pairwise: every (right, wrong) pair of one quote, as the
    difference of their features, both ways round."""
    if MODEL == "pointwise":
        return [(c.features, int(r)) for e in data for c, r in zip(e.options, e.right, strict=True)]
    pairs: list[tuple[dict[str, float], int]] = []
    for e in data:
        rights = [c for c, r in zip(e.options, e.right, strict=True) if r]
        wrongs = [c for c, r in zip(e.options, e.right, strict=True) if not r]
        for a in rights:
            for b in wrongs:
                keys = sorted(set(a.features) | set(b.features))
                diff = {k: a.features.get(k, 0.0) - b.features.get(k, 0.0) for k in keys}
                pairs.append((diff, 1))
                pairs.append(({k: -v for k, v in diff.items()}, 0))
    return pairs


def accuracy(weights: dict[str, float], data: Sequence[Example]) -> int:
    right = 0
    for e in data:
        best, _ = rank.choose(weights, e.options)
        right += e.right[e.options.index(best)]
    return right


def fold(article: str) -> int:
    return bench.number(article) // 2 % FOLDS  # odd numbers: spread consecutive tuning articles over the folds


def cross_validate(data: Sequence[Example], l2: float, features: Sequence[str] | None = None) -> int:
    features = features or rank.FEATURES
    right = 0
    for k in range(FOLDS):
        train = [e for e in data if fold(e.article) != k]
        test = [e for e in data if fold(e.article) == k]
        right += accuracy(rank.fit(rows(train), features, l2), test)
    return right


def write(weights: dict[str, float], note: str) -> None:
    lines = [
        '"""Weights of the attribution ranker (regterm.ingest.rank), written by benchmarks/train_ranker.py.',
        "",
        note,
        '"""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *[f'    "{k}": {v!r},' for k, v in weights.items()],
        "}",
        "",
    ]
    WEIGHTS.write_text("\n".join(lines), encoding="utf-8")


def train(mode: str) -> tuple[dict[str, float], float, list[str]]:
    """CV over the L2 grid, then the weights trained on every example with the best penalty; and a report."""
    if mode == "both":
        return train_both()
    data = examples(mode)
    n = len(data)
    report = [
        f"model: {MODEL}; rules from: {mode}; {n} matched tuning quotes, {len({e.article for e in data})} articles",
        f"candidate ceiling (a right candidate): {sum(any(e.right) for e in data)}/{n}"
        f" = {sum(any(e.right) for e in data) / n:.3f}",
        f"mean candidates per quote: {sum(len(e.options) for e in data) / n:.1f}",
        f"rules' attribution: {sum(e.rules_right for e in data)}/{n} = {sum(e.rules_right for e in data) / n:.3f}",
    ]
    best_l2, best = L2_GRID[0], -1
    for l2 in L2_GRID:
        right = cross_validate(data, l2)
        report.append(f"ranker, 5-fold CV by article, l2={l2}: {right}/{n} = {right / n:.3f}")
        if right > best:  # the first (smallest penalty) of equals
            best_l2, best = l2, right
    report.append(f"chosen l2={best_l2}")
    return rank.fit(rows(data), rank.FEATURES, best_l2), best_l2, report


def train_both() -> tuple[dict[str, float], float, list[str]]:
    """Examples with the current rules' choice and with the stale rules' choice together (the folds keep an
    article's two versions together); CV attribution reported for each kind, chosen on their sum."""
    current, stale = examples("current"), examples("stale")
    data = current + stale
    report = [f"model: {MODEL}; rules from: both; {len(current)} + {len(stale)} examples"]
    for name, part in (("current", current), ("stale", stale)):
        n = len(part)
        ceiling = sum(any(e.right) for e in part)
        rules = sum(e.rules_right for e in part)
        report.append(
            f"{name}: candidate ceiling {ceiling}/{n} = {ceiling / n:.3f}, rules {rules}/{n} = {rules / n:.3f}"
        )
    sums: dict[float, int] = {}
    for l2 in L2_GRID:
        right = {"current": 0, "stale": 0}
        for k in range(FOLDS):
            weights = rank.fit(rows([e for e in data if fold(e.article) != k]), rank.FEATURES, l2)
            right["current"] += accuracy(weights, [e for e in current if fold(e.article) == k])
            right["stale"] += accuracy(weights, [e for e in stale if fold(e.article) == k])
        report.append(
            f"ranker, 5-fold CV by article, l2={l2}: current {right['current']}/{len(current)}"
            f" = {right['current'] / len(current):.3f}, stale {right['stale']}/{len(stale)}"
            f" = {right['stale'] / len(stale):.3f}"
        )
        sums[l2] = sum(right.values())
    # the best CV sum (the smallest penalty of equals) among the penalties whose weights keep tests/articles, the
    # extractor's own six articles, all right (round 8's rule: the ranker must not break what the rules get right)
    for l2 in sorted(L2_GRID, key=lambda x: (-sums[x], x)):
        weights = rank.fit(rows(data), rank.FEATURES, l2)
        attribution = tests_articles_attribution(weights)
        if attribution == 1.0:
            report.append(f"chosen l2={l2}")
            return weights, l2, report
        report.append(f"l2={l2}: tests/articles attribution {attribution:.3f}, not chosen")
    raise SystemExit("no penalty keeps tests/articles at 1.000")


def tests_articles_attribution(weights: dict[str, float]) -> float:
    """The attribution on tests/articles with `weights` in place of the shipped ones."""
    from regterm.ingest._rank_weights import WEIGHTS as SHIPPED

    shipped = dict(SHIPPED)
    try:
        SHIPPED.clear()
        SHIPPED.update(weights)
        return bench.evaluate()[1].attribution
    finally:
        SHIPPED.clear()
        SHIPPED.update(shipped)


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    global MODEL
    mode = "both"
    if "--rules" in args:
        mode = args[args.index("--rules") + 1]
    if "--model" in args:
        MODEL = args[args.index("--model") + 1]
    if "--freeze" in args or ("--write" in args and not ALIASES.exists()):
        # the bundled database's names now: retraining from this file gives these weights again (round 7: --write
        # alone keeps the frozen names, so that a data release does not change the training data between rounds)
        freeze_aliases()
    weights, l2, report = train(mode)
    print("\n".join(report))
    if "--write" in args:
        write(
            weights,
            f"{MODEL.capitalize()} model; rules' choice from the {mode} extractor; l2={l2}; tuning articles only.",
        )
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
