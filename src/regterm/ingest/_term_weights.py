"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.

Rules' decision from the current and the stale extractor; l2=3.0; tuning articles only.
"""

THRESHOLD = 0.5  # a quotation the rules drop is kept when it scores above this

WEIGHTS: dict[str, float] = {
    "bias": -1.523259,
    "words1": -0.43081,
    "words2": 0.108769,
    "chars": 0.227863,
    "title_case": -0.844561,
    "lower": 0.722404,
    "ends_punct": 0.113316,
    "ends_sentence": 0.812196,
    "opens_sentence": 0.473023,
    "verb_adjacent": 0.318892,
    "spoken": 0.252368,
    "reported": 0.535037,
    "participle": 0.181864,
    "copula": 0.131836,
    "determiner": 0.057552,
    "modifier_noun": 0.255761,
    "noun_after": -0.075951,
    "naming": -0.809093,
    "expressing": -0.611566,
    "single_mark": 0.507342,
    "speaker": 0.678679,
    "adjacent": 0.611146,
    "inherited": 0.098138,
    "standalone": 0.473662,
    "name_near": 0.029049,
    "after_prep": 0.439147,
    "listed": 0.0,
    "colon": 0.0,
}
