"""Places and free texts with real-world noise: the demo sample's vacancies and intake notes,
and the simpler texts of the synthetic benchmark (:mod:`data.synthetic`)."""

from __future__ import annotations

import random

from data.jobs import Job
from matching.geo import PLACES
from matching.graph import TaxonomyGraph
from matching.models import Location, Participant

# A few postcode areas per municipality: (municipality, pc4, lat, lon), roughly their centres.
POSTCODES: tuple[tuple[str, str, float, float], ...] = (
    ("Tilburg", "5014", 51.5720, 5.0800), ("Tilburg", "5017", 51.5570, 5.0800),
    ("Tilburg", "5021", 51.5450, 5.0850), ("Tilburg", "5025", 51.5920, 5.0770),
    ("Tilburg", "5037", 51.5620, 5.1150), ("Tilburg", "5038", 51.5606, 5.0919),
    ("Tilburg", "5042", 51.5650, 5.0300), ("Tilburg", "5045", 51.5750, 5.0150),
    ("Tilburg", "5056", 51.5860, 5.1420), ("Tilburg", "5071", 51.6096, 5.1431),
    ("Oisterwijk", "5061", 51.5794, 5.1895), ("Oisterwijk", "5062", 51.5840, 5.2000),
    ("Oisterwijk", "5066", 51.5427, 5.1810), ("Waalwijk", "5141", 51.6828, 5.0700),
    ("Waalwijk", "5144", 51.6900, 5.0550), ("Waalwijk", "5146", 51.6750, 5.0850),
    ("Waalwijk", "5161", 51.6688, 5.0354), ("Waalwijk", "5165", 51.6860, 4.9460),
    ("Dongen", "5101", 51.6280, 4.9470), ("Dongen", "5104", 51.6266, 4.9389),
    ("Dongen", "5106", 51.6200, 4.9300), ("Goirle", "5051", 51.5206, 5.0669),
    ("Goirle", "5052", 51.5170, 5.0580), ("Goirle", "5133", 51.5275, 5.0256),
    ("Hilvarenbeek", "5081", 51.4859, 5.1376), ("Hilvarenbeek", "5087", 51.4750, 5.1747),
    ("Loon op Zand", "5171", 51.6576, 5.0437), ("Loon op Zand", "5172", 51.6550, 5.0350),
    ("Loon op Zand", "5175", 51.6272, 5.0749), ("Gilze en Rijen", "5121", 51.5906, 4.9190),
    ("Gilze en Rijen", "5122", 51.5850, 4.9300), ("Gilze en Rijen", "5126", 51.5447, 4.9400),
    ("Heusden", "5151", 51.6858, 5.1333), ("Heusden", "5152", 51.6900, 5.1250),
    ("Heusden", "5251", 51.6950, 5.2144), ("Heusden", "5253", 51.6900, 5.1800),
)
JITTER_DEG = 0.005  # about 500 m


def location_in(municipality: str | None, rng: random.Random) -> Location:
    """A point in one of the postcode areas of ``municipality`` (any, weighted to Tilburg)."""
    areas = [p for p in POSTCODES if municipality in (None, p[0])]
    weights = [1 if municipality or p[0] != "Tilburg" else 2 for p in areas]
    muni, pc4, lat, lon = rng.choices(areas, weights=weights)[0]
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


def noisy_lines(text: str, rng: random.Random, rate: float, *, lower: float = 0.3) -> str:
    """Like :func:`noisy`, keeping line breaks, all lower case with chance ``lower``."""
    lines = [" ".join(_typo(w, rng) if w.isalpha() and rng.random() < rate else w
                      for w in line.split(" ")) for line in text.split("\n")]
    out = "\n".join(lines)
    return out.lower() if rng.random() < lower else out


ASK_NL = {
    0: "Nederlands spreken is niet nodig, je leert het bij ons", 1: "Je spreekt een beetje "
    "Nederlands of Engels", 2: "Je kunt je verstaanbaar maken in het Nederlands (A2)",
    3: "Je spreekt en begrijpt Nederlands op B1-niveau",
}
ASK_EN = {0: "No Dutch needed, English or Polish is fine", 1: "Basic English or Dutch",
          2: "Some Dutch (A2) is needed", 3: "Dutch at B1 level"}
EXTRA_NL = ("Je bent flexibel en leergierig", "VCA is een pré", "Je bent fysiek fit",
            "Je kunt in ploegendienst werken", "Je bent op tijd en betrouwbaar",
            "Rijbewijs B is handig", "Geen ervaring nodig, wel motivatie!",
            "Je werkt graag in een team")
OFFER_NL = ("Een goed salaris volgens cao", "Reiskostenvergoeding", "Begeleiding door een "
            "vast werkmaatje", "Kans op een vast contract", "Opleiding op de werkvloer",
            "Werkkleding en een fiets van de zaak", "Gezellige collega's")
EXTRA_EN = ("Flexible and eager to learn", "Able to work shifts", "Reliable and on time",
            "Physically fit")


