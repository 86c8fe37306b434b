from __future__ import annotations

from datetime import date

from matching.ranking import Ranker
from matching.testing import make_opportunity, make_participant, occ, skill, toy_graph

TODAY = date(2025, 3, 1)


def _one(participant, opportunity):
    return Ranker(toy_graph(), [opportunity]).suggest(participant, today=TODAY)[0]


def test_explanation_uses_exactly_the_contributions() -> None:
    s = _one(make_participant(skills=("prepare_food",)), make_opportunity("o", "cook"))
    assert s.explanation.contributions == s.contributions
    assert "Essential skills covered" in s.explanation.summary_en
    assert "Vereiste vaardigheden" in s.explanation.summary_nl


def test_matched_skills_chain_phrase_to_requirement() -> None:
    s = _one(make_participant(skills=("prepare_food",)), make_opportunity("o", "baker"))
    match = next(m for m in s.explanation.matched_skills
                 if m.requirement_uri == skill("bake_bread"))
    assert (match.phrase, match.skill_uri, match.relation) == (
        "prepare food", skill("prepare_food"), "narrower")
    assert match.essential


def test_missing_skills_and_dutch_gap_become_learning_goals() -> None:
    s = _one(make_participant(skills=("handle_cash",), dutch="A1"),
             make_opportunity("o", "gardener", kind="volunteering", min_dutch="A2"))
    missing = {c.uri for c in s.explanation.missing_essential}
    assert missing == {skill("plant_care"), skill("garden_tools")}
    kinds = [g.kind for g in s.explanation.learning]
    assert kinds == ["dutch", "training", "training"]
    dutch = s.explanation.learning[0]
    assert dutch.concept_uri == occ("gardener") and "hovenier" in dutch.text_nl


def test_experience_counts_as_skill_evidence() -> None:
    p = make_participant(experience=(("kitchen_assistant", 3),))
    s = _one(p, make_opportunity("o", "cook"))
    rel = {m.requirement_uri: m.relation for m in s.explanation.matched_skills}
    assert rel[skill("food_hygiene")] == "experience"
