"""Fast scoring of candidate phrases against every ESCO skill label, in one batch per encoder.

Used by :class:`matching.extract.SkillExtractor`. For a block of candidate texts (the
phrases and sentences of one or more texts, already cleaned), :meth:`PhraseScorer.score`

1. encodes all candidates in ONE batch with the primary encoder and scores them against the
   cached label embedding matrix with one matrix product; ``argpartition`` keeps each
   candidate's ``shortlist`` best label texts, and exact label n-grams are added;
2. pools the shortlisted concepts per group (sentence) and, for every (candidate, concept)
   pair of a group, gathers the best-label score of every signal: each encoder's cosine
   (further encoders score only the shortlisted label texts), character n-gram TF-IDF
   (the normaliser's vectoriser, one sparse product) and exact / contained label look-up.

No Python loop runs over labels; loops run over groups and candidates only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SIGNALS = ("exact", "contains", "tfidf")


@dataclass(frozen=True)
class PairScores:
    """Signals of (candidate, concept) pairs; every array has one entry per pair.

    Attributes:
        cand: Candidate index (into the texts given to :meth:`PhraseScorer.score`).
        concept: Concept index (into ``index.uris``).
        signals: Signal name -> score in [0, 1] (``exact``, ``contains``, ``tfidf``, encoders).
        best_text: Label text index of the primary encoder's best label of the concept.
    """

    cand: np.ndarray
    concept: np.ndarray
    signals: dict[str, np.ndarray]
    best_text: np.ndarray


class PhraseScorer:
    """Scores candidate phrases against a skill :class:`matching.index.KindIndex`."""

    def __init__(self, index: object, *, encoders: Mapping[str, object],
                 embeddings: Mapping[str, np.ndarray], shortlist: int = 30,
                 max_ngram: int = 6, probe: str = "labels") -> None:
        """Prepare the look-up tables.

        Args:
            index: The normaliser's skill index (``uris``, ``texts``, ``label_*``, ``starts``,
                ``ends``, ``tfidf``).
            encoders: Encoder name -> encoder; the first one is primary (shortlists).
            embeddings: Encoder name -> label-text embedding matrix (rows = ``index.texts``).
            shortlist: Label texts kept per candidate from the primary encoder.
            max_ngram: Longest n-gram looked up as an exact label.
            probe: What the shortlist matrix product runs over: ``labels`` (every label text,
                exact) or ``concepts`` (each skill's preferred label and the mean of all its
                labels: 2 rows per skill instead of ~7, so several times faster).
        """
        self.index, self.shortlist, self.max_ngram = index, shortlist, max_ngram
        self.encoders, self.embeddings = dict(encoders), dict(embeddings)
        self.primary = next(iter(self.encoders))
        order = np.argsort(index.label_clean, kind="stable")
        self._tc_concept = np.asarray(index.label_concept)[order]
        self._tc_ptr = np.searchsorted(np.asarray(index.label_clean)[order],
                                       np.arange(len(index.texts) + 1))
        self.exact = _exact_weights(index)
        self.probe = probe
        if probe == "concepts":
            self._probe, self._probe_concept = _concept_probe(index, self.embeddings[self.primary])

    def score(self, cands: Sequence[str], groups: Sequence[Sequence[int]], *,
              use: Sequence[str] | None = None) -> PairScores:
        """Signals for every candidate of a group against every concept shortlisted in it.

        Args:
            cands: Cleaned candidate texts.
            groups: Candidate indices per group (a sentence and its phrases).
            use: Encoders to use (default: all); the primary one is always used.

        Returns:
            The pairs and their signals.
        """
        names = [n for n in self.encoders if n == self.primary or use is None or n in use]
        vecs = {n: self.encoders[n].encode_queries(list(cands)) for n in names}
        hits = [self._ngram_hits(c) for c in cands]
        cand, concept = self._pairs(self._shortlist(vecs[self.primary]), hits, groups)
        rows, seg = self._label_rows(concept)
        texts = np.asarray(self.index.label_clean)[rows]
        row_cand = cand[np.repeat(np.arange(len(cand)), np.diff(np.r_[seg, len(rows)]))]
        uniq, inv = np.unique(texts, return_inverse=True)
        signals: dict[str, np.ndarray] = {}
        for name in names:
            values = (vecs[name] @ self.embeddings[name][uniq].T)[row_cand, inv]
            signals[name] = _segment_max(values, seg)
            if name == self.primary:
                best_text = texts[_segment_argmax(values, seg)]
        lex = self.index.tfidf.vectorizer.transform(list(cands))
        block = np.asarray((lex @ self.index.tfidf.matrix[uniq].T).todense(), dtype=np.float32)
        signals["tfidf"] = _segment_max(block[row_cand, inv], seg)
        n = len(self.index.uris)
        signals["exact"] = _lookup(cand * n + concept, [
            (i * n + k, w) for i, c in enumerate(cands) for k, w in self.exact.get(c, {}).items()])
        signals["contains"] = _lookup(cand * n + concept, [
            (i * n + k, w) for i, found in enumerate(hits) for k, w in found.items()])
        for name in signals:
            signals[name] = np.clip(signals[name], 0.0, 1.0)
        return PairScores(cand, concept, signals, best_text)

    def _shortlist(self, vecs: np.ndarray) -> list[np.ndarray]:
        """Concepts shortlisted for each candidate by the primary encoder."""
        matrix = self._probe if self.probe == "concepts" else self.embeddings[self.primary]
        sims = vecs @ matrix.T
        k = min(self.shortlist, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        if self.probe == "concepts":
            return list(self._probe_concept[top])
        return [np.concatenate([self._tc_concept[self._tc_ptr[t] : self._tc_ptr[t + 1]]
                                for t in row]) for row in top]

    def _ngram_hits(self, cand: str) -> dict[int, float]:
        toks, out = cand.split(), {}
        for n in range(1, min(self.max_ngram, len(toks)) + 1):
            for i in range(len(toks) - n + 1):
                for concept, w in self.exact.get(" ".join(toks[i : i + n]), {}).items():
                    out[concept] = max(out.get(concept, 0.0), w)
        return out

    def _pairs(self, top: list[np.ndarray], hits: list[dict[int, float]],
               groups: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        cand_out, concept_out = [], []
        for members in groups:
            members = list(members)
            found = [top[m] for m in members]
            found += [np.fromiter(hits[m], dtype=np.int64) for m in members if hits[m]]
            concepts = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
            cand_out.append(np.repeat(np.asarray(members, dtype=np.int64), len(concepts)))
            concept_out.append(np.tile(concepts, len(members)))
        if not cand_out:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(cand_out), np.concatenate(concept_out).astype(np.int64)

    def _label_rows(self, concept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All label rows of each pair's concept, and the start of each pair's segment."""
        starts = np.asarray(self.index.starts)[concept]
        lengths = np.asarray(self.index.ends)[concept] - starts
        seg = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
        rows = np.arange(int(lengths.sum())) - np.repeat(seg - starts, lengths)
        return rows.astype(np.int64), seg