def title(job: Job, kind: str, lang: str, hours: tuple[int, int], place: str, dutch: int,
          rng: random.Random) -> str:
    """A vacancy title as employers write them, e.g. ``Productiemedewerker (m/v) 24-32 uur``."""
    if lang == "en":
        base = {"internship": f"Internship {job.title_en.lower()}",
                "volunteering": f"Volunteer {job.title_en.lower()}"}.get(kind, job.title_en)
        return f"{base} – {place}" + (" (no Dutch required)" if dutch == 0 else "")
    base = rng.choice(job.titles_nl)
    if kind == "internship" and "Leerling" not in base:
        base = rng.choice(("Werkervaringsplaats", "Stage", "Leerwerkplek")) + " " + base.lower()
    elif kind == "volunteering" and "rijwillig" not in base:
        base = "Vrijwilliger " + base.lower()
    suffix = rng.choice(("", " (m/v)", " (m/v/x)"))
    span = f" {hours[0]}-{hours[1]} uur" if hours[0] < hours[1] else f" {hours[1]} uur"
    return base + suffix + (span if rng.random() < 0.6 else f" {place}")


def _bullets(items: list[str]) -> list[str]:
    return [f"- {t[:1].upper()}{t[1:]}" for t in items]


def vacancy(job: Job, *, lang: str, employer: str, place: str, dutch: int,
            tasks: list[str], rng: random.Random) -> str:
    """The body of a vacancy: who, what you do, what we ask, what we offer."""
    if lang == "en":
        name = job.title_en.lower()
        article = "an" if name[0] in "aeiou" else "a"
        lines = [f"{employer} in {place} is looking for {article} {name}.",
                 "What you will do:", *_bullets(tasks), "What we ask:",
                 f"- {ASK_EN[dutch]}", f"- {rng.choice(EXTRA_EN)}",
                 "Interested? Apply via your coach or send us a message."]
        return noisy_lines("\n".join(lines), rng, 0.01, lower=0.05)
    intro = rng.choice((f"Voor {employer} in {place} zoeken wij een enthousiaste collega!",
                        f"Wij zoeken ... jou! {employer} ({place}) zoekt versterking.",
                        f"{employer} in {place} zoekt per direct iemand voor het team."))
    bullets = rng.sample(EXTRA_NL, 2)
    lines = [intro, "Wat ga je doen?", *_bullets(tasks), "Wat vragen wij?",
             f"- {ASK_NL[dutch]}", *(f"- {b}" for b in bullets)]
    if rng.random() < 0.7:
        lines += ["Wat bieden wij?", *(f"- {o}" for o in rng.sample(OFFER_NL, 2))]
    lines.append(rng.choice(("Interesse? Vraag je coach om contact op te nemen.",
                             "Solliciteren kan via je klantmanager of bel ons gerust.",
                             "Startdatum: z.s.m. Reageer snel!!")))
    return noisy_lines("\n".join(lines), rng, 0.015, lower=0.05)


AMBITION_NL = ("Wil graag {w}", "ik wil {w}", "liefst {w}, maar eerst taal leren",
               "wil werken, {w}", "Doel: {w}", "graag {w} als het kan")
AMBITION_EN = ("I want {w}", "looking for job, {w}", "my dream is {w}",
               "want work, {w}", "prefer {w}, also other work ok")
HISTORY_NL = ("{w} {y} jaar in {p}", "{y} jaar {w} in {p}", "gewerkt als {w} in {p} ({y} jr)",
              "{w}, {y} jaar, {p}, eigen zaak")
HISTORY_EN = ("{w} {y} years, {p}", "worked as {w} in {p} for {y} years",
              "{y} yrs {w} ({p})")


def ambition_text(wishes: list[str], lang: str, rng: random.Random) -> str:
    """What a participant says they want, in their own imperfect words."""
    pattern = rng.choice(AMBITION_NL if lang == "nl" else AMBITION_EN)
    joiner = " of " if lang == "nl" else " or "
    return noisy(pattern.format(w=joiner.join(wishes)), rng, 0.06)


def history_text(word: str, years: int, place: str, lang: str, rng: random.Random) -> str:
    """One line of work history as a coach notes it down."""
    if not years:
        return word
    pattern = rng.choice(HISTORY_NL if lang == "nl" else HISTORY_EN)
    return noisy(pattern.format(w=word, y=years, p=place), rng, 0.04)


# The synthetic benchmark's texts (data/synthetic.py): built from ESCO labels on purpose.
BENCH_JITTER = 0.012  # about 1 km

def random_location(rng: random.Random) -> Location:
    """A point near one of the Hart van Brabant places, weighted towards Tilburg."""
    weights = [6 if p[1] == "Tilburg" else 1 for p in PLACES]
    muni, _place, lat, lon, pc4 = rng.choices(PLACES, weights=weights)[0]
    return Location(round(lat + rng.uniform(-BENCH_JITTER, BENCH_JITTER), 5),
                    round(lon + rng.uniform(-BENCH_JITTER, BENCH_JITTER) * 1.6, 5), muni, pc4)


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
