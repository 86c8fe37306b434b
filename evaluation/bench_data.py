"""Seeded benchmark populations at national scale, sampled from the real ESCO graph.

:func:`data.synthetic.generate` also writes noisy texts and graded relevance for every pair,
which is what the quality evaluation needs but is quadratic in size. The performance benchmark
only needs realistic profiles, so this module samples them directly: targets among ESCO
occupations that have ISCO codes and essential skills, a partial and noisy skill set, an
ambition, sometimes a past job, and places spread over the Netherlands (a national service).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from matching.graph import TaxonomyGraph
from matching.models import (
    CEFR,
    ConceptRef,
    Experience,
    LanguageLevel,
    Location,
    Opportunity,
    OpportunityType,
    Participant,
)

NL_LAT, NL_LON = (50.8, 53.4), (3.5, 7.1)  # bounding box of the Netherlands
TODAY = date(2025, 3, 1)


def occupations(graph: TaxonomyGraph) -> list[str]:
    """Occupations with a 4-digit ISCO code and at least three essential skills."""
    return sorted(o for o, ess in graph.essential.items()
                  if len(ess) >= 3 and len(graph.isco.get(o, "")) == 4)


def _place(rng: random.Random) -> Location:
    return Location(round(rng.uniform(*NL_LAT), 5), round(rng.uniform(*NL_LON), 5))


def opportunities(graph: TaxonomyGraph, n: int, *, seed: int = 0) -> list[Opportunity]:
    """``n`` open and closed opportunities; 20 % list their own essential skills."""
    rng, pool = random.Random(seed), occupations(graph)
    out = []
    for i in range(n):
        occ = rng.choice(pool)
        ess = graph.essential[occ]
        own = tuple(ConceptRef(s) for s in sorted(rng.sample(ess, max(2, len(ess) // 2)))) \
            if rng.random() < 0.2 else ()
        out.append(Opportunity(
            f"opp{seed:02d}-{i:07d}", f"emp{rng.randrange(n // 5 + 1):06d}",
            rng.choices(list(OpportunityType), weights=[0.5, 0.25, 0.25])[0],
            graph.label(occ, kind="occupation", lang="nl"), _place(rng),
            occupations=(ConceptRef(occ),), essential_skills=own,
            min_dutch=CEFR(rng.choice([1, 2, 3])), hours_min=rng.choice([0, 8, 12]),
            hours_max=rng.choice([16, 24, 32, 36, 40]), places=rng.choice([0, 1, 1, 2]),
            closing_date=TODAY + timedelta(days=rng.randint(-30, 120)),
        ))
    return out


def participants(graph: TaxonomyGraph, n: int, *, seed: int = 0) -> list[Participant]:
    """``n`` participants with partial, sometimes wrong, skill links and one ambition."""
    rng, pool = random.Random(seed + 1000), occupations(graph)
    every_skill = sorted({s for o in pool for s in graph.essential[o]})
    out = []
    for i in range(n):
        target = rng.choice(pool)
        ess = graph.essential[target]
        skills = set(rng.sample(ess, max(2, int(len(ess) * rng.uniform(0.3, 0.7)))))
        skills |= {rng.choice(every_skill) for _ in range(rng.randint(0, 2))}
        ambition = target if rng.random() < 0.8 else rng.choice(pool)
        past = (Experience(ConceptRef(rng.choice(pool)), rng.randint(1, 8)),) \
            if rng.random() < 0.5 else ()
        out.append(Participant(
            f"par{seed:02d}-{i:07d}", f"coach{i % 500:03d}", _place(rng),
            skills=tuple(ConceptRef(s) for s in sorted(skills)), experience=past,
            ambitions=(ConceptRef(ambition),),
            languages=(LanguageLevel("nl", CEFR(rng.randint(0, 4))),),
            hours_per_week=rng.choice([16, 24, 32, 40]),
            max_distance_km=rng.choice([10, 15, 25, 40]),
            preferred_types=frozenset(rng.sample(list(OpportunityType), rng.randint(0, 2))),
        ))
    return out
