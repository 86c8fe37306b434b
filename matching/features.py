"""Feature values of one (participant, opportunity) pair, with the evidence behind each.

Every feature is a number in [-1, 1] (most in [0, 1]); a scoring model turns them into named
contributions. The evidence (matched and missing skills, Dutch gap, distance) is kept so the
explanation can be built from exactly what was scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.geo import haversine_km
from matching.graph import Evidence, TaxonomyGraph
from matching.models import CEFR, Opportunity, OpportunityType, Participant

FEATURES: tuple[str, ...] = (
    "essential_skills", "optional_skills", "ambition", "experience",
    "dutch", "distance", "hours", "preferred_type",
)
# Human labels of each contribution: (English, Dutch).
FEATURE_LABELS: dict[str, tuple[str, str]] = {
    "essential_skills": ("Essential skills covered", "Vereiste vaardigheden aanwezig"),
    "optional_skills": ("Optional skills covered", "Gewenste vaardigheden aanwezig"),
    "ambition": ("Fits the career ambition", "Past bij de ambitie"),
    "experience": ("Relevant work experience", "Relevante werkervaring"),
    "dutch": ("Dutch level against the requirement", "Niveau Nederlands t.o.v. de eis"),
    "distance": ("Travel distance", "Reisafstand"),
    "hours": ("Hours available", "Beschikbare uren"),
    "preferred_type": ("Preferred kind of placement", "Gewenst soort plek"),
    "bias": ("Base rate of the learned model", "Basiswaarde van het geleerde model"),
}
# How many CEFR steps below the requirement are tolerated per placement type.
DUTCH_TOLERANCE = {
    OpportunityType.WORK: 0, OpportunityType.INTERNSHIP: 1, OpportunityType.VOLUNTEERING: 2,
}
MATCH_THRESHOLD = 0.3  # a requirement counts as covered from this evidence strength on


@dataclass(frozen=True, slots=True)
class PreparedParticipant:
    """A participant with the skill expansion done once, reused for every opportunity."""

    participant: Participant
    evidence: dict[str, Evidence]
    ambitions: tuple[str, ...]
    experience: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """Feature values plus the evidence they were computed from."""

    values: dict[str, float]
    covered: tuple[tuple[str, Evidence, bool], ...]  # (requirement, evidence, essential)
    missing_essential: tuple[str, ...]
    dutch_gap: int
    distance_km: float
    best_occupation: str


def prepare(participant: Participant, graph: TaxonomyGraph) -> PreparedParticipant:
    """Expand a participant's confirmed skills and experience once."""
    skills = [(r.uri, r.phrase or r.label) for r in participant.confirmed(participant.skills)]
    exp = [
        (e.occupation.uri, e.years, e.occupation.phrase or e.occupation.label)
        for e in participant.experience if e.occupation.confirmed
    ]
    return PreparedParticipant(
        participant, graph.expand_skills(skills, exp),
        tuple(sorted(r.uri for r in participant.confirmed(participant.ambitions))),
        tuple(sorted((uri, years) for uri, years, _ in exp)),
    )


def requirements(opportunity: Opportunity, graph: TaxonomyGraph) -> tuple[list[str], list[str]]:
    """Essential and optional skills: as listed, else from the occupations' ESCO profiles;
    skills found in the description are added as optional either way."""
    essential = [r.uri for r in opportunity.essential_skills]
    optional = [r.uri for r in opportunity.optional_skills]
    if not essential and not optional:
        for occ in opportunity.occupations:
            ess, opt = graph.requirements(occ.uri)
            essential += [s for s in ess if s not in essential]
            optional += [s for s in opt if s not in optional and s not in essential]
    found = [r.uri for r in opportunity.description_skills]
    optional += [s for s in dict.fromkeys(found) if s not in optional and s not in essential]
    return essential, optional


def dutch_feature(have: CEFR, need: CEFR, kind: OpportunityType) -> tuple[float, int]:
    """Dutch fit in [-1, 1] and the gap in CEFR steps (0 when the level is enough)."""
    gap = max(0, int(need) - int(have))
    tolerance = DUTCH_TOLERANCE[kind]
    if gap == 0:
        return 1.0, 0
    if gap <= tolerance:
        return round(1.0 - 0.3 * gap, 6), gap
    return max(-1.0, -0.5 * (gap - tolerance)), gap


def _coverage(
    reqs: list[str], evidence: dict[str, Evidence], essential: bool
) -> tuple[float, list[tuple[str, Evidence, bool]], list[str]]:
    covered, missing, total = [], [], 0.0
    for req in reqs:
        ev = evidence.get(req)
        if ev is not None and ev.strength >= MATCH_THRESHOLD:
            covered.append((req, ev, essential))
            total += ev.strength
        else:
            missing.append(req)
    return (total / len(reqs) if reqs else 0.0), covered, missing


def _occupation_fit(
    occs: list[str], sources: tuple[str, ...], graph: TaxonomyGraph
) -> tuple[float, str]:
    best, best_occ = 0.0, ""
    for occ in sorted(occs):
        for src in sources:
            sim = graph.occupation_similarity(src, occ)
            if sim > best:
                best, best_occ = sim, occ
    return best, best_occ


def pair_features(
    prepared: PreparedParticipant, opportunity: Opportunity, graph: TaxonomyGraph, *,
    reqs: tuple[list[str], list[str]] | None = None, distance_km: float | None = None,
) -> PairFeatures:
    """Compute every feature of one pair (no hard filtering here)."""
    p = prepared.participant
    essential, optional = reqs if reqs is not None else requirements(opportunity, graph)
    ess_cov, covered, missing = _coverage(essential, prepared.evidence, True)
    opt_cov, opt_covered, _ = _coverage(optional, prepared.evidence, False)
    occs = [o.uri for o in opportunity.occupations]
    ambition, best_occ = _occupation_fit(occs, prepared.ambitions, graph)
    experience = 0.0
    for uri, years in prepared.experience:
        fit, _ = _occupation_fit(occs, (uri,), graph)
        experience = max(experience, fit * min(1.0, 0.4 + 0.2 * years))
    dutch, gap = dutch_feature(p.dutch, opportunity.min_dutch, opportunity.type)
    if distance_km is None:
        loc, other = p.location, opportunity.location
        distance_km = haversine_km(loc.lat, loc.lon, other.lat, other.lon)
    hours = min(p.hours_per_week, opportunity.hours_max) / max(opportunity.hours_max, 1.0)
    pref = 0.5 if not p.preferred_types else float(opportunity.type in p.preferred_types)
    values = {
        "essential_skills": ess_cov, "optional_skills": opt_cov, "ambition": ambition,
        "experience": experience, "dutch": dutch,
        "distance": max(0.0, 1.0 - distance_km / p.max_distance_km),
        "hours": min(1.0, hours), "preferred_type": pref,
    }
    values = {k: round(float(v), 6) for k, v in values.items()}
    return PairFeatures(values, tuple(covered + opt_covered), tuple(missing), gap,
                        float(distance_km), best_occ or (occs[0] if occs else ""))
