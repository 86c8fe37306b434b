"""The ranker's features and score for a block of (participants x opportunities) at once.

Same hard filters as :func:`matching.candidates.passes_filters`, same features as
:func:`matching.features.pair_features` and the same rounding as a
:class:`matching.learn.LinearModel`, computed with numpy over whole arrays. Used by
:mod:`matching.batch`; checked against the per-pair code by tests/matching/test_fast_paths.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from matching.candidates import NO_CLOSING, TYPES
from matching.features import FEATURES, dutch_feature, requirements
from matching.geo import EARTH_RADIUS_KM
from matching.graph import TaxonomyGraph
from matching.learn import LinearModel
from matching.models import CEFR, Opportunity
from matching.vectors import occupation_similarity

if TYPE_CHECKING:
    from matching.batch import ParticipantBlock

DUTCH = np.array([[[dutch_feature(CEFR(h), CEFR(n), t)[0] for t in TYPES] for n in CEFR]
                  for h in CEFR])  # (participant level, required level, type)


def _requirement_matrix(lists: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    cols = [(j, vocab[u]) for j, reqs in enumerate(lists) for u in reqs if u in vocab]
    o, s = (np.array(x, dtype=np.int64) for x in zip(*cols, strict=True)) if cols else ([], [])
    return sparse.csr_matrix((np.ones(len(o)), (s, o)), shape=(len(vocab), len(lists)))


@dataclass
class OpportunityBlock:
    """Arrays over a fixed list of opportunities (sorted by id), against a participant block."""

    ids: list[str]
    essential: sparse.csr_matrix  # vocab x opportunity, requirement counts
    optional: sparse.csr_matrix
    n_essential: np.ndarray
    n_optional: np.ndarray
    fit: np.ndarray  # (participant occupations + 1 zero row) x opportunity, best similarity
    lat: np.ndarray
    lon: np.ndarray
    kind: np.ndarray
    closing: np.ndarray
    places: np.ndarray
    hours_min: np.ndarray
    hours_max: np.ndarray
    min_dutch: np.ndarray

    @classmethod
    def build(cls, opportunities: Sequence[Opportunity], graph: TaxonomyGraph,
              vocab: dict[str, int], occupations: Sequence[str]) -> OpportunityBlock:
        """Vectorise ``opportunities`` for participants over ``vocab`` and ``occupations``."""
        opps = sorted(opportunities, key=lambda o: o.id)
        reqs = [requirements(o, graph) for o in opps]
        occs = sorted({r.uri for o in opps for r in o.occupations})
        sim = occupation_similarity(graph, occupations, occs)
        fit = np.zeros((len(occupations) + 1, len(opps)))
        pos = {u: i for i, u in enumerate(occs)}
        for j, o in enumerate(opps):
            cols = [pos[r.uri] for r in o.occupations]
            if cols:
                fit[:-1, j] = np.maximum(sim[:, cols].max(axis=1), 0.0)
        arr = lambda f, t=float: np.array([f(o) for o in opps], dtype=t)  # noqa: E731
        return cls(
            [o.id for o in opps], _requirement_matrix([e for e, _ in reqs], vocab),
            _requirement_matrix([p for _, p in reqs], vocab),
            np.array([len(e) for e, _ in reqs], dtype=float),
            np.array([len(p) for _, p in reqs], dtype=float), fit,
            arr(lambda o: o.location.lat), arr(lambda o: o.location.lon),
            arr(lambda o: TYPES.index(o.type), np.int64),
            arr(lambda o: o.closing_date.toordinal() if o.closing_date else NO_CLOSING, np.int64),
            arr(lambda o: o.places, np.int64), arr(lambda o: o.hours_min),
            arr(lambda o: o.hours_max), arr(lambda o: int(o.min_dutch), np.int64),
        )


def distances(lat: np.ndarray, lon: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Haversine km between every point of (lat, lon) (rows) and of (lat2, lon2) (columns)."""
    p1, p2 = np.radians(lat)[:, None], np.radians(lat2)[None, :]
    dl = np.radians(lon2)[None, :] - np.radians(lon)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _best_fit(fit: np.ndarray, groups: list[list[tuple[int, float]]]) -> np.ndarray:
    """Per participant, max over its (occupation row, factor) pairs of ``fit[row] * factor``."""
    zero = fit.shape[0] - 1
    rows = [r for g in groups for r, _ in (g or [(zero, 0.0)])]
    factor = np.array([f for g in groups for _, f in (g or [(zero, 0.0)])])
    starts = np.cumsum([0] + [max(len(g), 1) for g in groups[:-1]])
    return np.maximum.reduceat(fit[rows] * factor[:, None], starts, axis=0)


