"""The occupation bridge: Dutch phrases reach English-labelled skills through Dutch job titles."""

from __future__ import annotations

import numpy as np
import pytest

from matching.config import NormaliserConfig
from matching.embeddings import FakeEncoder
from matching.extract import ExtractorConfig, SkillExtractor
from matching.index import top_per_group
from matching.normalise import Normaliser
from matching.skill_bridge import OccupationBridge, WordLinker
from tests.fixtures.labels import Label

OCCUPATIONS = [
    Label("o-paperhanger", "en", "preferred", "paperhanger"),
    Label("o-paperhanger", "nl", "preferred", "behanger"),
    Label("o-cashier", "en", "preferred", "cashier"),
    Label("o-cashier", "nl", "preferred", "kassamedewerker"),
    Label("o-baker", "en", "preferred", "baker"),
    Label("o-baker", "nl", "preferred", "bakker"),
]
SKILLS = [  # English labels only, like the ESCO copy this project is measured on
    Label("s-wallpaper", "en", "preferred", "hang wallpaper"),
    Label("s-paste", "en", "preferred", "mix wallpaper paste"),
    Label("s-register", "en", "preferred", "operate cash register"),
    Label("s-bread", "en", "preferred", "bake bread"),
]
LINKS = {"o-paperhanger": ["s-wallpaper", "s-paste"], "o-cashier": ["s-register"],
         "o-baker": ["s-bread"]}


@pytest.fixture(scope="module")
def normaliser(tmp_path_factory: pytest.TempPathFactory) -> Normaliser:
    config = NormaliserConfig(encoders=("fake",), fusion="weights",
                              cache_dir=str(tmp_path_factory.mktemp("cache")))
    return Normaliser({"occupation": OCCUPATIONS, "skill": SKILLS}, version="t",
                      config=config, encoders=[FakeEncoder()], essential_skills=LINKS)


def test_words_link_a_phrase_to_the_job_that_does_it(normaliser: Normaliser) -> None:
    index = normaliser.indexes["occupation"]
    linker = WordLinker(index)
    title, concept, score = linker.link(
        ["behangen", "kassa", "", "een hele lange zin zonder beroep"], top=1)
    found = {int(t): index.uris[c] for t, c in zip(title, concept, strict=True)}
    assert found == {0: "o-paperhanger", 1: "o-cashier"}  # long and empty texts: no link
    assert np.all((score > 0) & (score <= 1))
    title, _, _ = linker.link(["bakker", "xyz"], top=3)
    assert set(title.tolist()) == {0}  # "xyz" shares no word stem with any job


def test_bridge_values_the_job_skill_closest_to_the_phrase(normaliser: Normaliser) -> None:
    skills = normaliser.indexes["skill"]
    bridge = OccupationBridge(normaliser.indexes["occupation"], skills, LINKS, encoder="fake")
    phrase = FakeEncoder().encode_queries(["hang wallpaper"])  # the phrase *is* that skill
    reached = bridge.score(["behangen"], phrase)
    value = {skills.uris[c]: float(v) for c, v in zip(reached.concept, reached.value,
                                                      strict=True)}
    assert set(value) == {"s-wallpaper", "s-paste"}  # the paperhanger's skills, nothing else
    assert value["s-wallpaper"] > value["s-paste"]
    _, _, link = bridge.words.link(["behangen"], top=1)
    assert value["s-wallpaper"] == pytest.approx(float(link[0]), abs=1e-5)  # cosine 1
    assert not len(bridge.score([""], phrase).cand)


def test_dutch_text_reaches_skills_through_jobs_but_never_over_the_threshold(
        normaliser: Normaliser) -> None:
    extractor = SkillExtractor(normaliser, skill_links=LINKS)
    off = SkillExtractor(normaliser, skill_links=LINKS,
                         config=ExtractorConfig(bridge_weight=0.0))
    text = "Kassa, behangen"
    found = {s.uri: s for s in extractor.rank([text], lang="nl")[0]}
    without = {s.uri: s for s in off.rank([text], lang="nl")[0]}
    register = found["s-register"]  # labels in the language asked for
    assert register.evidence == '"Kassa" is work of "kassamedewerker"'
    assert register.span == (0, 5)
    assert "work of" not in without["s-register"].evidence
    assert without["s-register"].score < register.score < extractor.config.threshold
    assert "s-register" not in {s.uri for s in extractor.extract([text], lang="nl")[0]}
    # a skill the phrase does not match at all is reached through the job alone
    bridge_only = SkillExtractor(normaliser, skill_links=LINKS,
                                 config=ExtractorConfig(shortlist_other=1, bridge_min_value=0))
    found = {s.uri: s for s in bridge_only.rank(["behangen"])[0]}
    paste = found["s-paste"]
    assert paste.evidence == '"behangen" is work of "paperhanger"'
    assert paste.span == (0, 8) and 0 < paste.score < extractor.config.threshold
    # English text takes the direct path only
    english = extractor.rank(["worked at the kassa"], lang="en")[0]
    assert not any("is work of" in s.evidence for s in english)


def test_top_per_group_keeps_the_best_and_the_earlier_on_ties() -> None:
    groups = np.array([3, 1, 3, 1, 2])
    scores = np.array([0.5, 0.2, 0.9, 0.2, 0.1])
    assert top_per_group(groups, scores, 1).tolist() == [1, 4, 2]
    assert top_per_group(groups, scores, 2).tolist() == [1, 3, 4, 2, 0]
    assert top_per_group(np.zeros(0, np.int64), np.zeros(0), 1).tolist() == []
