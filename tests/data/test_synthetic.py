from __future__ import annotations

import pytest

from data.synthetic import generate, grade
from matching.graph import TaxonomyGraph

E = "http://data.europa.eu/esco/"


@pytest.fixture(scope="module")
def graph() -> TaxonomyGraph:
    """Six occupations in three ISCO unit groups, five essential skills each."""
    rels, isco, labels = [], {}, {"occupation_en": {}, "occupation_nl": {}, "skill_en": {}}
    for g, code in enumerate(["5120", "9333", "7512"]):
        for k in range(2):
            occ = f"{E}occupation/o{g}{k}"
            isco[occ] = code
            labels["occupation_en"][occ] = f"job {g}{k}"
            labels["occupation_nl"][occ] = f"baan {g}{k}"
            for s in range(5):
                skill = f"{E}skill/s{g}{(s + k) % 6}"
                rels.append((occ, skill, "essential"))
                labels["skill_en"][skill] = f"skill {g}{(s + k) % 6}"
    return TaxonomyGraph(rels, isco=isco, labels=labels, version="syn")


def test_same_seed_same_benchmark(graph) -> None:
    a = generate(graph, n_participants=20, n_opportunities=40, seed=3)
    b = generate(graph, n_participants=20, n_opportunities=40, seed=3)
    assert a == b
    assert a != generate(graph, n_participants=20, n_opportunities=40, seed=4)


def test_any_size_and_graded_relevance(graph) -> None:
    bench = generate(graph, n_participants=30, n_opportunities=90, seed=0)
    assert len(bench.participants) == 30 and len(bench.opportunities) == 90
    grades = {g for r in bench.relevance.values() for g in r.values()}
    assert {2, 3} <= grades
    for p in bench.participants:
        target = bench.targets[p.id]
        for o in bench.opportunities:
            occ = o.occupations[0].uri
            got = bench.relevance[p.id].get(o.id, 0)
            if occ == target:
                assert got == 3
            elif graph.isco[occ] == graph.isco[target]:
                assert got == 2
            else:
                assert got in (0, 1)


def test_grade_one_needs_two_shared_skills(graph) -> None:
    bench = generate(graph, n_participants=1, n_opportunities=30, seed=1)
    opp = next(o for o in bench.opportunities if graph.isco[o.occupations[0].uri] == "9333")
    target = f"{E}occupation/o00"
    assert grade(target, set(graph.essential[opp.occupations[0].uri][:2]), opp, graph) == 1
    assert grade(target, set(graph.essential[opp.occupations[0].uri][:1]), opp, graph) == 0


def test_both_languages_and_texts(graph) -> None:
    bench = generate(graph, n_participants=40, n_opportunities=20, seed=0, nl_share=0.5)
    langs = {p.input_lang for p in bench.participants}
    assert langs == {"nl", "en"}
    assert all(bench.texts[p.id] for p in bench.participants)
