"""Domain objects of placement matching: participants, opportunities, suggestions, feedback.

Every object is a frozen dataclass. Nothing here holds nationality, religion, gender or age:
the ranker cannot score on what the objects do not carry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum

from matching.errors import InvalidProfileError, UnknownValueError


class CEFR(IntEnum):
    """Common European Framework language level; A0 means no knowledge yet."""

    A0 = 0
    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6

    @classmethod
    def parse(cls, value: str | int | CEFR) -> CEFR:
        """Read ``"B1"``, ``"b1"``, ``3`` or a ``CEFR`` into a ``CEFR`` level."""
        if isinstance(value, int):
            if value in range(7):
                return cls(value)
        elif str(value).strip().upper() in cls.__members__:
            return cls[str(value).strip().upper()]
        raise UnknownValueError("CEFR level", value, list(cls.__members__))


class OpportunityType(StrEnum):
    """Kind of placement."""

    WORK = "work"
    INTERNSHIP = "internship"
    VOLUNTEERING = "volunteering"


class Mobility(StrEnum):
    """Ways a participant can travel."""

    BIKE = "bike"
    PUBLIC_TRANSPORT = "public_transport"
    DRIVING_LICENCE = "driving_licence"
    CAR = "car"


class Phase(StrEnum):
    """Programme phase of a participant."""

    INTAKE = "intake"
    ORIENTATION = "orientation"
    PLACEMENT = "placement"


def parse_enum(kind: type[StrEnum], value: str, what: str) -> StrEnum:
    """Return ``kind(value)`` or raise :class:`UnknownValueError` naming the valid values."""
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        raise UnknownValueError(what, value, [m.value for m in kind]) from None


@dataclass(frozen=True, slots=True)
class ConceptRef:
    """An ESCO concept linked from free text: what the person wrote and how sure the link is."""

    uri: str
    label: str = ""
    phrase: str = ""
    score: float = 1.0
    confirmed: bool = True


@dataclass(frozen=True, slots=True)
class LanguageLevel:
    """A language (ISO 639-1 code) and the CEFR level reached in it."""

    lang: str
    level: CEFR


@dataclass(frozen=True, slots=True)
class Location:
    """A place with WGS84 coordinates."""

    lat: float
    lon: float
    municipality: str = ""
    postcode: str = ""

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180) or math.isnan(self.lat):
            raise InvalidProfileError(
                f"coordinates ({self.lat}, {self.lon}) are outside lat -90..90, lon -180..180"
            )


@dataclass(frozen=True, slots=True)
class Experience:
    """A past job: the occupation it was linked to and for how many years."""

    occupation: ConceptRef
    years: float = 0.0


@dataclass(frozen=True, slots=True)
class Participant:
    """A newcomer in the programme, as the ranker sees them."""

    id: str
    coach_id: str
    location: Location
    skills: tuple[ConceptRef, ...] = ()
    experience: tuple[Experience, ...] = ()
    ambitions: tuple[ConceptRef, ...] = ()
    languages: tuple[LanguageLevel, ...] = ()
    hours_per_week: float = 32.0
    max_distance_km: float = 15.0
    mobility: frozenset[Mobility] = frozenset()
    preferred_types: frozenset[OpportunityType] = frozenset()
    phase: Phase = Phase.INTAKE
    earliest_start: date | None = None
    skills_text: str = ""
    experience_text: str = ""
    ambitions_text: str = ""
    input_lang: str = "nl"

    def __post_init__(self) -> None:
        if not 0 <= self.hours_per_week <= 80:
            raise InvalidProfileError(f"hours_per_week {self.hours_per_week} is not in 0..80")
        if not 0 < self.max_distance_km <= 500:
            raise InvalidProfileError(f"max_distance_km {self.max_distance_km} is not in (0, 500]")

    @property
    def dutch(self) -> CEFR:
        """The participant's Dutch level (A0 when not recorded)."""
        levels = [lv.level for lv in self.languages if lv.lang == "nl"]
        return max(levels, default=CEFR.A0)

    def confirmed(self, refs: tuple[ConceptRef, ...]) -> tuple[ConceptRef, ...]:
        """Keep the links the coach has not removed."""
        return tuple(ref for ref in refs if ref.confirmed)


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A work, internship or volunteering place offered by an employer."""

    id: str
    employer_id: str
    type: OpportunityType
    title: str
    location: Location
    description: str = ""
    occupations: tuple[ConceptRef, ...] = ()
    essential_skills: tuple[ConceptRef, ...] = ()
    optional_skills: tuple[ConceptRef, ...] = ()
    description_skills: tuple[ConceptRef, ...] = ()  # found in the description; count as optional
    min_dutch: CEFR = CEFR.A0
    hours_min: float = 0.0
    hours_max: float = 40.0
    start_date: date | None = None
    places: int = 1
    closing_date: date | None = None
    lang: str = "nl"

    def __post_init__(self) -> None:
        if not 0 <= self.hours_min <= self.hours_max <= 80:
            raise InvalidProfileError(
                f"hours {self.hours_min}-{self.hours_max} must satisfy 0 <= min <= max <= 80"
            )
        if self.places < 0:
            raise InvalidProfileError(f"places {self.places} must be 0 or more")

    def is_open(self, today: date) -> bool:
        """True while places are left and the closing date has not passed."""
        return self.places > 0 and (self.closing_date is None or self.closing_date >= today)


@dataclass(frozen=True, slots=True)
class Contribution:
    """One named part of a score: ``value == weight * feature``."""

    name: str
    label_en: str
    label_nl: str
    feature: float
    weight: float
    value: float


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """Participant phrase -> ESCO skill -> the vacancy requirement it covers."""

    phrase: str
    skill_uri: str
    skill_label: str
    requirement_uri: str
    requirement_label: str
    relation: str
    strength: float
    essential: bool


@dataclass(frozen=True, slots=True)
class LearningGoal:
    """A gap turned into something to learn: Dutch lessons or a short training."""

    kind: str
    concept_uri: str
    text_en: str
    text_nl: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an opportunity was suggested, built from exactly the score's contributions."""

    contributions: tuple[Contribution, ...]
    matched_skills: tuple[SkillMatch, ...] = ()
    missing_essential: tuple[ConceptRef, ...] = ()
    learning: tuple[LearningGoal, ...] = ()
    summary_en: str = ""
    summary_nl: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked opportunity for one participant."""

    participant_id: str
    opportunity_id: str
    rank: int
    score: float
    contributions: tuple[Contribution, ...]
    explanation: Explanation
    model_version: str
    taxonomy_version: str = ""
    distance_km: float = 0.0

    @property
    def features(self) -> dict[str, float]:
        """The raw feature values behind the score, by contribution name."""
        return {c.name: c.feature for c in self.contributions if c.name != "bias"}


class FeedbackEvent(StrEnum):
    """What happened to a suggestion."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    PLACED = "placed"
    ENDED_EARLY = "ended_early"


