"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.

Rules' decision from the current and the stale extractor; l2=1.0; tuning articles only.
"""

THRESHOLD = 1.0  # a quotation the rules drop is kept when it scores above this

WEIGHTS: dict[str, float] = {
    "bias": -2.080803,
    "words1": -0.08333,
    "words2": -0.290571,
    "chars": 2.997138,
    "title_case": -2.878065,
    "lower": 1.181264,
    "ends_punct": -0.073254,
    "ends_sentence": -0.171601,
    "opens_sentence": 2.271642,
    "verb_adjacent": -0.351703,
    "spoken": 0.55315,
    "reported": -0.849718,
    "participle": 1.052547,
    "copula": 0.723383,
    "determiner": -0.624434,
    "modifier_noun": -0.612132,
    "noun_after": 0.137806,
    "naming": -2.038591,
    "expressing": 0.007635,
    "single_mark": -1.039552,
    "speaker": 0.904457,
    "adjacent": 0.327126,
    "inherited": 0.831967,
    "standalone": 1.760054,
    "name_near": 0.24657,
    "after_prep": -0.757119,
    "listed": 0.0,
    "colon": 0.0,
}
