"""Per-kind label index: every candidate source over the same labels, grouped by concept.

Labels are sorted by concept so that a ``(queries, labels)`` score block becomes a
``(queries, concepts)`` block with one ``np.maximum.reduceat``: the score of a concept is the
score of its best label. Identical cleaned texts are scored once. A query may exclude label
rows (the held-out label of the ESCO-internal evaluation), which then score 0.
"""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from matching import text as text_module
from matching.config import NormaliserConfig
from matching.embeddings import EmbeddingCache, Encoder, dot_t
from matching.lexical import FuzzyIndex, TfidfIndex
from matching.text import clean_skill, clean_title

KINDS = ("occupation", "skill")
#: Words by which ESCO labels mark the generic variant of a job (see :meth:`KindIndex.exact`).
GENERAL_WORDS = frozenset({"general", "algemeen", "algemene"})
Exclusions = Sequence[Sequence[int]] | None


class LabelLike(Protocol):
    """What the index reads from a taxonomy label (``taxonomy.store.Label``)."""

    uri: str
    lang: str
    label_type: str
    text: str


def cleaner_for(kind: str):  # noqa: ANN201 - returns one of the two cleaners
    """``clean_title`` for occupations, ``clean_skill`` for skills."""
    return clean_title if kind == "occupation" else clean_skill


def cleaned_labels(kind: str, raw: Sequence[str], directory: Path | None) -> list[str]:
    """Cleaned texts of ``raw`` labels, cached on disk keyed by the texts and the cleaning code
    (``matching/text.py``), so a reload skips the cleaning."""
    clean = cleaner_for(kind)
    if directory is None:
        return [clean(t) for t in raw]
    code = Path(text_module.__file__).read_bytes()
    digest = hashlib.sha1(code + "\n".join([kind, *raw]).encode()).hexdigest()[:16]
    path = directory / f"clean-{kind}-{digest}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    out = [clean(t) for t in raw]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_suffix(".tmp").write_text(json.dumps(out), encoding="utf-8")
    path.with_suffix(".tmp").replace(path)
    return out


