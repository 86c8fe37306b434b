"""The extractor's fast path against brute-force twins, on the tiny store with a fake encoder."""

from __future__ import annotations

import numpy as np
import pytest

from matching.config import NormaliserConfig
from matching.embeddings import FakeEncoder
from matching.index import cleaner_for
from matching.normalise import Normaliser
from matching.skill_model import feature_names, predict, sentence_features, skill_prior
from matching.skill_scoring import PhraseScorer

CANDS = ["operate forklift", "heftruck besturen", "python programming and teamwork",
         "sewing", "we are a dynamic company", "excel"]
GROUPS = [[0, 1], [2, 3], [4, 5]]


@pytest.fixture(scope="module")
def setup(tiny_store, tmp_path_factory: pytest.TempPathFactory):
    cache = tmp_path_factory.mktemp("cache")
    norm = Normaliser.from_store(
        tiny_store, config=NormaliserConfig(encoders=("fake",), cache_dir=str(cache)),
        encoders=[FakeEncoder()])
    index = norm.indexes["skill"]
    second = FakeEncoder(dim=32, name="fake2")
    encoders = {"fake": index.encoders["fake"], "fake2": second}
    embeddings = {"fake": index.embeddings["fake"],
                  "fake2": second.encode_documents(index.texts)}
    cands = [cleaner_for("skill")(c) for c in CANDS]
    return norm, index, encoders, embeddings, cands


def brute(index, encoders, embeddings, cands) -> dict[str, np.ndarray]:
    """Every signal for every (candidate, concept): loops over concepts, full matrices."""
    label = {n: encoders[n].encode_queries(cands) @ embeddings[n].T for n in encoders}
    label["tfidf"] = index.tfidf.scores(cands)
    out = {n: np.zeros((len(cands), len(index.uris))) for n in label}
    for c in range(len(index.uris)):
        texts = index.label_clean[index.label_rows(c)]
        for name, block in label.items():
            out[name][:, c] = np.clip(block[:, texts].max(axis=1), 0, 1)
    return out


@pytest.mark.parametrize("probe", ["labels", "pruned"])
def test_fast_path_matches_brute_force(setup, probe: str) -> None:
    _, index, encoders, embeddings, cands = setup
    scorer = PhraseScorer(index, encoders=encoders, embeddings=embeddings,
                          shortlist=len(index.texts), probe=probe, probe_prune=1.5)
    pairs = scorer.score(cands, GROUPS)
    twin = brute(index, encoders, embeddings, cands)
    for group in GROUPS:  # a full shortlist pairs every member with every concept
        got = {(int(c), int(k)) for c, k in zip(pairs.cand, pairs.concept, strict=True)
               if c in group}
        assert got == {(m, k) for m in group for k in range(len(index.uris))}
    heads = np.isin(pairs.cand, [g[0] for g in GROUPS])
    for name in ("fake", "fake2", "tfidf"):
        expect = twin[name][pairs.cand, pairs.concept]
        if name == "fake2":  # the second encoder reads only each group's sentence (first)
            expect = np.where(heads, expect, 0.0)
        assert pairs.signals[name] == pytest.approx(expect, abs=1e-5), name
    assert pairs.signals["fake2"][heads].max() > 0


