"""Fast scoring of candidate phrases against every ESCO skill label, in one batch per encoder.

Used by :class:`matching.extract.SkillExtractor`. For a block of candidate texts (the
phrases and sentences of one or more texts, already cleaned), :meth:`PhraseScorer.score`

1. encodes the distinct candidates in ONE batch per encoder and shortlists, for each, the
   label texts nearest under the primary encoder (:class:`matching.label_probe.LabelProbe`:
   exact, or over a pruned, projected matrix); exact label n-grams are added. Other encoders
   (MiniLM) encode the sentences on a worker thread meanwhile, each on one core;
2. pools the shortlisted concepts per group (sentence) and, for every (candidate, concept)
   pair of a group, takes the best-label score of every signal: each encoder's cosine and
   character n-gram TF-IDF (the normaliser's vectoriser), one small product per group over
   the pooled concepts' labels only; exact / contained label look-up.

No Python loop runs over labels or concepts; loops run over groups and candidates only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.index import label_ranges
from matching.label_probe import LabelProbe


def _one_torch_thread() -> None:
    """Torch's thread count is per thread (OpenMP): the worker's encoder takes one core and
    leaves the other to the primary encoder (two threads each fought over both cores)."""
    try:
        import torch
    except ImportError:  # encoders without torch
        return
    torch.set_num_threads(1)


_workers: dict[int, ThreadPoolExecutor] = {}
_workers_lock = threading.Lock()


def _worker() -> ThreadPoolExecutor:
    """The process's one thread for the encoders other than the primary one (see
    :meth:`PhraseScorer.score`); a forked child, which has no such thread, gets its own."""
    with _workers_lock:
        pid = os.getpid()
        if pid not in _workers:
            _workers.clear()
            _workers[pid] = ThreadPoolExecutor(1, thread_name_prefix="second-encoder",
                                               initializer=_one_torch_thread)
        return _workers[pid]


SIGNALS = ("exact", "contains", "tfidf")
PROBES = ("labels", "pruned")


@dataclass(frozen=True)
class PairScores:
    """Signals of (candidate, concept) pairs; every array has one entry per pair.

    Attributes:
        cand: Candidate index (into the texts given to :meth:`PhraseScorer.score`).
        concept: Concept index (into ``index.uris``).
        signals: Signal name -> score in [0, 1] (``exact``, ``contains``, ``tfidf``, encoders).
        best_text: Label text index of the primary encoder's best label of the concept.
        vectors: The primary encoder's vector of every candidate (one row per candidate).
    """

    cand: np.ndarray
    concept: np.ndarray
    signals: dict[str, np.ndarray]
    best_text: np.ndarray
    vectors: np.ndarray | None = None


class PhraseScorer:
    """Scores candidate phrases against a skill :class:`matching.index.KindIndex`."""

    def __init__(self, index: object, *, encoders: Mapping[str, object],
                 embeddings: Mapping[str, np.ndarray], shortlist: int = 15,
                 max_ngram: int = 6, probe: str = "pruned", probe_dims: int = 128,
                 probe_prune: float = 0.9, probe_bf16: bool = False,
                 other_shortlist: int = 0) -> None:
        """Prepare the look-up tables.

        Args:
            index: The normaliser's skill index (``uris``, ``texts``, ``label_*``, ``starts``,
                ``ends``, ``tfidf``).
            encoders: Encoder name -> encoder; the first one is primary (shortlists).
            embeddings: Encoder name -> label-text embedding matrix (rows = ``index.texts``).
            shortlist: Label texts kept per candidate from the primary encoder.
            max_ngram: Longest n-gram looked up as an exact label.
            probe: How the shortlist is searched: ``labels`` (every label text, exact) or
                ``pruned`` (:class:`matching.label_probe.LabelProbe` with ``probe_dims``
                and ``probe_prune``; ``2 * shortlist`` candidates re-scored exactly).
            probe_dims: Projected dimensions of the ``pruned`` probe.
            probe_prune: Near-duplicate cosine of the ``pruned`` probe.
            probe_bf16: Search the ``pruned`` probe's projected matrix in bfloat16
                (:class:`matching.label_probe.LabelProbe`).
            other_shortlist: Label texts also shortlisted per sentence (a group's first
                candidate) by each other encoder (0: the primary encoder alone shortlists).
        """
        self.index, self.shortlist, self.max_ngram = index, shortlist, max_ngram
        self.other_shortlist = other_shortlist
        self.encoders, self.embeddings = dict(encoders), dict(embeddings)
        self.primary = next(iter(self.encoders))
        self.exact = _exact_weights(index)
        matrix = self.embeddings[self.primary]
        exact = probe == "labels"
        self.probe = LabelProbe(
            matrix, [index.label_clean[s:e] for s, e in zip(index.starts, index.ends, strict=True)],
            dims=matrix.shape[1] if exact else probe_dims, prune=2.0 if exact else probe_prune,
            bf16=probe_bf16 and not exact)
        self._exact = exact
        # other encoders shortlist too, over the label texts they embed (e.g. preferred only)
        self._others = {}
        for name in list(self.encoders)[1:]:
            rows = np.flatnonzero(np.abs(self.embeddings[name]).sum(axis=1) > 0)
            sub = self.embeddings[name][rows]  # every row searched, candidates re-scored exactly
            self._others[name] = (rows, LabelProbe(sub, [[i] for i in range(len(rows))],
                                                   dims=sub.shape[1], prune=2.0,
                                                   bf16=probe_bf16 and not exact))

    def score(self, cands: Sequence[str], groups: Sequence[Sequence[int]], *,
              use: Sequence[str] | None = None, shortlist: int | None = None,
              lexical: bool = True) -> PairScores:
        """Signals for every candidate of a group against every concept shortlisted in it.

        Args:
            cands: Cleaned candidate texts.
            groups: Candidate indices per group (a sentence and its phrases, the sentence
                first: encoders other than the primary one embed only that, see
                :meth:`_vectors`).
            use: Encoders to use (default: all); the primary one is always used.
            shortlist: Overrides the constructor's ``shortlist``.
            lexical: Compute TF-IDF (else 0; exact and contained labels still join the pools).

        Returns:
            The pairs and their signals.
        """
        names = [n for n in self.encoders if n == self.primary or use is None or n in use]
        distinct = list(dict.fromkeys(cands))
        where = {c: i for i, c in enumerate(distinct)}
        of = np.array([where[c] for c in cands], dtype=np.int64)
        heads = sorted({int(of[m[0]]) for m in groups if len(m)})
        # the other encoders (sentences only) run on a worker thread while the primary one
        # encodes and shortlists here
        pending = {n: _worker().submit(self._vectors, n, distinct, heads)
                   for n in names if n != self.primary}
        vecs = {self.primary: self._vectors(self.primary, distinct, heads)}
        lex = self.index.tfidf.vectorizer.transform(distinct).tocsr() if lexical else None
        hits = [self._ngram_hits(c) for c in distinct]
        near = self._shortlist(vecs[self.primary], shortlist or self.shortlist)
        vecs.update({n: f.result() for n, f in pending.items()})
        for name in names:
            if name in self._others and self.other_shortlist:
                extra = self._other_shortlist(name, vecs[name][heads], self.other_shortlist)
                for i, found in zip(heads, extra, strict=True):
                    near[i] = np.union1d(near[i], found)
        parts = [self._group(np.asarray(m, np.int64), of, near, hits, vecs, lex)
                 for m in groups if len(m)]
        parts = [p for p in parts if p is not None]
        if not parts:
            empty = np.zeros(0, np.float32)
            return PairScores(np.zeros(0, np.int64), np.zeros(0, np.int64),
                              {n: empty for n in [*names, *SIGNALS]}, np.zeros(0, np.int64),
                              vecs[self.primary][of])
        cand, concept, best_text = (np.concatenate([p[i] for p in parts]) for i in range(3))
        signals = {n: np.concatenate([p[3][n] for p in parts]) for n in [*names, "tfidf"]}
        n = len(self.index.uris)
        signals["exact"] = _lookup(cand * n + concept, [
            (i * n + k, w) for i, c in enumerate(cands) for k, w in self.exact.get(c, {}).items()])
        signals["contains"] = _lookup(cand * n + concept, [
            (i * n + k, w) for i, u in enumerate(of) for k, w in hits[u].items()])
        for name in signals:
            signals[name] = np.clip(signals[name], 0.0, 1.0)
        return PairScores(cand, concept, signals, best_text, vecs[self.primary][of])

    def _vectors(self, name: str, distinct: list[str], heads: list[int]) -> np.ndarray:
        """Vectors of the distinct candidates: all of them for the primary encoder; for the
        others only the groups' first candidates (their whole sentences), zero elsewhere.

        A second encoder (MiniLM) read only the sentences: HOUSE RP@5 / MRR / R@10 .580 /
        .546 / .697 -> .613 / .537 / .716, TECH .695 / .623 / .785 -> .699 / .631 / .819, and a
        303-word vacancy in 133-137 ms instead of 250 (weights refitted on the synthetic
        sentences, held-out RP@5 .624 -> .621). Since stop 14 they are encoded beside the
        primary encoder, on a worker thread: 84-95 ms.
        """
        if name == self.primary:
            return self.encoders[name].encode_queries(distinct)
        out = np.zeros((len(distinct), self.embeddings[name].shape[1]), np.float32)
        if heads:
            out[heads] = self.encoders[name].encode_queries([distinct[i] for i in heads])
        return out

    def _shortlist(self, vecs: np.ndarray, k: int | None = None) -> list[np.ndarray]:
        """Concepts of the ``k`` (default ``shortlist``) label texts nearest each query vector."""
        k = k or self.shortlist
        query, text, _ = self.probe.top(vecs, k, candidates=k if self._exact else 2 * k)
        return self._concepts_per_query(query, text, len(vecs))

    def _concepts_per_query(self, query: np.ndarray, text: np.ndarray,
                            n: int) -> list[np.ndarray]:
        """For ``n`` queries, the concepts of the label texts paired with each (``query`` and
        ``text`` are parallel arrays, grouped by query)."""
        ptr, owner = self.index.text_concepts
        lo, hi = ptr[text], ptr[text + 1]
        concepts = owner[label_ranges(lo, hi)]
        ends = np.cumsum(np.bincount(query, weights=hi - lo, minlength=n)).astype(int)
        return np.split(concepts, ends[:-1])

    def _other_shortlist(self, name: str, vecs: np.ndarray, k: int) -> list[np.ndarray]:
        """Concepts of the ``k`` label texts nearest each query under a non-primary encoder."""
        rows, probe = self._others[name]
        if not len(rows) or not len(vecs):
            return [np.zeros(0, np.int64) for _ in range(len(vecs))]
        k = min(k, len(rows))
        query, text, _ = probe.top(vecs, k, candidates=2 * k)
        return self._concepts_per_query(query, rows[text], len(vecs))

    def _ngram_hits(self, cand: str) -> dict[int, float]:
        toks, out = cand.split(), {}
        for n in range(1, min(self.max_ngram, len(toks)) + 1):
            for i in range(len(toks) - n + 1):
                for concept, w in self.exact.get(" ".join(toks[i : i + n]), {}).items():
                    out[concept] = max(out.get(concept, 0.0), w)
        return out

    def _group(self, members: np.ndarray, of: np.ndarray, near: list[np.ndarray],
               hits: list[dict[int, float]], vecs: Mapping[str, np.ndarray], lex: Any
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]] | None:
        """Pairs of one group (member-major) with their encoder and TF-IDF signals."""
        texts = of[members]
        found = [near[t] for t in texts] + [np.fromiter(hits[t], np.int64) for t in texts]
        pool = np.unique(np.concatenate(found)).astype(np.int64)
        if not len(pool):
            return None
        lo, hi = np.asarray(self.index.starts)[pool], np.asarray(self.index.ends)[pool]
        rows = np.asarray(self.index.label_clean)[label_ranges(lo, hi)]
        seg = np.r_[0, np.cumsum(hi - lo)[:-1]].astype(np.int64)
        signals = {}
        for name in vecs:
            block = vecs[name][texts] @ self.embeddings[name][rows].T
            signals[name] = np.maximum.reduceat(block, seg, axis=1).ravel()
            if name == self.primary:
                best = rows[_first_max(block, seg)].ravel()
        if lex is None:
            signals["tfidf"] = np.zeros(len(members) * len(pool), np.float32)
        else:  # sparse label rows x dense candidates: no sparse-sparse product, no transpose
            block = (self.index.tfidf.matrix[rows] @ lex[texts].toarray().T).T
            signals["tfidf"] = np.maximum.reduceat(block, seg, axis=1).ravel().astype(np.float32)
        cand = np.repeat(members, len(pool))
        return cand, np.tile(pool, len(members)), best, signals


def _first_max(block: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Column of the maximum of every row inside each segment (first one on ties)."""
    width = block.shape[1]
    top = np.repeat(np.maximum.reduceat(block, seg, axis=1), np.diff(np.r_[seg, width]), axis=1)
    cols = np.where(block >= top, np.arange(width), width)
    return np.minimum.reduceat(cols, seg, axis=1)


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


def _exact_weights(index: object) -> dict[str, dict[int, float]]:
    """Cleaned preferred (1.0) and alternative (0.8) label text -> {concept: weight}."""
    out: dict[str, dict[int, float]] = {}
    for row, concept in enumerate(index.label_concept):
        weight = {0: 1.0, 1: 0.8}.get(index.label_type[row])
        if weight:
            slot = out.setdefault(index.texts[index.label_clean[row]], {})
            slot[int(concept)] = max(slot.get(int(concept), 0.0), weight)
    return out
