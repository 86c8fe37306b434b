"""Plain JSON-ready dicts to and from the domain objects (for files, databases and HTTP)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

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
    parse_enum,
)


def to_dict(obj: Any) -> Any:
    """Any domain object (or container of them) as JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, CEFR):
        return obj.name
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, frozenset | set):
        return sorted(to_dict(x) for x in obj)
    if isinstance(obj, list | tuple):
        return [to_dict(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def _refs(items: Any) -> tuple[ConceptRef, ...]:
    return tuple(ConceptRef(**item) for item in items or ())


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def participant_from_dict(data: Mapping[str, Any]) -> Participant:
    """Rebuild a :class:`Participant` written by :func:`to_dict`."""
    d = dict(data)
    return Participant(
        d.pop("id"), d.pop("coach_id"), Location(**d.pop("location")),
        skills=_refs(d.pop("skills", ())),
        experience=tuple(Experience(ConceptRef(**e["occupation"]), e.get("years", 0.0))
                         for e in d.pop("experience", ())),
        ambitions=_refs(d.pop("ambitions", ())),
        languages=tuple(LanguageLevel(x["lang"], CEFR.parse(x["level"]))
                        for x in d.pop("languages", ())),
        mobility=frozenset(parse_enum(Mobility, m, "mobility") for m in d.pop("mobility", ())),
        preferred_types=frozenset(parse_enum(OpportunityType, t, "opportunity type")
                                  for t in d.pop("preferred_types", ())),
        phase=parse_enum(Phase, d.pop("phase", "intake"), "phase"),
        earliest_start=_date(d.pop("earliest_start", None)), **d,
    )  # type: ignore[arg-type]


def opportunity_from_dict(data: Mapping[str, Any]) -> Opportunity:
    """Rebuild an :class:`Opportunity` written by :func:`to_dict`."""
    d = dict(data)
    return Opportunity(
        d.pop("id"), d.pop("employer_id"),
        parse_enum(OpportunityType, d.pop("type"), "opportunity type"),  # type: ignore[arg-type]
        d.pop("title"), Location(**d.pop("location")),
        occupations=_refs(d.pop("occupations", ())),
        essential_skills=_refs(d.pop("essential_skills", ())),
        optional_skills=_refs(d.pop("optional_skills", ())),
        description_skills=_refs(d.pop("description_skills", ())),
        min_dutch=CEFR.parse(d.pop("min_dutch", "A0")),
        start_date=_date(d.pop("start_date", None)),
        closing_date=_date(d.pop("closing_date", None)), **d,
    )
