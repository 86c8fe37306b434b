"""Fusion of the candidate sources: score features per (query, concept) and a fitted scorer.

Candidates are the union of each dense source's top concepts (TF-IDF and every encoder);
rapidfuzz, when ``fuzzy_in_fusion`` is set, re-scores only those. Each candidate gets, per
source, its score, its gap to the best candidate of the query and its reciprocal rank; per
encoder, the query's cosine with the concept's label centroid; and the concept's label count.
A linear scorer over these features, fitted to rank each query's right concept first and
then scaled into a probability that the concept is right (:func:`fit_ranker`), is fitted on
ESCO-internal held-out labels, never on a benchmark.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.index import Exclusions, HeldOut, KindIndex, label_ranges, top_k


@dataclass(frozen=True)
class Scored:
    """One ranked concept for one query, with the evidence behind its score."""

    concept: int
    score: float
    label_row: int
    lexical: float
    semantic: float


def feature_names(index: KindIndex) -> tuple[str, ...]:
    """Names of the fusion features, in column order."""
    per = [f"{s}_{f}" for s in index.sources for f in ("score", "gap", "rr")]
    return (*per, *(f"{e}_centroid" for e in index.encoders), "log_labels")


@dataclass
class Batch:
    """Text- and concept-level scores of a batch of queries for the dense sources.

    ``texts`` holds per source a ``(texts, queries)`` block (each label reads its cleaned
    text's row); ``concepts`` a ``(queries, concepts)`` block of best-label scores, in which
    the excluded label rows of each query score 0.
    """

    index: KindIndex
    texts: dict[str, np.ndarray]
    concepts: dict[str, np.ndarray]
    exclude: Exclusions = None

    @property
    def labels(self) -> dict[str, np.ndarray]:
        """Per source the ``(queries, labels)`` block (built on demand; for checks)."""
        out = {}
        for source, block in self.texts.items():
            labels = block[self.index.label_clean].T.copy()
            for i, rows in enumerate(self.exclude or ()):
                labels[i, list(rows)] = 0.0
            out[source] = labels
        return out


def score_batch(index: KindIndex, queries: Sequence[str], *, exclude: Exclusions) -> Batch:
    """Score a batch against all labels with TF-IDF and every encoder."""
    texts, concepts = {}, {}
    for source in index.sources:
        if source == "fuzzy":
            continue
        texts[source] = index.text_scores_t(source, queries)
        if exclude and any(exclude):
            block = texts[source][index.label_clean].T.copy()
            for i, rows in enumerate(exclude):
                block[i, list(rows)] = 0.0
            concepts[source] = np.maximum.reduceat(block, index.starts, axis=1)
        else:
            concepts[source] = index.concept_max(texts[source])
    return Batch(index, texts, concepts, exclude)


def candidate_rows(index: KindIndex, cands: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Label rows of the candidate concepts (concatenated) and where each concept starts."""
    lo, hi = index.starts[cands], index.ends[cands]
    return label_ranges(lo, hi), np.r_[0, np.cumsum(hi - lo)[:-1]]


def _fuzzy(
    index: KindIndex, query: str, rows: np.ndarray, bounds: np.ndarray, excluded: set[int]
) -> np.ndarray:
    scores = index.fuzzy.pair_scores(query, index.label_clean[rows])
    if excluded:
        scores[np.isin(rows, list(excluded))] = 0.0
    return np.maximum.reduceat(scores, bounds)


def _centroid(
    index: KindIndex, source: str, scores: np.ndarray, cands: np.ndarray, bounds: np.ndarray,
    held: np.ndarray | None, excluded: set[int],
) -> np.ndarray:
    """Cosine of the query with each candidate's label centroid: the sum of its label
    cosines (``scores``, one per candidate label row, clipped at 0 as scored) over the
    length of the sum of its label embeddings.

    A concept whose many labels all lie near the query is surer than one with a single close
    label (fused MRR / R@10: JobBERT .357 / .582 -> .367 / .601, MELO .644 / .796 -> .651 /
    .805). Held-out rows (``held``, when fitting) leave both the sum and the length.
    """
    lengths = index.centroid_norms(source)[cands].copy()
    if held is not None:
        for pos in np.unique(np.searchsorted(bounds, np.flatnonzero(held), side="right") - 1):
            lengths[pos] = index.centroid_norm_without(source, int(cands[pos]), excluded)
    return np.add.reduceat(scores, bounds) / np.maximum(lengths, 1e-6)


def _columns(values: np.ndarray) -> list[np.ndarray]:
    """Score, gap to the best and reciprocal rank; equal scores share the better rank, so
    three concepts with the label "tuinman" are not ordered by their place in the index."""
    order = np.argsort(-values, kind="stable")
    ranked = -values[order]
    rr = np.empty(len(values), dtype=np.float32)
    rr[order] = 1.0 / (1.0 + np.searchsorted(ranked, ranked, side="left"))
    return [values, values - values.max(), rr]


@dataclass(frozen=True)
class Candidates:
    """Candidate concepts of one query, their features and best-matching label rows."""

    concepts: np.ndarray
    features: np.ndarray
    best_rows: np.ndarray


def candidate_features(
    index: KindIndex, batch: Batch, i: int, query: str, *, k: int, excluded: set[int]
) -> Candidates:
    """Candidate concepts of query ``i`` of a batch (union of each dense source's top ``k``).

    Only the candidates' labels are touched per query: rapidfuzz re-scores them, and the
    best label of a concept is the one with the highest summed dense score.
    """
    cands = np.unique(np.concatenate([top_k(s[i], k) for s in batch.concepts.values()]))
    rows, bounds = candidate_rows(index, cands)
    text_rows = index.label_clean[rows]
    held = np.isin(rows, list(excluded)) if excluded else None
    row_scores = {source: block[text_rows, i] for source, block in batch.texts.items()}
    if held is not None:
        for scores in row_scores.values():
            scores[held] = 0.0
    cols: list[np.ndarray] = []
    for source in index.sources:
        if source == "fuzzy":
            values = _fuzzy(index, query, rows, bounds, excluded)
        else:
            values = batch.concepts[source][i, cands]
        cols.extend(_columns(values.astype(np.float32)))
    for source in index.encoders:
        cols.append(_centroid(index, source, row_scores[source], cands, bounds, held, excluded))
    cols.append(np.log1p(index.ends[cands] - index.starts[cands]).astype(np.float32))
    best = _best_rows(rows, bounds, row_scores.values())
    return Candidates(cands, np.stack(cols, axis=1), best)


def _best_rows(
    rows: np.ndarray, bounds: np.ndarray, row_scores: Iterable[np.ndarray]
) -> np.ndarray:
    """Per candidate concept, its first label row with the highest summed dense score."""
    dense = np.zeros(len(rows), dtype=np.float32)
    for scores in row_scores:
        dense += scores
    top = np.repeat(np.maximum.reduceat(dense, bounds), np.diff(np.r_[bounds, len(rows)]))
    first = np.where(dense == top, np.arange(len(rows)), len(rows))
    return rows[np.minimum.reduceat(first, bounds)]


@dataclass(frozen=True)
class FusionModel:
    """Standardised linear scorer over the fusion features, as probabilities.

    ``lead`` weighs how far a candidate's linear score lies under the best of its query and
    ``margin`` how far the best lies above the runner-up (a close second makes the first less
    sure), so :meth:`predict` takes the candidates of one query together.
    """

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    lead: float = 0.0
    margin: float = 0.0

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Probability that each candidate (the rows: one query's candidates) is right."""
        z = (features - np.asarray(self.mean)) / np.asarray(self.scale)
        linear = z @ np.asarray(self.coef)
        under, margin = _query_terms(linear)
        logits = linear + self.lead * under + self.margin * margin + self.intercept
        return (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)

    def save(self, path: Path) -> None:
        """Write the model as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.__dict__, indent=1))

    @classmethod
    def load(cls, path: Path) -> FusionModel:
        """Read a model written by :meth:`save`."""
        data = json.loads(path.read_text())
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})

    @classmethod
    def from_weights(cls, names: Sequence[str], weights: dict[str, float]) -> FusionModel:
        """A fixed linear scorer: ``weights`` by feature name, others 0."""
        n = len(names)
        coef = tuple(float(weights.get(name, 0.0)) for name in names)
        return cls(tuple(names), (0.0,) * n, (1.0,) * n, coef, -sum(coef) / 2)


def _query_terms(linear: np.ndarray) -> tuple[np.ndarray, float]:
    """How far each candidate lies under its query's best, and the best over the second."""
    if not len(linear):
        return linear, 0.0
    top = np.sort(linear)[-2:]
    return linear - top[-1], float(top[-1] - top[0])


#: How the fusion model is fitted; part of the cached model's key.
FIT_METHOD = "pairwise+platt3+tied-rr"


def fit_fusion(index: KindIndex, queries: Sequence[HeldOut], *, k: int, seed: int) -> FusionModel:
    """Fit the fusion model on held-out ESCO labels (queries with known gold concepts)."""
    xs, ys = [], []
    for start in range(0, len(queries), 128):
        chunk = queries[start : start + 128]
        batch = score_batch(index, [q.query for q in chunk], exclude=[q.exclude for q in chunk])
        for i, q in enumerate(chunk):
            found = candidate_features(index, batch, i, q.query, k=k, excluded=set(q.exclude))
            xs.append(found.features)
            ys.append(found.concepts == q.gold)
    return FusionModel(feature_names(index), *fit_ranker(xs, ys, seed=seed))


def fit_ranker(
    xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], *, seed: int
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...], float, float, float]:
    """Weights that rank each query's right candidates first, scaled into probabilities.

    ``xs[q]`` holds the feature rows of query ``q``'s candidates, ``ys[q]`` whether each is
    right. The direction comes from a logistic regression on pairs (right minus wrong
    candidate of the same query, both signs): it learns what puts the right concept above the
    others of its query, not what makes a row right across queries. A logistic regression of
    all rows on the score along that direction, its distance under the query's best and the
    best's margin over the second (Platt scaling) then makes the scores probabilities; the
    order within a query stays the ranker's. Measured against one logistic regression over
    all rows: fused MRR JobBERT (3,000-title sample) .378 -> .386, MELO .656 -> .663; Brier
    score of the top link .258 -> .236 (JobBERT), .213 -> .216 (MELO), .168 -> .148 (ESCO
    held-out labels). Returns ``(mean, scale, coef, intercept, lead, margin)`` of
    :class:`FusionModel`.
    """
    from sklearn.linear_model import LogisticRegression

    x, y = np.concatenate(xs), np.concatenate(ys)
    if y.all() or not y.any():
        raise ValueError("fitting the fusion needs both right and wrong candidates")
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    diffs = [(xq[yq][:1] - xq[~yq]) / scale for xq, yq in zip(xs, ys, strict=True)
             if yq.any() and (~yq).any()]
    if diffs:
        pairs = np.concatenate(diffs)
        ranker = LogisticRegression(C=1.0, fit_intercept=False, max_iter=3000,
                                    random_state=seed)
        ranker.fit(np.concatenate([pairs, -pairs]),
                   np.r_[np.ones(len(pairs)), np.zeros(len(pairs))])
        direction = ranker.coef_[0]
    else:
        direction = np.ones(x.shape[1])
    columns = []
    for xq in xs:
        score = ((xq - mean) / scale) @ direction
        under, margin = _query_terms(score)
        columns.append(np.stack([score, under, np.full(len(score), margin)], axis=1))
    platt = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    platt.fit(np.concatenate(columns), y)
    # FusionModel applies lead and margin to the scaled score (a * score): divide by a.
    a, lead, margin = platt.coef_[0]
    a = a if abs(a) > 1e-9 else 1e-9
    return (tuple(mean.tolist()), tuple(scale.tolist()), tuple((a * direction).tolist()),
            float(platt.intercept_[0]), float(lead / a), float(margin / a))
