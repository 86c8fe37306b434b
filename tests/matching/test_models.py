from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matching.errors import InvalidProfileError, MatchingError, UnknownValueError
from matching.models import (
    CEFR,
    Feedback,
    FeedbackEvent,
    Location,
    Opportunity,
    OpportunityType,
    Participant,
)
from matching.testing import TILBURG, make_opportunity, make_participant

FORBIDDEN = {"nationality", "religion", "gender", "sex", "age", "birth_date", "country_of_birth"}


def test_cefr_parse_accepts_codes_and_numbers() -> None:
    assert CEFR.parse("b1") is CEFR.B1
    assert CEFR.parse(6) is CEFR.C2
    with pytest.raises(UnknownValueError, match="valid: A0, A1"):
        CEFR.parse("D1")


@pytest.mark.parametrize("cls", [Participant, Opportunity])
def test_no_protected_attributes(cls: type) -> None:
    names = {f.name for f in dataclasses.fields(cls)}
    assert not names & FORBIDDEN


def test_objects_are_frozen() -> None:
    p = make_participant()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.hours_per_week = 10  # type: ignore[misc]


def test_validation_names_the_bad_value() -> None:
    with pytest.raises(InvalidProfileError, match="95"):
        Location(95.0, 5.0)
    with pytest.raises(MatchingError, match="hours 30-20"):
        Opportunity("o", "e", OpportunityType.WORK, "t", TILBURG, hours_min=30, hours_max=20)
    with pytest.raises(InvalidProfileError, match="max_distance_km"):
        make_participant(max_distance_km=0)


def test_dutch_level_and_open_state() -> None:
    assert make_participant(dutch="A2").dutch is CEFR.A2
    opp = make_opportunity("o", "cook", closing_date=date(2025, 1, 31))
    assert opp.is_open(date(2025, 1, 31)) and not opp.is_open(date(2025, 2, 1))


def test_feedback_from_suggestion_validates_event() -> None:
    from matching.ranking import Ranker
    from matching.testing import toy_graph

    sug = Ranker(toy_graph(), [make_opportunity("o", "cook")]).suggest(
        make_participant(), today=date(2025, 1, 1))[0]
    fb = Feedback.from_suggestion(sug, "declined", reason="distance")
    assert fb.event is FeedbackEvent.DECLINED and fb.features == sug.features
    with pytest.raises(UnknownValueError, match="accepted"):
        Feedback.from_suggestion(sug, "liked")
