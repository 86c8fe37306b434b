"""Generate the demo sample set: participants and opportunities in Hart van Brabant.

Run ``python -m data.sample --db esco.db`` to rewrite ``data/sample/*.jsonl``. The output
depends only on the taxonomy and the seed. Each record already carries its normalised
concept URIs (with the phrase written and the link score), so the demo loads fast.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

from data.text import noisy, opportunity_text, participant_text, random_location
from matching.codec import to_dict
from matching.graph import TaxonomyGraph
from matching.models import (
    CEFR,
    ConceptRef,
    Experience,
    LanguageLevel,
    Mobility,
    Opportunity,
    OpportunityType,
    Participant,
    Phase,
)

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
MAJOR_GROUPS = ("4", "5", "7", "8", "9")  # clerical, service, craft, operators, elementary
START = date(2025, 9, 1)
OTHER_LANGS = ("en", "ar", "ti", "uk", "fa", "so", "tr", "fr")


def occupations(graph: TaxonomyGraph, rng: random.Random, n: int = 60) -> list[str]:
    """Entry-level-ish occupations with a usable skill profile."""
    eligible = sorted(o for o, ess in graph.essential.items()
                      if graph.isco.get(o, "x")[:1] in MAJOR_GROUPS and 3 <= len(ess) <= 25)
    return sorted(rng.sample(eligible, min(n, len(eligible))))


def _ref(uri: str, graph: TaxonomyGraph, rng: random.Random, kind: str, lang: str) -> ConceptRef:
    label = graph.label(uri, kind=kind, lang=lang)
    return ConceptRef(uri, graph.label(uri, kind=kind), noisy(label, rng, 0.06),
                      round(rng.uniform(0.55, 0.98), 3), rng.random() > 0.05)


def opportunity(i: int, occ: str, graph: TaxonomyGraph, rng: random.Random) -> Opportunity:
    """One demo opportunity for ``occ``."""
    lang = "nl" if rng.random() < 0.8 else "en"
    kind = rng.choices(list(OpportunityType), weights=[0.45, 0.3, 0.25])[0]
    hours_max = rng.choice([8, 16, 24, 32, 38]) if kind != OpportunityType.WORK else \
        rng.choice([24, 32, 36, 38, 40])
    return Opportunity(
        f"opp-{i:04d}", f"emp-{rng.randrange(120):03d}", kind,
        graph.label(occ, kind="occupation", lang=lang), random_location(rng),
        description=opportunity_text(occ, graph, lang, rng),
        occupations=(ConceptRef(occ, graph.label(occ, kind="occupation")),),
        min_dutch=CEFR(rng.choice([0, 1, 2, 2, 3, 3, 4]) if kind == OpportunityType.WORK
                       else rng.choice([0, 1, 1, 2, 2, 3])),
        hours_min=min(hours_max, rng.choice([0, 4, 8, 16])), hours_max=hours_max,
        start_date=START + timedelta(days=rng.randrange(0, 120)),
        places=rng.choice([0, 1, 1, 1, 2, 3]),
        closing_date=START + timedelta(days=rng.randrange(-30, 300)), lang=lang,
    )


def participant(i: int, pool: list[str], graph: TaxonomyGraph, rng: random.Random) -> Participant:
    """One demo participant with noisy, partly confirmed links."""
    lang = "nl" if rng.random() < 0.55 else "en"
    target, past = rng.choice(pool), rng.choice(pool)
    ess = graph.essential[target] + graph.essential[past][:3]
    skills = tuple(_ref(s, graph, rng, "skill", "en") for s in sorted(set(
        rng.sample(ess, min(len(ess), rng.randint(2, 7))))))
    languages = [LanguageLevel("nl", CEFR(rng.choice([0, 1, 1, 2, 2, 3, 4])))]
    languages += [LanguageLevel(rng.choice(OTHER_LANGS), CEFR(rng.choice([3, 4, 5, 6])))]
    person = Participant(
        f"par-{i:04d}", f"coach-{i % 8 + 1}", random_location(rng), skills=skills,
        experience=(Experience(_ref(past, graph, rng, "occupation", lang), rng.randint(1, 12)),),
        ambitions=(_ref(target, graph, rng, "occupation", lang),), languages=tuple(languages),
        hours_per_week=rng.choice([8, 16, 20, 24, 32, 36, 40]),
        max_distance_km=rng.choice([5, 8, 10, 15, 20, 25]),
        mobility=frozenset(rng.sample(list(Mobility), rng.randint(1, 2))),
        preferred_types=frozenset(rng.sample(list(OpportunityType), rng.randint(1, 2))),
        phase=rng.choice([Phase.INTAKE, Phase.ORIENTATION]),
        earliest_start=START + timedelta(days=rng.randrange(0, 90)), input_lang=lang,
    )
    text = participant_text(person, graph, rng)
    return _with_texts(person, text)


def _with_texts(person: Participant, text: str) -> Participant:
    from dataclasses import replace

    parts = text.split(". ")
    return replace(person, ambitions_text=parts[0], experience_text=parts[1] if len(parts) > 2
                   else "", skills_text=parts[-1])


def generate_sample(graph: TaxonomyGraph, *, seed: int = 7, n_participants: int = 150,
                    n_opportunities: int = 600) -> tuple[list[Participant], list[Opportunity]]:
    """The demo participants and opportunities (deterministic for a seed and taxonomy)."""
    rng = random.Random(seed)
    pool = occupations(graph, rng)
    opps = [opportunity(i, rng.choice(pool), graph, rng) for i in range(n_opportunities)]
    people = [participant(i, pool, graph, rng) for i in range(n_participants)]
    return people, opps


def write_sample(people: list[Participant], opps: list[Opportunity], folder: Path) -> None:
    """Write ``participants.jsonl`` and ``opportunities.jsonl`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, items in (("participants", people), ("opportunities", opps)):
        lines = [json.dumps(to_dict(x), ensure_ascii=False, sort_keys=True) for x in items]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Command line: regenerate the sample files from an imported taxonomy database."""
    from taxonomy.store import TaxonomyStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="imported ESCO SQLite database")
    parser.add_argument("--out", default=str(SAMPLE_DIR), help="output folder")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()
    graph = TaxonomyGraph.from_store(TaxonomyStore(args.db))
    write_sample(*generate_sample(graph, seed=args.seed), Path(args.out))


if __name__ == "__main__":
    main()
