"""Approximate nearest label texts for a batch of query vectors, without a full matrix product.

Scoring ~120 phrases against all ~97k skill label texts at 512 dimensions costs ~6 GMAC plus
an ``argpartition`` over 12M scores: most of the extractor's time. :class:`LabelProbe` cuts
both:

1. near-duplicate label texts of the same concept (cosine >= ``prune``, e.g. ``use Python`` /
   ``Python programming``) are searched through one of them: ~97k rows become ~51k;
2. rows and queries are projected onto the ``dims`` main axes of the label embeddings
   (uncentred PCA, which preserves dot products best);
3. the ``candidates`` best rows per query are found by a threshold instead of a sort: the
   columns are cut into strided blocks, the ``candidates``-th best block maximum is a lower
   bound of the ``candidates``-th best score, and only blocks reaching it are read again;
4. those rows are re-scored exactly (full vectors) and the ``k`` best are returned.

With ``bf16`` the projected product of steps 2-3 runs in bfloat16 on torch (a CPU with native
bfloat16 does it ~3x faster than float32; projected scores move by < 0.004, and only the choice
of candidates near the cut depends on them, since step 4 is exact).

Without pruning the result is exact when ``dims`` is the full dimension (step 3 is exact) or
when ``candidates`` covers every row; the tests check both against a brute-force twin.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.index import top_per_group

BLOCK = 32  # columns per block in step 3
QUERY_CHUNK = 64  # queries per matrix product (bounds the score block to ~13 MB)


class LabelProbe:
    """Top-k label texts by cosine for many queries at once (see module doc)."""

    def __init__(self, matrix: np.ndarray, concept_texts: Sequence[Sequence[int]], *,
                 dims: int = 128, prune: float = 0.9, bf16: bool = False) -> None:
        """Prepare the projected, pruned search matrix.

        Args:
            matrix: L2-normalised label-text embeddings, one row per text.
            concept_texts: Text rows of every concept, best label first (preferred labels
                are always kept when pruning).
            dims: Projected dimensions (>= the embedding size: no projection).
            prune: Texts of one concept closer than this to a kept one are not searched
                (> 1: nothing is pruned).
            bf16: Search the projected matrix in bfloat16 on torch (approximate: for a CPU
                with native bfloat16, see :func:`matching.embeddings.cpu_has_bf16`).
        """
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self.rows = _prune(self.matrix, concept_texts, prune)
        self.basis = None if dims >= self.matrix.shape[1] else _main_axes(self.matrix, dims)
        kept = self.matrix[self.rows]
        kept = kept if self.basis is None else kept @ self.basis
        padded = -(-len(kept) // BLOCK) * BLOCK  # zero rows up to whole blocks, never returned
        self.search = np.zeros((padded, kept.shape[1]), np.float32)
        self.search[: len(kept)] = kept
        self._search16 = None
        if bf16:
            import torch

            self._search16 = torch.from_numpy(self.search).to(torch.bfloat16).T.contiguous()

    def top(self, queries: np.ndarray, k: int, *, candidates: int = 0
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ``k`` best texts of every query by exact cosine, among approximate candidates.

        Args:
            queries: L2-normalised query vectors, shape ``(n, dim)``.
            k: Texts returned per query (fewer when the matrix is smaller).
            candidates: Rows found approximately before the exact re-score (default ``2k``).

        Returns:
            ``(query, text, score)`` arrays, grouped by query, best first within a query.
        """
        queries = np.asarray(queries, dtype=np.float32)
        wanted = min(max(candidates or 2 * k, k), len(self.rows))
        parts = [self._candidates(queries[s : s + QUERY_CHUNK], wanted, s)
                 for s in range(0, len(queries), QUERY_CHUNK)]
        if not parts:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
        query = np.concatenate([p[0] for p in parts])
        text = self.rows[np.concatenate([p[1] for p in parts])]
        exact = np.einsum("ij,ij->i", queries[query], self.matrix[text])
        keep = top_per_group(query, exact, min(k, wanted))
        return query[keep], text[keep], exact[keep]

    def _candidates(self, queries: np.ndarray, wanted: int, offset: int
                    ) -> tuple[np.ndarray, np.ndarray]:
        """``(query, row)`` of at least the ``wanted`` best rows per query (approximate)."""
        projected = queries if self.basis is None else queries @ self.basis
        n, stride = len(queries), self.search.shape[0] // BLOCK
        if self._search16 is not None:
            import torch

            from matching.embeddings import torch_threads

            scores = torch.from_numpy(np.ascontiguousarray(projected)).to(torch.bfloat16)
            with torch_threads(1):  # as fast as two, and leaves a core to the second encoder
                scores = scores @ self._search16
            if stride >= wanted:
                blocks = scores.view(n, BLOCK, stride).amax(dim=1).float().numpy()
            else:
                scores = scores.float().numpy()
        else:
            scores = projected @ self.search.T
            blocks = scores.reshape(n, BLOCK, stride).max(axis=1) if stride >= wanted else None
        if stride < wanted:  # small matrix: a plain partial sort
            top = np.argpartition(-scores, wanted - 1, axis=1)[:, :wanted].ravel()
            real = top < len(self.rows)
            return np.repeat(np.arange(n) + offset, wanted)[real], top[real]
        # block j holds columns j + stride * i
        floor = np.partition(blocks, stride - wanted, axis=1)[:, stride - wanted]
        query, block = np.nonzero(blocks >= floor[:, None])
        cols = block[:, None] + stride * np.arange(BLOCK)
        if self._search16 is not None:
            import torch

            picked = scores[torch.from_numpy(query[:, None]), torch.from_numpy(cols)]
            picked = picked.float().numpy()
        else:
            picked = scores[query[:, None], cols]
        hit = (picked >= floor[query, None]) & (cols < len(self.rows))
        return np.broadcast_to(query[:, None] + offset, cols.shape)[hit], cols[hit]


def _main_axes(matrix: np.ndarray, dims: int) -> np.ndarray:
    """The ``dims`` main axes of the rows (eigenvectors of ``X.T @ X``, every 4th row)."""
    sample = matrix[::4]
    values, vectors = np.linalg.eigh((sample.T @ sample).astype(np.float64))
    return np.ascontiguousarray(vectors[:, np.argsort(-values)[:dims]], dtype=np.float32)


def _prune(matrix: np.ndarray, concept_texts: Sequence[Sequence[int]], prune: float
           ) -> np.ndarray:
    """Sorted text rows kept for the search: per concept, in order, each text that is not
    within ``prune`` of a text already kept (greedy; concepts of equal size side by side)."""
    lists = [list(dict.fromkeys(int(t) for t in texts)) for texts in concept_texts]
    if prune > 1.0:
        return np.unique(np.asarray([t for texts in lists for t in texts], np.int64))
    kept = []
    for size in sorted({len(t) for t in lists}):
        rows = np.asarray([t for t in lists if len(t) == size], np.int64).reshape(-1, size)
        vecs = matrix[rows]
        near = vecs @ vecs.transpose(0, 2, 1) >= prune
        keep = np.ones(rows.shape, bool)
        for i in range(1, size):
            keep[:, i] = ~(near[:, i, :i] & keep[:, :i]).any(axis=1)
        kept.append(rows[keep])
    return np.unique(np.concatenate(kept)) if kept else np.zeros(0, np.int64)
