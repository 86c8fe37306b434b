"""Ranking metrics against hand-computed values."""

from __future__ import annotations

import pytest

from evaluation.metrics import first_hit, r_precision, rank_metrics, recall_at


def test_rank_metrics_by_hand() -> None:
    ranked = [["a", "b", "c"], ["x", "y", "a"], ["q"]]
    gold = [{"a"}, {"a", "y"}, {"z"}]
    m = rank_metrics(ranked, gold, ks=(1, 2))
    assert m["MRR"] == pytest.approx(round((1 + 0.5 + 0) / 3, 4))
    assert m["R@1"] == pytest.approx(round(1 / 3, 4))
    assert m["R@2"] == pytest.approx(round(2 / 3, 4))


def test_empty_inputs_give_zeros() -> None:
    assert rank_metrics([], []) == {"MRR": 0.0, "R@1": 0.0, "R@5": 0.0, "R@10": 0.0}


def test_first_hit_and_r_precision() -> None:
    assert first_hit(["a", "b"], {"b"}) == 1
    assert first_hit(["a"], set()) is None
    assert r_precision(["a", "b", "c"], {"a", "c"}, k=5) == 1.0
    assert r_precision(["x", "a", "y"], {"a", "b", "c"}, k=2) == 0.5
    assert recall_at(["a", "b", "c"], {"a", "c", "d", "e"}, k=2) == 0.25
