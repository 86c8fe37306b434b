"""Lexical sources: TF-IDF and rapidfuzz, checked against brute-force twins."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz import fuzz

from matching.lexical import FuzzyIndex, TfidfIndex, top_concepts

LABELS = ["heftruck chauffeur", "vrachtwagen chauffeur", "kok", "keuken hulp", "forklift driver"]


def test_tfidf_ranks_the_closest_label_first() -> None:
    index = TfidfIndex(LABELS)
    scores = index.scores(["heftruck chaufeur", "keukenhulp"])
    assert scores.shape == (2, len(LABELS))
    assert int(np.argmax(scores[0])) == 0
    assert int(np.argmax(scores[1])) == 3
    assert np.all((scores >= 0) & (scores <= 1.0001))


def test_tfidf_pair_scores_match_full_scores() -> None:
    index = TfidfIndex(LABELS)
    full = index.scores(["kok in keuken"])[0]
    rows = np.array([2, 3, 0])
    assert np.allclose(index.pair_scores("kok in keuken", rows), full[rows], atol=1e-6)


def test_fuzzy_matches_rapidfuzz_brute_force() -> None:
    index = FuzzyIndex(LABELS, scorer="ratio")
    scores = index.scores(["kokk"])[0]
    expected = [int(fuzz.ratio("kokk", t)) / 100 for t in LABELS]
    assert np.allclose(scores, expected, atol=0.011)
    assert np.allclose(index.pair_scores("kokk", np.array([2, 4])), scores[[2, 4]])


def test_unknown_fuzzy_scorer_names_valid_ones() -> None:
    with pytest.raises(ValueError, match="valid"):
        FuzzyIndex(LABELS, scorer="nope")


def test_top_concepts_takes_best_label_per_concept_and_breaks_ties_by_id() -> None:
    scores = np.array([0.9, 0.8, 0.5, 0.5, 0.1], dtype=np.float32)
    concepts = np.array([0, 0, 2, 1, 3])
    assert top_concepts(scores, concepts, 3) == [(0, pytest.approx(0.9), 0),
                                                 (1, 0.5, 3), (2, 0.5, 2)]
