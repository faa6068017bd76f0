"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.

Rules' decision from the current and the stale extractor; l2=0.3; tuning articles only.
"""

WEIGHTS: dict[str, float] = {
    "bias": -4.117379,
    "rules_keep": 1.554092,
    "words1": -0.034546,
    "words2": 0.870739,
    "chars": 0.956992,
    "title_case": -2.087351,
    "lower": 1.629647,
    "ends_punct": 0.89777,
    "ends_sentence": 1.328908,
    "opens_sentence": 2.222824,
    "verb_adjacent": -0.388274,
    "spoken": 0.834663,
    "reported": -0.850075,
    "participle": 0.531382,
    "copula": 0.975292,
    "determiner": 1.258116,
    "modifier_noun": 0.355232,
    "noun_after": -0.331592,
    "naming": -2.824657,
    "expressing": -1.055967,
    "single_mark": 1.986249,
    "speaker": 2.112174,
    "adjacent": 1.198385,
    "inherited": -0.629691,
    "standalone": 1.806293,
    "name_near": 0.059212,
    "after_prep": 1.440636,
    "listed": 0.0,
    "colon": 0.0,
}
