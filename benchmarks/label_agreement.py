"""How often two people agree on who said a quotation: the ceiling an attribution figure can be read against.

Run ``.venv/bin/python benchmarks/label_agreement.py``. A second annotator (a helper that never saw the first labels)
gave a speaker to every quote of speech of the held-out sets 18, 20, 22 and 24, reading the articles
(``benchmarks/eval/second-labels-18-24.yaml``). A pair agrees when either annotator's speaker is a written form
of the other's (each file's ``names`` forms, 'the' and case aside), or both say "unattributed". Printed: agreement
per set and pooled; and for the quotes the extractor finds, its attribution against the first labels (the
benchmark's figure) and against either annotator.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ingest_accuracy as bench

SECOND = bench.EVAL / "second-labels-18-24.yaml"
FILES = ("labels-set17-18.yaml", "labels-set19-20.yaml", "labels-set21-22.yaml", "labels-set23-24.yaml")


def _forms(speaker: object, names: dict[str, list[str]]) -> set[str]:
    wanted = speaker if isinstance(speaker, list) else [speaker]
    return {
        re.sub(r"(?i)^the\s+", "", bench.normalise(str(f))).casefold()
        for w in wanted
        for f in [w, *names.get(str(w), [])]
    }


def agree(first: object, second: object, names1: dict[str, list[str]], names2: dict[str, list[str]]) -> bool:
    if "unattributed" in (first, second):
        return first == second
    return bool(_forms(first, names1) & _forms(second, names2))


def main(argv: Sequence[str] = ()) -> int:
    data = yaml.safe_load(SECOND.read_text(encoding="utf-8"))
    names2 = {k: list(v) for k, v in (data.get("names") or {}).items()}
    second = data["articles"]
    from regterm.ingest.extract import extract_quotes

    aliases = bench.eval_aliases()
    total = [0, 0]
    found = [0, 0, 0]  # matched by the extractor, right by the first labels, right by either
    for label_file in FILES:
        labels = bench.Labels.load(bench.EVAL / label_file)
        counts = [0, 0]
        for name, expected in sorted(labels.articles.items()):
            if bench.number(name) % 2 or name not in second:
                continue
            theirs: dict[str, list[object]] = {}
            for item in second[name]:
                theirs.setdefault(bench.normalise(str(item["text"])), []).append(item["speaker"])
            pairs: dict[str, list[tuple[object, object]]] = {}  # per quote text: (first, second), in order
            for item in expected:
                key = bench.normalise(str(item["text"]))
                if item["speaker"] != "term" and theirs.get(key):
                    pairs.setdefault(key, []).append((item["speaker"], theirs[key].pop(0)))
            for first, other in (p for ps in pairs.values() for p in ps):
                counts[0] += 1
                counts[1] += agree(first, other, labels.names, names2)
            extracted = extract_quotes(bench.eval_text(bench.EVAL / "articles" / name), aliases)
            for quote in extracted:
                pair = pairs.get(bench.normalise(quote.text))
                if not pair:
                    continue
                first, second_speaker = pair.pop(0)
                found[0] += 1
                by_first = labels.speaker_ok(quote.speaker, first)
                by_second = (
                    quote.speaker is not None
                    and second_speaker != "unattributed"
                    and bool(_forms(quote.speaker, {}) & _forms(second_speaker, names2))
                )
                by_second = by_second or (quote.speaker is None and second_speaker == "unattributed")
                found[1] += by_first
                found[2] += by_first or by_second
        held = bench.set_of(label_file, "00-x.txt")
        print(f"{held}: the two annotators agree on {counts[1]} of {counts[0]} speakers ({counts[1] / counts[0]:.3f})")
        total = [total[0] + counts[0], total[1] + counts[1]]
    print(f"pooled: {total[1]} of {total[0]} ({total[1] / total[0]:.3f})")
    print(
        f"the extractor, on the {found[0]} of these quotes it finds: right by the first labels {found[1]}"
        f" ({found[1] / found[0]:.3f}), by either annotator {found[2]} ({found[2] / found[0]:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
