"""Lexical candidate sources over taxonomy labels: rapidfuzz and character n-gram TF-IDF.

Both sources score a batch of cleaned queries against a list of cleaned label texts and
return dense ``(queries, labels)`` score blocks in [0, 1]; :func:`top_concepts` turns a row of
label scores into the best concepts (max over each concept's labels).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import sklearn
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

log = logging.getLogger(__name__)

FUZZ_SCORERS = {
    "wratio": fuzz.WRatio,
    "ratio": fuzz.ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "partial_ratio": fuzz.partial_ratio,
}


def top_concepts(
    label_scores: np.ndarray, label_concept: np.ndarray, k: int, *, pool: int = 0
) -> list[tuple[int, float, int]]:
    """The ``k`` best concepts of one row of label scores.

    Args:
        label_scores: Score per label (1-D).
        label_concept: Concept index per label.
        k: How many concepts to return.
        pool: How many top labels to aggregate (default ``8 * k``).

    Returns:
        ``(concept, score, best_label)`` triples, best first; ties broken by concept index.
    """
    pool = min(len(label_scores), pool or 8 * k)
    if pool == 0:
        return []
    idx = np.argpartition(-label_scores, pool - 1)[:pool]
    best: dict[int, tuple[float, int]] = {}
    for lab in idx[np.lexsort((idx, -label_scores[idx]))]:
        concept = int(label_concept[lab])
        if concept not in best:
            best[concept] = (float(label_scores[lab]), int(lab))
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:k]
    return [(concept, score, lab) for concept, (score, lab) in ranked]


def batches(n: int, size: int) -> Iterator[slice]:
    """Slices covering ``range(n)`` in chunks of ``size``."""
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


class TfidfIndex:
    """Character n-gram TF-IDF (within word boundaries) over label texts, cosine scores."""

    def __init__(self, texts: Sequence[str], *, ngram_range: tuple[int, int] = (2, 4)) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True, dtype=np.float32
        )
        self.matrix = self.vectorizer.fit_transform(list(texts)).tocsr()

    @classmethod
    def cached(
        cls, texts: Sequence[str], *, ngram_range: tuple[int, int] = (2, 4),
        directory: str | os.PathLike[str] | None = None,
    ) -> TfidfIndex:
        """Load the fitted index from ``directory`` (keyed by texts, n-grams and scikit-learn
        version), fitting and storing it on a miss; no directory: always fit."""
        if directory is None:
            return cls(texts, ngram_range=ngram_range)
        key = "\n".join([sklearn.__version__, "csr-v2", repr(ngram_range), *texts])
        path = Path(directory) / f"tfidf-{hashlib.sha1(key.encode()).hexdigest()[:16]}.pkl"
        if path.exists():
            with path.open("rb") as handle:
                return pickle.load(handle)
        index = cls(texts, ngram_range=ngram_range)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        log.info("fitted TF-IDF over %d texts, stored %s", len(texts), path)
        return index

    def scores(self, queries: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each query to every label, shape ``(queries, labels)``."""
        return np.ascontiguousarray(self.scores_t(queries).T)

    def scores_t(self, queries: Sequence[str]) -> np.ndarray:
        """:meth:`scores` transposed, ``(labels, queries)``: sparse labels times dense queries,
        about twice as fast as a sparse-sparse product for a batch of short queries."""
        q = self.vectorizer.transform(list(queries)).T.toarray()
        return np.asarray(self.matrix @ q, dtype=np.float32)

    def pair_scores(self, query: str, label_rows: np.ndarray) -> np.ndarray:
        """Cosine similarity of one query to the given label rows only."""
        q = self.vectorizer.transform([query])
        return np.asarray((self.matrix[label_rows] @ q.T).todense(), dtype=np.float32).ravel()


class FuzzyIndex:
    """Rapidfuzz similarity over label texts, scaled to [0, 1]."""

    def __init__(
        self, texts: Sequence[str], *, scorer: str = "token_sort_ratio", workers: int = 2
    ) -> None:
        if scorer not in FUZZ_SCORERS:
            raise ValueError(f"unknown fuzzy scorer {scorer!r}; valid: {sorted(FUZZ_SCORERS)}")
        self.texts = list(texts)
        self._array = np.array(self.texts, dtype=object)
        self.scorer = FUZZ_SCORERS[scorer]
        self.workers = workers

    def scores(self, queries: Sequence[str]) -> np.ndarray:
        """Similarity of each query to every label, shape ``(queries, labels)``."""
        matrix = process.cdist(
            list(queries), self.texts, scorer=self.scorer, dtype=np.uint8, workers=self.workers
        )
        return matrix.astype(np.float32) / 100.0

    def pair_scores(self, query: str, label_rows: np.ndarray) -> np.ndarray:
        """Similarity of one query to the given label rows only."""
        choices = self._array[label_rows].tolist()
        row = process.cdist([query], choices, scorer=self.scorer, dtype=np.uint8)
        return row[0].astype(np.float32) / 100.0
