"""Per-sentence skill features and the logistic model that turns them into a score.

For every (sentence, concept) pair, the signals of :class:`matching.skill_scoring.PairScores`
are pooled over the sentence's parts (the sentence and its phrases):

- ``<role>_max``: best cosine of any part, per encoder role (``primary``; ``second`` when a
  second encoder is used, e.g. MiniLM for English text; it reads only whole sentences, so
  its ``_max`` is its ``_ctx`` unless a phrase is also the text of another sentence);
- ``<role>_ctx``: cosine of the whole sentence (context keeps a word from being read alone);
- ``tfidf_max``, ``tfidf_ctx``: the same for character n-gram TF-IDF;
- ``exact``: a part equals a preferred (1.0) or alternative (0.8) label;
- ``contains``: a part contains a label as a word n-gram (same weights);
- ``support``: mean primary cosine over the parts (evidence spread over the sentence);
- ``single``: the best part is one word long;
- ``prior``: how common the skill is, ``log(1 + occupations linked to it)`` scaled to [0, 1]
  (job ads name ``communication`` far more often than ``prepare vegetable products``).

The score is ``sigmoid(bias + weights . features)``. The weights below were fitted by
``python -m evaluation.skill_synth`` on synthetic sentences built from ESCO skill
descriptions and labels (not on any benchmark file); one set per number of encoders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.skill_scoring import PairScores


def feature_names(n_encoders: int) -> list[str]:
    """Names of the features for one or two encoders, in model order."""
    roles = ["primary", "second"][:n_encoders]
    return [f"{r}_{a}" for r in roles for a in ("max", "ctx")] + [
        "tfidf_max", "tfidf_ctx", "exact", "contains", "support", "single", "prior"]


#: Fitted weights (bias first): ``1`` / ``2`` encoders, ``"xling"``: one encoder with the
#: lexical features zeroed, used for non-English text (ESCO skills have English labels only,
#: so TF-IDF and exact look-up say nothing there). See module doc.
WEIGHTS: dict[int | str, tuple[float, ...]] = {
    1: (-11.419, 3.125, 2.683, 2.122, 9.049, 0.42, 1.478, -2.941, -1.211, 3.089),
    2: (-11.961, 3.225, 0.404, 2.14, 2.14, 2.143, 7.515, 0.61, 1.291, -2.717, -1.342, 2.907),
    "xling": (-15.116, 11.871, 6.579, 0.0, 0.0, 0.0, 0.0, -2.023, -1.517, 3.093),
}
LEXICAL = ("tfidf_max", "tfidf_ctx", "exact", "contains")


def without_lexical(matrix: np.ndarray, n_encoders: int) -> np.ndarray:
    """A copy of ``matrix`` with the lexical features zeroed."""
    out = matrix.copy()
    names = feature_names(n_encoders)
    out[:, [names.index(n) for n in LEXICAL]] = 0.0
    return out


@dataclass(frozen=True)
class SentenceFeatures:
    """Feature rows of (group, concept) pairs, with the part that supports each best.

    Attributes:
        group: Group (sentence) index per row.
        concept: Concept index per row.
        matrix: Features, shape ``(rows, len(feature_names(n)))``.
        best_cand: Candidate index of the supporting part per row.
        best_text: Label text index the primary encoder matched for that part.
    """

    group: np.ndarray
    concept: np.ndarray
    matrix: np.ndarray
    best_cand: np.ndarray
    best_text: np.ndarray


def sentence_features(pairs: PairScores, *, cand_group: np.ndarray, is_context: np.ndarray,
                      n_words: np.ndarray, encoders: Sequence[str],
                      prior: np.ndarray) -> SentenceFeatures:
    """Pool pair signals per (group, concept) as the module doc describes.

    Args:
        pairs: Output of :meth:`matching.skill_scoring.PhraseScorer.score`.
        cand_group: Group index of every candidate.
        is_context: True for a candidate that is its group's whole sentence.
        n_words: Word count of every candidate.
        encoders: The encoder names used, primary first.
        prior: The ``prior`` feature of every concept (see :func:`skill_prior`).
    """
    width = int(pairs.concept.max(initial=0)) + 1
    keys, inv = np.unique(cand_group[pairs.cand] * width + pairs.concept, return_inverse=True)
    keys = np.stack([keys // width, keys % width], axis=1)
    ctx = is_context[pairs.cand]
    cols = []
    part_score = np.zeros(len(inv), np.float32)
    for name in [*encoders, "tfidf"]:
        sig = pairs.signals[name]
        cols += [_pool_max(sig, inv, len(keys)), _pool_max(np.where(ctx, sig, 0), inv, len(keys))]
        part_score += sig
    part_score += pairs.signals["exact"] + pairs.signals["contains"]
    cols += [_pool_max(pairs.signals[n], inv, len(keys)) for n in ("exact", "contains")]
    count = np.bincount(inv, minlength=len(keys))
    cols.append(np.bincount(inv, weights=pairs.signals[encoders[0]], minlength=len(keys))
                / np.maximum(count, 1))
    best = _pool_argmax(part_score - 1e-3 * ctx, inv, len(keys))
    cols.append((n_words[pairs.cand[best]] == 1).astype(np.float32))
    cols.append(prior[keys[:, 1]])
    return SentenceFeatures(keys[:, 0], keys[:, 1], np.stack(cols, axis=1).astype(np.float32),
                            pairs.cand[best], pairs.best_text[best])


def skill_prior(uris: Sequence[str], links: Mapping[str, Sequence[str]]) -> np.ndarray:
    """``log(1 + occupations linked to the skill)``, scaled to [0, 1], per URI.

    Args:
        uris: Skill URIs.
        links: Occupation URI -> its (essential and optional) skill URIs.
    """
    count: dict[str, int] = {}
    for skills in links.values():
        for uri in skills:
            count[uri] = count.get(uri, 0) + 1
    raw = np.log1p(np.array([count.get(u, 0) for u in uris], dtype=np.float32))
    return raw / max(float(raw.max(initial=0.0)), 1.0)


def predict(matrix: np.ndarray, model: int | str,
            weights: dict[int | str, tuple[float, ...]] | None = None) -> np.ndarray:
    """Model score in (0, 1) of every feature row (``model``: a key of :data:`WEIGHTS`)."""
    w = np.asarray((weights or WEIGHTS)[model], dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-(w[0] + matrix.astype(np.float64) @ w[1:])))


def _pool_max(values: np.ndarray, inv: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, np.float32)
    np.maximum.at(out, inv, values.astype(np.float32))
    return out


def _pool_argmax(values: np.ndarray, inv: np.ndarray, n: int) -> np.ndarray:
    """Index of the row with the largest value in each pool (first on ties)."""
    order = np.lexsort((np.arange(len(values)), -values, inv))
    first = np.r_[True, inv[order][1:] != inv[order][:-1]]
    out = np.zeros(n, np.int64)
    out[inv[order][first]] = order[first]
    return out
