"""The skill-extraction evaluator on a tiny hand-made annotation file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evaluation import skills
from evaluation.skill_data import (
    SkillDataError,
    SkillSentence,
    label_map,
    load_annotations,
    mean_metrics,
    sentence_metrics,
)
from tests.fixtures.tiny_esco import skill_uri

CSV = """sentence,span,sub_span,label
Ervaring met heftruck besturen,heftruck besturen,,operate forklift
Ervaring met heftruck besturen,heftruck besturen,,LABEL NOT PRESENT
We work  in teams and use Excel,work in teams,,Work In  Teams
We work  in teams and use Excel,use Excel,,use excel
We work  in teams and use Excel,Excel,,spreadsheet wizardry
Fun office with free fruit,office,,LABEL NOT PRESENT
Design stuff,design,,UNDERSPECIFIED
"""


@pytest.fixture()
def annotations(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_skills.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_labels_mapped_case_and_space_insensitively(tiny_store, annotations: Path) -> None:
    data = load_annotations(annotations, label_map(tiny_store))
    assert data.n_rows == 7 and data.n_sentences == 4
    assert [s.text for s in data.sentences] == [
        "Ervaring met heftruck besturen", "We work  in teams and use Excel"]
    assert data.sentences[1].gold == tuple(sorted([skill_uri("teamwork"),
                                                   skill_uri("spreadsheet")]))
    assert data.unmapped == ["spreadsheet wizardry"] and data.labels == 4


def test_two_column_format(tiny_store, tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("sentence,label\nSpeaks Dutch,speak Dutch\n", encoding="utf-8")
    data = load_annotations(path, label_map(tiny_store))
    assert data.sentences == [SkillSentence("Speaks Dutch", (skill_uri("dutch"),))]


def test_missing_column_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("text,skill\na,b\n", encoding="utf-8")
    with pytest.raises(SkillDataError, match="missing column.*label.*sentence"):
        load_annotations(path, {})


def test_metrics_by_hand() -> None:
    gold = {"a", "b", "c"}
    m = sentence_metrics(["x", "a", "y", "b", "z", "c"], gold)
    assert m == {"RP@5": pytest.approx(2 / 3), "MRR": 0.5, "R@10": 1.0}
    assert sentence_metrics(["x"] * 3, {"a"}) == {"RP@5": 0.0, "MRR": 0.0, "R@10": 0.0}
    many = {str(i) for i in range(8)}
    assert sentence_metrics([str(i) for i in range(10)], many)["RP@5"] == 1.0
    sents = [SkillSentence("s1", ("a",)), SkillSentence("s2", ("b",))]
    assert mean_metrics([["a"], ["x", "b"]], sents) == {"RP@5": 1.0, "MRR": 0.75, "R@10": 1.0}


def test_main_writes_reports(tiny_db: Path, annotations: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("PLACEMENT_CACHE", str(tmp_path / "cache"))
    boiler = tmp_path / "boiler.txt"
    boiler.write_text("# comment\nWe are a dynamic company.\nWij bieden een goed salaris.\n",
                      encoding="utf-8")
    code = skills.main(["--db", str(tiny_db), "--encoders", "fake", "--second", "",
                        "--annotations",
                        str(annotations), "--boilerplate", str(boiler),
                        "--reports", str(tmp_path / "reports")])
    assert code == 0
    lines = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    methods = {ln["method"]: ln for ln in lines if "method" in ln}
    assert set(methods) == {"baseline:fake", "baseline:tfidf", "linker", "extractor",
                            "extractor:stated", "extractor:no-bridge"}
    assert all(m["n"] == 2 and 0.0 <= m["RP@5"] <= 1.0 for m in methods.values())
    assert methods["extractor"]["RP@5"] == 1.0
    report = json.loads((tmp_path / "reports" / "skills-tiny_skills.json").read_text())
    assert report["notes"]["unmapped labels"] == 1
    assert report["notes"]["boilerplate"]["n"] == 2
    assert "| extractor |" in (tmp_path / "reports" / "skills-tiny_skills.md").read_text()


def test_main_reports_bad_file(tiny_db: Path, tmp_path: Path, capsys,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLACEMENT_CACHE", str(tmp_path / "cache"))
    bad = tmp_path / "bad.csv"
    bad.write_text("text\nx\n", encoding="utf-8")
    assert skills.main(["--db", str(tiny_db), "--encoders", "fake", "--second", "",
                        "--annotations", str(bad)]) == 2
    assert "missing column" in capsys.readouterr().err


def test_shipped_boilerplate_is_bilingual() -> None:
    lines = skills.read_boilerplate()
    assert len(lines) >= 30 and any("Wij" in ln for ln in lines)


def test_synthetic_sentences_are_reproducible_and_gold_is_known(tiny_db: Path) -> None:
    from evaluation.skill_synth import rp5, skill_texts, synthetic

    known = skill_texts(str(tiny_db))
    first = synthetic(str(tiny_db), 20, seed=3)
    assert first == synthetic(str(tiny_db), 20, seed=3)
    assert all(text and gold and set(gold) <= set(known) for text, gold in first)
    weighted = synthetic(str(tiny_db), 30, seed=3, weights={next(iter(known)): 1e6})
    assert all(next(iter(known)) in gold for _, gold in weighted)
    scores, y, ids = np.array([0.9, 0.1, 0.5, 0.2]), np.array([1, 0, 0, 1]), np.array([0, 0, 1, 1])
    assert rp5(scores, y, ids, [1, 2]) == pytest.approx((1.0 + 0.5) / 2)
