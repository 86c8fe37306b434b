"""Benchmark loaders on small files written in the public formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.datasets import load_jobnorm, load_melo, load_skill_sentences, norm_label
from evaluation.errors import DatasetError

OCC = "http://data.europa.eu/esco/occupation/"


def test_load_jobnorm_reads_any_file_of_the_format(tmp_path: Path) -> None:
    path = tmp_path / "titles.csv"
    path.write_text(f",vacancyTitle,conceptUri\n0,Kok (m/v),{OCC}a\n1,,{OCC}b\n2,Chef,{OCC}a\n"
                    , encoding="utf-8")
    queries = load_jobnorm(path)
    assert [q.text for q in queries] == ["Kok (m/v)", "Chef"]
    assert queries[0].gold == frozenset({OCC + "a"})


def test_load_jobnorm_names_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="does not exist"):
        load_jobnorm(tmp_path / "nope.csv")


def test_load_melo_keeps_occupation_gold_only(tmp_path: Path) -> None:
    (tmp_path / "queries.tsv").write_text("Q1\tSlager\nQ2\tOfficier\n", encoding="utf-8")
    (tmp_path / "corpus_elements.tsv").write_text("C1\tslager\nC2\tofficieren\n", encoding="utf-8")
    (tmp_path / "concept_mapping.tsv").write_text(
        f"C1\t{OCC}butcher\nC2\thttp://data.europa.eu/esco/isco/C01\n", encoding="utf-8")
    (tmp_path / "annotations.tsv").write_text("Q1\t0\tC1\t1\nQ2\t0\tC2\t1\n", encoding="utf-8")
    queries, skipped = load_melo(tmp_path)
    assert [(q.text, set(q.gold)) for q in queries] == [("Slager", {OCC + "butcher"})]
    assert skipped == 1


def test_load_melo_names_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="queries.tsv"):
        load_melo(tmp_path)


def test_load_skill_sentences_maps_labels_and_counts_unmapped(tmp_path: Path) -> None:
    path = tmp_path / "skills.csv"
    path.write_text("sentence,label\nS one,Use  Excel\nS one,gone skill\nS two,LABEL NOT PRESENT\n",
                    encoding="utf-8")
    queries, unmapped = load_skill_sentences(path, {norm_label("use excel"): "u1"})
    assert [(q.text, set(q.gold)) for q in queries] == [("S one", {"u1"})]
    assert unmapped == 1
