"""Fast candidate generation: prefilters and a sparse concept-vector product with top-k.

Each opportunity is a sparse vector over concept tokens (its occupations and their ISCO
groups, its required skills); a participant is the same kind of vector over their ambitions,
past jobs and expanded skills. Hard filters run as numpy masks, one sparse matrix-vector
product scores every opportunity, ``argpartition`` keeps the top k, ties broken by id.
:func:`candidates_bruteforce` is the plain per-pair twin used to check it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from matching.features import PreparedParticipant, requirements
from matching.geo import haversine_km, haversine_many
from matching.graph import TaxonomyGraph
from matching.models import Opportunity, OpportunityType, Participant

OCCUPATION_PART, SKILL_PART = 0.6, 0.4
ISCO_WEIGHTS = {4: 0.6, 3: 0.35, 2: 0.15}
TYPES = tuple(OpportunityType)
NO_CLOSING = date.max.toordinal()
KM_PER_DEGREE_LAT = 111.19  # a little under 2 pi R / 360, so the latitude band is never short


def _normalised(bag: dict[str, float], scale: float) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in bag.values()))
    return {k: scale * v / norm for k, v in bag.items()} if norm else {}


def _occupation_bag(occs: Iterable[tuple[str, float]], graph: TaxonomyGraph) -> dict[str, float]:
    bag: dict[str, float] = {}
    for uri, weight in occs:
        code = graph.isco.get(uri, "")
        items = [(f"o:{uri}", 1.0)] + [(f"i{d}:{code[:d]}", w) for d, w in ISCO_WEIGHTS.items()
                                       if len(code) >= d]
        for token, w in items:
            bag[token] = max(bag.get(token, 0.0), w * weight)
    return bag


def opportunity_vector(opportunity: Opportunity, graph: TaxonomyGraph) -> dict[str, float]:
    """Concept-token weights of an opportunity (each part L2-normalised, then weighted)."""
    occ = _normalised(_occupation_bag(((o.uri, 1.0) for o in opportunity.occupations), graph),
                      OCCUPATION_PART)
    essential, optional = requirements(opportunity, graph)
    skills = {f"s:{s}": 0.5 for s in optional} | {f"s:{s}": 1.0 for s in essential}
    return occ | _normalised(skills, SKILL_PART)


def participant_vector(prepared: PreparedParticipant, graph: TaxonomyGraph) -> dict[str, float]:
    """Concept-token weights of a participant: ambitions, past jobs, expanded skills."""
    occs = [(uri, 1.0) for uri in prepared.ambitions] + [(u, 0.7) for u, _ in prepared.experience]
    occ = _normalised(_occupation_bag(occs, graph), OCCUPATION_PART)
    skills = {f"s:{uri}": ev.strength for uri, ev in prepared.evidence.items()}
    return occ | _normalised(skills, SKILL_PART)


def passes_filters(
    participant: Participant, opportunity: Opportunity, *, types: Sequence[OpportunityType],
    max_km: float, today: date,
) -> bool:
    """The hard filters, one pair at a time: type asked for, open, distance, hours possible."""
    p, o = participant.location, opportunity.location
    return (opportunity.type in types and opportunity.is_open(today)
            and haversine_km(p.lat, p.lon, o.lat, o.lon) <= max_km
            and opportunity.hours_min <= participant.hours_per_week)


@dataclass
class OpportunityIndex:
    """Precomputed arrays over a fixed list of opportunities (sorted by id)."""

    opportunities: list[Opportunity]
    matrix: sparse.csr_matrix
    vocab: dict[str, int]
    lat: np.ndarray
    lon: np.ndarray
    kind: np.ndarray
    closing: np.ndarray
    places: np.ndarray
    hours_min: np.ndarray
    by_lat: np.ndarray  # row numbers sorted by latitude, for the distance prefilter
    lat_sorted: np.ndarray  # lat[by_lat]

    @classmethod
    def build(cls, opportunities: Iterable[Opportunity], graph: TaxonomyGraph) -> OpportunityIndex:
        """Vectorise every opportunity once."""
        opps = sorted(opportunities, key=lambda o: o.id)
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for i, opp in enumerate(opps):
            for token, w in opportunity_vector(opp, graph).items():
                rows.append(i)
                cols.append(vocab.setdefault(token, len(vocab)))
                vals.append(w)
        mat = sparse.csr_matrix((vals, (rows, cols)), shape=(len(opps), max(len(vocab), 1)))
        arr = lambda f, t: np.array([f(o) for o in opps], dtype=t)  # noqa: E731
        lat = arr(lambda o: o.location.lat, float)
        return cls(
            opps, mat, vocab, lat,
            arr(lambda o: o.location.lon, float), arr(lambda o: TYPES.index(o.type), np.int8),
            arr(lambda o: o.closing_date.toordinal() if o.closing_date else NO_CLOSING, np.int64),
            arr(lambda o: o.places, np.int64), arr(lambda o: o.hours_min, float),
            order := np.argsort(lat, kind="stable"), lat[order],
        )

    def mask(self, participant: Participant, *, types: Sequence[OpportunityType], max_km: float,
             today: date) -> tuple[np.ndarray, np.ndarray]:
        """Boolean mask of the opportunities passing the hard filters, and their distances.

        Only opportunities within ``max_km`` of latitude (a band found by binary search) get
        a great-circle distance; the others are farther for sure and get ``inf``.
        """
        loc = participant.location
        band = max_km / KM_PER_DEGREE_LAT
        lo = np.searchsorted(self.lat_sorted, loc.lat - band, side="left")
        rows = self.by_lat[lo:np.searchsorted(self.lat_sorted, loc.lat + band, side="right")]
        dist = np.full(len(self.lat), np.inf)
        dist[rows] = haversine_many(loc.lat, loc.lon, self.lat[rows], self.lon[rows])
        ok = np.zeros(len(self.lat), dtype=bool)
        near = rows[dist[rows] <= max_km]
        ok[near] = np.isin(self.kind[near], [TYPES.index(t) for t in types])
        ok[near] &= (self.closing[near] >= today.toordinal()) & (self.places[near] > 0)
        ok[near] &= self.hours_min[near] <= participant.hours_per_week
        return ok, dist

    def top_k(self, vector: dict[str, float], mask: np.ndarray, k: int) -> np.ndarray:
        """Indices of the k best masked opportunities by vector score, ties by id."""
        q = np.zeros(self.matrix.shape[1])
        for token, w in vector.items():
            j = self.vocab.get(token)
            if j is not None:
                q[j] = w
        idx = np.flatnonzero(mask)
        scores = np.round(self.matrix[idx] @ q, 9)  # only the rows that passed the filters
        if len(idx) > k:
            kth = np.partition(scores, len(idx) - k)[len(idx) - k]
            keep = scores >= kth
            idx, scores = idx[keep], scores[keep]
        order = np.lexsort((idx, -scores))  # index order is id order
        return idx[order][:k]


def candidates_bruteforce(
    opportunities: Iterable[Opportunity], prepared: PreparedParticipant, graph: TaxonomyGraph, *,
    k: int, types: Sequence[OpportunityType], max_km: float, today: date,
) -> list[str]:
    """The plain twin of the index: filter and score each pair in Python, sort, keep k ids."""
    query = participant_vector(prepared, graph)
    scored = []
    for opp in opportunities:
        if passes_filters(prepared.participant, opp, types=types, max_km=max_km, today=today):
            vec = opportunity_vector(opp, graph)
            score = round(sum(w * query.get(t, 0.0) for t, w in vec.items()), 9)
            scored.append((-score, opp.id))
    return [oid for _, oid in sorted(scored)[:k]]