class KindIndex:
    """All labels of one kind (occupation or skill), every language, every label type."""

    def __init__(
        self, kind: str, labels: Sequence[LabelLike], *, encoders: Mapping[str, Encoder],
        version: str, config: NormaliserConfig, cache: EmbeddingCache,
    ) -> None:
        order = {"preferred": 0, "alternative": 1, "hidden": 2}
        cleaned = cleaned_labels(kind, [lb.text for lb in labels], cache.directory.parent / "text")
        rows = sorted(
            {(lb.uri, order.get(lb.label_type, 3), lb.lang, lb.text, c)
             for lb, c in zip(labels, cleaned, strict=True)},
        )
        rows = [r for r in rows if r[4]]
        self.kind = kind
        self.uris = sorted({r[0] for r in rows})
        uri_pos = {u: i for i, u in enumerate(self.uris)}
        self.label_concept = np.array([uri_pos[r[0]] for r in rows], dtype=np.int64)
        self.label_lang = [r[2] for r in rows]
        self.label_type = [r[1] for r in rows]
        self.label_text = [r[3] for r in rows]
        self.texts = sorted({r[4] for r in rows})
        self._text_pos = {t: i for i, t in enumerate(self.texts)}
        self._exact: dict[int, list[int]] | None = None
        self._general: dict[str, list[int]] = {}
        self.label_clean = np.array([self._text_pos[r[4]] for r in rows], dtype=np.int64)
        self.starts = np.flatnonzero(np.r_[True, np.diff(self.label_concept) != 0])
        self.ends = np.r_[self.starts[1:], len(rows)]
        self._slot_order, self._slots = _slot_rows(self.starts, self.ends, self.label_clean)
        self.tfidf = TfidfIndex.cached(self.texts, ngram_range=config.tfidf_ngrams,
                                       directory=cache.directory.parent / "tfidf")
        self.fuzzy = FuzzyIndex(self.texts, scorer=config.fuzzy_scorer)
        self.fuzzy_in_fusion = config.fuzzy_in_fusion
        self.encoders = dict(encoders)
        self.embeddings = {
            name: cache.get(enc, f"{version}-{kind}", self.texts) for name, enc in encoders.items()
        }
        self._centroid_norms: dict[str, np.ndarray] = {}

    def exact(self, query: str) -> dict[int, int]:
        """Concepts with a label whose cleaned text equals ``query``: concept -> label row.

        The row is the concept's best such label (preferred before alternative before hidden).
        For occupations, a preferred or alternative label that is the query behind a word of
        :data:`GENERAL_WORDS` counts too: ESCO names the generic job so ("algemeen dierenarts"
        is the plain "dierenarts", "general marketing assistant" the plain "marketing
        assistant"), while "dierenarts" itself is an alternative label of two specialisms.
        """
        if self._exact is None:
            rows: dict[int, list[int]] = defaultdict(list)
            general: dict[str, list[int]] = defaultdict(list)
            for row, text in enumerate(self.label_clean.tolist()):
                rows[text].append(row)
                head, _, rest = self.texts[text].partition(" ")
                if (self.kind == "occupation" and head in GENERAL_WORDS and rest
                        and self.label_type[row] <= 1):
                    general[rest].append(row)
            self._exact, self._general = dict(rows), dict(general)
        pos = self._text_pos.get(query)
        found: dict[int, int] = {}
        for row in [*(self._exact.get(pos, ()) if pos is not None else ()),
                    *self._general.get(query, ())]:
            concept = int(self.label_concept[row])
            if concept not in found or self.label_type[row] < self.label_type[found[concept]]:
                found[concept] = row
        return found

    @property
    def sources(self) -> list[str]:
        """Names of the fused sources: ``tfidf``, ``fuzzy`` (when configured), one per encoder."""
        return ["tfidf", *(["fuzzy"] if self.fuzzy_in_fusion else []), *self.encoders]

    def label_rows(self, concept: int) -> range:
        """Label rows of one concept."""
        return range(int(self.starts[concept]), int(self.ends[concept]))

    def text_scores(self, source: str, queries: Sequence[str]) -> np.ndarray:
        """Scores of cleaned queries against every unique cleaned label text,
        ``(queries, texts)``."""
        if source == "fuzzy":
            return self.fuzzy.scores(queries)
        return np.ascontiguousarray(self.text_scores_t(source, queries).T)

    def text_scores_t(self, source: str, queries: Sequence[str]) -> np.ndarray:
        """:meth:`text_scores` transposed into a contiguous ``(texts, queries)`` block."""
        if source == "tfidf":
            return self.tfidf.scores_t(queries)
        if source == "fuzzy":
            return np.ascontiguousarray(self.fuzzy.scores(queries).T)
        vectors = self.encoders[source].encode_queries(list(queries))
        scores = dot_t(self.embeddings[source], vectors)
        return np.clip(scores, 0.0, 1.0, out=scores)

    def centroid_norms(self, source: str) -> np.ndarray:
        """Per concept, the length of the sum of its label rows' ``source`` embeddings.

        A query's cosine with a concept's label centroid is the sum of its label cosines
        over this length (see :func:`matching.fusion.candidate_features`); cached per source.
        """
        if source not in self._centroid_norms:
            import scipy.sparse as sp

            rows = len(self.label_clean)
            members = sp.csr_matrix(
                (np.ones(rows, dtype=np.float32), (self.label_concept, self.label_clean)),
                shape=(len(self.uris), len(self.texts)))
            sums = members @ np.asarray(self.embeddings[source], dtype=np.float32)
            self._centroid_norms[source] = np.linalg.norm(sums, axis=1).astype(np.float32)
        return self._centroid_norms[source]

    def centroid_norm_without(self, source: str, concept: int, rows: set[int]) -> float:
        """:meth:`centroid_norms` of one concept with some of its label rows left out."""
        keep = [r for r in self.label_rows(concept) if r not in rows]
        if not keep:
            return 1.0
        vectors = np.asarray(self.embeddings[source][self.label_clean[keep]], dtype=np.float32)
        return float(np.linalg.norm(vectors.sum(axis=0)))

    @functools.cached_property
    def text_concepts(self) -> tuple[np.ndarray, np.ndarray]:
        """``(ptr, concept)``: the concepts with label text ``t`` are
        ``concept[ptr[t]:ptr[t + 1]]`` (a text can be a label of several concepts)."""
        order = np.argsort(self.label_clean, kind="stable")
        ptr = np.searchsorted(self.label_clean[order], np.arange(len(self.texts) + 1))
        return ptr, self.label_concept[order]

    def concept_max(self, block_t: np.ndarray) -> np.ndarray:
        """Best-label score per concept from a ``(texts, queries)`` block: ``(queries, concepts)``.

        Concepts are visited longest first, one label slot at a time, so each step is one
        vectorised row gather and maximum (exactly the max over each concept's labels).
        """
        out = block_t[self._slots[0]]
        for rows in self._slots[1:]:
            head = out[: len(rows)]
            np.maximum(head, block_t[rows], out=head)
        result = np.empty_like(out)
        result[self._slot_order] = out
        return np.ascontiguousarray(result.T)

    def concept_scores(
        self, source: str, queries: Sequence[str], *, exclude: Exclusions = None
    ) -> np.ndarray:
        """Best-label score of each query for every concept, shape ``(queries, concepts)``."""
        labels = self.text_scores(source, queries)[:, self.label_clean]
        for i, rows in enumerate(exclude or ()):
            labels[i, list(rows)] = 0.0
        return np.maximum.reduceat(labels, self.starts, axis=1)


