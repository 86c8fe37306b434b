"""Every fast path against its brute-force twin (no timing assertions here)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from matching.batch import ParticipantBlock, rematch, rematch_bruteforce
from matching.features import pair_features, prepare
from matching.learn import LinearModel
from matching.models import OpportunityType
from matching.ranking import Ranker
from matching.testing import (
    GOIRLE,
    OCCUPATIONS,
    TILBURG,
    WAALWIJK,
    make_opportunity,
    make_participant,
    occ,
    toy_graph,
)
from matching.vectors import SkillSpace, cooccurrence_table, occupation_similarity

TODAY = date(2025, 3, 1)
LEARNED = LinearModel({"essential_skills": 2.0, "ambition": 1.5, "distance": 0.7}, -1.25,
                      "learned")


@pytest.fixture(scope="module")
def graph():
    return toy_graph()


def _world(seed: int, n_opps: int = 60, n_people: int = 25):
    rng = random.Random(seed)
    places = [TILBURG, GOIRLE, WAALWIJK]
    keys = list(OCCUPATIONS)
    skills = sorted({s for v in OCCUPATIONS.values() for s in v[3] + v[4]} | {"g_food", "nope"})
    opps = [make_opportunity(f"o{i:03d}", rng.choice(keys), kind=rng.choice(list(OpportunityType)),
                             location=rng.choice(places), places=rng.choice([0, 1, 2]),
                             min_dutch=rng.choice(["A1", "B1", "C1"]),
                             hours_min=rng.choice([0, 16]), hours_max=rng.choice([20, 40]),
                             closing_date=rng.choice([date(2025, 1, 1), date(2026, 1, 1)]))
            for i in range(n_opps)]
    people = [make_participant(
        f"p{i:02d}", skills=tuple(rng.sample(skills, rng.randint(0, 4))),
        ambitions=tuple(rng.sample(keys, rng.randint(0, 2))),
        experience=tuple((k, rng.randint(0, 6)) for k in rng.sample(keys, rng.randint(0, 2))),
        dutch=rng.choice(["A0", "A2", "B2"]), hours_per_week=rng.choice([8, 24, 40]),
        max_distance_km=rng.choice([5, 20]), location=rng.choice(places),
        preferred_types=frozenset(rng.sample(list(OpportunityType), rng.randint(0, 2))))
        for i in range(n_people)]
    return opps, people


def test_cooccurrence_table_equals_per_skill_twin(graph) -> None:
    table: dict[str, list[tuple[str, float]]] = {}
    for a, b, cos in cooccurrence_table(graph):
        table.setdefault(graph._skill_list[a], []).append((graph._skill_list[b], cos))
    for skill in graph._skill_list:
        assert tuple(table.get(skill, [])) == graph._cooccurring(skill)


def test_skill_evidence_equals_expand_skills(graph) -> None:
    _, people = _world(1)
    space = SkillSpace.of(graph)
    block = ParticipantBlock.build(people, graph)
    assert space is SkillSpace.of(graph)  # cached per graph
    names = sorted(block.vocab, key=block.vocab.get)
    for row, person in enumerate(sorted(people, key=lambda p: p.id)):
        got = block.evidence[row].toarray().ravel()
        want = {u: ev.strength for u, ev in prepare(person, graph).evidence.items()}
        assert {names[j]: got[j] for j in np.flatnonzero(got)} == pytest.approx(want)


def test_occupation_similarity_block_equals_pairwise(graph) -> None:
    uris = [occ(k) for k in OCCUPATIONS] + [occ("unknown")]
    block = occupation_similarity(graph, uris, uris[::-1])
    for i, a in enumerate(uris):
        for j, b in enumerate(uris[::-1]):
            assert block[i, j] == graph.occupation_similarity(a, b)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("model", [None, LEARNED])
def test_batch_rematch_equals_bruteforce(graph, seed, model) -> None:
    opps, people = _world(seed)
    block = ParticipantBlock.build(people, graph)
    floors = {p.id: random.Random(seed).choice([-99.0, 3.0, 6.0]) for p in people[::2]}
    kw = {"floors": floors, "k": 4, "model": model, "today": TODAY}
    fast = rematch(block, opps, graph, chunk=7, **kw)
    slow = rematch_bruteforce(people, opps, graph, **kw)
    assert fast.keys() == slow.keys()
    for pid, got in fast.items():
        assert [o for o, _ in got] == [o for o, _ in slow[pid]]
        assert [s for _, s in got] == pytest.approx([s for _, s in slow[pid]], abs=1e-9)


def test_batch_features_equal_pair_features(graph) -> None:
    from matching.vectorised import OpportunityBlock, feature_arrays

    opps, people = _world(3, n_opps=20, n_people=10)
    block = ParticipantBlock.build(people, graph)
    opp_block = OpportunityBlock.build(opps, graph, block.vocab, block.occupations)
    feats = feature_arrays(block, opp_block)
    by_id = {o.id: o for o in opps}
    for i, person in enumerate(sorted(people, key=lambda p: p.id)):
        prep = prepare(person, graph)
        for j, oid in enumerate(opp_block.ids):
            want = pair_features(prep, by_id[oid], graph).values
            got = {name: round(float(feats[name][i, j]), 6) for name in want}
            assert got == pytest.approx(want, abs=1e-9)


@pytest.mark.parametrize("seed", [4, 5])
def test_suggest_fast_scoring_equals_bruteforce(graph, seed) -> None:
    opps, people = _world(seed)
    for model in (None, LEARNED):
        r = Ranker(graph, opps, candidates=len(opps), model=model)
        for p in people:
            assert r.suggest(p, today=TODAY, limit=5) == r.suggest_bruteforce(
                p, today=TODAY, limit=5)


@pytest.mark.parametrize("seed", [6, 7])
def test_distance_band_mask_equals_per_pair_filters(graph, seed) -> None:
    from matching.candidates import OpportunityIndex, passes_filters
    from matching.models import Location

    rng = random.Random(seed)
    spot = lambda: Location(rng.uniform(51.0, 53.0), rng.uniform(3.5, 7.0))  # noqa: E731
    opps = [make_opportunity(f"o{i:03d}", rng.choice(list(OCCUPATIONS)), location=spot(),
                             kind=rng.choice(list(OpportunityType)), places=rng.choice([0, 1]))
            for i in range(300)]
    index = OpportunityIndex.build(opps, graph)
    for i in range(40):
        p = make_participant(f"p{i}", location=spot(), max_distance_km=rng.choice([5, 30, 120]))
        kinds = rng.sample(list(OpportunityType), rng.randint(1, 3))
        mask, dist = index.mask(p, types=kinds, max_km=p.max_distance_km, today=TODAY)
        want = [passes_filters(p, o, types=kinds, max_km=p.max_distance_km, today=TODAY)
                for o in index.opportunities]
        assert mask.tolist() == want
        assert np.isfinite(dist[mask]).all()


def test_round6_equals_python_round() -> None:
    from matching.vectorised import round6

    rng = random.Random(8)
    values = [w * round(rng.uniform(-1, 1), 6) for w in (1.5, 0.8, 2.33, 1.0) for _ in range(5000)]
    values += [0.0078125, 2.5e-6, 1.0000005, -0.0000005, 3.4999995, 0.0]
    got = round6(np.array(values).reshape(-1, 2))
    assert got.ravel().tolist() == [round(v, 6) for v in values]


def test_model_total_equals_sum_of_contributions() -> None:
    from matching.learn import default_model
    from matching.ranking import model_total

    rng = random.Random(9)
    for model in (default_model(), LEARNED):
        for _ in range(500):
            values = {n: round(rng.uniform(-1, 1), 6) for n in model.weights}
            want = round(sum(c.value for c in model.contributions(values)), 6)
            assert model_total(model, values) == want


@pytest.mark.slow
def test_fast_paths_equal_twins_on_real_esco(esco_store) -> None:
    from evaluation import bench_data
    from matching.graph import TaxonomyGraph

    real = TaxonomyGraph.from_store(esco_store)
    table: dict[int, list[tuple[int, float]]] = {}
    for a, b, cos in cooccurrence_table(real):
        table.setdefault(a, []).append((b, cos))
    for i in random.Random(10).sample(range(len(real._skill_list)), 300):
        want = real._cooccurring(real._skill_list[i])
        assert tuple((real._skill_list[b], c) for b, c in table.get(i, [])) == want
    people = [replace(p, max_distance_km=300) for p in bench_data.participants(real, 30, seed=4)]
    opps = bench_data.opportunities(real, 80, seed=4)
    block = ParticipantBlock.build(people, real)
    names = sorted(block.vocab, key=block.vocab.get)
    for row, person in enumerate(sorted(people, key=lambda p: p.id)):
        got = block.evidence[row].toarray().ravel()
        want = {u: ev.strength for u, ev in prepare(person, real).evidence.items()}
        assert {names[j]: got[j] for j in np.flatnonzero(got)} == pytest.approx(want)
    kw = {"k": 5, "today": bench_data.TODAY}
    fast = rematch(block, opps, real, chunk=8, **kw)
    slow = rematch_bruteforce(people, opps, real, **kw)
    assert fast.keys() == slow.keys() and len(fast) == len(people)
    for pid, got in fast.items():
        assert [o for o, _ in got] == [o for o, _ in slow[pid]]
        assert [s for _, s in got] == pytest.approx([s for _, s in slow[pid]], abs=1e-9)
