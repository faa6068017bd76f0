"""Weights of the speech-or-term classifier (regterm.ingest.terms), written by benchmarks/train_terms.py.

Rules' decision from the current and the stale extractor; l2=0.3; tuning articles only.
"""

THRESHOLD = 0.5  # a quotation the rules drop is kept when it scores above this

WEIGHTS: dict[str, float] = {
    "bias": -2.055924,
    "words1": -0.099706,
    "words2": -0.18089,
    "chars": 3.09676,
    "title_case": -3.603778,
    "lower": 1.078717,
    "ends_punct": -0.395813,
    "ends_sentence": -0.157525,
    "opens_sentence": 3.145952,
    "verb_adjacent": -0.039748,
    "spoken": 0.741303,
    "reported": -1.32476,
    "participle": 1.055897,
    "copula": 0.407079,
    "determiner": -0.590237,
    "modifier_noun": -0.592982,
    "noun_after": -0.001973,
    "naming": -2.246776,
    "expressing": -0.571375,
    "single_mark": -1.262737,
    "speaker": 1.064016,
    "adjacent": 0.42662,
    "inherited": 0.794729,
    "standalone": 2.920848,
    "name_near": 0.366824,
    "after_prep": -0.808755,
    "listed": 0.0,
    "colon": 0.0,
}
