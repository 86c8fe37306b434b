"""Request and response bodies: limits on every text and list, Unicode NFC on every string."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

CEFR = Literal["A0", "A1", "A2", "B1", "B2", "C1", "C2"]
OpportunityType = Literal["work", "internship", "volunteering"]
Mobility = Literal["bike", "public_transport", "driving_licence", "car"]
Phase = Literal["intake", "orientation", "placement"]


def clean_text(value: str) -> str:
    """NFC-normalise, strip, and reject text that cannot be stored (lone surrogates, NUL)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text contains invalid Unicode (lone surrogate)") from exc
    if "\x00" in value:
        raise ValueError("text contains a NUL character")
    return unicodedata.normalize("NFC", value).strip()


def _text(max_length: int, min_length: int = 0) -> Any:
    return Annotated[str, Field(min_length=min_length, max_length=max_length),
                     AfterValidator(clean_text)]


ShortText = _text(200, 1)
LongText = _text(5000)
Float = Annotated[float, Field(allow_inf_nan=False)]


class Strict(BaseModel):
    """Base of request bodies: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", str_max_length=5000)


class Language(Strict):
    code: Annotated[str, Field(pattern="^[a-z]{2}$", description="ISO 639-1 code, e.g. nl")]
    level: CEFR


class Experience(Strict):
    title: ShortText
    years: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)] = 0.0


class Place(Strict):
    municipality: _text(100) | None = None
    postcode: Annotated[str, Field(pattern=r"^[0-9]{4} ?[A-Za-z]{0,2}$")] | None = None
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None


class ParticipantCreate(Strict):
    """What a coach records about a participant (no nationality, religion, gender or age)."""

    display_name: _text(100, 1)
    skills_text: _text(4000) = ""
    experience: Annotated[list[Experience], Field(max_length=20)] = []
    ambitions: Annotated[list[ShortText], Field(max_length=10)] = []
    languages: Annotated[list[Language], Field(max_length=10)] = []
    hours_per_week: Annotated[int, Field(ge=0, le=60)] = 24
    earliest_start: date | None = None
    home: Place = Place()
    max_travel_km: Annotated[float, Field(ge=0, le=300, allow_inf_nan=False)] = 15.0
    mobility: Annotated[list[Mobility], Field(max_length=4)] = []
    preferred_types: Annotated[list[OpportunityType], Field(max_length=3)] = []
    phase: Phase = "orientation"
    text_language: Literal["nl", "en"] | None = None


class ParticipantUpdate(Strict):
    """Partial update: only the fields sent change."""

    display_name: _text(100, 1) | None = None
    skills_text: _text(4000) | None = None
    experience: Annotated[list[Experience], Field(max_length=20)] | None = None
    ambitions: Annotated[list[ShortText], Field(max_length=10)] | None = None
    languages: Annotated[list[Language], Field(max_length=10)] | None = None
    hours_per_week: Annotated[int, Field(ge=0, le=60)] | None = None
    earliest_start: date | None = None
    home: Place | None = None
    max_travel_km: Annotated[float, Field(ge=0, le=300, allow_inf_nan=False)] | None = None
    mobility: Annotated[list[Mobility], Field(max_length=4)] | None = None
    preferred_types: Annotated[list[OpportunityType], Field(max_length=3)] | None = None
    phase: Phase | None = None
    active: bool | None = None


class OpportunityCreate(Strict):
    """An employer's work, internship or volunteering opportunity."""

    type: OpportunityType
    title: ShortText
    description: _text(5000) = ""
    required_skills: Annotated[list[ShortText], Field(max_length=30)] = []
    optional_skills: Annotated[list[ShortText], Field(max_length=30)] = []
    min_dutch_level: CEFR = "A0"
    hours_per_week: Annotated[int, Field(ge=1, le=60)] = 24
    place: Place = Place()
    start_date: date | None = None
    places: Annotated[int, Field(ge=1, le=1000)] = 1
    closing_date: date | None = None
    text_language: Literal["nl", "en"] | None = None


class OpportunityUpdate(Strict):
    """Partial update of an open opportunity."""

    title: ShortText | None = None
    description: _text(5000) | None = None
    required_skills: Annotated[list[ShortText], Field(max_length=30)] | None = None
    optional_skills: Annotated[list[ShortText], Field(max_length=30)] | None = None
    min_dutch_level: CEFR | None = None
    hours_per_week: Annotated[int, Field(ge=1, le=60)] | None = None
    place: Place | None = None
    start_date: date | None = None
    places: Annotated[int, Field(ge=1, le=1000)] | None = None
    closing_date: date | None = None


class ConceptAction(Strict):
    """Confirm or remove a proposed concept, or add one the normaliser missed."""

    field: Annotated[str, Field(pattern="^[a-z_]{1,30}$")]
    uri: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^\S+$")]
    action: Literal["confirm", "remove", "add"]
    text: _text(200) | None = Field(None, description="the phrase this concept stands for")


class FeedbackCreate(Strict):
    """A coach's decision on a suggestion; the note is kept apart from the audit log."""

    decision: Literal["accepted", "declined", "placed", "ended"]
    reason: Literal["skills", "language", "distance", "hours", "not_interested",
                    "vacancy_filled", "participant_unavailable", "other"] | None = None
    note: _text(1000) | None = None


class NormaliseRequest(Strict):
    """Free text to link to ESCO concepts."""

    texts: Annotated[list[_text(300, 1)], Field(min_length=1, max_length=50)]
    lang: Literal["nl", "en"] | None = None
    limit: Annotated[int, Field(ge=1, le=20)] = 5


class AliasCreate(Strict):
    """Record that this phrase means this concept (the normaliser then links it for everyone)."""

    text: _text(300, 1)
    kind: Literal["occupation", "skill"]
    uri: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^\S+$")]


class UserCreate(Strict):
    """A new user; the response carries its API key once."""

    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[\w .@-]+$")]
    role: Literal["coach", "employer", "admin"]


class RematchRequest(Strict):
    """``incremental`` matches only what changed; ``full`` rematches everyone."""

    mode: Literal["incremental", "full"] = "incremental"


class Page(BaseModel):
    """A page of a list."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