def _coverage(evidence: sparse.csr_matrix, reqs: sparse.csr_matrix, n: np.ndarray) -> np.ndarray:
    total = (evidence @ reqs).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, total / n, 0.0)


def feature_arrays(people: ParticipantBlock, block: OpportunityBlock) -> dict[str, np.ndarray]:
    """Every feature of every (participant, opportunity) pair, before rounding; plus ``km``."""
    occ = {u: i for i, u in enumerate(people.occupations)}
    km = distances(people.lat, people.lon, block.lat, block.lon)
    hours = np.minimum(people.hours[:, None], block.hours_max) / np.maximum(block.hours_max, 1.0)
    pref = people.preferred[:, block.kind]
    return {
        "essential_skills": _coverage(people.evidence, block.essential, block.n_essential),
        "optional_skills": _coverage(people.evidence, block.optional, block.n_optional),
        "ambition": _best_fit(block.fit, [[(occ[a], 1.0) for a in amb]
                                          for amb in people.ambitions]),
        "experience": _best_fit(block.fit, [[(occ[u], min(1.0, 0.4 + 0.2 * y)) for u, y in e]
                                            for e in people.experience]),
        "dutch": DUTCH[people.dutch.astype(np.int64)[:, None], block.min_dutch, block.kind],
        "distance": np.maximum(0.0, 1.0 - km / people.max_km[:, None]),
        "hours": np.minimum(1.0, hours),
        "preferred_type": np.where(people.preferred.any(axis=1)[:, None], pref, 0.5),
        "km": km,
    }


def _product_error(a: np.ndarray, b: float) -> np.ndarray:
    """Exact rounding error of ``a * b`` (Dekker's two-product with Veltkamp splitting)."""
    def split(v):  # noqa: ANN001, ANN202
        c = 134217729.0 * v
        hi = c - (c - v)
        return hi, v - hi

    (ah, al), (bh, bl) = split(a), split(np.float64(b))
    return al * bl - (((a * b - ah * bh) - al * bh) - ah * bl)


def round6(values: np.ndarray) -> np.ndarray:
    """``round(v, 6)`` of every value exactly as Python rounds it (``np.round`` differs at halves).

    Python rounds the exact binary value; ``np.round`` rounds ``v * 1e6`` after that product
    was itself rounded. Near a half the exact product error decides, then half to even.
    """
    scaled = values * 1e6
    out = np.rint(scaled)
    near = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near.any():
        y = scaled[near]
        low = np.floor(y)
        d = (y - (low + 0.5)) + _product_error(values[near], 1e6)
        out[near] = low + ((d > 0) | ((d == 0) & (low % 2 == 1)))
    return out / 1e6


def pair_scores(people: ParticipantBlock, block: OpportunityBlock, *, model: LinearModel,
                today: date) -> np.ndarray:
    """Score of every pair as the ranker computes it; ``-inf`` where a hard filter fails."""
    feats = feature_arrays(people, block)
    total = np.zeros_like(feats["km"])
    for name in FEATURES:
        w = float(model.weights.get(name, 0.0))
        total += round6(w * round6(feats[name]))
    if model.kind == "learned":
        total += round(model.bias, 6)
    ok = (block.closing >= today.toordinal()) & (block.places > 0)
    ok = ok[None, :] & (feats["km"] <= people.max_km[:, None])
    ok &= block.hours_min[None, :] <= people.hours[:, None]
    return np.where(ok, round6(total), -np.inf)
