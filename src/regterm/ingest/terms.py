"""A learned speech-or-term decision for short quotations (issue #15): is “serious harm” someone's words or a
scare quote, a name, a term?

The rule extractor (:mod:`regterm.ingest.extract`) keeps a quotation of fewer than four words only when a verb of
speech sits next to it, governs its clause, or a speaker is found, and drops it after a determiner, a naming verb
or between a modifier and a noun. On text the rules were not tuned on, they drop many short quotations of speech
(benchmarks/eval/NOTES-round4.md). This module gives the short quotations the rules drop a second chance: a
logistic regression over those cues and a few more (length, capitals, where the quote sits in its sentence, single
or double marks, a name nearby, a preposition before it) keeps the ones it scores above a threshold. What the rules keep
stays kept (a classifier that could also drop lost more speech than it saved false finds in cross-validation).

The weights (:mod:`regterm.ingest._term_weights`) are written by ``benchmarks/train_terms.py`` from the tuning
articles of the evaluation set only (odd article numbers; quotations labelled ``term`` or left unlabelled are not
speech): the short quotations the rules drop, with the rules as they are and as they were before each label file
was tuned on, deterministically (the ranker's Newton fit). Used by ``extract_quotes`` by default (``terms=False``:
the rules alone), switched on by the pre-registered rule of benchmarks/README.md. A known weakness: after 'said
... that' it keeps a product name between a possessive and a verb ('its new “privacy hub” would launch').
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from regterm.ingest import extract as ex

__all__ = ["FEATURES", "SHORT", "features", "keep", "short"]

SHORT = 4  # quotations of fewer words are decided here

FEATURES = (
    "words1",
    "words2",
    "chars",
    "title_case",
    "lower",
    "ends_punct",
    "ends_sentence",
    "opens_sentence",
    "verb_adjacent",
    "spoken",
    "reported",
    "participle",
    "copula",
    "determiner",
    "modifier_noun",
    "noun_after",
    "naming",
    "expressing",
    "single_mark",
    "speaker",
    "adjacent",
    "inherited",
    "standalone",
    "name_near",
    "after_prep",
    "listed",
    "colon",
)

_PREP = re.compile(r"(?i)(?<![\w-])(?:for|of|in|on|to|with|from|by|over|into|about|against|as|at)\s*$")


def short(site: ex._Site) -> bool:
    return len(site.text.split()) < SHORT and bool(re.search(r"\w", site.text))


def features(site: ex._Site, speaker: ex._Speaker, inherited: bool, text: str, rules_keep: bool) -> dict[str, float]:
    """The cues of one short quotation (see FEATURES)."""
    words = site.text.split()
    before = text[site.sentence[0] : site.start]
    post = site.post
    f: dict[str, float] = {}

    def on(name: str, value: object) -> None:
        if value:
            f[name] = 1.0

    on("rules_keep", rules_keep)
    on("words1", len(words) == 1)
    on("words2", len(words) == 2)
    f["chars"] = min(len(site.text), 40) / 40
    on("title_case", ex._title_case(words))
    on("lower", site.text == site.text.lower())
    on("ends_punct", site.text.rstrip()[-1:] in ".!?,")
    on("ends_sentence", not re.search(r"\w", post))
    on("opens_sentence", not re.search(r"\w", before))
    on("verb_adjacent", ex._verb_adjacent(site))
    on(
        "spoken",
        any(
            not ex._passive(before, v) and not v.group().lower().startswith("according")
            for v in ex._VERB.finditer(before)
        ),
    )
    on("reported", ex._REPORTED.search(before))
    on("participle", ex._PARTICIPLE.search(before))
    on("copula", ex._COPULA.search(before))
    on("determiner", ex._DETERMINER.search(before))
    on("modifier_noun", ex._MODIFIER_BEFORE.search(before) and ex._NOUN_AFTER.match(post))
    on("noun_after", ex._NOUN_AFTER.match(post))
    on("naming", ex._NAMING.search(before))
    on("expressing", ex._EXPRESSING.search(before))
    on("single_mark", text[site.start] in "‘'")
    on("speaker", speaker.name)
    on("adjacent", site.attribution is not None and site.attribution.adjacent)
    on("inherited", inherited)
    on("standalone", site.standalone)
    on("name_near", ex._NAME_ANY.search(before[1:]) or ex._NAME_ANY.search(post))
    on("after_prep", _PREP.search(before))
    on("listed", re.search(r"[”\"’]\s*,?\s*(?:and|or)?\s*$", before))
    on("colon", re.search(r"\w:\s*$", site.pre))
    return f


def score(weights: Mapping[str, float], values: Mapping[str, float]) -> float:
    return weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v for k, v in values.items())


def keep(
    site: ex._Site,
    speaker: ex._Speaker,
    inherited: bool,
    text: str,
    rules_keep: bool,
    weights: Mapping[str, float] | None = None,
) -> bool:
    """Whether the short quotation at `site` is speech (kept) rather than a term (dropped): what the rules keep
    stays; what they drop is kept when the classifier scores it above the threshold cross-validation chose."""
    if rules_keep:
        return True
    from regterm.ingest._term_weights import THRESHOLD, WEIGHTS

    return score(weights or WEIGHTS, features(site, speaker, inherited, text, rules_keep)) > THRESHOLD
