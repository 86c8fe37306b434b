"""Free texts with real-world noise (typos, lower case, missing words), in Dutch or English."""

from __future__ import annotations

import random

from matching.geo import PLACES
from matching.graph import TaxonomyGraph
from matching.models import Location, Participant

JITTER_DEG = 0.012  # about 1 km


def random_location(rng: random.Random) -> Location:
    """A point near one of the Hart van Brabant places, weighted towards Tilburg."""
    weights = [6 if p[1] == "Tilburg" else 1 for p in PLACES]
    muni, _place, lat, lon, pc4 = rng.choices(PLACES, weights=weights)[0]
    return Location(round(lat + rng.uniform(-JITTER_DEG, JITTER_DEG), 5),
                    round(lon + rng.uniform(-JITTER_DEG, JITTER_DEG) * 1.6, 5), muni, pc4)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def noisy(text: str, rng: random.Random, rate: float) -> str:
    """``text`` with typos in about ``rate`` of the words, sometimes all lower case."""
    words = [_typo(w, rng) if rng.random() < rate else w for w in text.split()]
    out = " ".join(words)
    return out.lower() if rng.random() < 0.3 else out


def participant_text(person: Participant, graph: TaxonomyGraph, rng: random.Random) -> str:
    """The whole free text a participant might have given, in their input language."""
    lang = person.input_lang
    occ = lambda uri: graph.label(uri, kind="occupation", lang=lang)  # noqa: E731
    parts = []
    for amb in person.ambitions:
        parts.append(f"Ik wil graag werken als {occ(amb.uri)}" if lang == "nl"
                     else f"I would like to work as {occ(amb.uri)}")
    for exp in person.experience:
        years = int(exp.years)
        parts.append(f"{years} jaar gewerkt als {occ(exp.occupation.uri)}" if lang == "nl"
                     else f"worked {years} years as {occ(exp.occupation.uri)}")
    skills = ", ".join(s.phrase or s.label for s in person.skills)
    if skills:
        parts.append(("Ik kan: " if lang == "nl" else "I can: ") + skills)
    return noisy(". ".join(parts), rng, 0.05)


def opportunity_text(occ: str, graph: TaxonomyGraph, lang: str, rng: random.Random) -> str:
    """A short vacancy description naming some of the occupation's skills."""
    ess = graph.essential.get(occ, [])
    named = ", ".join(graph.label(s) for s in rng.sample(ess, min(4, len(ess))))
    title = graph.label(occ, kind="occupation", lang=lang)
    if lang == "nl":
        return noisy(f"Wij zoeken een {title}. Je taken: {named}.", rng, 0.02)
    return noisy(f"We are looking for a {title}. Your tasks: {named}.", rng, 0.02)
