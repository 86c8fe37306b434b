"""Fine-tuning data (split hygiene, batches) and a tiny end-to-end run (slow)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from matching.embeddings import SentenceTransformerEncoder, finetuned_path, make_encoder
from matching.finetune import Pair, TrainConfig, concept_batches, finetune, training_pairs
from matching.index import cleaner_for, label_split


def test_training_pairs_use_only_the_train_split(tiny_store) -> None:
    pairs = training_pairs(tiny_store, TrainConfig(skill_pairs=100, max_pairs=0))
    assert pairs
    held = {
        (lb.uri, cleaner_for(kind)(lb.text))
        for kind in ("occupation", "skill") for lb in tiny_store.labels(kind)
        if lb.label_type != "preferred" and label_split(lb.uri, lb.text) != "train"
    }
    allowed = {
        (lb.uri, cleaner_for(kind)(lb.text))
        for kind in ("occupation", "skill") for lb in tiny_store.labels(kind)
        if lb.label_type == "preferred" or label_split(lb.uri, lb.text) == "train"
    }
    for pair in pairs:
        assert (pair.concept, pair.anchor) in allowed
        assert (pair.concept, pair.anchor) not in held
        assert pair.anchor != pair.positive


def test_training_pairs_are_reproducible(tiny_store) -> None:
    config = TrainConfig(skill_pairs=5, max_pairs=0)
    assert training_pairs(tiny_store, config) == training_pairs(tiny_store, config)


def test_label_split_is_deterministic_and_roughly_one_three_one() -> None:
    splits = [label_split(f"uri{i}", f"label {i}") for i in range(5000)]
    assert splits == [label_split(f"uri{i}", f"label {i}") for i in range(5000)]
    share = {s: splits.count(s) / len(splits) for s in ("fit", "eval", "train")}
    assert 0.15 < share["fit"] < 0.25 and 0.15 < share["eval"] < 0.25


def test_concept_batches_never_repeat_a_concept() -> None:
    pairs = [Pair(f"a{i}", f"p{i}", f"c{i % 7}") for i in range(100)]
    batches = concept_batches(pairs, 5, seed=3)
    assert batches == concept_batches(pairs, 5, seed=3)
    for batch in batches:
        assert len({p.concept for p in batch}) == len(batch) <= 5
    assert sum(len(b) for b in batches) >= 95


def test_finetuned_path_is_found_only_when_complete(tmp_path) -> None:
    assert finetuned_path(tmp_path) is None
    folder = tmp_path / "models" / "minilm-esco"
    folder.mkdir(parents=True)
    assert finetuned_path(tmp_path) is None
    (folder / "training.json").write_text("{}")
    assert finetuned_path(tmp_path) == folder


@pytest.mark.slow
def test_tiny_finetune_produces_a_loadable_model(tiny_store, tmp_path) -> None:
    config = TrainConfig(batch_size=4, max_steps=3, skill_pairs=20, max_pairs=0)
    out = tmp_path / "models" / "minilm-esco"
    summary = finetune(training_pairs(tiny_store, config),
                       str(SentenceTransformerEncoder().path), out, config)
    assert summary["steps"] == 3
    assert json.loads((out / "training.json").read_text())["seed"] == config.seed
    encoder = make_encoder("minilm", cache=tmp_path)
    assert isinstance(encoder, SentenceTransformerEncoder)
    assert encoder.path == str(out)
    assert encoder.name.startswith("minilm-esco-")
    vectors = encoder.encode_queries(["heftruckchauffeur", "kok"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