def _slot_rows(
    starts: np.ndarray, ends: np.ndarray, label_clean: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Concepts by label count (descending) and, per slot ``j``, the text row of the ``j``-th
    label of every concept that has more than ``j`` labels (a prefix of that order)."""
    lengths = ends - starts
    if len(lengths) == 0:
        return np.zeros(0, dtype=np.int64), [np.zeros(0, dtype=np.int64)]
    order = np.argsort(-lengths, kind="stable")
    ordered = lengths[order]
    counts = [int(np.count_nonzero(ordered > j)) for j in range(int(ordered[0]))]
    return order, [label_clean[starts[order[:n]] + j] for j, n in enumerate(counts)]


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest entries of a 1-D array, best first, ties by index."""
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


def label_ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``concatenate([arange(a, b) for a, b in zip(lo, hi)])``, vectorised (e.g. the label
    rows of concepts from their ``starts`` and ``ends``)."""
    lengths = (hi - lo).astype(np.int64)
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    return np.arange(int(lengths.sum())) - np.repeat(starts - lo, lengths)


def top_per_group(groups: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best scores of every group, grouped by group, best first (the
    earlier position on ties)."""
    order = np.lexsort((-scores, groups))
    grouped = groups[order]
    first = np.searchsorted(grouped, grouped)
    return order[np.arange(len(order)) - first < k]


@dataclass(frozen=True)
class HeldOut:
    """An ESCO-internal query: a label held out from the index, its concept as gold."""

    query: str
    gold: int
    exclude: tuple[int, ...]
    lang: str


SPLITS = ("fit", "eval", "train")


def label_split(uri: str, text: str) -> str:
    """Deterministic split of a non-preferred label by a hash of (URI, raw label text).

    ``fit`` (one in five) fits the fusion, ``eval`` (one in five) is the ESCO-internal
    evaluation, ``train`` (three in five) may be used to fine-tune an encoder.
    """
    return SPLITS[min(zlib.crc32(f"{uri}|{text}".encode()) % 5, 2)]


def held_out_queries(
    index: KindIndex, n: int, *, split: str, seed: int, lang: str | None = None
) -> list[HeldOut]:
    """Sample held-out alternative/hidden labels, deterministically split into fit and eval.

    Args:
        index: The label index.
        n: Sample size (fewer when not enough labels qualify).
        split: ``fit`` or ``eval`` (one label in five each, see :func:`label_split`).
        seed: Sample seed.
        lang: Only labels of this language.

    Returns:
        Queries whose every label row with the same cleaned text in the concept is excluded.
    """
    picked = []
    for row, concept in enumerate(index.label_concept):
        if index.label_type[row] == 0 or (lang and index.label_lang[row] != lang):
            continue
        in_split = label_split(index.uris[concept], index.label_text[row]) == split
        if in_split and len(index.label_rows(int(concept))) > 1:
            picked.append(row)
    rng = np.random.default_rng(seed)
    chosen = sorted(rng.choice(picked, size=min(n, len(picked)), replace=False).tolist())
    out = []
    for row in chosen:
        concept = int(index.label_concept[row])
        same = [r for r in index.label_rows(concept)
                if index.label_clean[r] == index.label_clean[row]]
        if len(same) < len(index.label_rows(concept)):
            query = index.texts[index.label_clean[row]]
            out.append(HeldOut(query, concept, tuple(same), index.label_lang[row]))
    return out