class DeclineReason(StrEnum):
    """Why a coach or participant declined a suggestion."""

    SKILLS = "skills"
    LANGUAGE = "language"
    DISTANCE = "distance"
    HOURS = "hours"
    NOT_INTERESTED = "not_interested"
    VACANCY_FILLED = "vacancy_filled"
    PARTICIPANT_UNAVAILABLE = "participant_unavailable"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Feedback:
    """One decision about a suggestion, with the feature values it was scored on."""

    participant_id: str
    opportunity_id: str
    event: FeedbackEvent
    features: Mapping[str, float] = field(default_factory=dict)
    reason: DeclineReason | None = None
    model_version: str = ""
    at: datetime | None = None

    @classmethod
    def from_suggestion(
        cls, suggestion: Suggestion, event: FeedbackEvent | str, *, reason: str | None = None,
        at: datetime | None = None,
    ) -> Feedback:
        """Record ``event`` for ``suggestion``, keeping the features it was scored on."""
        ev = parse_enum(FeedbackEvent, str(event), "feedback event")
        why = parse_enum(DeclineReason, reason, "decline reason") if reason else None
        return cls(suggestion.participant_id, suggestion.opportunity_id, ev,  # type: ignore[arg-type]
                   suggestion.features, why, suggestion.model_version, at)  # type: ignore[arg-type]
