"""Evaluators and the runner over the tiny store with the fake encoder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation import run
from evaluation.evaluators import (
    _is_gender_pair,
    esco_task,
    evaluate,
    fairness,
    from_texts,
    gender_pairs,
    methods_of,
)
from matching.config import NormaliserConfig
from matching.embeddings import FakeEncoder
from matching.normalise import Normaliser
from tests.fixtures.tiny_esco import occ_uri


@pytest.fixture(scope="module")
def normaliser(tiny_store, tmp_path_factory) -> Normaliser:
    config = NormaliserConfig(encoders=("fake",), candidates=5, fusion_queries=50,
                              cache_dir=str(tmp_path_factory.mktemp("cache")))
    return Normaliser.from_store(tiny_store, config=config, encoders=[FakeEncoder()])


def test_every_method_is_evaluated_side_by_side(normaliser: Normaliser) -> None:
    texts = ["heftruckchauffeur (m/v)", "kitchen help", "buschauffeur"]
    gold = [frozenset({occ_uri(k)}) for k in ("forklift", "kitchen", "bus")]
    rows = evaluate(normaliser, from_texts("t", "occupation", texts, gold, normaliser))
    assert [r["method"] for r in rows] == ["tfidf", "rapidfuzz", "fake", "fused"]
    assert methods_of(normaliser, "occupation")[-1] == "fused"
    for row in rows:
        assert set(row) == {"task", "method", "n", "MRR", "R@1", "R@5", "R@10", "seconds"}
        assert row["n"] == 3
    assert rows[-1]["MRR"] == 1.0


def test_esco_task_holds_the_query_label_out_of_the_index(normaliser: Normaliser) -> None:
    task = esco_task(normaliser, "occupation", None, 10, 1)
    index = normaliser.indexes["occupation"]
    for query, excluded in zip(task.queries, task.exclude, strict=True):
        assert excluded and all(index.texts[index.label_clean[r]] == query for r in excluded)
    rows = evaluate(normaliser, task, methods=["tfidf", "fused"])
    assert all(0.0 <= r["MRR"] <= 1.0 for r in rows)


def test_gender_pairs_are_found_in_dutch_labels(normaliser: Normaliser) -> None:
    assert _is_gender_pair("schoonmaker", "schoonmaakster")
    assert _is_gender_pair("winkel medewerker", "winkel medewerkster")
    assert not _is_gender_pair("kok", "kleermaker")
    index = normaliser.indexes["occupation"]
    found = {(index.label_text[a], index.label_text[b]) for a, b in gender_pairs(index)}
    assert ("schoonmaker", "schoonmaakster") in found
    rows, n = fairness(normaliser, methods=["fused"])
    assert n >= 1 and "gap" in rows[0]


def test_runner_prints_json_lines_and_writes_a_report(tiny_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PLACEMENT_CACHE", str(tmp_path / "cache"))
    titles = tmp_path / "titles.csv"
    titles.write_text(f",vacancyTitle,conceptUri\n0,Kok (m/v),{occ_uri('cook')}\n",
                      encoding="utf-8")
    code = run.main(["--db", str(tiny_db), "--encoders", "fake", "--reports",
                     str(tmp_path / "reports"), "jobnorm", "--titles", str(titles)])
    assert code == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["method"] for x in lines] == ["tfidf", "rapidfuzz", "fake", "fused"]
    assert list(Path(tmp_path / "reports").glob("*.md"))


def test_runner_reports_a_bad_file_cleanly(tiny_db, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PLACEMENT_CACHE", str(tmp_path / "cache"))
    code = run.main(["--db", str(tiny_db), "--encoders", "fake", "melo", "--dataset",
                     str(tmp_path)])
    assert code == 2
    assert "queries.tsv" in capsys.readouterr().err
