"""Ranked, explained suggestions of opportunities for a participant.

Pipeline: hard filters (type asked for, closed, too far, hours impossible) and the vectorised
candidate search (:mod:`matching.candidates`), then the exact score of each candidate as a
sum of named contributions from the scoring model, then ties broken by opportunity id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from matching.candidates import OpportunityIndex, participant_vector, passes_filters
from matching.explain import explain
from matching.features import (
    FEATURES,
    PairFeatures,
    PreparedParticipant,
    pair_features,
    prepare,
    requirements,
)
from matching.graph import TaxonomyGraph
from matching.learn import LinearModel, default_model
from matching.models import (
    Opportunity,
    OpportunityType,
    Participant,
    Suggestion,
    parse_enum,
)

DEFAULT_CANDIDATES = 200
_Scored = tuple[float, Opportunity, PreparedParticipant, PairFeatures]


def model_total(model: LinearModel, values: dict[str, float]) -> float:
    """``round(sum(c.value for c in model.contributions(values)), 6)`` without building them.

    Only the suggestions returned get their :class:`Contribution` objects; the candidates
    that do not make the list are scored with this (same arithmetic, same order).
    """
    parts = [round(float(model.weights.get(n, 0.0)) * float(values.get(n, 0.0)), 6)
             for n in FEATURES]
    if model.kind == "learned":
        parts.append(round(model.bias, 6))
    return round(sum(parts), 6)


class Ranker:
    """Suggests opportunities from a fixed set; rebuild it (cheap) when the set changes.

    Args:
        graph: the taxonomy relations.
        opportunities: every opportunity that may be suggested (open or not).
        model: scoring model; the default weights when omitted.
        candidates: how many opportunities the fast search passes on to exact scoring.
    """

    def __init__(
        self, graph: TaxonomyGraph, opportunities: Iterable[Opportunity], *,
        model: LinearModel | None = None, candidates: int = DEFAULT_CANDIDATES,
    ) -> None:
        self.graph = graph
        self.model = model or default_model()
        self.candidates = candidates
        self.index = OpportunityIndex.build(opportunities, graph)
        self.by_id = {o.id: o for o in self.index.opportunities}
        self._reqs = {o.id: requirements(o, graph) for o in self.index.opportunities}

    def with_model(self, model: LinearModel) -> Ranker:
        """The same ranker scoring with another model (the index is shared)."""
        other = object.__new__(Ranker)
        other.__dict__.update(self.__dict__, model=model)
        return other

    def score(
        self, participant: Participant | PreparedParticipant, opportunity: Opportunity, *,
        distance_km: float | None = None, rank: int = 0,
    ) -> Suggestion:
        """Score and explain one pair, without hard filters."""
        prep = participant if isinstance(participant, PreparedParticipant) else prepare(
            participant, self.graph)
        return self._explained(self._scored(prep, opportunity, distance_km), rank)

    def _scored(
        self, prep: PreparedParticipant, opportunity: Opportunity, distance_km: float | None
    ) -> _Scored:
        reqs = self._reqs.get(opportunity.id) if opportunity.id in self.by_id else None
        feats = pair_features(prep, opportunity, self.graph, reqs=reqs, distance_km=distance_km)
        return (model_total(self.model, feats.values), opportunity, prep, feats)

    def _explained(self, scored: _Scored, rank: int) -> Suggestion:
        total, opp, prep, feats = scored
        contribs = self.model.contributions(feats.values)
        return Suggestion(
            prep.participant.id, opp.id, rank, total, contribs,
            explain(contribs, feats, self.graph, required_dutch=opp.min_dutch),
            self.model.version, self.graph.version, round(feats.distance_km, 3),
        )

    def suggest(
        self, participant: Participant, *, limit: int = 10,
        types: Sequence[OpportunityType | str] | None = None, max_km: float | None = None,
        today: date | None = None,
    ) -> list[Suggestion]:
        """The ``limit`` best opportunities for ``participant``, best first, ties by id.

        Args:
            participant: who to match.
            limit: how many suggestions to return.
            types: placement types asked for (all when omitted).
            max_km: distance limit; the participant's own limit applies when smaller.
            today: reference date for closing dates (today when omitted).
        """
        kinds, reach, day = self._options(participant, types, max_km, today)
        prep = prepare(participant, self.graph)
        mask, dist = self.index.mask(participant, types=kinds, max_km=reach, today=day)
        picked = self.index.top_k(participant_vector(prep, self.graph), mask,
                                  max(self.candidates, limit))
        scored = [self._scored(prep, self.index.opportunities[i], float(dist[i])) for i in picked]
        return self._ranked(scored, limit)

    def suggest_bruteforce(
        self, participant: Participant, *, limit: int = 10,
        types: Sequence[OpportunityType | str] | None = None, max_km: float | None = None,
        today: date | None = None,
    ) -> list[Suggestion]:
        """Plain twin of :meth:`suggest`: filter and score every opportunity one by one."""
        kinds, reach, day = self._options(participant, types, max_km, today)
        prep = prepare(participant, self.graph)
        scored = [self._scored(prep, o, None) for o in self.index.opportunities
                  if passes_filters(participant, o, types=kinds, max_km=reach, today=day)]
        return self._ranked(scored, limit)

    @staticmethod
    def _options(
        participant: Participant, types: Sequence[OpportunityType | str] | None,
        max_km: float | None, today: date | None,
    ) -> tuple[list[OpportunityType], float, date]:
        kinds = ([parse_enum(OpportunityType, t, "opportunity type") for t in types]
                 if types else list(OpportunityType))
        reach = participant.max_distance_km if max_km is None else min(max_km,
                                                                      participant.max_distance_km)
        return kinds, reach, today or date.today()

    def _ranked(self, scored: list[_Scored], limit: int) -> list[Suggestion]:
        best = sorted(scored, key=lambda s: (-s[0], s[1].id))[:limit]
        return [self._explained(s, i + 1) for i, s in enumerate(best)]
