from __future__ import annotations

import json

import pytest

from evaluation.placement import average_precision, ndcg_at, run_placement
from matching.embeddings import FakeEncoder
from matching.graph import TaxonomyGraph

E = "http://data.europa.eu/esco/"


def test_metrics_on_obvious_lists() -> None:
    grades = {"a": 3, "b": 2}
    assert ndcg_at(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert ndcg_at(["c", "b", "a"], grades) < ndcg_at(["b", "a", "c"], grades) < 1.0
    assert average_precision(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)


def test_run_placement_writes_report(tmp_path) -> None:
    rels, isco, labels = [], {}, {"occupation_en": {}, "skill_en": {}}
    for g, code in enumerate(["5120", "9333", "7512", "4110"]):
        for k in range(3):
            occ = f"{E}occupation/o{g}{k}"
            isco[occ], labels["occupation_en"][occ] = code, f"job {g}{k}"
            rels += [(occ, f"{E}skill/s{g}{(s + k) % 7}", "essential") for s in range(5)]
    graph = TaxonomyGraph(rels, isco=isco, labels=labels, version="t")
    res = run_placement(None, graph=graph, n_participants=40, n_opportunities=60,
                        encoder=FakeEncoder(), report_dir=tmp_path)
    assert set(res) == {"ranker_default", "ranker_learned", "baseline_embedding",
                        "baseline_skill_overlap"}
    assert 0 <= res["ranker_default"]["ndcg@10"] <= 1
    assert json.loads((tmp_path / "placement.json").read_text())["results"] == res
    assert "| ranker_default |" in (tmp_path / "placement.md").read_text()