class Counting(FakeEncoder):
    """A fake encoder that remembers what it was asked to encode."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.seen: list[str] = []
        self.threads: set[str] = set()

    def encode_queries(self, texts):
        import threading

        self.seen += list(texts)
        self.threads.add(threading.current_thread().name)
        return super().encode_queries(texts)


def test_second_encoder_reads_and_shortlists_whole_sentences_only(setup) -> None:
    _, index, encoders, embeddings, cands = setup
    second = Counting(dim=32, name="fake2")
    scorer = PhraseScorer(index, encoders={"fake": encoders["fake"], "fake2": second},
                          embeddings=embeddings, shortlist=1, other_shortlist=2)
    pairs = scorer.score(cands, GROUPS)
    assert sorted(second.seen) == sorted(cands[g[0]] for g in GROUPS)
    alone = PhraseScorer(index, encoders={"fake": encoders["fake"]},
                         embeddings={"fake": embeddings["fake"]}, shortlist=1)
    # its shortlist adds concepts to the sentences' pools, never fewer
    pool = {(int(c), int(k)) for c, k in zip(pairs.cand, pairs.concept, strict=True)}
    base = alone.score(cands, GROUPS)
    assert {(int(c), int(k)) for c, k in zip(base.cand, base.concept, strict=True)} <= pool


def test_shortlist_keeps_the_best_and_exact_hits(setup) -> None:
    _, index, encoders, embeddings, cands = setup
    scorer = PhraseScorer(index, encoders=encoders, embeddings=embeddings, shortlist=1)
    pairs = scorer.score(cands, GROUPS, use=["fake"])
    assert set(pairs.signals) == {"fake", "tfidf", "exact", "contains"}
    uris = [index.uris[k] for c, k in zip(pairs.cand, pairs.concept, strict=True) if c == 0]
    assert "http://data.europa.eu/esco/skill/tiny-forklift" in uris
    exact = {(int(c), index.uris[k]): float(e) for c, k, e in
             zip(pairs.cand, pairs.concept, pairs.signals["exact"], strict=True) if e}
    assert exact[(0, "http://data.europa.eu/esco/skill/tiny-forklift")] == 1.0
    contains = {(int(c), index.uris[k]) for c, k, e in
                zip(pairs.cand, pairs.concept, pairs.signals["contains"], strict=True) if e}
    assert (5, "http://data.europa.eu/esco/skill/tiny-spreadsheet") in contains or \
        "excel" not in scorer.exact


def test_sentence_features_match_a_loop(setup) -> None:
    norm, index, encoders, embeddings, cands = setup
    scorer = PhraseScorer(index, encoders=encoders, embeddings=embeddings, shortlist=3)
    pairs = scorer.score(cands, GROUPS)
    group_of = np.array([g for g, m in enumerate(GROUPS) for _ in m])
    ctx = np.array([i == m[0] for m in GROUPS for i in m])
    n_words = np.array([len(c.split()) for c in cands])
    prior = skill_prior(index.uris, norm.essential_skills)
    feats = sentence_features(pairs, cand_group=group_of, is_context=ctx, n_words=n_words,
                              encoders=["fake", "fake2"], prior=prior)
    names = feature_names(2)
    assert feats.matrix.shape == (len(feats.group), len(names))
    for row, (g, k) in enumerate(zip(feats.group, feats.concept, strict=True)):
        sel = (group_of[pairs.cand] == g) & (pairs.concept == k)
        for name in ("fake", "tfidf"):
            col = names.index(f"{'primary' if name == 'fake' else 'tfidf'}_max")
            assert feats.matrix[row, col] == pytest.approx(pairs.signals[name][sel].max())
        sup = names.index("support")
        assert feats.matrix[row, sup] == pytest.approx(pairs.signals["fake"][sel].mean())
        assert feats.matrix[row, names.index("prior")] == pytest.approx(prior[k])
        assert group_of[feats.best_cand[row]] == g
    scores = predict(feats.matrix, 2)
    assert np.all((scores > 0) & (scores < 1))


def test_prior_counts_essential_links() -> None:
    prior = skill_prior(["a", "b", "c"], {"o1": ["a", "b"], "o2": ["a"], "o3": ["a"]})
    assert prior[0] == pytest.approx(1.0) and 0 < prior[1] < 1 and prior[2] == 0


def test_pruned_probe_shortlists_the_nearest_concepts(setup) -> None:
    _, index, encoders, embeddings, cands = setup
    scorer = PhraseScorer(index, encoders=encoders, embeddings=embeddings, shortlist=2,
                          probe="pruned", probe_dims=16)
    vecs = encoders["fake"].encode_queries(["operate forklift", "sewing"])
    top = scorer._shortlist(vecs)
    assert "http://data.europa.eu/esco/skill/tiny-forklift" in [index.uris[k] for k in top[0]]
    exact = PhraseScorer(index, encoders=encoders, embeddings=embeddings, shortlist=2,
                         probe="labels")._shortlist(vecs)
    unpruned = PhraseScorer(index, encoders=encoders, embeddings=embeddings, shortlist=2,
                            probe_prune=1.5, probe_dims=64)._shortlist(vecs)
    assert [set(t) for t in unpruned] == [set(t) for t in exact]


def test_candidates_repeated_across_groups_are_scored_once(setup) -> None:
    _, index, encoders, embeddings, cands = setup
    calls: list[int] = []

    class Counting:
        name, dim = "fake", encoders["fake"].dim

        def encode_queries(self, texts):
            calls.append(len(texts))
            return encoders["fake"].encode_queries(texts)

    scorer = PhraseScorer(index, encoders={"fake": Counting()}, embeddings=embeddings)
    pairs = scorer.score([cands[0], cands[3], cands[0]], [[0, 1], [2]])
    assert calls == [2]  # the distinct texts, in one batch
    signal = {(int(c), int(k)): float(v) for c, k, v in
              zip(pairs.cand, pairs.concept, pairs.signals["fake"], strict=True)}
    alone = {k for c, k in signal if c == 2}
    assert alone and all(signal[(2, k)] == pytest.approx(signal[(0, k)]) for k in alone)


def test_second_encoder_shortlists_concepts_the_primary_misses(setup) -> None:
    _, index, encoders, embeddings, cands = setup
    group = [[4]]  # "we are a dynamic company": no exact or contained label
    plain = PhraseScorer(index, encoders=encoders, embeddings=embeddings, shortlist=1,
                         probe="labels")
    before = set(plain.score(cands, group).concept.tolist())
    missed = next(c for c in range(len(index.uris)) if c not in before)
    # the second encoder embeds one label text only (of a concept the primary missed)
    only = np.zeros_like(embeddings["fake2"])
    row = index.label_clean[index.label_rows(missed)][0]
    only[row] = embeddings["fake2"][row]
    both = {"fake": embeddings["fake"], "fake2": only}
    wider = PhraseScorer(index, encoders=encoders, embeddings=both, shortlist=1, probe="labels",
                         other_shortlist=1)
    assert set(wider.score(cands, group).concept.tolist()) == before | {missed}
    # only the encoders in use shortlist
    assert set(wider.score(cands, group, use=["fake"]).concept.tolist()) == before


class Failing(FakeEncoder):
    def encode_queries(self, texts):  # type: ignore[override]
        raise RuntimeError("model file is damaged")


def test_second_encoder_runs_beside_the_primary_and_its_errors_surface(setup) -> None:
    import threading

    _, index, encoders, embeddings, cands = setup
    second = Counting(dim=32, name="fake2")
    scorer = PhraseScorer(index, encoders={"fake": encoders["fake"], "fake2": second},
                          embeddings=embeddings, shortlist=1, other_shortlist=2)
    scorer.score(cands, GROUPS)
    assert second.threads and threading.current_thread().name not in second.threads
    broken = PhraseScorer(index, encoders={"fake": encoders["fake"],
                                           "fake2": Failing(dim=32, name="fake2")},
                          embeddings=embeddings, shortlist=1)
    with pytest.raises(RuntimeError, match="damaged"):
        broken.score(cands, GROUPS)
    assert len(scorer.score(cands, GROUPS).cand)  # the worker still serves the next call


def test_a_forked_process_gets_its_own_encoder_worker(setup, monkeypatch) -> None:
    import os

    from matching import skill_scoring

    _, index, encoders, embeddings, cands = setup
    here = skill_scoring._worker()
    assert skill_scoring._worker() is here
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as in a child after fork
    child = skill_scoring._worker()
    assert child is not here
    second = Counting(dim=32, name="fake2")
    scorer = PhraseScorer(index, encoders={"fake": encoders["fake"], "fake2": second},
                          embeddings=embeddings, shortlist=1)
    assert len(scorer.score(cands, GROUPS).cand) and second.seen
