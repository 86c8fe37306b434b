"""The seam between the service and the matching package.

Routes and the rematch worker only talk to an :class:`Engine`; :mod:`service.matching_engine`
adapts the matching package to it, and tests may pass any object with the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from matching.extract import ExtractedSkill
from matching.models import Opportunity, Participant, Suggestion


@dataclass(frozen=True)
class Link:
    """A proposed link from a phrase to an ESCO concept."""

    uri: str
    kind: str
    label: str
    score: float
    source: str = "normaliser"


class Engine(Protocol):
    """What the service needs from taxonomy + matching."""

    model_version: str
    taxonomy_version: str
    skill_threshold: float  # the extractor's threshold: skills from it up are proposed

    def readiness(self) -> dict[str, bool]:
        """Which parts are loaded, e.g. ``{"taxonomy": True, "index": True}``."""

    def normalise(self, texts: Sequence[str], *, kind: str, lang: str | None,
                  limit: int) -> list[list[Link]]:
        """Best concepts of ``kind`` (occupation or skill) for each text, best first."""

    def extract_skills(self, texts: Sequence[str], *, lang: str | None,
                       threshold: float | None = None) -> list[list[ExtractedSkill]]:
        """The skills each free text states or implies, best first (confirmed aliases win),
        scoring at least ``threshold`` (default: the extractor's own)."""

    def set_aliases(self, aliases: Mapping[tuple[str, str], str]) -> None:
        """Replace the confirmed links: ``(kind, cleaned text) -> uri``."""

    def clean(self, text: str, *, kind: str) -> str:
        """The cleaned form of ``text`` under which aliases are stored."""

    def label(self, uri: str, *, kind: str, lang: str = "en") -> str | None:
        """Preferred label of a concept of ``kind``, or None when it does not exist."""

    def occupation_skills(self, uri: str) -> dict[str, list[str]]:
        """ESCO essential and optional skills of an occupation."""

    def prepare(self, opportunities: Sequence[Opportunity]) -> Any:
        """Index a fixed set of opportunities once (the result goes to :meth:`rank`)."""

    def rank(self, participant: Participant, prepared: Any, *, limit: int) -> list[Suggestion]:
        """Ranked, explained suggestions for ``participant`` among the prepared opportunities."""

    def forget(self, participant_id: str) -> None:
        """Drop anything cached about this participant (erasure)."""


@runtime_checkable
class BatchEngine(Protocol):
    """Optional fast path: engines that also have it rematch new opportunities vectorised."""

    def rematch_new(self, people: Sequence[Participant], opportunities: Sequence[Opportunity],
                    *, floors: Mapping[str, float], k: int) -> dict[str, list[tuple[str, float]]]:
        """Per participant id, the opportunities scoring above their floor, best first."""

    def explain_pairs(self, participant: Participant, opportunities: Sequence[Opportunity],
                      prepared: Any) -> list[Suggestion]:
        """Scored, explained suggestions of these pairs (``prepared`` from ``prepare``)."""
