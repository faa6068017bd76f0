"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.

Rules' decision from the current and the stale extractor; l2=3.0; tuning articles only.
"""

THRESHOLD = 1.0  # a quotation the rules drop is kept when it scores above this

WEIGHTS: dict[str, float] = {
    "bias": -1.997743,
    "words1": -0.313346,
    "words2": -0.310181,
    "chars": 2.030692,
    "title_case": -2.094361,
    "lower": 1.41389,
    "ends_punct": 0.066467,
    "ends_sentence": 0.026705,
    "opens_sentence": 1.400494,
    "verb_adjacent": 0.017247,
    "spoken": 0.55621,
    "reported": -0.737382,
    "participle": 0.552599,
    "copula": 0.704758,
    "determiner": -0.601319,
    "modifier_noun": -0.534881,
    "noun_after": 0.149411,
    "naming": -1.35348,
    "expressing": -0.200252,
    "single_mark": -0.972952,
    "speaker": 0.859926,
    "adjacent": 0.278844,
    "inherited": 0.697311,
    "standalone": 0.91064,
    "name_near": 0.24099,
    "after_prep": -0.596837,
    "listed": 0.0,
    "colon": 0.0,
}
