from __future__ import annotations

import random
from datetime import date

import pytest

from matching.errors import ModelFormatError
from matching.features import FEATURES
from matching.learn import LinearModel, default_model, train, training_set
from matching.models import DeclineReason, Feedback, FeedbackEvent
from matching.ranking import Ranker
from matching.testing import make_opportunity, make_participant, toy_graph


def _feedback(n: int, seed: int = 0) -> list[Feedback]:
    """Coaches accept when the ambition fits and decline otherwise (noisy)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        feats = {f: rng.random() for f in FEATURES}
        good = feats["ambition"] + 0.2 * rng.random() > 0.6
        ev = FeedbackEvent.ACCEPTED if good else FeedbackEvent.DECLINED
        reason = None if good else DeclineReason.SKILLS
        out.append(Feedback(f"p{i}", "o", FeedbackEvent.SUGGESTED, feats))
        out.append(Feedback(f"p{i}", "o", ev, feats, reason))
    return out


def test_default_until_enough_feedback() -> None:
    assert train(_feedback(10), min_examples=50) == default_model()


def test_learned_model_is_calibrated_and_linear() -> None:
    model = train(_feedback(400), min_examples=50)
    assert model.kind == "learned" and model.version.startswith("learned-")
    assert model.version.endswith("-n400")
    assert model.weights["ambition"] > 3 * abs(model.weights["hours"])
    hi = {f: 0.5 for f in FEATURES} | {"ambition": 0.95}
    lo = {f: 0.5 for f in FEATURES} | {"ambition": 0.1}
    score = lambda f: sum(c.value for c in model.contributions(f))  # noqa: E731
    assert model.probability(score(hi)) > 0.8 > 0.2 > model.probability(score(lo))


def test_uninformative_declines_and_last_event_win() -> None:
    feats = {f: 0.5 for f in FEATURES}
    fb = [Feedback("p", "o", FeedbackEvent.ACCEPTED, feats),
          Feedback("p", "o", FeedbackEvent.PLACED, feats),
          Feedback("q", "o", FeedbackEvent.DECLINED, feats, DeclineReason.VACANCY_FILLED)]
    x, y, w = training_set(fb)
    assert x.shape == (1, len(FEATURES)) and y.tolist() == [1] and w.tolist() == [1.5]


def test_model_roundtrip_and_bad_format() -> None:
    model = train(_feedback(200), min_examples=50)
    assert LinearModel.from_dict(model.to_dict()) == model
    with pytest.raises(ModelFormatError, match="valid: default, learned"):
        LinearModel.from_dict({"kind": "forest", "weights": {}})
    with pytest.raises(ModelFormatError, match="unknown features"):
        LinearModel({"shoe_size": 1.0})


def test_ranker_stores_learned_version_and_bias() -> None:
    model = train(_feedback(200), min_examples=50)
    r = Ranker(toy_graph(), [make_opportunity("o", "cook")], model=model)
    s = r.suggest(make_participant(ambitions=("cook",)), today=date(2025, 1, 1))[0]
    assert s.model_version == model.version
    assert s.contributions[-1].name == "bias"
    assert s.score == pytest.approx(sum(c.value for c in s.contributions))
