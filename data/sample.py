"""Generate the demo sample set: newcomers and placements in Hart van Brabant.

Run ``python -m data.sample --db esco.db`` to rewrite ``data/sample/``. Jobs and backgrounds
are hand-written (:mod:`data.jobs`, :mod:`data.people`); every ESCO label in them is resolved
in the taxonomy, and a missing one stops the run. Each record already carries its normalised
concept URIs (with the phrase written and the link score), so the demo loads fast. Dates are
written around :data:`REFERENCE_DATE`; :func:`data.load_sample` shifts them to the load day.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from data import META_FILE, SAMPLE_DIR
from data.jobs import EMPLOYER_PATTERNS, JOBS, NOUNS, SECTORS, SURNAMES, Job
from data.people import BACKGROUNDS, FIRST_NAMES, Background
from data.text import ambition_text, history_text, location_in, title, vacancy
from matching.codec import to_dict
from matching.graph import TaxonomyGraph
from matching.models import (
    CEFR,
    ConceptRef,
    Experience,
    LanguageLevel,
    Location,
    Mobility,
    Opportunity,
    OpportunityType,
    Participant,
    Phase,
)

REFERENCE_DATE = date(2026, 1, 5)
COACHES = ("anouk", "bram", "fleur", "joost", "lotte", "mark", "sanne", "tim")  # user coach-<id>
VOLUNTEER_HOSTS = {"taalmaatje": ("Bibliotheek", "Welzijn"), "voedselbank": ("Voedselbank",),
                   "kringloop": ("Kringloop",), "sport": ("Sportvereniging",),
                   "buurthuis": ("Buurthuis", "Welzijn")}
KIND_WEIGHTS = {"w": 0.5, "i": 0.25, "v": 0.35}
KINDS = {"w": OpportunityType.WORK, "i": OpportunityType.INTERNSHIP,
         "v": OpportunityType.VOLUNTEERING}


class SampleDataError(ValueError):
    """A hand-written label of the sample catalogue is not in the taxonomy."""


class Resolver:
    """ESCO URIs of English preferred labels, and the occupations' essential skills."""

    def __init__(self, graph: TaxonomyGraph) -> None:
        self.graph = graph
        self._index: dict[str, dict[str, list[str]]] = {}
        for kind in ("occupation", "skill"):
            found: dict[str, list[str]] = {}
            for uri, text in sorted(graph.labels.get(f"{kind}_en", {}).items()):
                found.setdefault(text.strip().lower(), []).append(uri)
            self._index[kind] = found

    def uri(self, label: str, kind: str, *, near: str = "") -> str:
        """The URI of ``label``; among equal labels the one in ``near``'s profile wins."""
        uris = self._index[kind].get(label.lower(), [])
        if len(uris) > 1 and near:
            profile = set(self.graph.essential.get(near, []) + self.graph.optional.get(near, []))
            uris = [u for u in uris if u in profile] or uris
        if not uris:
            raise SampleDataError(f"ESCO {kind} label {label!r} (data/jobs.py or data/people.py)"
                                  f" is not a preferred English label in this taxonomy")
        return uris[0]

    def ref(self, label: str, kind: str, phrase: str, score: float, *, near: str = "",
            confirmed: bool = True) -> ConceptRef:
        """A concept link as the normaliser would store it."""
        uri = self.uri(label, kind, near=near)
        return ConceptRef(uri, self.graph.label(uri, kind=kind), phrase, round(score, 3),
                          confirmed)


@dataclass(frozen=True, slots=True)
class Employer:
    """A fake employer with one site."""

    id: str
    name: str
    sector: str
    location: Location


def employers(rng: random.Random) -> list[Employer]:
    """The employers of every sector, each at a site in one of its municipalities."""
    out: list[Employer] = []
    for sector, (count, places) in SECTORS.items():
        for k in range(count):
            muni = rng.choices(list(places), weights=list(places.values()))[0]
            place = location_in(muni, rng)
            name = EMPLOYER_PATTERNS[sector][k % len(EMPLOYER_PATTERNS[sector])].format(
                s=rng.choice(SURNAMES), n=rng.choice(NOUNS), p=muni)
            out.append(Employer(f"emp-{len(out) + 1:03d}", name, sector, place))
    return out


def _host(job: Job, kind: OpportunityType, staff: list[Employer],
          rng: random.Random) -> Employer:
    hosts = [e for e in staff if e.sector == job.sector]
    if job.key in VOLUNTEER_HOSTS:
        hosts = [e for e in hosts if any(w in e.name for w in VOLUNTEER_HOSTS[job.key])] or hosts
    return rng.choice(hosts)


