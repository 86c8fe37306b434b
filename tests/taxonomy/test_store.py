"""Read-only lookups over the tiny taxonomy."""

from __future__ import annotations

import pytest

from taxonomy.errors import ConceptNotFound, TaxonomyError, TaxonomyNotImported
from taxonomy.store import TaxonomyStore
from tests.fixtures.tiny_esco import ESSENTIAL, SKILL_GROUP, occ_uri, skill_uri


def test_search_finds_dutch_compound_prefix(tiny_store: TaxonomyStore) -> None:
    hits = tiny_store.search("heftruck", lang="nl", kind="occupation")
    assert hits[0].uri == occ_uri("forklift")
    assert hits[0].preferred_label == "heftruckchauffeur"


def test_search_returns_one_hit_per_concept(tiny_store: TaxonomyStore) -> None:
    hits = tiny_store.search("forklift", limit=10)
    assert len({h.uri for h in hits}) == len(hits)
    assert {occ_uri("forklift"), skill_uri("forklift")} <= {h.uri for h in hits}


def test_search_ignores_accents_and_punctuation(tiny_store: TaxonomyStore) -> None:
    assert tiny_store.search("hygiene!", kind="skill")[0].uri == skill_uri("hygiene")
    assert tiny_store.search("   ") == []


def test_search_rejects_unknown_kind(tiny_store: TaxonomyStore) -> None:
    with pytest.raises(TaxonomyError, match="unknown kind 'job'"):
        tiny_store.search("cook", kind="job")


def test_labels_and_preferred_labels(tiny_store: TaxonomyStore) -> None:
    labels = tiny_store.labels("occupation", lang="nl")
    assert {lab.lang for lab in labels} == {"nl"}
    assert any(lab.text == "schoonmaakster" and lab.label_type == "alternative" for lab in labels)
    assert tiny_store.preferred_labels("occupation", lang="nl")[occ_uri("kitchen")] == "keukenhulp"
    fallback = tiny_store.preferred_labels("occupation", lang="de")
    assert fallback[occ_uri("kitchen")] == "kitchen porter"


def test_relations(tiny_store: TaxonomyStore) -> None:
    skills = tiny_store.occupation_skills(occ_uri("kitchen"))
    assert skills["essential"] == sorted(skill_uri(k) for k in ESSENTIAL["kitchen"])
    relations = tiny_store.occupation_skill_relations()
    assert (occ_uri("bus"), skill_uri("drive"), "essential") in relations
    assert tiny_store.occupation_isco()[occ_uri("bus")] == "8331"
    assert tiny_store.skill_broader()[skill_uri("sew")] == [SKILL_GROUP]
    assert tiny_store.collection("transversal") == {skill_uri("dutch"), skill_uri("teamwork")}


def test_concept_not_found(tiny_store: TaxonomyStore) -> None:
    with pytest.raises(ConceptNotFound, match="no ESCO concept"):
        tiny_store.concept("http://data.europa.eu/esco/occupation/nope")


def test_store_on_empty_database(tmp_path) -> None:
    with pytest.raises(TaxonomyNotImported, match="taxonomy import"):
        TaxonomyStore(tmp_path / "missing.db")
