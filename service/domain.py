"""Build the matching package's dataclasses from stored rows and concept links."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from matching.geo import MUNICIPALITIES, PLACES
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
from service.errors import Invalid


def locate(place: dict[str, Any]) -> Location:
    """Coordinates for a place: given lat/lon, else the postcode area, else the municipality.

    Raises:
        Invalid: nothing in ``place`` can be placed on the map.
    """
    municipality = (place.get("municipality") or "").strip()
    postcode = (place.get("postcode") or "").replace(" ", "").upper()
    if place.get("lat") is not None and place.get("lon") is not None:
        return Location(place["lat"], place["lon"], municipality, postcode)
    for muni, town, lat, lon, digits in PLACES:
        if postcode[:4] == digits or municipality.casefold() in (muni.casefold(), town.casefold()):
            return Location(lat, lon, municipality or muni, postcode)
    raise Invalid(
        f"cannot place {municipality or postcode or 'an empty place'!r} on the map: give lat and "
        f"lon, or one of the municipalities {', '.join(MUNICIPALITIES)}"
    )


#: Link statuses the ranker ignores: removed, and weak candidates nobody has checked yet.
IGNORED = ("removed", "candidate")


def _refs(links: list[dict[str, Any]], field: str) -> tuple[ConceptRef, ...]:
    chosen = [lk for lk in links if lk["field"] == field and lk["status"] not in IGNORED]
    chosen.sort(key=lambda lk: (-lk["score"], lk["uri"]))
    return tuple(ConceptRef(lk["uri"], lk["label"], lk["text"] or lk["label"], lk["score"])
                 for lk in chosen)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def build_participant(pid: str, coach_id: int, data: dict[str, Any],
                      links: list[dict[str, Any]]) -> Participant:
    """The ranker's view of a participant (removed and unchecked candidate concepts left
    out)."""
    years = {e["title"]: e.get("years", 0.0) for e in data.get("experience", [])}
    experience = tuple(Experience(ref, years.get(ref.phrase, 0.0))
                       for ref in _refs(links, "experience"))
    return Participant(
        id=pid, coach_id=str(coach_id), location=locate(data.get("home") or {}),
        skills=_refs(links, "skills"), experience=experience, ambitions=_refs(links, "ambitions"),
        languages=tuple(LanguageLevel(lv["code"], CEFR.parse(lv["level"]))
                        for lv in data.get("languages", [])),
        hours_per_week=data.get("hours_per_week", 24),
        max_distance_km=max(data.get("max_travel_km", 15.0), 0.1),
        mobility=frozenset(Mobility(m) for m in data.get("mobility", [])),
        preferred_types=frozenset(OpportunityType(t) for t in data.get("preferred_types", [])),
        phase=Phase(data.get("phase", "orientation")),
        earliest_start=_day(data.get("earliest_start")),
        skills_text=data.get("skills_text", ""),
        experience_text="; ".join(e["title"] for e in data.get("experience", [])),
        ambitions_text="; ".join(data.get("ambitions", [])),
        input_lang=data.get("text_language") or "nl",
    )


def build_opportunity(oid: str, employer_id: int, data: dict[str, Any],
                      links: list[dict[str, Any]], *, status: str = "open") -> Opportunity:
    """The ranker's view of an opportunity; a closed one has no places left."""
    hours = float(data.get("hours_per_week", 24))
    return Opportunity(
        id=oid, employer_id=str(employer_id), type=OpportunityType(data["type"]),
        title=data["title"], location=locate(data.get("place") or {}),
        description=data.get("description", ""), occupations=_refs(links, "occupation"),
        essential_skills=_refs(links, "required_skills"),
        optional_skills=_refs(links, "optional_skills"),
        description_skills=_refs(links, "description_skills"),
        min_dutch=CEFR.parse(data.get("min_dutch_level", "A0")),
        hours_min=min(hours, max(hours - 8, 0)), hours_max=hours,
        start_date=_day(data.get("start_date")),
        places=data.get("places", 1) if status == "open" else 0,
        closing_date=_day(data.get("closing_date")), lang=data.get("text_language") or "nl",
    )


_FIELDS: dict[type, tuple[str, ...]] = {}


def _default(value: object) -> object:
    """JSON for what ``json`` cannot write itself: dataclasses as dicts, sets sorted, else str."""
    names = _FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {n: getattr(value, n) for n in names}
    if isinstance(value, frozenset | set):
        return sorted(str(v) for v in value)
    return str(value)


def to_json(obj: object) -> str:
    """JSON of a domain object (dates and enums as strings, sets sorted, keys sorted).

    The C encoder walks tuples, lists and dicts itself and asks :func:`_default` only for
    dataclasses, so no deep copy is made (several times faster than ``asdict`` on
    explanations with many skill matches).
    """
    return json.dumps(obj, default=_default, sort_keys=True)