def _hours(kind: OpportunityType, rng: random.Random) -> tuple[int, int]:
    if kind == OpportunityType.WORK:
        top = rng.choice((24, 32, 36, 38, 40))
        return min(top, rng.choice((16, 20, 24, 32))), top
    if kind == OpportunityType.INTERNSHIP:
        top = rng.choice((16, 24, 32))
        return min(top, rng.choice((8, 12, 16))), top
    top = rng.choice((4, 6, 8, 12))
    return min(top, rng.choice((0, 2, 4))), top


def _dates(kind: OpportunityType, rng: random.Random) -> tuple[date, date | None]:
    start = REFERENCE_DATE + timedelta(days=rng.randint(-21, 100))
    if kind == OpportunityType.VOLUNTEERING and rng.random() < 0.4:
        return start, None  # open-ended
    ahead = rng.randint(7, 160) if rng.random() < 0.88 else -rng.randint(1, 30)
    return start, REFERENCE_DATE + timedelta(days=ahead)


def opportunity(i: int, job: Job, staff: list[Employer], res: Resolver,
                rng: random.Random) -> Opportunity:
    """One vacancy for ``job`` at a fitting employer, written like a real one."""
    letters = [k for k in job.kinds]
    kind = KINDS[rng.choices(letters, weights=[KIND_WEIGHTS[k] for k in letters])[0]]
    host = _host(job, kind, staff, rng)
    english = job.sector in ("logistics", "production", "it") and rng.random() < 0.35
    lang = "en" if english or (job.sector != "volunteer" and rng.random() < 0.05) else "nl"
    dutch = max(0, rng.randint(*job.dutch) - (0 if kind == OpportunityType.WORK
                                              or job.sector == "volunteer" else 1))
    hours = _hours(kind, rng)
    tasks = rng.sample(job.skills, min(len(job.skills), rng.randint(2, 4)))
    occ = res.uri(job.esco, "occupation")
    essential = tuple(res.ref(t.esco, "skill", getattr(t, lang), rng.uniform(0.72, 0.97),
                              near=occ) for t in tasks)
    named = {r.uri for r in essential}
    derived = [s for s in res.graph.essential.get(occ, []) if s not in named]
    optional = tuple(ConceptRef(s, res.graph.label(s), "", round(rng.uniform(0.5, 0.7), 3))
                     for s in sorted(rng.sample(derived, min(2, len(derived)))))
    start, closing = _dates(kind, rng)
    place = host.location.municipality
    return Opportunity(
        f"opp-{i:04d}", host.id, kind, title(job, kind.value, lang, hours, place, dutch, rng),
        host.location, description=vacancy(job, lang=lang, employer=host.name, place=place,
                                           dutch=dutch, tasks=[getattr(t, lang) for
                                                                      t in tasks], rng=rng),
        occupations=(res.ref(job.esco, "occupation", "", 1.0),), essential_skills=essential,
        optional_skills=optional, min_dutch=CEFR(dutch), hours_min=hours[0],
        hours_max=hours[1], start_date=start, closing_date=closing, lang=lang,
        places=0 if rng.random() < 0.03 else rng.choice((1, 1, 1, 2, 3)),
    )


def _mobility(rng: random.Random) -> tuple[frozenset[Mobility], int]:
    """How a participant travels and, from that, how far they can go (km)."""
    roll = rng.random()
    if roll < 0.5:
        return frozenset({Mobility.BIKE}), rng.randint(8, 15)
    if roll < 0.8:
        return frozenset({Mobility.BIKE, Mobility.PUBLIC_TRANSPORT}), rng.randint(20, 30)
    if roll < 0.9:
        return frozenset({Mobility.PUBLIC_TRANSPORT}), rng.randint(20, 25)
    return frozenset({Mobility.DRIVING_LICENCE, Mobility.CAR}), rng.randint(30, 45)


def _types(dutch: int, rng: random.Random) -> frozenset[OpportunityType]:
    w, i, v = OpportunityType.WORK, OpportunityType.INTERNSHIP, OpportunityType.VOLUNTEERING
    options = [{v}, {v, i}, {w, v}] if dutch == 0 else [{w}, {w}, {w, i}, {i}, {w, v}]
    return frozenset(rng.choice(options))


def _participant_skills(bg: Background, lang: str, past: str, res: Resolver,
                        rng: random.Random) -> tuple[ConceptRef, ...]:
    picked = rng.sample(bg.skills, min(len(bg.skills), rng.randint(2, 3)))
    skills = [res.ref(s.esco, "skill", getattr(s, lang), rng.uniform(0.7, 0.97), near=past,
                      confirmed=rng.random() > 0.05) for s in picked]
    if past:  # the normaliser also proposes a few essential skills of the past occupation
        have = {r.uri for r in skills}
        extra = [s for s in res.graph.essential.get(past, []) if s not in have]
        word = bg.word_nl if lang == "nl" else bg.word_en
        skills += [ConceptRef(s, res.graph.label(s), word, round(rng.uniform(0.55, 0.7), 3))
                   for s in sorted(rng.sample(extra, min(len(extra), rng.randint(1, 2))))]
    return tuple(skills)


