from __future__ import annotations

import random
from datetime import date

import pytest

from matching.candidates import candidates_bruteforce
from matching.errors import UnknownValueError
from matching.features import prepare
from matching.models import OpportunityType
from matching.ranking import Ranker
from matching.testing import (
    GOIRLE,
    OCCUPATIONS,
    TILBURG,
    WAALWIJK,
    make_opportunity,
    make_participant,
    toy_graph,
)

TODAY = date(2025, 3, 1)


@pytest.fixture(scope="module")
def graph():
    return toy_graph()


def ids(suggestions) -> list[str]:
    return [s.opportunity_id for s in suggestions]


def test_obvious_order_cook(graph) -> None:
    opps = [make_opportunity(k, k) for k in OCCUPATIONS]
    cook = make_participant(skills=("prepare_food", "food_hygiene"), ambitions=("cook",))
    got = ids(Ranker(graph, opps).suggest(cook, today=TODAY, limit=3))
    assert got[0] == "cook"
    assert set(got[1:]) == {"kitchen_assistant", "baker"}


def test_obvious_order_warehouse(graph) -> None:
    opps = [make_opportunity(k, k) for k in OCCUPATIONS]
    p = make_participant(skills=("forklift",), experience=(("warehouse_worker", 4),))
    got = ids(Ranker(graph, opps).suggest(p, today=TODAY, limit=2))
    assert got == ["warehouse_worker", "shop_assistant"]


def test_hard_filters(graph) -> None:
    opps = [
        make_opportunity("ok", "cook"),
        make_opportunity("closed", "cook", closing_date=date(2025, 2, 1)),
        make_opportunity("full", "cook", places=0),
        make_opportunity("far", "cook", location=WAALWIJK),
        make_opportunity("hours", "cook", hours_min=36, hours_max=40),
        make_opportunity("intern", "cook", kind="internship"),
    ]
    p = make_participant(ambitions=("cook",), hours_per_week=24, max_distance_km=10)
    r = Ranker(graph, opps)
    assert ids(r.suggest(p, today=TODAY)) == ["intern", "ok"]  # tie: by id
    assert ids(r.suggest(p, today=TODAY, types=["internship"])) == ["intern"]
    assert ids(r.suggest(p, today=TODAY, max_km=1)) == ["intern", "ok"]
    with pytest.raises(UnknownValueError, match="volunteering"):
        r.suggest(p, today=TODAY, types=["job"])


def test_closer_wins_when_all_else_equal_and_ties_by_id(graph) -> None:
    opps = [make_opportunity("b", "cook"), make_opportunity("a", "cook"),
            make_opportunity("c", "cook", location=GOIRLE)]
    p = make_participant(ambitions=("cook",), location=TILBURG)
    assert ids(Ranker(graph, opps).suggest(p, today=TODAY)) == ["a", "b", "c"]


def test_dutch_gap_tolerated_more_for_internships(graph) -> None:
    opps = [make_opportunity("work", "cook", min_dutch="B2"),
            make_opportunity("intern", "cook", kind="internship", min_dutch="B2")]
    p = make_participant(ambitions=("cook",), dutch="B1")
    by_id = {s.opportunity_id: s for s in Ranker(graph, opps).suggest(p, today=TODAY)}
    dutch = {k: next(c.feature for c in s.contributions if c.name == "dutch")
             for k, s in by_id.items()}
    assert dutch["intern"] > 0 > dutch["work"]


def test_score_is_sum_of_contributions_and_versions(graph) -> None:
    r = Ranker(graph, [make_opportunity("o", "baker")])
    s = r.suggest(make_participant(skills=("bake_bread",)), today=TODAY)[0]
    assert s.score == pytest.approx(sum(c.value for c in s.contributions))
    assert all(c.value == pytest.approx(c.weight * c.feature) for c in s.contributions)
    assert s.model_version.startswith("default-") and s.taxonomy_version == "toy-1"


def test_deterministic(graph) -> None:
    opps = [make_opportunity(f"o{i}", k) for i, k in enumerate(OCCUPATIONS)]
    p = make_participant(skills=("stack_goods", "serve_customers"))
    assert Ranker(graph, opps).suggest(p, today=TODAY) == Ranker(graph, opps[::-1]).suggest(
        p, today=TODAY)


def _random_world(seed: int):
    rng = random.Random(seed)
    places = [TILBURG, GOIRLE, WAALWIJK]
    kinds = [t.value for t in OpportunityType]
    opps = [make_opportunity(f"o{i:03d}", rng.choice(list(OCCUPATIONS)), kind=rng.choice(kinds),
                             location=rng.choice(places), places=rng.choice([0, 1, 2]),
                             hours_min=rng.choice([0, 16, 32]), hours_max=40)
            for i in range(80)]
    skills = sorted({s for v in OCCUPATIONS.values() for s in v[3] + v[4]})
    people = [make_participant(f"p{i}", skills=tuple(rng.sample(skills, 3)),
                               ambitions=(rng.choice(list(OCCUPATIONS)),),
                               hours_per_week=rng.choice([8, 24, 40]),
                               max_distance_km=rng.choice([5, 20]), location=rng.choice(places))
              for i in range(12)]
    return opps, people


@pytest.mark.parametrize("seed", [0, 1])
def test_fast_candidates_equal_bruteforce_twin(graph, seed) -> None:
    opps, people = _random_world(seed)
    r = Ranker(graph, opps, candidates=7)
    for p in people:
        prep = prepare(p, graph)
        mask, _ = r.index.mask(p, types=list(OpportunityType), max_km=p.max_distance_km,
                               today=TODAY)
        from matching.candidates import participant_vector

        fast = [r.index.opportunities[i].id for i in r.index.top_k(
            participant_vector(prep, graph), mask, 7)]
        slow = candidates_bruteforce(opps, prep, graph, k=7, types=list(OpportunityType),
                                     max_km=p.max_distance_km, today=TODAY)
        assert fast == slow


@pytest.mark.parametrize("seed", [2, 3])
def test_suggest_equals_bruteforce_when_candidates_cover_all(graph, seed) -> None:
    opps, people = _random_world(seed)
    r = Ranker(graph, opps, candidates=len(opps))
    for p in people:
        assert r.suggest(p, today=TODAY, limit=10) == r.suggest_bruteforce(p, today=TODAY,
                                                                          limit=10)
