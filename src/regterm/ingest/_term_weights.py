"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.

Rules' decision from the current and the stale extractor; l2=10.0; tuning articles only.
"""

WEIGHTS: dict[str, float] = {
    "bias": -0.971676,
    "words1": -0.252211,
    "words2": 0.043651,
    "chars": 0.117123,
    "title_case": -0.471438,
    "lower": 0.415418,
    "ends_punct": 0.070616,
    "ends_sentence": 0.340091,
    "opens_sentence": 0.17921,
    "verb_adjacent": 0.163004,
    "spoken": 0.187394,
    "reported": 0.281144,
    "participle": 0.131626,
    "copula": 0.071127,
    "determiner": -0.052681,
    "modifier_noun": 0.090702,
    "noun_after": -0.032222,
    "naming": -0.34481,
    "expressing": -0.265054,
    "single_mark": 0.178874,
    "speaker": 0.391883,
    "adjacent": 0.313924,
    "inherited": 0.068688,
    "standalone": 0.180494,
    "name_near": -0.031018,
    "after_prep": 0.200158,
    "listed": 0.0,
    "colon": 0.0,
}
