"""The normaliser: links free text (Dutch or English) to ESCO occupations and skills.

``Normaliser.from_store(store)`` builds one label index per kind (all languages, all label
types), loads or computes the label embeddings of every encoder (cached on disk per encoder
and taxonomy version) and loads or fits the fusion model. ``link_occupations`` and
``link_skills`` are batch-first and serve repeated texts from an in-memory LRU cache.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.aliases import AliasHit, match_aliases
from matching.config import NormaliserConfig
from matching.embeddings import EmbeddingCache, Encoder, cache_dir, make_encoder, one_blas_thread
from matching.fusion import (
    FIT_METHOD,
    FusionModel,
    Scored,
    candidate_features,
    feature_names,
    fit_fusion,
    score_batch,
)
from matching.index import KINDS, Exclusions, KindIndex, LabelLike, cleaner_for, held_out_queries

log = logging.getLogger(__name__)


ALIAS = "confirmed alias"  # evidence of a link a confirmed alias decided
SIMILAR_ALIAS = "similar to confirmed alias"  # ... for a text similar to the alias


@dataclass(frozen=True)
class Link:
    """A link from a text to one ESCO concept.

    Attributes:
        uri: ESCO concept URI.
        label: Preferred label in the requested language (English when it has none).
        score: Calibrated probability-like score in [0, 1].
        matched_label: The label (or alias, or occupation) that matched.
        matched_lang: Language of ``matched_label``.
        lexical: Best lexical similarity (TF-IDF, and rapidfuzz when fused), [0, 1].
        semantic: Best encoder cosine similarity, [0, 1].
        evidence: ``fused``, ``confirmed alias``, ``similar to confirmed alias "<alias>"`` or
            ``essential skill of <occupation>``.
    """

    uri: str
    label: str
    score: float
    matched_label: str
    matched_lang: str
    lexical: float
    semantic: float
    evidence: str = "fused"

    @property
    def from_alias(self) -> bool:
        """Whether a confirmed alias (identical or similar text) decided this link."""
        return self.evidence == ALIAS or self.evidence.startswith(SIMILAR_ALIAS)


class Normaliser:
    """Links texts to occupations and skills; see :meth:`from_store`."""

    def __init__(
        self, labels: Mapping[str, Sequence[LabelLike]], *, version: str,
        config: NormaliserConfig | None = None,
        encoders: Mapping[str, Encoder] | Sequence[Encoder] | None = None,
        essential_skills: Mapping[str, Sequence[str]] | None = None,
        aliases: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.config = config or NormaliserConfig()
        self.version = version
        self.encoders = _encoder_map(encoders, self.config)
        cache = EmbeddingCache(self.config.cache_dir)
        self.indexes = {
            kind: KindIndex(kind, labels[kind], encoders=self._encoders_for(kind),
                            version=version, config=self.config, cache=cache)
            for kind in KINDS if labels.get(kind)
        }
        self.preferred = {kind: _preferred(labels.get(kind, ())) for kind in KINDS}
        self.essential_skills = dict(essential_skills or {})
        self.aliases = dict(aliases or {})
        self.fusions = {kind: self._fusion(index) for kind, index in self.indexes.items()}
        self._lru: OrderedDict[tuple[str, str], list[Scored]] = OrderedDict()

    @classmethod
    def from_store(
        cls, store: Any, *, config: NormaliserConfig | None = None,
        encoders: Mapping[str, Encoder] | Sequence[Encoder] | None = None,
        aliases: Mapping[str, Mapping[str, str]] | None = None,
    ) -> Normaliser:
        """Build a normaliser over a ``taxonomy.store.TaxonomyStore``.

        Args:
            store: The taxonomy store.
            config: Settings (defaults: :class:`NormaliserConfig`).
            encoders: Encoders to use (default: built from ``config.encoders``).
            aliases: Per kind, cleaned text -> URI of confirmed links, consulted first.
        """
        essential: dict[str, list[str]] = defaultdict(list)
        for occupation, skill, relation in store.occupation_skill_relations():
            if relation == "essential":
                essential[occupation].append(skill)
        labels = {kind: store.labels(kind) for kind in KINDS}
        return cls(labels, version=store.version, config=config, encoders=encoders,
                   essential_skills=essential, aliases=aliases)

    def link_occupations(
        self, texts: Sequence[str], *, lang: str | None = None, limit: int = 10,
        aliases: Mapping[str, str] | None = None,
    ) -> list[list[Link]]:
        """Link each text to its best occupations.

        Args:
            texts: Free-text job titles or descriptions.
            lang: Language of the returned preferred labels (default English).
            limit: Links per text (at most ``config.max_results``).
            aliases: Cleaned text -> URI of confirmed links (overrides the constructor's).

        Returns:
            One list of links per text, best first.
        """
        return self._link("occupation", texts, lang, limit, aliases)

    def link_skills(
        self, texts: Sequence[str], *, lang: str | None = None, limit: int = 10,
        aliases: Mapping[str, str] | None = None, expand: bool = False,
    ) -> list[list[Link]]:
        """Link each text to its best skills (English labels; Dutch text works cross-lingually).

        Args:
            texts: Skill phrases or experience descriptions.
            lang: Language of the returned preferred labels (default English).
            limit: Links per text.
            aliases: Cleaned text -> URI of confirmed links.
            expand: Also add the essential skills of the occupations the text links to.
        """
        direct = self._link("skill", texts, lang, limit, aliases)
        if not expand:
            return direct
        occupations = self.link_occupations(texts, lang=lang, limit=3)
        return [self._expand(d, o, lang, limit) for d, o in zip(direct, occupations, strict=True)]

    def rank(
        self, kind: str, queries: Sequence[str], *, exclude: Exclusions = None,
    ) -> list[list[Scored]]:
        """Fused ranking of already-cleaned queries (no cache); used by the evaluation."""
        index, fusion = self.indexes[kind], self.fusions[kind]
        out: list[list[Scored]] = []
        size = self.config.batch_size
        with one_blas_thread():
            for start in range(0, len(queries), size):
                chunk = list(queries[start : start + size])
                ex = exclude[start : start + size] if exclude is not None else None
                batch = score_batch(index, chunk, exclude=ex)
                for i, query in enumerate(chunk):
                    excluded = set(ex[i]) if ex is not None else set()
                    out.append(self._rank_one(index, fusion, batch, i, query, excluded))
        return out

    def _rank_one(
        self, index: KindIndex, fusion: FusionModel, batch: Any, i: int, query: str,
        excluded: set[int],
    ) -> list[Scored]:
        k = self.config.candidates
        found = candidate_features(index, batch, i, query, k=k, excluded=excluded)
        cands, feats = found.concepts, found.features
        scores = fusion.predict(feats)
        best_rows = found.best_rows
        exact = {c: r for c, r in index.exact(query).items() if r not in excluded}
        tier = np.full(len(cands), 3, dtype=np.int64)
        fused = scores.copy()  # breaks ties among exact labels: "tuinman" is a label of three
        if exact:
            # A label equal to the query is the strongest evidence there is (the fusion never
            # sees it: its training queries are held out of the index): those concepts come
            # first, preferred labels before alternative before hidden, at the top score.
            best_rows = best_rows.copy()
            top = float(scores.max())
            for pos, concept in enumerate(cands.tolist()):
                if concept in exact:
                    tier[pos] = index.label_type[exact[concept]]
                    best_rows[pos] = exact[concept]
                    scores[pos] = max(scores[pos], top)
        order = np.lexsort((cands, -fused, -scores, tier))[: self.config.max_results]
        lex, sem = self._columns(index)
        lexical = feats[:, lex].max(axis=1)
        semantic = feats[:, sem].max(axis=1) if sem else np.zeros(len(cands), dtype=np.float32)
        columns = (cands[order], scores[order], best_rows[order], lexical[order],
                   semantic[order])
        return [Scored(c, float(s), r, float(lx), float(sm))
                for c, s, r, lx, sm in zip(*(col.tolist() for col in columns), strict=True)]

    @staticmethod
    def _columns(index: KindIndex) -> tuple[list[int], list[int]]:
        names = feature_names(index)
        lex = [names.index(f"{s}_score") for s in ("tfidf", "fuzzy") if f"{s}_score" in names]
        return lex, [names.index(f"{e}_score") for e in index.encoders]

    def _link(
        self, kind: str, texts: Sequence[str], lang: str | None, limit: int,
        aliases: Mapping[str, str] | None,
    ) -> list[list[Link]]:
        if kind not in self.indexes:
            return [[] for _ in texts]
        clean = cleaner_for(kind)
        cleaned = [clean(t) for t in texts]
        todo = sorted({c for c in cleaned if c and (kind, c) not in self._lru})
        for query, ranked in zip(todo, self.rank(kind, todo), strict=True):
            self._remember((kind, query), ranked)
        alias_map = aliases if aliases is not None else self.aliases.get(kind, {})
        hits = match_aliases(cleaned, alias_map, cutoff=self.config.alias_similarity)
        results = []
        for text, c, hit in zip(texts, cleaned, hits, strict=True):
            ranked = self._recall((kind, c)) if c else []
            links = [self._to_link(kind, s, lang) for s in ranked[:limit]]
            if c and hit:
                links = self._with_alias(kind, hit, text, lang, links, limit)
            results.append(links)
        return results

    def _to_link(self, kind: str, scored: Scored, lang: str | None) -> Link:
        index = self.indexes[kind]
        uri = index.uris[scored.concept]
        return Link(uri, self.label(kind, uri, lang), round(scored.score, 6),
                    index.label_text[scored.label_row], index.label_lang[scored.label_row],
                    round(scored.lexical, 6), round(scored.semantic, 6))

    def _with_alias(
        self, kind: str, hit: AliasHit, text: str, lang: str | None, links: list[Link],
        limit: int,
    ) -> list[Link]:
        """The confirmed concept first: score 1 for the identical phrase, the similarity for
        a similar one (evidence ``similar to confirmed alias "..."``)."""
        evidence = ALIAS if hit.exact else f'{SIMILAR_ALIAS} "{hit.alias}"'
        alias = Link(hit.uri, self.label(kind, hit.uri, lang), hit.similarity, text, lang or "",
                     hit.similarity, 1.0, evidence)
        return [alias, *[lk for lk in links if lk.uri != hit.uri]][:limit]

    def _expand(
        self, direct: list[Link], occupations: list[Link], lang: str | None, limit: int
    ) -> list[Link]:
        best = {lk.uri: lk for lk in direct}
        for occ in occupations:
            if occ.score < self.config.expand_min_score:
                continue
            for uri in self.essential_skills.get(occ.uri, ()):
                score = round(occ.score * self.config.expand_weight, 6)
                if uri not in best or best[uri].score < score:
                    best[uri] = Link(uri, self.label("skill", uri, lang), score, occ.label,
                                     lang or "en", 0.0, 0.0, f"essential skill of {occ.label}")
        return sorted(best.values(), key=lambda lk: (-lk.score, lk.uri))[:limit]

    def _encoders_for(self, kind: str) -> dict[str, Encoder]:
        names = self.config.skill_encoders if kind == "skill" else None
        chosen = {name: enc for name, enc in self.encoders.items() if name in (names or ())}
        return chosen or self.encoders

    def label(self, kind: str, uri: str, lang: str | None = None) -> str:
        """Preferred label of ``uri`` in ``lang``, else English, else any language."""
        by_lang = self.preferred[kind].get(uri, {})
        return by_lang.get(lang or "en") or by_lang.get("en") or next(iter(by_lang.values()), uri)

    def _remember(self, key: tuple[str, str], ranked: list[Scored]) -> None:
        if self.config.lru_size == 0:
            return
        self._lru[key] = ranked
        self._lru.move_to_end(key)
        while len(self._lru) > self.config.lru_size:
            self._lru.popitem(last=False)

    def _recall(self, key: tuple[str, str]) -> list[Scored]:
        if key in self._lru:
            self._lru.move_to_end(key)
            return self._lru[key]
        return self.rank(key[0], [key[1]])[0]

    def _fusion(self, index: KindIndex) -> FusionModel:
        names = feature_names(index)
        if self.config.fusion == "weights":
            return FusionModel.from_weights(names, dict(self.config.weights))
        models = [enc.name for enc in index.encoders.values()]
        digest = hashlib.sha1(
            "|".join([FIT_METHOD, *names, *models, *index.texts]).encode()).hexdigest()[:12]
        path = cache_dir(self.config.cache_dir) / "fusion" / (
            f"{index.kind}-{self.version}-{self.config.seed}-{self.config.fusion_queries}"
            f"-{self.config.candidates}-{self.config.fuzzy_scorer}-{digest}.json")
        if path.exists():
            return FusionModel.load(path)
        queries = held_out_queries(index, self.config.fusion_queries, split="fit",
                                   seed=self.config.seed)
        if len({q.gold for q in queries}) < 2:
            log.warning("too few held-out labels to fit fusion for %s; fixed weights", index.kind)
            return FusionModel.from_weights(names, dict(self.config.weights))
        model = fit_fusion(index, queries, k=self.config.candidates, seed=self.config.seed)
        model.save(path)
        return model


def _preferred(labels: Sequence[LabelLike]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for lb in labels:
        if lb.label_type == "preferred":
            out[lb.uri].setdefault(lb.lang, lb.text.strip())
    return dict(out)


def _encoder_map(
    encoders: Mapping[str, Encoder] | Sequence[Encoder] | None, config: NormaliserConfig
) -> dict[str, Encoder]:
    if encoders is None:
        return {name: make_encoder(name, minilm_model=config.minilm_model, cache=config.cache_dir)
                for name in config.encoders}
    if isinstance(encoders, Mapping):
        return dict(encoders)
    return {enc.name: enc for enc in encoders}
