"""Skills from sentences: find and link the ESCO skills in CV lines, coach notes and vacancies.

A text is split into sentences and phrases (:mod:`matching.segment`). All phrases and
sentences of a batch are scored against the skill labels at once
(:class:`matching.skill_scoring.PhraseScorer`: one encoder batch per encoder, an approximate
shortlist (:mod:`matching.label_probe`), small exact products per sentence, TF-IDF and exact
label look-up); the signals are pooled per (sentence, skill) and turned into a score in
(0, 1) by a logistic model whose weights were fitted on synthetic ESCO sentences
(:mod:`matching.skill_model`, ``python -m evaluation.skill_synth``). A second encoder (MiniLM)
reads English sentences whole when configured. Phrases that name a job held or sought ("6
years as a tailor") add the occupation's essential skills as *inferred*
(:mod:`matching.skill_infer`). The threshold is the lowest value at which at most 5 % of the
boilerplate sentences (``evaluation/data/boilerplate_sentences.txt``) yield a skill.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.aliases import match_aliases
from matching.config import ConfigError
from matching.embeddings import (
    EmbeddingCache,
    Encoder,
    cache_dir,
    cpu_has_bf16,
    make_encoder,
    one_blas_thread,
)
from matching.index import cleaner_for, top_per_group
from matching.lang import LanguageGuesser
from matching.segment import Span, has_letters, list_items, phrases, sentences
from matching.skill_bridge import OccupationBridge
from matching.skill_config import ExtractorConfig
from matching.skill_infer import (
    EXACT_TITLE,
    INFERRED,
    STATED,
    add_inferred,
    job_titles,
    telling_order,
)
from matching.skill_model import predict, sentence_features, skill_prior, without_lexical
from matching.skill_scoring import PhraseScorer

__all__ = ["EXACT_TITLE", "INFERRED", "STATED", "ExtractedSkill", "ExtractorConfig",
           "SkillExtractor", "job_titles"]


@dataclass(frozen=True)
class ExtractedSkill:
    """One skill found in a text.

    Attributes:
        uri: ESCO skill URI.
        label: Preferred label in the requested language (English when it has none).
        score: Confidence in [0, 1]; inferred skills score below stated ones.
        span: ``(start, end)`` character offsets of the supporting text in the original.
        kind: ``stated`` (the text names the skill) or ``inferred`` (from an occupation).
        evidence: Human-readable reason, e.g. ``"python" matched "Python programming"``.
        source: ``extractor``, or ``alias`` when a confirmed alias of the phrase decided.
    """

    uri: str
    label: str
    score: float
    span: tuple[int, int]
    kind: str
    evidence: str
    source: str = "extractor"


@dataclass(frozen=True)
class _Rows:
    """Scored (sentence, skill) rows of a block: the supporting part, the label text it
    matched (-1: reached through an occupation only), and the occupation whose work the
    bridge found it to be with the part that names that job (-1: none)."""

    group: np.ndarray
    concept: np.ndarray
    score: np.ndarray
    cand: np.ndarray
    text: np.ndarray
    job: np.ndarray
    job_part: np.ndarray


@dataclass
class _Sentence:
    span: Span
    parts: list[Span]
    doc: int
    second: bool = False
    english: bool = True
    found: dict[str, ExtractedSkill] = field(default_factory=dict)
    item: bool = False  # a list item also read alone (config.list_items)


class SkillExtractor:
    """Finds the skills a text states (and those its occupations imply); see module doc."""

    def __init__(self, normaliser: Any, *, config: ExtractorConfig | None = None,
                 second: Encoder | None = None,
                 skill_links: Mapping[str, Sequence[str]] | None = None) -> None:
        """Wrap a :class:`matching.normalise.Normaliser` (its skill index must exist).

        Args:
            normaliser: The normaliser (its skill index and first encoder are reused).
            config: Extractor settings.
            second: The second encoder (default: built from ``config.second_encoder``).
            skill_links: Occupation URI -> skill URIs (essential and optional) for the skill
                prior (default: the normaliser's essential skills).
        """
        self.normaliser = normaliser
        self.config = config or ExtractorConfig()
        self.index = normaliser.indexes["skill"]
        self._clean = cleaner_for("skill")
        name = next(iter(self.index.encoders))
        encoders = {name: self.index.encoders[name]}
        embeddings = {name: self.index.embeddings[name]}
        if second is None and self.config.second_encoder:
            second = make_encoder(self.config.second_encoder,  # traced: see PhraseScorer
                                  minilm_model=normaliser.config.minilm_model,
                                  cache=normaliser.config.cache_dir, traced=True)
        if second is not None:
            if second.name in encoders:
                raise ConfigError(f"second encoder {second.name!r} is already the primary one")
            encoders[second.name] = second
            embeddings[second.name] = self._second_embeddings(second)
        self.encoders = list(encoders)
        self.links = skill_links if skill_links is not None else normaliser.essential_skills
        self.prior = skill_prior(self.index.uris, self.links)
        self._telling = telling_order(normaliser.essential_skills)
        self.languages = LanguageGuesser.from_labels(
            [(t, lg) for index in normaliser.indexes.values()
             for t, lg in zip(index.label_text, index.label_lang, strict=True)],
            cache=cache_dir(normaliser.config.cache_dir) / "lang")
        with one_blas_thread():  # eigh: 0.03 s instead of 4 s
            self.scorer = PhraseScorer(
                self.index, encoders=encoders, embeddings=embeddings,
                shortlist=self.config.shortlist, probe=self.config.probe,
                probe_dims=self.config.probe_dims, probe_prune=self.config.probe_prune,
                probe_bf16=cpu_has_bf16(), other_shortlist=self.config.second_shortlist)
            self.bridge = None
            if (self.config.bridge_weight > 0 and "occupation" in normaliser.indexes
                    and self.links):
                self.bridge = OccupationBridge(
                    normaliser.indexes["occupation"], self.index, self.links, encoder=name,
                    top=self.config.bridge_occupations,
                    cache=cache_dir(normaliser.config.cache_dir) / "tfidf")

    def _second_embeddings(self, second: Encoder) -> np.ndarray:
        """Label-text embeddings of the second encoder (zero rows for texts not encoded)."""
        rows = np.arange(len(self.index.texts))
        if self.config.second_labels == "preferred":
            rows = np.unique([self.index.label_clean[r] for r, t
                              in enumerate(self.index.label_type) if t == 0])
        norm = self.normaliser
        sub = EmbeddingCache(norm.config.cache_dir).get(
            second, f"{norm.version}-skill-{self.config.second_labels}",
            [self.index.texts[i] for i in rows])
        full = np.zeros((len(self.index.texts), sub.shape[1]), dtype=np.float32)
        full[rows] = sub
        return full

    @classmethod
    def from_store(cls, store: Any, *, config: ExtractorConfig | None = None,
                   normaliser_config: Any = None, encoders: Any = None) -> SkillExtractor:
        """Build a normaliser over a ``TaxonomyStore`` and wrap it.

        Args:
            store: The taxonomy store.
            config: Extractor settings.
            normaliser_config: A :class:`matching.config.NormaliserConfig`.
            encoders: Encoders for the normaliser (default: from its config).
        """
        from matching.normalise import Normaliser

        norm = Normaliser.from_store(store, config=normaliser_config, encoders=encoders)
        links: dict[str, list[str]] = {}
        for occupation, skill, _ in store.occupation_skill_relations():
            links.setdefault(occupation, []).append(skill)
        return cls(norm, config=config, skill_links=links)

    def extract(self, texts: Sequence[str], *, lang: str | None = None,
                threshold: float | None = None,
                aliases: Mapping[str, str] | None = None) -> list[list[ExtractedSkill]]:
        """The skills of each text scoring at least the threshold, best first.

        Args:
            texts: CV lines, coach notes or vacancy texts (Dutch or English).
            lang: Language of the texts and of the returned labels (default: guessed per
                sentence for the encoders, English labels).
            threshold: Overrides ``config.threshold``.
            aliases: Cleaned phrase -> skill URI of confirmed links: a phrase with an alias
                yields that skill (score 1, source ``alias``) in place of what was found in it.

        Returns:
            Per text, at most ``config.max_results`` skills, by score then URI.
        """
        cut = self.config.threshold if threshold is None else threshold
        out = []
        for text, found in zip(texts, self.rank(texts, lang=lang), strict=True):
            kept = self._per_phrase([s for s in found if s.score >= cut])
            out.append(self._with_aliases(text, kept, aliases, lang) if aliases else kept)
        return out

    def _with_aliases(self, text: str, found: list[ExtractedSkill], aliases: Mapping[str, str],
                      lang: str | None) -> list[ExtractedSkill]:
        """The aliased skills of the phrases of ``text`` (identical or similar to a confirmed
        alias, :mod:`matching.aliases`), in place of what was found in them."""
        chosen: dict[str, ExtractedSkill] = {}
        parts = [part for sent in sentences(text) for part in (sent, *phrases(text, sent))]
        hits = match_aliases([self._clean(p.text) for p in parts], aliases,
                             cutoff=self.normaliser.config.alias_similarity)
        for part, hit in zip(parts, hits, strict=True):
            if hit and hit.uri not in chosen:
                why = (f'confirmed alias "{part.text}"' if hit.exact
                       else f'"{part.text}" is similar to confirmed alias "{hit.alias}"')
                chosen[hit.uri] = ExtractedSkill(
                    hit.uri, self.normaliser.label("skill", hit.uri, lang), hit.similarity,
                    (part.start, part.end), STATED, why, "alias")
        covered = [skill.span for skill in chosen.values()]
        rest = [s for s in found if s.uri not in chosen
                and not any(a <= s.span[0] and s.span[1] <= b for a, b in covered)]
        return sorted([*chosen.values(), *rest], key=lambda s: (-s.score, s.uri))

    def _per_phrase(self, found: list[ExtractedSkill]) -> list[ExtractedSkill]:
        """At most ``config.max_per_phrase`` stated skills per supporting phrase, best first:
        "customer service" should not put five near-synonyms in front of a coach."""
        seen: dict[tuple[int, int], int] = {}
        out = []
        for skill in found:
            if skill.kind == STATED:
                seen[skill.span] = seen.get(skill.span, 0) + 1
                if seen[skill.span] > self.config.max_per_phrase:
                    continue
            out.append(skill)
        return out

    def rank(self, texts: Sequence[str], *, lang: str | None = None) -> list[list[ExtractedSkill]]:
        """Every candidate skill of each text, best first, without a threshold."""
        docs = [self._segment(t, lang, doc=i) for i, t in enumerate(texts)]
        with one_blas_thread():
            for block in self._blocks([s for doc in docs for s in doc]):
                self._stated(block, lang)
            if self.config.infer and self.normaliser.essential_skills:
                titles = [(s.found, title) for doc, text in zip(docs, texts, strict=True)
                          for s in doc if not s.item  # its sentence names the same jobs
                          for title in job_titles(s.span, text=text)]
                add_inferred(self.normaliser, titles, lang=lang, config=self.config,
                             make=ExtractedSkill, order=self._telling)
        return [self._merge(doc) for doc in docs]

    def _segment(self, text: str, lang: str | None, *, doc: int = 0) -> list[_Sentence]:
        two = len(self.encoders) > 1
        # a short text (a CV line, a coach's note, a skills field) is read list item by item
        notes = self.config.list_items > 0 and len(text.split()) <= self.config.list_text_words
        out = []
        for s in sentences(text):
            if not has_letters(s.text):  # "2,800", "25 %": no skill to name
                continue
            guessed = lang or self.languages.guess(s.text)
            second = two and guessed in self.config.second_langs
            listed = notes and guessed == "en"  # Dutch items alone: cross-lingual noise
            for piece in [s, *(list_items(text, s, min_items=self.config.list_items)
                               if listed else [])]:
                parts = [piece, *[p for p in phrases(text, piece)
                                  if p != piece and has_letters(p.text)]]
                out.append(_Sentence(piece, parts, doc, second, guessed == "en",
                                     item=piece is not s))
        return out

    def _blocks(self, sents: list[_Sentence]) -> Iterator[list[_Sentence]]:
        """Sentences of one kind (encoders, language) with at most ``block`` parts together."""
        for kind in sorted({(s.second, s.english) for s in sents}):
            block: list[_Sentence] = []
            size = 0
            for sent in (s for s in sents if (s.second, s.english) == kind):
                if block and size + len(sent.parts) > self.config.block:
                    yield block
                    block, size = [], 0
                block.append(sent)
                size += len(sent.parts)
            if block:
                yield block

    def _parts(self, block: list[_Sentence]) -> tuple[list[str], list[list[int]], list[Span]]:
        """Distinct cleaned parts of each sentence (the sentence first), grouped, with spans."""
        cands, groups, spans = [], [], []
        for sent in block:
            seen: dict[str, int] = {}
            for part in sent.parts:
                key = self._clean(part.text)
                if key and key not in seen:
                    seen[key] = len(cands)
                    cands.append(key)
                    spans.append(part)
            groups.append(list(seen.values()))
        return cands, groups, spans

    def _stated(self, block: list[_Sentence], lang: str | None) -> None:
        cands, groups, spans = self._parts(block)
        if not cands:
            return
        english = block[0].english
        use = self.encoders if block[0].second and english else self.encoders[:1]
        pairs = self.scorer.score(  # the model for other languages ignores lexical signals
            cands, groups, use=use, lexical=english,
            shortlist=self.config.shortlist if english else self.config.shortlist_other)
        cand_group = np.zeros(len(cands), np.int64)
        is_context = np.zeros(len(cands), bool)
        for g, members in enumerate(groups):
            cand_group[members] = g
            is_context[members[:1]] = [spans[m] == block[g].span for m in members[:1]]
        feats = sentence_features(
            pairs, cand_group=cand_group, is_context=is_context,
            n_words=np.array([len(c.split()) for c in cands]), encoders=use, prior=self.prior)
        if english:
            scores = predict(feats.matrix, len(use))
        else:
            scores = predict(without_lexical(feats.matrix, len(use)), "xling")
        none = np.full(len(scores), -1, np.int64)
        rows = _Rows(feats.group, feats.concept, scores, feats.best_cand, feats.best_text,
                     none, none)
        if not english and self.bridge is not None and pairs.vectors is not None:
            rows = self._bridged(rows, cand_group, cands, spans, pairs.vectors)
        doc = np.array([s.doc for s in block])[rows.group]
        weight = np.array([self.config.list_item_weight if s.item else 1.0 for s in block])
        scored = rows.score * weight[rows.group]
        for i in _kept(doc, rows.concept, scored, self.config.max_results,
                       self.config.threshold):
            g, c, score = rows.group[i], rows.concept[i], scored[i]
            part, uri = spans[rows.cand[i]], self.index.uris[c]
            why = []  # what matched directly, then which job's work the bridge found it
            if rows.text[i] >= 0:
                why.append(f'"{part.text}" matched "{self.index.texts[rows.text[i]]}"')
            if rows.job[i] >= 0:
                job = self.normaliser.indexes["occupation"].uris[rows.job[i]]
                why.append(f'"{spans[rows.job_part[i]].text}" is work of '
                           f'"{self.normaliser.label("occupation", job, lang)}"')
            block[g].found[uri] = ExtractedSkill(
                uri, self.normaliser.label("skill", uri, lang), round(float(score), 6),
                (part.start, part.end), STATED, "; ".join(why))

    def _bridged(self, rows: _Rows, cand_group: np.ndarray, cands: list[str],
                 spans: list[Span], vectors: np.ndarray) -> _Rows:
        """``rows`` with what the parts reach through occupations (:mod:`matching.skill_bridge`).

        ``bridge_weight`` times the best bridge value per (sentence, skill) raises that row's
        score; when it adds more than the direct match did and comes from a phrase inside the
        matched part, that phrase becomes the support. A skill reached only through a job gets
        a row of its own if its value is at least ``bridge_min_value``. The bridge orders what
        stays under the threshold (the candidates a coach checks) but never lifts a skill over
        it: it was chosen on 42 hand-written lines, too few to calibrate a proposal.
        """
        hit = self.bridge.score(cands, vectors)
        if not len(hit.cand):
            return rows
        width = len(self.index.uris)
        keys = cand_group[hit.cand] * width + hit.concept
        best = top_per_group(keys, hit.value, 1)
        keys, add = keys[best], self.config.bridge_weight * hit.value[best].astype(np.float64)
        cap = self.config.threshold - 1e-6  # scores keep 6 decimals
        old = rows.group * width + rows.concept
        order = np.argsort(old)
        pos = np.searchsorted(old, keys, sorter=order)
        known = pos < len(old)
        known[known] = old[order[pos[known]]] == keys[known]
        score, cand, text = rows.score.astype(np.float64), rows.cand.copy(), rows.text.copy()
        job, job_part = rows.job.copy(), rows.job_part.copy()
        mine, theirs = np.flatnonzero(known), order[pos[known]]  # bridge hit -> existing row
        low = score[theirs] < cap
        mine, theirs = mine[low], theirs[low]
        first, last = (np.array([p.start for p in spans]), np.array([p.end for p in spans]))
        phrase = hit.cand[best[mine]]
        main = ((add[mine] >= score[theirs]) & (first[phrase] >= first[cand[theirs]])
                & (last[phrase] <= last[cand[theirs]]))
        score[theirs] = np.minimum(score[theirs] + add[mine], cap)
        job[theirs], job_part[theirs] = hit.occupation[best[mine]], phrase
        cand[theirs[main]], text[theirs[main]] = phrase[main], -1
        fresh = ~known & (hit.value[best] >= self.config.bridge_min_value)
        new = best[fresh]
        return _Rows(np.r_[rows.group, cand_group[hit.cand[new]]],
                     np.r_[rows.concept, hit.concept[new]],
                     np.r_[score, np.minimum(add[fresh], cap)], np.r_[cand, hit.cand[new]],
                     np.r_[text, np.full(len(new), -1)], np.r_[job, hit.occupation[new]],
                     np.r_[job_part, hit.cand[new]])

    def _merge(self, doc: list[_Sentence]) -> list[ExtractedSkill]:
        best: dict[str, ExtractedSkill] = {}
        for sent in doc:
            for uri, skill in sent.found.items():
                if uri not in best or _better(skill, best[uri], self.config.threshold):
                    best[uri] = skill
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.uri))
        return ranked[: self.config.max_results]


def _kept(doc: np.ndarray, concept: np.ndarray, scores: np.ndarray, k: int,
          threshold: float) -> np.ndarray:
    """Rows worth a skill object: per document the best row of each concept (first sentence
    on ties; rows come sorted by sentence), if among the ``k`` best concepts or >= threshold.

    Whatever else :meth:`SkillExtractor._merge` would drop anyway.
    """
    order = np.lexsort((-scores, concept, doc))
    first = np.r_[True, (np.diff(doc[order]) != 0) | (np.diff(concept[order]) != 0)]
    best = order[first]
    ranked = best[np.lexsort((concept[best], -scores[best], doc[best]))]
    starts = np.searchsorted(doc[ranked], doc[ranked])
    rank = np.arange(len(ranked)) - starts
    return ranked[(rank < k) | (scores[ranked] >= threshold)]


def _better(new: ExtractedSkill, old: ExtractedSkill, threshold: float) -> bool:
    """Whether ``new`` should replace ``old`` (the same skill found twice in one text): a
    stated skill wins over an inferred one when it reaches the threshold or scores higher;
    otherwise the higher score wins."""
    if new.kind != old.kind:
        stated, inferred = (new, old) if new.kind == STATED else (old, new)
        winner = stated if stated.score >= min(threshold, inferred.score) else inferred
        return winner is new
    return new.score > old.score
