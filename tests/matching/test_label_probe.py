"""The approximate label search against brute-force twins, on random unit vectors."""

from __future__ import annotations

import numpy as np
import pytest

from matching.label_probe import BLOCK, LabelProbe, _prune


def unit(rows: int, dim: int, seed: int) -> np.ndarray:
    vecs = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def brute_top(queries: np.ndarray, matrix: np.ndarray, k: int) -> list[list[int]]:
    scores = queries @ matrix.T
    return [list(np.argsort(-row, kind="stable")[:k]) for row in scores]


def grouped(query: np.ndarray, text: np.ndarray, n: int) -> list[list[int]]:
    return [list(text[query == q]) for q in range(n)]


@pytest.mark.parametrize("rows", [50, 40 * BLOCK + 7])  # plain partial sort / block threshold
def test_exact_settings_match_brute_force(rows: int) -> None:
    matrix, queries = unit(rows, 24, 1), unit(9, 24, 2)
    probe = LabelProbe(matrix, [[i] for i in range(rows)], dims=24, prune=2.0)
    query, text, score = probe.top(queries, 5, candidates=5)
    assert grouped(query, text, 9) == brute_top(queries, matrix, 5)
    assert score == pytest.approx(np.einsum("ij,ij->i", queries[query], matrix[text]), abs=1e-6)


def test_candidates_beyond_k_are_rescored_exactly() -> None:
    matrix, queries = unit(60 * BLOCK, 32, 3), unit(7, 32, 4)
    probe = LabelProbe(matrix, [[i] for i in range(len(matrix))], dims=8, prune=2.0)
    query, text, score = probe.top(queries, 4, candidates=len(matrix))
    assert grouped(query, text, 7) == brute_top(queries, matrix, 4)  # every row is a candidate
    query, text, score = probe.top(queries, 4)  # 8 projected dims: approximate, exact scores
    assert score == pytest.approx(np.einsum("ij,ij->i", queries[query], matrix[text]), abs=1e-6)
    for q in range(7):
        assert list(score[query == q]) == sorted(score[query == q], reverse=True)


def test_near_duplicates_are_searched_through_one_text() -> None:
    base = unit(3, 16, 5)
    near = base[0] + 0.05 * unit(1, 16, 6)[0]
    matrix = np.vstack([base, near / np.linalg.norm(near)])
    probe = LabelProbe(matrix, [[0, 3], [1], [2]], dims=16, prune=0.9)
    assert list(probe.rows) == [0, 1, 2]
    query, text, _ = probe.top(matrix[3:], 1)
    assert list(text) == [0]


def test_prune_matches_a_greedy_loop() -> None:
    matrix = unit(200, 6, 7)
    rng = np.random.default_rng(8)
    concepts = [list(rng.choice(200, rng.integers(1, 9), replace=False)) for _ in range(50)]
    for cut in (0.3, 0.7, 0.95):
        kept: set[int] = set()
        for texts in concepts:
            mine: list[int] = []
            for t in texts:
                if all(matrix[t] @ matrix[m] < cut for m in mine):
                    mine.append(int(t))
            kept |= set(mine)
        assert list(_prune(matrix, concepts, cut)) == sorted(kept)


@pytest.mark.parametrize("rows", [50, 40 * BLOCK + 7])  # plain partial sort / block threshold
def test_bfloat16_search_finds_the_exact_top_with_exact_scores(rows: int) -> None:
    pytest.importorskip("torch")
    matrix, queries = unit(rows, 48, 11), unit(70, 48, 12)  # 70 queries: two chunks
    probe = LabelProbe(matrix, [[i] for i in range(rows)], dims=48, prune=2.0, bf16=True)
    query, text, score = probe.top(queries, 5, candidates=20)
    found, truth = grouped(query, text, 70), brute_top(queries, matrix, 5)
    same = sum(len(set(f) & set(t)) for f, t in zip(found, truth, strict=True))
    assert same >= 0.99 * 5 * 70  # bfloat16 only decides near the 20th candidate
    assert score == pytest.approx(np.einsum("ij,ij->i", queries[query], matrix[text]), abs=1e-6)
    plain = LabelProbe(matrix, [[i] for i in range(rows)], dims=48, prune=2.0)
    assert len(plain.top(queries, 5, candidates=20)[0]) == len(query)
