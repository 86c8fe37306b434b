"""Integration: import the real ESCO v1.2.0 download (EN + NL) and check its counts."""

from __future__ import annotations

import pytest

from taxonomy.esco_import import read_meta
from taxonomy.store import TaxonomyStore

pytestmark = pytest.mark.slow

# Row counts from ../shared/esco/README.md.
EXPECTED = {
    "esco_occupations": 3039,
    "esco_skills": 13939,
    "esco_isco_groups": 619,
    "esco_skill_groups": 640,
    "esco_occupation_skills": 129004,
    "esco_skill_relations": 5818,
    "esco_broader": 3652 + 20822,
    "esco_collections": 1284 + 591 + 359 + 95 + 40 + 25 + 122,
    "esco_concept_schemes": 19,
}


def test_counts_match_the_download_readme(esco_db) -> None:
    meta = read_meta(esco_db)
    assert meta["version"] == "1.2.0"
    assert meta["languages"] == ["en", "nl"]
    for table, count in EXPECTED.items():
        assert meta["counts"][table] == count, table


def test_heftruck_finds_forklift_operator(esco_store: TaxonomyStore) -> None:
    hits = esco_store.search("heftruck", lang="nl", kind="occupation")
    assert hits[0].preferred_label == "heftruckchauffeur"
    assert esco_store.concept(hits[0].uri).preferred("en") == "forklift operator"


def test_occupation_relations(esco_store: TaxonomyStore) -> None:
    uri = esco_store.search("forklift operator", lang="en", kind="occupation")[0].uri
    concept = esco_store.concept(uri)
    assert concept.isco_group == "8344"
    assert len(concept.essential_skills) > 10
    labels = {esco_store.preferred_label(s) for s in concept.essential_skills}
    assert "operate forklift" in labels
