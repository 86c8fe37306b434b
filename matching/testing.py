"""A tiny hand-made ESCO-shaped graph and profile builders, for tests whose right answer is obvious.

Not used by the product itself; importable by any package's tests.
"""

from __future__ import annotations

from datetime import date

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

E = "http://data.europa.eu/esco/"
OCCUPATIONS = {  # key: (isco, English, Dutch, essential skills, optional skills)
    "cook": ("5120", "cook", "kok", ["prepare_food", "food_hygiene", "kitchen_equipment"],
             ["menu_planning"]),
    "kitchen_assistant": ("9412", "kitchen assistant", "keukenhulp",
                          ["food_hygiene", "kitchen_equipment", "wash_dishes"], ["prepare_food"]),
    "baker": ("7512", "baker", "bakker", ["bake_bread", "food_hygiene", "kitchen_equipment"], []),
    "warehouse_worker": ("9333", "warehouse worker", "magazijnmedewerker",
                         ["forklift", "stack_goods", "inventory"], ["drive_van"]),
    "shop_assistant": ("5223", "shop assistant", "winkelmedewerker",
                       ["serve_customers", "handle_cash", "stack_goods"], ["inventory"]),
    "developer": ("2512", "software developer", "softwareontwikkelaar",
                  ["programming", "debugging"], []),
    "gardener": ("6113", "gardener", "hovenier", ["plant_care", "garden_tools"], []),
}
SKILL_BROADER = {  # skill -> broader skills or groups
    "bake_bread": ["prepare_food"], "prepare_food": ["g_food"], "food_hygiene": ["g_food"],
    "programming": ["g_ict"], "debugging": ["g_ict"], "forklift": ["g_logistics"],
    "stack_goods": ["g_logistics"], "inventory": ["g_logistics"],
}
TILBURG = Location(51.5606, 5.0919, "Tilburg", "5038")
GOIRLE = Location(51.5206, 5.0669, "Goirle", "5051")
WAALWIJK = Location(51.6828, 5.0700, "Waalwijk", "5141")


def occ(key: str) -> str:
    """URI of a toy occupation."""
    return f"{E}occupation/{key}"


def skill(key: str) -> str:
    """URI of a toy skill or skill group."""
    return f"{E}skill/{key}"


def toy_graph() -> TaxonomyGraph:
    """Seven occupations, sixteen skills, a small hierarchy; English and Dutch labels."""
    relations, labels = [], {"occupation_en": {}, "occupation_nl": {}, "skill_en": {}}
    for key, (_, en, nl, ess, opt) in OCCUPATIONS.items():
        labels["occupation_en"][occ(key)], labels["occupation_nl"][occ(key)] = en, nl
        relations += [(occ(key), skill(s), "essential") for s in ess]
        relations += [(occ(key), skill(s), "optional") for s in opt]
    for _, s, _ in relations:
        labels["skill_en"][s] = s.rsplit("/", 1)[-1].replace("_", " ")
    broader = {skill(k): [skill(v) for v in vs] for k, vs in SKILL_BROADER.items()}
    isco = {occ(k): v[0] for k, v in OCCUPATIONS.items()}
    return TaxonomyGraph(relations, isco=isco, skill_broader=broader, labels=labels,
                         version="toy-1")


def make_participant(
    pid: str = "p1", *, skills: tuple[str, ...] = (), ambitions: tuple[str, ...] = (),
    experience: tuple[tuple[str, float], ...] = (), dutch: str = "B1",
    location: Location = TILBURG, **kw: object,
) -> Participant:
    """A participant from toy keys (skill and occupation keys of this module)."""
    return Participant(
        pid, "coach1", location,
        skills=tuple(ConceptRef(skill(s), s, phrase=s.replace("_", " ")) for s in skills),
        ambitions=tuple(ConceptRef(occ(a), a, phrase=a) for a in ambitions),
        experience=tuple(Experience(ConceptRef(occ(o), o, phrase=o), y) for o, y in experience),
        languages=(LanguageLevel("nl", CEFR.parse(dutch)),), **kw,  # type: ignore[arg-type]
    )


def make_opportunity(oid: str, occupation: str, *, kind: str = "work",
                     location: Location = TILBURG, min_dutch: str = "A2",
                     **kw: object) -> Opportunity:
    """An opportunity for a toy occupation; requirements come from the toy ESCO profile."""
    return Opportunity(
        oid, "emp1", OpportunityType(kind), OCCUPATIONS[occupation][1], location,
        occupations=(ConceptRef(occ(occupation), OCCUPATIONS[occupation][1]),),
        min_dutch=CEFR.parse(min_dutch), closing_date=kw.pop("closing_date", date(2030, 1, 1)),
        **kw,  # type: ignore[arg-type]
    )
