"""Train the speech-or-term classifier for short quotations (src/regterm/ingest/terms.py) on the TUNING articles
only, and cross-validate it.

Run ``.venv/bin/python benchmarks/train_terms.py [--write]``.

Examples are the quotations of fewer than four words the extractor meets in the odd-numbered evaluation articles
(``extract._extract(..., collect=...)``): speech when their text is a labelled quote of speech, not speech when it
is labelled ``term`` or not labelled at all (reporting it would count against precision). Each comes twice, as the
ranker's examples do (benchmarks/train_ranker.py): with the keep-or-drop of the rules as they are (tuned on these
very articles) and with that of the extractor as it was when its label file was labelled (did it report this
text?), which is what the rules are worth on fresh text. The other features always come from the current code.
The classifier is trained on, and decides, the quotations the rules drop; what they keep stays kept. The even
(held-out) articles are never read.

Cross-validation: 5 folds of whole articles (the two versions of an article in the same fold), for a grid of L2
penalties and of thresholds (keep what scores above it); reported for each version: right decisions, speech kept
and non-speech kept, for the rules and for the classifier; chosen on the sum of right decisions over the two
versions, among the settings that keep at most `NON_SPEECH_CAP` non-speech quotations on the stale version.
``--write`` trains on every example with the penalty of the best CV and writes
src/regterm/ingest/_term_weights.py with that threshold.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ingest_accuracy as bench
import train_ranker

from regterm.ingest import extract as ex
from regterm.ingest import rank, terms

ROOT = bench.ROOT
WEIGHTS = ROOT / "src" / "regterm" / "ingest" / "_term_weights.py"
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
THRESHOLDS = (0.0, 0.5, 1.0, 1.5, 2.0)  # keep what scores above: higher keeps fewer
FOLDS = train_ranker.FOLDS
# the term decision is trained on every tuning set of round 18's candidate (sets 1-79, benchmarks/eval/NOTES-round18.md:
# 970 short quotations); round 17 had sets 1-71 (879), rounds 6-16 the label files of sets 1-9 (90)
TRAINED_ON = 40
# the cap rule (round 17, fixed before its fresh sets existed): among the settings whose stale CV keeps at most this
# many non-speech quotations, the most right decisions. Round 18's cap: what round 17's decision keeps of the 970 (53)
NON_SPEECH_CAP = 53


@dataclass
class Example:
    article: str
    text: str
    features: dict[str, float]
    speech: bool


def examples(mode: str = "current") -> list[Example]:
    aliases = train_ranker.training_aliases()
    result = []
    for label_file in bench.LABEL_FILES[:TRAINED_ON]:
        labels = bench.Labels.load(bench.EVAL / label_file)
        old = train_ranker._old_extractor(train_ranker.STALE[label_file]) if mode == "stale" else None
        for name, expected in sorted(labels.articles.items()):
            if not bench.number(name) % 2:
                continue  # held out: never read
            text = bench.eval_text(bench.EVAL / "articles" / name)
            collected: list[tuple[ex._Site, dict[str, float]]] = []
            ex._extract(text, aliases, collect=collected)
            speech = Counter(bench.normalise(str(i["text"])) for i in expected if i["speaker"] != "term")
            reported = (
                Counter(bench.normalise(q.text) for q in train_ranker.old_quotes(old, text, aliases)) if old else None
            )
            for site, values in collected:
                key = bench.normalise(ex._norm(site.text))
                values = dict(values)
                if reported is not None:
                    values.pop("rules_keep", None)
                    if reported[key] > 0:
                        values["rules_keep"] = 1.0
                        reported[key] -= 1
                result.append(Example(name, key, values, speech[key] > 0))
                if speech[key] > 0:
                    speech[key] -= 1
    return result


def decisions(
    weights: dict[str, float] | None, data: Sequence[Example], threshold: float = 0.0
) -> tuple[int, int, int]:
    """Right decisions, speech kept, non-speech kept (weights None: the rules' decision)."""
    right = kept_speech = kept_other = 0
    for e in data:
        kept = bool(e.features.get("rules_keep"))
        if weights is not None and not kept:  # the classifier decides what the rules drop
            kept = terms.score(weights, e.features) > threshold
        right += kept == e.speech
        kept_speech += kept and e.speech
        kept_other += kept and not e.speech
    return right, kept_speech, kept_other


def rows(data: Sequence[Example]) -> list[tuple[dict[str, float], int]]:
    """Training rows: the quotations the rules drop (what they keep stays kept)."""
    return [(e.features, int(e.speech)) for e in data if not e.features.get("rules_keep")]


def fold(article: str) -> int:
    return train_ranker.fold(article)


def train() -> tuple[dict[str, float], float, float, list[str]]:
    """CV over the L2 penalties and thresholds, then the weights trained on every example with the best penalty;
    the penalty, the threshold and a report."""
    current, stale = examples("current"), examples("stale")
    data = current + stale
    report = [f"{len(current)} + {len(stale)} short quotations of the tuning articles"]
    for name, part in (("current", current), ("stale", stale)):
        speech = sum(e.speech for e in part)
        right, ks, ko = decisions(None, part)
        report.append(
            f"{name}: {speech} speech, {len(part) - speech} not; rules right {right}/{len(part)}"
            f" (speech kept {ks}, non-speech kept {ko})"
        )
    best_l2, best_threshold, best = L2_GRID[0], THRESHOLDS[0], -1
    for l2 in L2_GRID:
        folds = [rank.fit(rows([e for e in data if fold(e.article) != k]), terms.FEATURES, l2) for k in range(FOLDS)]
        for threshold in THRESHOLDS:
            totals = {"current": [0, 0, 0], "stale": [0, 0, 0]}
            for k in range(FOLDS):
                for name, part in (("current", current), ("stale", stale)):
                    got = decisions(folds[k], [e for e in part if fold(e.article) == k], threshold)
                    totals[name] = [a + b for a, b in zip(totals[name], got, strict=True)]
            report.append(
                f"classifier, 5-fold CV by article, l2={l2}, keep above {threshold}: "
                + "; ".join(
                    f"{name} right {t[0]}/{len(part)} (speech kept {t[1]}, non-speech kept {t[2]})"
                    for (name, t), part in zip(totals.items(), (current, stale), strict=True)
                )
            )
            capped = totals["stale"][2] <= NON_SPEECH_CAP
            if (
                capped and totals["current"][0] + totals["stale"][0] > best
            ):  # the first of equals: smaller l2, threshold
                best_l2, best_threshold, best = l2, threshold, totals["current"][0] + totals["stale"][0]
    report.append(f"chosen l2={best_l2}, keep above {best_threshold}")
    return rank.fit(rows(data), terms.FEATURES, best_l2), best_l2, best_threshold, report


def main(argv: Sequence[str]) -> int:
    weights, best_l2, threshold, report = train()
    print("\n".join(report))
    if "--write" in argv:
        lines = [
            '"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.',
            "",
            f"Rules' decision from the current and the stale extractor; l2={best_l2}; tuning articles only.",
            '"""',
            "",
            f"THRESHOLD = {threshold!r}  # a quotation the rules drop is kept when it scores above this",
            "",
            "WEIGHTS: dict[str, float] = {",
            *[f'    "{k}": {v!r},' for k, v in weights.items()],
            "}",
            "",
        ]
        WEIGHTS.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
