from __future__ import annotations

import dataclasses
import json

import pytest

from data import SAMPLE_DIR, load_sample
from data.sample import generate_sample, write_sample
from matching.codec import opportunity_from_dict, participant_from_dict, to_dict
from matching.geo import MUNICIPALITIES
from matching.models import OpportunityType
from matching.testing import toy_graph


def test_committed_sample_loads_and_fits_the_region() -> None:
    people, opps = load_sample()
    assert 140 <= len(people) <= 160 and 550 <= len(opps) <= 650
    assert {p.location.municipality for p in people} <= set(MUNICIPALITIES)
    assert {o.type for o in opps} == set(OpportunityType)
    assert {p.input_lang for p in people} == {"nl", "en"}
    assert all(o.occupations and o.occupations[0].uri.startswith("http") for o in opps)
    assert all(p.ambitions and p.skills for p in people)
    size = sum(f.stat().st_size for f in SAMPLE_DIR.glob("*.jsonl"))
    assert size < 2_000_000


def test_sample_records_have_no_protected_fields() -> None:
    record = json.loads((SAMPLE_DIR / "participants.jsonl").read_text().splitlines()[0])
    assert not {"nationality", "religion", "gender", "age", "birth_date"} & set(record)


def test_generation_is_deterministic_and_round_trips(tmp_path) -> None:
    graph = toy_graph()
    a = generate_sample(graph, seed=1, n_participants=5, n_opportunities=8)
    assert a == generate_sample(graph, seed=1, n_participants=5, n_opportunities=8)
    write_sample(*a, tmp_path)
    assert load_sample(tmp_path) == a
    p = a[0][0]
    assert participant_from_dict(to_dict(p)) == p
    assert opportunity_from_dict(to_dict(a[1][0])) == a[1][0]
    assert dataclasses.is_dataclass(p)


@pytest.mark.slow
def test_sample_ranks_on_real_esco(esco_store) -> None:
    from datetime import date

    from matching.graph import TaxonomyGraph
    from matching.ranking import Ranker

    people, opps = load_sample()
    ranker = Ranker(TaxonomyGraph.from_store(esco_store), opps, candidates=len(opps))
    for p in people[:5]:
        fast = ranker.suggest(p, today=date(2025, 10, 1))
        assert fast == ranker.suggest_bruteforce(p, today=date(2025, 10, 1))
        for s in fast:
            assert s.distance_km <= p.max_distance_km and s.taxonomy_version == "1.2.0"
            assert s.explanation.summary_nl
