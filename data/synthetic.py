"""Seeded synthetic placement benchmark from ESCO, with known graded relevance.

Relevance of an opportunity for a participant, from the participant's true target occupation:
3 same occupation, 2 same ISCO unit group, 1 shares at least two essential skills with what
the participant truly can, 0 unrelated. What the ranker sees is a noisy, partial view: the
normalised links drop true skills, land on a close neighbour of a true skill, add wrong
ones and sometimes miss the ambition, more so
for Dutch input (ESCO has no Dutch skill labels). Texts are in Dutch or English with typos.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from data.text import noisy, opportunity_text, participant_text, random_location
from matching.graph import TaxonomyGraph
from matching.models import (
    CEFR,
    ConceptRef,
    Experience,
    LanguageLevel,
    Opportunity,
    OpportunityType,
    Participant,
)


@dataclass(frozen=True)
class LinkNoise:
    """How the simulated normalisation errs, per input language (assumptions, not measured)."""

    keep_skill: dict[str, float] = field(default_factory=lambda: {"en": 0.75, "nl": 0.6})
    wrong_skill: dict[str, float] = field(default_factory=lambda: {"en": 0.1, "nl": 0.2})
    ambition_right: dict[str, float] = field(default_factory=lambda: {"en": 0.8, "nl": 0.7})
    ambition_sibling: dict[str, float] = field(default_factory=lambda: {"en": 0.12, "nl": 0.15})
    near_miss: dict[str, float] = field(default_factory=lambda: {"en": 0.3, "nl": 0.4})


@dataclass(frozen=True)
class Benchmark:
    """Participants, opportunities, graded relevance (only grades > 0) and whole texts."""

    participants: list[Participant]
    opportunities: list[Opportunity]
    relevance: dict[str, dict[str, int]]
    texts: dict[str, str]
    targets: dict[str, str]


def _eligible(graph: TaxonomyGraph) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for occ in sorted(graph.essential):
        if len(graph.essential[occ]) >= 4 and len(graph.isco.get(occ, "")) == 4:
            groups[graph.isco[occ]].append(occ)
    return {code: occs for code, occs in sorted(groups.items()) if len(occs) >= 2}


def _pool(graph: TaxonomyGraph, rng: random.Random, n_groups: int) -> list[str]:
    groups = _eligible(graph)
    chosen = rng.sample(sorted(groups), min(n_groups, len(groups)))
    return sorted(o for code in chosen for o in rng.sample(groups[code], min(4, len(groups[code]))))


def _opportunity(i: int, occ: str, graph: TaxonomyGraph, rng: random.Random) -> Opportunity:
    lang = rng.choice(["nl", "nl", "en"])
    kind = rng.choices(list(OpportunityType), weights=[0.5, 0.25, 0.25])[0]
    title = noisy(graph.label(occ, kind="occupation", lang=lang), rng, 0.03)
    essential: tuple[ConceptRef, ...] = ()
    if rng.random() < 0.2:  # some employers list a few skills themselves
        ess = graph.essential[occ]
        essential = tuple(ConceptRef(s, graph.label(s)) for s in sorted(
            rng.sample(ess, max(2, int(0.6 * len(ess))))))
    hours_max = rng.choice([16, 24, 32, 36, 40])
    return Opportunity(
        f"opp{i:06d}", f"emp{rng.randrange(max(2, i // 4 + 1)):05d}", kind, title,
        random_location(rng), description=opportunity_text(occ, graph, lang, rng),
        occupations=(ConceptRef(occ, graph.label(occ, kind="occupation"), title, 1.0),),
        essential_skills=essential, min_dutch=CEFR(rng.choice([1, 2, 3])),
        hours_min=rng.choice([0, 8, 12]), hours_max=hours_max, places=rng.choice([1, 1, 2, 3]),
        lang=lang,
    )


def _observed_ambition(target: str, lang: str, pool: list[str], graph: TaxonomyGraph,
                       rng: random.Random, noise: LinkNoise) -> str:
    roll = rng.random()
    if roll < noise.ambition_right[lang]:
        return target
    if roll < noise.ambition_right[lang] + noise.ambition_sibling[lang]:
        siblings = [o for o in pool if o != target and graph.isco[o] == graph.isco[target]]
        return rng.choice(siblings) if siblings else target
    return rng.choice(pool)


def _near(skill: str, graph: TaxonomyGraph, rng: random.Random, rate: float) -> str:
    """Sometimes the link lands on a close neighbour of the true skill instead of the skill."""
    if rng.random() >= rate:
        return skill
    close = sorted(u for u, ev in graph.expand_skills([(skill, "")]).items()
                   if u != skill and ev.strength >= 0.4 and u in graph._skill_index)
    return rng.choice(close) if close else skill


def _participant(i: int, target: str, pool: list[str], graph: TaxonomyGraph,
                 rng: random.Random, noise: LinkNoise, nl_share: float) -> tuple[Participant, set]:
    lang = "nl" if rng.random() < nl_share else "en"
    ess = graph.essential[target]
    true_skills = set(rng.sample(ess, max(2, int(len(ess) * rng.uniform(0.5, 0.8)))))
    all_skills = sorted({s for o in pool for s in graph.essential[o]})
    seen = [_near(s, graph, rng, noise.near_miss[lang]) for s in sorted(true_skills)
            if rng.random() < noise.keep_skill[lang]]
    wrong = noise.wrong_skill[lang]
    seen += [rng.choice(all_skills) for _ in sorted(true_skills) if rng.random() < wrong]
    ambition = _observed_ambition(target, lang, pool, graph, rng, noise)
    exp = ()
    if rng.random() < 0.5:
        same = [o for o in pool if graph.isco[o] == graph.isco[target]]
        past = rng.choice(same + [rng.choice(pool)])
        true_skills |= set(graph.essential[past][:3])
        exp = (Experience(ConceptRef(past, graph.label(past, kind="occupation")),
                          rng.randint(1, 8)),)
    skills = tuple(ConceptRef(s, graph.label(s), noisy(graph.label(s), rng, 0.05))
                   for s in sorted(set(seen)))
    person = Participant(
        f"par{i:06d}", f"coach{i % 7}", random_location(rng), skills=skills, experience=exp,
        ambitions=(ConceptRef(ambition, graph.label(ambition, kind="occupation")),),
        languages=(LanguageLevel("nl", CEFR.B2),), hours_per_week=40, max_distance_km=60,
        earliest_start=date(2025, 1, 1), input_lang=lang,
    )
    return person, true_skills


def generate(graph: TaxonomyGraph, *, n_participants: int = 200, n_opportunities: int = 800,
             seed: int = 0, nl_share: float = 0.5, noise: LinkNoise | None = None) -> Benchmark:
    """Generate a reproducible benchmark of any size from the taxonomy in ``graph``."""
    rng, noise = random.Random(seed), noise or LinkNoise()
    pool = _pool(graph, rng, max(4, n_opportunities // 25))
    opps = [_opportunity(i, rng.choice(pool), graph, rng) for i in range(n_opportunities)]
    people, relevance, texts, targets = [], {}, {}, {}
    for i in range(n_participants):
        target = rng.choice(pool)
        person, truth = _participant(i, target, pool, graph, rng, noise, nl_share)
        people.append(person)
        targets[person.id] = target
        texts[person.id] = participant_text(person, graph, rng)
        relevance[person.id] = {o.id: g for o in opps if (g := grade(target, truth, o, graph))}
    texts |= {o.id: f"{o.title}. {o.description}" for o in opps}
    return Benchmark(people, opps, relevance, texts, targets)


def grade(target: str, truth: set[str], opportunity: Opportunity, graph: TaxonomyGraph) -> int:
    """Graded relevance: 3 same occupation, 2 same ISCO group, 1 two shared skills, else 0."""
    occ = opportunity.occupations[0].uri
    if occ == target:
        return 3
    if graph.isco.get(occ) == graph.isco.get(target):
        return 2
    return 1 if len(truth & set(graph.essential.get(occ, ()))) >= 2 else 0
