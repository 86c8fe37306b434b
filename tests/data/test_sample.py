from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest

from data import SAMPLE_DIR, load_sample, read_meta
from data.jobs import JOBS
from data.people import BACKGROUNDS
from data.sample import (
    REFERENCE_DATE,
    SampleDataError,
    display_names,
    generate_sample,
    write_sample,
)
from matching.codec import opportunity_from_dict, participant_from_dict, to_dict
from matching.geo import MUNICIPALITIES
from matching.graph import TaxonomyGraph
from matching.models import OpportunityType
from matching.ranking import Ranker
from matching.testing import toy_graph

FAR_FUTURE = date(2040, 6, 15)


def catalogue_graph() -> TaxonomyGraph:
    """A graph holding exactly the labels the hand-written catalogue names (fake URIs)."""
    occs = {j.esco for j in JOBS} | {b.esco for b in BACKGROUNDS if b.esco}
    skills = {s.esco for j in JOBS for s in j.skills} | {
        s.esco for b in BACKGROUNDS for s in b.skills}
    o_uri = {label: f"urn:occ:{i}" for i, label in enumerate(sorted(occs))}
    s_uri = {label: f"urn:skill:{i}" for i, label in enumerate(sorted(skills))}
    relations = [(o_uri[j.esco], s_uri[s.esco], "essential") for j in JOBS for s in j.skills]
    relations += [(o_uri[b.esco], s_uri[s.esco], "essential") for b in BACKGROUNDS if b.esco
                  for s in b.skills]
    labels = {"occupation_en": {u: k for k, u in o_uri.items()},
              "skill_en": {u: k for k, u in s_uri.items()}}
    return TaxonomyGraph(sorted(set(relations)), labels=labels, version="catalogue")


def test_committed_sample_loads_and_fits_the_region() -> None:
    people, opps = load_sample()
    assert 140 <= len(people) <= 160 and 550 <= len(opps) <= 650
    assert {p.location.municipality for p in people} <= set(MUNICIPALITIES)
    assert {o.location.municipality for o in opps} == set(MUNICIPALITIES)
    assert {o.type for o in opps} == set(OpportunityType)
    assert {p.input_lang for p in people} == {"nl", "en"}
    assert all(o.occupations and o.occupations[0].uri.startswith("http") for o in opps)
    assert all(p.ambitions and p.skills for p in people)
    assert 60 <= len({o.employer_id for o in opps}) <= 120
    assert len({p.coach_id for p in people}) == 8
    size = sum(f.stat().st_size for f in SAMPLE_DIR.iterdir())
    assert size < 2_000_000


def test_sample_records_have_no_protected_fields() -> None:
    protected = {"nationality", "religion", "gender", "age", "birth_date"}
    for line in (SAMPLE_DIR / "participants.jsonl").read_text().splitlines()[:20]:
        assert not protected & set(json.loads(line))
    names = read_meta(SAMPLE_DIR)["display_names"]
    assert len(names) == len(load_sample()[0])
    assert all(n.endswith(".") and len(n.split()) == 2 for n in names.values())


def test_dutch_vacancies_do_not_paste_english_esco_labels() -> None:
    _, opps = load_sample()
    for o in opps:
        if o.lang == "nl":
            assert all(r.label not in o.description for r in o.essential_skills if
                       r.label != r.phrase), o.id


@pytest.mark.parametrize("today", [date.today(), FAR_FUTURE])
def test_sample_is_current_on_any_load_day(today: date) -> None:
    people, opps = load_sample(today=today)
    open_now = [o for o in opps if o.is_open(today)]
    assert len(open_now) >= 0.75 * len(opps) and len(open_now) < len(opps)
    starts = sorted(o.start_date - today for o in opps if o.start_date)
    assert timedelta(days=-30) <= starts[0] and starts[-1] <= timedelta(days=150)
    graph = catalogue_graph()
    ranker = Ranker(graph, opps, candidates=50)
    with_suggestions = [p for p in people[:40] if ranker.suggest(p, today=today)]
    assert len(with_suggestions) >= 30


def test_load_keeps_the_spacing_of_dates() -> None:
    _, before = load_sample(today=REFERENCE_DATE)
    _, after = load_sample(today=REFERENCE_DATE + timedelta(days=400))
    for a, b in zip(before[:50], after[:50], strict=True):
        assert b.start_date - a.start_date == timedelta(days=400)
        if a.closing_date:
            assert b.closing_date - a.closing_date == timedelta(days=400)


def test_generation_is_deterministic_and_round_trips(tmp_path) -> None:
    graph = catalogue_graph()
    a = generate_sample(graph, seed=1, n_participants=6, n_opportunities=10)
    assert a == generate_sample(graph, seed=1, n_participants=6, n_opportunities=10)
    write_sample(*a, tmp_path, names=display_names(a[0], seed=1))
    assert load_sample(tmp_path, today=REFERENCE_DATE) == a
    p = a[0][0]
    assert participant_from_dict(to_dict(p)) == p
    assert opportunity_from_dict(to_dict(a[1][0])) == a[1][0]
    assert dataclasses.is_dataclass(p)


def test_unknown_catalogue_label_fails_loudly() -> None:
    with pytest.raises(SampleDataError, match="not a preferred English label"):
        generate_sample(toy_graph(), n_participants=1, n_opportunities=1)


@pytest.mark.slow
def test_sample_ranks_on_real_esco(esco_store) -> None:
    people, opps = load_sample()
    graph = TaxonomyGraph.from_store(esco_store)
    generate_sample(graph, n_participants=2, n_opportunities=2)  # every label resolves
    ranker = Ranker(graph, opps, candidates=len(opps))
    for p in people[:5]:
        fast = ranker.suggest(p)
        assert fast == ranker.suggest_bruteforce(p)
        for s in fast:
            assert s.distance_km <= p.max_distance_km and s.taxonomy_version == "1.2.0"
            assert s.explanation.summary_nl
