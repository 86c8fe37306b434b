"""Fast paths of the normaliser against brute-force twins."""

from __future__ import annotations

import numpy as np
import pytest

from matching.config import NormaliserConfig
from matching.embeddings import FakeEncoder
from matching.fusion import candidate_features, candidate_rows, score_batch
from matching.index import cleaned_labels, cleaner_for
from matching.lexical import TfidfIndex
from matching.normalise import Normaliser


@pytest.fixture(scope="module")
def normaliser(tiny_store, tmp_path_factory) -> Normaliser:
    config = NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path_factory.mktemp("c")),
                              candidates=4, fusion_queries=50, fuzzy_in_fusion=True)
    return Normaliser.from_store(tiny_store, config=config, encoders=[FakeEncoder()])


def test_candidate_rows_match_concatenated_ranges(normaliser: Normaliser) -> None:
    index = normaliser.indexes["occupation"]
    cands = np.array([0, 2, len(index.uris) - 1])
    rows, bounds = candidate_rows(index, cands)
    brute = np.concatenate([np.arange(index.starts[c], index.ends[c]) for c in cands])
    assert rows.tolist() == brute.tolist()
    assert bounds.tolist() == [0, *np.cumsum([index.ends[c] - index.starts[c]
                                               for c in cands])[:-1].tolist()]


def test_best_rows_and_fuzzy_rescoring_match_brute_force(normaliser: Normaliser) -> None:
    index = normaliser.indexes["occupation"]
    queries = ["forklift driver", "schoonmaakster", "kok"]
    batch = score_batch(index, queries, exclude=None)
    for i, query in enumerate(queries):
        found = candidate_features(index, batch, i, query, k=4, excluded=set())
        dense = sum(block[i] for block in batch.labels.values())
        fuzzy = index.fuzzy.scores([query])[0][index.label_clean]
        col = list(index.sources).index("fuzzy") * 3
        for j, concept in enumerate(found.concepts):
            rows = np.arange(index.starts[concept], index.ends[concept])
            assert found.best_rows[j] == rows[np.argmax(dense[rows])]
            assert found.features[j, col] == pytest.approx(fuzzy[rows].max())


def test_tfidf_cache_gives_the_same_scores_as_a_fresh_fit(tmp_path) -> None:
    texts = ["kok", "heftruck chauffeur", "schoonmaker", "kitchen help"]
    fresh = TfidfIndex(texts).scores(["heftruck", "cook"])
    first = TfidfIndex.cached(texts, directory=tmp_path)
    assert len(list(tmp_path.glob("tfidf-*.pkl"))) == 1
    again = TfidfIndex.cached(texts, directory=tmp_path)
    assert np.allclose(first.scores(["heftruck", "cook"]), fresh)
    assert np.allclose(again.scores(["heftruck", "cook"]), fresh)
    TfidfIndex.cached(texts, ngram_range=(2, 3), directory=tmp_path)
    assert len(list(tmp_path.glob("tfidf-*.pkl"))) == 2


def test_cleaned_label_cache_matches_direct_cleaning(tmp_path) -> None:
    raw = ["Heftruckchauffeur (m/v)", "Kok", "schoonmaakster 24-32 uur"]
    direct = [cleaner_for("occupation")(t) for t in raw]
    assert cleaned_labels("occupation", raw, tmp_path) == direct
    assert cleaned_labels("occupation", raw, tmp_path) == direct
    assert cleaned_labels("occupation", raw, None) == direct


def test_concept_max_matches_reduceat_over_labels(normaliser: Normaliser) -> None:
    index = normaliser.indexes["occupation"]
    block = np.random.default_rng(0).random((len(index.texts), 5), dtype=np.float32)
    brute = np.maximum.reduceat(block[index.label_clean].T, index.starts, axis=1)
    assert np.array_equal(index.concept_max(block), brute)


def test_batched_linking_matches_one_text_per_call(tiny_store, tmp_path) -> None:
    texts = ["forklift driver", "Schoonmaakster (m/v)", "kok", "heftruck chauffeur", "kok",
             "kitchen help 24 uur", ""]
    config = NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path), candidates=4,
                              fusion_queries=50)
    batched = Normaliser.from_store(tiny_store, config=config, encoders=[FakeEncoder()])
    single = Normaliser.from_store(tiny_store, config=config, encoders=[FakeEncoder()])
    for kind in ("occupation", "skill"):
        link = "link_occupations" if kind == "occupation" else "link_skills"
        together = getattr(batched, link)(texts, limit=5)
        alone = [getattr(single, link)([t], limit=5)[0] for t in texts]
        assert _keys(together) == _keys(alone)  # scores differ by BLAS rounding only
        assert _scores(together) == pytest.approx(_scores(alone), abs=1e-5)
    held = [["kok"], ["forklift driver"]]
    excluded = [[0], []]
    ranked = batched.rank("occupation", [q[0] for q in held], exclude=excluded)
    alone_ranked = batched.rank("occupation", ["forklift driver"])[0]
    assert [s.concept for s in ranked[1]] == [s.concept for s in alone_ranked]
    assert all(s.label_row != 0 for s in ranked[0])


def _keys(results: list) -> list:
    return [[(lk.uri, lk.matched_label, lk.evidence) for lk in links] for links in results]


def _scores(results: list) -> list[float]:
    return [x for links in results for lk in links for x in (lk.score, lk.lexical, lk.semantic)]