def _lookup(keys: np.ndarray, table: list[tuple[int, float]]) -> np.ndarray:
    """Weight of each key in a small ``(key, weight)`` table, 0 where absent."""
    out = np.zeros(len(keys), np.float32)
    if not table:
        return out
    known = np.array([k for k, _ in table], dtype=np.int64)
    weights = np.array([w for _, w in table], dtype=np.float32)
    order = np.argsort(known)
    known, weights = known[order], weights[order]
    pos = np.minimum(np.searchsorted(known, keys), len(known) - 1)
    hit = known[pos] == keys
    out[hit] = weights[pos[hit]]
    return out


def _segment_max(values: np.ndarray, seg: np.ndarray) -> np.ndarray:
    if len(seg) == 0:
        return np.zeros(0, np.float32)
    return np.maximum.reduceat(values, seg).astype(np.float32)


def _segment_argmax(values: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Row of the maximum inside each segment (first one on ties)."""
    if len(seg) == 0:
        return np.zeros(0, np.int64)
    best = np.repeat(np.maximum.reduceat(values, seg), np.diff(np.r_[seg, len(values)]))
    hit = np.flatnonzero(values >= best)
    return hit[np.searchsorted(hit, seg)]


def _concept_probe(index: object, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per concept its first (preferred) label's row and its normalised label mean."""
    starts = np.asarray(index.starts)
    labels = matrix[np.asarray(index.label_clean)]
    mean = np.add.reduceat(labels, starts, axis=0)
    mean /= np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
    probe = np.concatenate([labels[starts], mean]).astype(np.float32)
    n = len(starts)
    return probe, np.r_[np.arange(n), np.arange(n)]


def _exact_weights(index: object) -> dict[str, dict[int, float]]:
    """Cleaned preferred (1.0) and alternative (0.8) label text -> {concept: weight}."""
    out: dict[str, dict[int, float]] = {}
    for row, concept in enumerate(index.label_concept):
        weight = {0: 1.0, 1: 0.8}.get(index.label_type[row])
        if weight:
            slot = out.setdefault(index.texts[index.label_clean[row]], {})
            slot[int(concept)] = max(slot.get(int(concept), 0.0), weight)
    return out
