"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.

Rules' decision from the current and the stale extractor; l2=3.0; tuning articles only.
"""

THRESHOLD = 0.5  # a quotation the rules drop is kept when it scores above this

WEIGHTS: dict[str, float] = {
    "bias": -1.55698,
    "words1": -0.584147,
    "words2": 0.103261,
    "chars": 0.316332,
    "title_case": -0.856456,
    "lower": 1.016467,
    "ends_punct": -0.277985,
    "ends_sentence": 0.630842,
    "opens_sentence": 0.528564,
    "verb_adjacent": 0.317786,
    "spoken": 0.511639,
    "reported": 0.592662,
    "participle": 0.04165,
    "copula": 0.115164,
    "determiner": -0.151569,
    "modifier_noun": 0.164547,
    "noun_after": 0.085231,
    "naming": -0.806135,
    "expressing": -0.639639,
    "single_mark": 0.335502,
    "speaker": 0.751386,
    "adjacent": 0.562388,
    "inherited": 0.251396,
    "standalone": 0.509829,
    "name_near": -0.08424,
    "after_prep": 0.576439,
    "listed": 0.0,
    "colon": 0.0,
}
