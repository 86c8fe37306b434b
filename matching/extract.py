"""Skills from sentences: find and link the ESCO skills in CV lines, coach notes and vacancies.

A text is split into sentences and phrases (:mod:`matching.segment`); every phrase and every
sentence is linked to skills through the normaliser. A skill's score in a sentence is

    (1 - sentence_weight) * best phrase score + sentence_weight * sentence similarity

where the phrase score is the normaliser's calibrated score (an exact preferred or alternative
label counts as ``exact_score``; one-word phrases are damped by ``single_word_weight``) and
the sentence similarity is the encoder's cosine between the whole sentence and the skill's
labels, which keeps a word from being read out of context. Phrases that name a job held or
sought ("6 years as a tailor") are linked to occupations; their essential skills are added
as *inferred*, scored ``inferred_weight`` times the occupation score, so always below what
the same evidence would give a stated skill. The threshold is chosen by measurement so that
boilerplate sentences yield nothing (``python -m evaluation.skills``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.config import ConfigError
from matching.index import cleaner_for
from matching.segment import Span, phrases, sentences, trim
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
        threshold: Skills scoring below this are dropped by :meth:`SkillExtractor.extract`;
            0.75 = the lowest value at which <= 5 % of the boilerplate sentences yield a skill.
        sentence_weight: Share of the sentence-level similarity in a stated skill's score.
        single_word_weight: Damping of links made from a one-word phrase.
        exact_score: Phrase score when the phrase equals a preferred label (alternative
            labels get 0.8 of it).
        links_per_span: Skills asked from the normaliser per phrase.
        max_results: Skills kept per text.
        infer: Add the essential skills of occupations the text mentions.
        occupation_threshold: Occupation links below this are not used for inference.
        inferred_weight: Inferred score = occupation score * this.
    """

    threshold: float = 0.75
    sentence_weight: float = 0.35
    single_word_weight: float = 0.85
    exact_score: float = 1.0
    links_per_span: int = 20
    max_results: int = 50
    infer: bool = True
    occupation_threshold: float = 0.5
    inferred_weight: float = 0.6

    def __post_init__(self) -> None:
        unit = ("threshold", "sentence_weight", "single_word_weight", "exact_score",
                "occupation_threshold", "inferred_weight")
        problems = [f"{n}={getattr(self, n)} not in [0, 1]" for n in unit
                    if not 0.0 <= getattr(self, n) <= 1.0]
        problems += [f"{n}={getattr(self, n)} must be >= 1"
                     for n in ("links_per_span", "max_results") if getattr(self, n) < 1]
        if problems:
            raise ConfigError("invalid extractor config: " + "; ".join(problems))


@dataclass
class _Sentence:
    span: Span
    parts: list[Span]
    found: dict[str, ExtractedSkill] = field(default_factory=dict)


class SkillExtractor:
    """Finds the skills a text states (and those its occupations imply); see module doc."""

    def __init__(self, normaliser: Any, *, config: ExtractorConfig | None = None) -> None:
        """Wrap a :class:`matching.normalise.Normaliser` (its skill index must exist)."""
        self.normaliser = normaliser
        self.config = config or ExtractorConfig()
        self.index = normaliser.indexes["skill"]
        self.source = next(iter(self.index.encoders), "tfidf")
        self.column = {uri: i for i, uri in enumerate(self.index.uris)}
        self._clean = cleaner_for("skill")
        self.exact = _exact_labels(self.index)

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
        return cls(norm, config=config)

    def extract(self, texts: Sequence[str], *, lang: str | None = None,
                threshold: float | None = None) -> list[list[ExtractedSkill]]:
        """The skills of each text scoring at least the threshold, best first.

        Args:
            texts: CV lines, coach notes or vacancy texts (Dutch or English).
            lang: Language of the returned labels (default English).
            threshold: Overrides ``config.threshold``.

        Returns:
            Per text, at most ``config.max_results`` skills, by score then URI.
        """
        cut = self.config.threshold if threshold is None else threshold
        return [[s for s in found if s.score >= cut] for found in self.rank(texts, lang=lang)]

    def rank(self, texts: Sequence[str], *, lang: str | None = None) -> list[list[ExtractedSkill]]:
        """Every candidate skill of each text, best first, without a threshold."""
        docs = [self._segment(t) for t in texts]
        self._texts = {id(doc): t for doc, t in zip(docs, texts, strict=True)}
        allsent = [s for doc in docs for s in doc]
        self._stated(allsent, lang)
        if self.config.infer and self.normaliser.essential_skills:
            self._inferred(docs, lang)
        return [self._merge(doc) for doc in docs]

    def _segment(self, text: str) -> list[_Sentence]:
        return [_Sentence(s, [s, *phrases(text, s)]) for s in sentences(text)]

    def _stated(self, allsent: list[_Sentence], lang: str | None) -> None:
        if not allsent:
            return
        unique = sorted({self._clean(p.text) for s in allsent for p in s.parts} - {""})
        links = dict(zip(unique, self.normaliser.link_skills(
            unique, lang=lang, limit=self.config.links_per_span), strict=True))
        context = self.index.concept_scores(self.source, [self._clean(s.span.text)
                                                          for s in allsent])
        for sent, row in zip(allsent, context, strict=True):
            self._score_sentence(sent, links, row, lang)

    def _score_sentence(self, sent: _Sentence, links: Mapping[str, list[Any]],
                        context: np.ndarray, lang: str | None) -> None:
        cfg, best = self.config, {}
        for part in sent.parts:
            key = self._clean(part.text)
            damp = cfg.single_word_weight if len(key.split()) == 1 else 1.0
            exact = self.exact.get(key, {})
            for link in links.get(key, ()):
                score = max(link.score * damp, exact.get(link.uri, 0.0) * cfg.exact_score)
                if score > best.get(link.uri, (0.0,))[0]:
                    best[link.uri] = (score, part, link.matched_label, link.label)
            for uri, weight in exact.items():
                if weight * cfg.exact_score > best.get(uri, (0.0,))[0]:
                    best[uri] = (weight * cfg.exact_score, part, part.text,
                                 self.normaliser.label("skill", uri, lang))
        for uri, (score, part, matched, label) in best.items():
            total = (1 - cfg.sentence_weight) * score + cfg.sentence_weight * float(
                context[self.column[uri]])
            sent.found[uri] = ExtractedSkill(
                uri, label, round(min(max(total, 0.0), 1.0), 6), (part.start, part.end),
                STATED, f'"{part.text}" matched "{matched}"')

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
                if old is None or old.score < score:
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


def _better(new: ExtractedSkill, old: ExtractedSkill) -> bool:
    if new.kind != old.kind:
        return new.kind == STATED
    return new.score > old.score


def _exact_labels(index: Any) -> dict[str, dict[str, float]]:
    """Cleaned preferred (1.0) and alternative (0.8) label text -> {URI: weight}."""
    out: dict[str, dict[str, float]] = {}
    for row, concept in enumerate(index.label_concept):
        weight = {0: 1.0, 1: 0.8}.get(index.label_type[row])
        if weight:
            uri = index.uris[int(concept)]
            slot = out.setdefault(index.texts[index.label_clean[row]], {})
            slot[uri] = max(slot.get(uri, 0.0), weight)
    return out