def participant(i: int, res: Resolver, rng: random.Random) -> Participant:
    """One newcomer: a hand-written background with a place, languages and wishes."""
    bg = rng.choices(BACKGROUNDS, weights=[b.weight for b in BACKGROUNDS])[0]
    from data.jobs import JOB_BY_KEY

    dutch = rng.choices(range(5), weights=[15, 30, 30, 20, 5])[0]
    lang = "en" if rng.random() < 0.35 else "nl"
    wanted = [JOB_BY_KEY[k] for k in bg.ambitions]
    jobs = rng.sample(wanted[:3], rng.choice((1, 1, 2)))
    wishes = [j.wish_nl if lang == "nl" else j.wish_en for j in jobs]
    past = res.uri(bg.esco, "occupation") if bg.esco else ""
    years = rng.randint(*bg.years) if past else 0
    place = rng.choice(bg.places)
    word = bg.word_nl if lang == "nl" else bg.word_en
    mobility, reach = _mobility(rng)
    languages = [LanguageLevel("nl", CEFR(dutch)), LanguageLevel(rng.choice(bg.langs), CEFR.C2)]
    if rng.random() < 0.4:
        languages.append(LanguageLevel("en", CEFR(rng.randint(2, 4))))
    skills = _participant_skills(bg, lang, past, res, rng)
    start = rng.randint(-45, 45)
    return Participant(
        f"par-{i:04d}", rng.choice(COACHES), location_in(None, rng), skills=skills,
        experience=(Experience(res.ref(bg.esco, "occupation", word, rng.uniform(0.75, 0.97)),
                               years),) if past else (),
        ambitions=tuple(res.ref(j.esco, "occupation", w, rng.uniform(0.7, 0.95))
                        for j, w in zip(jobs, wishes, strict=True)),
        languages=tuple({lv.lang: lv for lv in languages}.values()),
        hours_per_week=rng.choice((16, 20, 24, 24, 32, 32, 36, 40)), max_distance_km=reach,
        mobility=mobility, preferred_types=_types(dutch, rng),
        phase=rng.choice((Phase.INTAKE, Phase.ORIENTATION, Phase.ORIENTATION, Phase.PLACEMENT)),
        earliest_start=None if rng.random() < 0.2 else REFERENCE_DATE + timedelta(days=start),
        skills_text=", ".join(s.phrase for s in skills if s.phrase != word),
        experience_text=history_text(word, years, place, lang, rng),
        ambitions_text=ambition_text(wishes, lang, rng), input_lang=lang,
    )


def generate_sample(graph: TaxonomyGraph, *, seed: int = 7, n_participants: int = 150,
                    n_opportunities: int = 600) -> tuple[list[Participant], list[Opportunity]]:
    """The demo participants and opportunities (deterministic for a seed and taxonomy).

    Raises:
        SampleDataError: a label of the hand-written catalogue is not in ``graph``.
    """
    rng = random.Random(seed)
    res = Resolver(graph)
    staff = employers(rng)
    weights = [j.weight for j in JOBS]
    opps = [opportunity(i, rng.choices(JOBS, weights=weights)[0], staff, res, rng)
            for i in range(n_opportunities)]
    people = [participant(i, res, rng) for i in range(n_participants)]
    return people, opps


def display_names(people: list[Participant], *, seed: int = 7) -> dict[str, str]:
    """A plausible first name and initial for each (fake) participant."""
    rng = random.Random(seed)
    letters = "ABDEFGHIKLMNOPRSTYZ"
    return {p.id: f"{rng.choice(FIRST_NAMES)} {rng.choice(letters)}." for p in people}


def write_sample(people: list[Participant], opps: list[Opportunity], folder: Path, *,
                 names: dict[str, str] | None = None) -> None:
    """Write ``participants.jsonl``, ``opportunities.jsonl`` and ``meta.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, items in (("participants", people), ("opportunities", opps)):
        lines = [json.dumps(to_dict(x), ensure_ascii=False, sort_keys=True) for x in items]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = {"reference_date": REFERENCE_DATE.isoformat(), "display_names": names or {}}
    (folder / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=0,
                                               sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    """Command line: regenerate the sample files from an imported taxonomy database."""
    from taxonomy.store import TaxonomyStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="imported ESCO SQLite database")
    parser.add_argument("--out", default=str(SAMPLE_DIR), help="output folder")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()
    graph = TaxonomyGraph.from_store(TaxonomyStore(args.db))
    people, opps = generate_sample(graph, seed=args.seed)
    write_sample(people, opps, Path(args.out), names=display_names(people, seed=args.seed))


if __name__ == "__main__":
    main()
