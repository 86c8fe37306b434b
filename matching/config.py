"""Configuration of the normaliser: a frozen dataclass validated once, all problems at once."""

from __future__ import annotations

from dataclasses import dataclass

from matching.aliases import SIMILAR
from matching.errors import MatchingError

KNOWN_FUSIONS = ("learned", "weights")


class ConfigError(MatchingError, ValueError):
    """The normaliser configuration has invalid values; the message lists every problem."""


@dataclass(frozen=True)
class NormaliserConfig:
    """Settings of :class:`matching.normalise.Normaliser`.

    Attributes:
        encoders: Encoder names (``usem3``, ``minilm``, ``minilm-base``, ``fake`` or a
            sentence-transformers path).
        minilm_model: Model folder used for ``minilm`` (None: the fine-tuned model in
            ``<cache>/models/minilm-esco`` when ``make finetune`` has built it, else the
            packaged all-MiniLM-L6-v2). ``minilm-base`` is always the packaged model.
        skill_encoders: Encoders used for skills (None, or none of them in use: all).
            Default
            ``usem3`` only: ESCO has no Dutch skill labels here, so skills need a cross-lingual
            encoder, and the English-only MiniLM would add ~100k label embeddings for little.
        candidates: Candidate concepts taken from each source before fusion.
        tfidf_ngrams: Character n-gram range of the TF-IDF source.
        fuzzy_scorer: Rapidfuzz scorer (evaluated alone; re-scores candidates when fused).
        fuzzy_in_fusion: Feed rapidfuzz scores to the fusion. Off by default: without them
            the fused MRR was equal or better (JobBERT 3,000 titles .366 vs .366, MELO .644 vs
            .639) and the per-query rapidfuzz pass (~0.25 s per 1,000 titles) is saved.
        fusion: ``learned`` (a linear ranker over score features, scaled into probabilities,
            fitted on ESCO-internal held-out labels and cached; :func:`matching.fusion.fit_ranker`)
            or ``weights`` (fixed ``weights`` below).
        weights: Fixed fusion weights per feature name, used when ``fusion == "weights"``.
        fusion_queries: Held-out ESCO labels per kind used to fit the learned fusion.
        seed: Seed of every sample drawn.
        lru_size: Cleaned texts whose rankings stay in memory.
        max_results: Results kept per text in the LRU cache (upper bound of ``limit``).
        batch_size: Queries scored together.
        cache_dir: Folder for embeddings and fitted fusion (None: ``$PLACEMENT_CACHE`` or
            ``.cache/placement``).
        expand_weight: Share of an occupation's score given to its essential skills.
        expand_min_score: Occupation links below this score do not expand to skills.
        alias_similarity: Token-sort ratio (0-100) from which a text that differs from a
            confirmed alias still takes it (:mod:`matching.aliases`); above 100: identical
            texts only.
    """

    encoders: tuple[str, ...] = ("usem3", "minilm")
    minilm_model: str | None = None
    skill_encoders: tuple[str, ...] | None = ("usem3",)
    candidates: int = 30
    tfidf_ngrams: tuple[int, int] = (2, 4)
    fuzzy_scorer: str = "token_sort_ratio"
    fuzzy_in_fusion: bool = False
    fusion: str = "learned"
    weights: tuple[tuple[str, float], ...] = (("tfidf", 1.0), ("fuzzy", 0.5))
    fusion_queries: int = 3000
    seed: int = 13
    lru_size: int = 20_000
    max_results: int = 50
    batch_size: int = 128
    cache_dir: str | None = None
    expand_weight: float = 0.5
    expand_min_score: float = 0.3
    alias_similarity: float = SIMILAR

    def __post_init__(self) -> None:
        problems = [message for ok, message in self._checks() if not ok]
        if problems:
            raise ConfigError("invalid normaliser config: " + "; ".join(problems))

    def _checks(self) -> list[tuple[bool, str]]:
        lo, hi = self.tfidf_ngrams
        return [
            (self.candidates >= 1, f"candidates={self.candidates} must be >= 1"),
            (1 <= lo <= hi <= 8, f"tfidf_ngrams={self.tfidf_ngrams} must satisfy 1<=lo<=hi<=8"),
            (self.fusion in KNOWN_FUSIONS, f"fusion={self.fusion!r}; valid: {KNOWN_FUSIONS}"),
            (self.fusion_queries >= 50, f"fusion_queries={self.fusion_queries} must be >= 50"),
            (self.lru_size >= 0, f"lru_size={self.lru_size} must be >= 0"),
            (self.max_results >= 1, f"max_results={self.max_results} must be >= 1"),
            (self.batch_size >= 1, f"batch_size={self.batch_size} must be >= 1"),
            (0.0 <= self.expand_weight <= 1.0, f"expand_weight={self.expand_weight} not in [0,1]"),
            (0.0 <= self.expand_min_score <= 1.0,
             f"expand_min_score={self.expand_min_score} not in [0,1]"),
            (len(set(self.encoders)) == len(self.encoders), f"duplicate encoders {self.encoders}"),
            (self.alias_similarity >= 50.0,
             f"alias_similarity={self.alias_similarity} must be >= 50 (above 100: off)"),
        ]
