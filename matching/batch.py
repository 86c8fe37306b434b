"""Batch rematch: score new opportunities against every participant, vectorised, in chunks.

:class:`ParticipantBlock` holds the precomputed vectors of many participants (skill evidence,
occupations, location, hours, Dutch level); build it once and keep it while they do not
change. :func:`rematch` scores a set of new opportunities against all of them, ``chunk``
participants at a time (memory stays bounded by ``chunk x opportunities``), with the same
hard filters and the same features and weights as :class:`matching.ranking.Ranker`, and
returns per participant the new opportunities that enter their top ``k``.
:func:`rematch_bruteforce` is the plain per-pair twin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from matching.candidates import TYPES, passes_filters
from matching.features import MATCH_THRESHOLD, pair_features, prepare
from matching.graph import TaxonomyGraph
from matching.learn import LinearModel, default_model
from matching.models import Opportunity, Participant
from matching.vectorised import OpportunityBlock, pair_scores
from matching.vectors import SkillSpace

Changes = dict[str, list[tuple[str, float]]]


@dataclass
class ParticipantBlock:
    """Precomputed vectors of many participants, rows in id order."""

    ids: list[str]
    evidence: sparse.csr_matrix  # participant x vocab, strengths >= MATCH_THRESHOLD
    vocab: dict[str, int]
    occupations: list[str]  # every ambition and past job occupation, sorted
    ambitions: list[tuple[str, ...]]
    experience: list[tuple[tuple[str, float], ...]]
    lat: np.ndarray
    lon: np.ndarray
    max_km: np.ndarray
    hours: np.ndarray
    dutch: np.ndarray
    preferred: np.ndarray  # participant x type, bool; all False = no preference

    @classmethod
    def build(cls, participants: Sequence[Participant], graph: TaxonomyGraph,
              *, extra_skills: Sequence[str] = ()) -> ParticipantBlock:
        """Vectorise ``participants`` once (skill expansion for all of them together)."""
        people = sorted(participants, key=lambda p: p.id)
        space = SkillSpace.of(graph)
        have = [[r.uri for r in p.confirmed(p.skills)] for p in people]
        jobs = [[(e.occupation.uri, e.years) for e in p.experience if e.occupation.confirmed]
                for p in people]
        implied = [[s for uri, _ in sorted(js) for s in graph.essential.get(uri, ())]
                   for js in jobs]
        extra = sorted(({u for h in have for u in h} | set(extra_skills)) - set(space.index))
        vocab = dict(space.index) | {u: len(space.index) + i for i, u in enumerate(extra)}
        step = 4096  # bounded memory: the (participant, skill) triples of one step at a time
        ev = sparse.vstack([space.evidence(have[i:i + step], implied[i:i + step], vocab)
                            for i in range(0, len(people), step)] or
                           [sparse.csr_matrix((0, len(vocab)))], format="csr")
        ev.data[ev.data < MATCH_THRESHOLD] = 0.0
        ev.eliminate_zeros()
        arr = lambda f: np.array([f(p) for p in people], dtype=float)  # noqa: E731
        ambitions = [tuple(sorted(r.uri for r in p.confirmed(p.ambitions))) for p in people]
        occupations = sorted({u for a in ambitions for u in a} | {u for j in jobs for u, _ in j})
        return cls(
            [p.id for p in people], ev, vocab, occupations, ambitions,
            [tuple(sorted(js)) for js in jobs],
            arr(lambda p: p.location.lat), arr(lambda p: p.location.lon),
            arr(lambda p: p.max_distance_km), arr(lambda p: p.hours_per_week),
            arr(lambda p: int(p.dutch)),
            np.array([[t in p.preferred_types for t in TYPES] for p in people], dtype=bool)
            .reshape(len(people), len(TYPES)),
        )

    def rows(self, start: int, stop: int) -> ParticipantBlock:
        """The participants ``start:stop`` as a block of their own (views, no copies)."""
        cut = slice(start, stop)
        return ParticipantBlock(
            self.ids[cut], self.evidence[cut], self.vocab, self.occupations, self.ambitions[cut],
            self.experience[cut], self.lat[cut], self.lon[cut], self.max_km[cut],
            self.hours[cut], self.dutch[cut], self.preferred[cut],
        )


def rematch(
    people: ParticipantBlock, opportunities: Sequence[Opportunity], graph: TaxonomyGraph, *,
    floors: Mapping[str, float] | None = None, k: int = 10, model: LinearModel | None = None,
    today: date | None = None, chunk: int = 1024,
) -> Changes:
    """New opportunities that enter each participant's top ``k``.

    Args:
        people: the participants (see :meth:`ParticipantBlock.build`).
        opportunities: the new or changed opportunities.
        graph: the taxonomy relations.
        floors: per participant id, the score of their current ``k``-th suggestion; an
            opportunity enters when it scores above it (everything enters when absent).
        k: how many new opportunities to keep per participant at most.
        model: scoring model (default weights when omitted).
        today: reference date for closing dates.
        chunk: participants scored together; memory grows with ``chunk x opportunities``.

    Returns:
        participant id -> [(opportunity id, score)], best first, ties by id; only
        participants with at least one entering opportunity.
    """
    model, day, floors = model or default_model(), today or date.today(), floors or {}
    block = OpportunityBlock.build(opportunities, graph, people.vocab, people.occupations)
    out: Changes = {}
    for start in range(0, len(people.ids), chunk):
        part = people.rows(start, start + chunk)
        scores = pair_scores(part, block, model=model, today=day)
        floor = np.array([floors.get(pid, -np.inf) for pid in part.ids])
        scores[scores <= floor[:, None]] = -np.inf
        out |= _top_per_row(part.ids, block.ids, scores, k)
    return out


def _top_per_row(row_ids: list[str], col_ids: list[str], scores: np.ndarray, k: int) -> Changes:
    out: Changes = {}
    hits = np.isfinite(scores)
    for r in np.flatnonzero(hits.any(axis=1)):
        cols = np.flatnonzero(hits[r])
        cols = cols[np.lexsort((cols, -scores[r, cols]))][:k]  # column order is id order
        out[row_ids[r]] = [(col_ids[c], float(scores[r, c])) for c in cols]
    return out


def rematch_bruteforce(
    participants: Sequence[Participant], opportunities: Sequence[Opportunity],
    graph: TaxonomyGraph, *, floors: Mapping[str, float] | None = None, k: int = 10,
    model: LinearModel | None = None, today: date | None = None,
) -> Changes:
    """Plain twin of :func:`rematch`: every pair filtered and scored one by one in Python."""
    model, day, floors = model or default_model(), today or date.today(), floors or {}
    out: Changes = {}
    for person in sorted(participants, key=lambda p: p.id):
        prep, floor, found = prepare(person, graph), floors.get(person.id, -np.inf), []
        for opp in opportunities:
            if passes_filters(person, opp, types=TYPES, max_km=person.max_distance_km, today=day):
                values = pair_features(prep, opp, graph).values
                score = round(sum(c.value for c in model.contributions(values)), 6)
                if score > floor:
                    found.append((-score, opp.id))
        if found:
            out[person.id] = [(oid, -s) for s, oid in sorted(found)[:k]]
    return out
