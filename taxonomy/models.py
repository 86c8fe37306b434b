"""Read-only value objects returned by the taxonomy store."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("occupation", "skill", "isco_group", "skill_group")
LABEL_TYPES = ("preferred", "alternative", "hidden")


@dataclass(frozen=True, slots=True)
class Label:
    """One label of a concept in one language."""

    uri: str
    kind: str
    lang: str
    label_type: str
    text: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text search result: the matching label and the concept it names."""

    uri: str
    kind: str
    label: str
    lang: str
    label_type: str
    preferred_label: str
    score: float


@dataclass(frozen=True, slots=True)
class Concept:
    """A concept with its labels per language and its main relations."""

    uri: str
    kind: str
    code: str | None
    labels: dict[str, dict[str, list[str]]]  # lang -> label_type -> texts
    descriptions: dict[str, str]
    isco_group: str | None = None
    skill_type: str | None = None
    reuse_level: str | None = None
    regulated_note: str | None = None
    broader: tuple[str, ...] = ()
    essential_skills: tuple[str, ...] = ()
    optional_skills: tuple[str, ...] = ()
    collections: tuple[str, ...] = field(default=())

    def preferred(self, lang: str = "en") -> str:
        """Return the preferred label in ``lang``, falling back to English, then any."""
        for code in (lang, "en", *sorted(self.labels)):
            texts = self.labels.get(code, {}).get("preferred")
            if texts:
                return texts[0]
        return self.uri
