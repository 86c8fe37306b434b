"""Skills inferred from the jobs a text names: "6 years as a tailor" -> the tailor's skills.

Used by :class:`matching.extract.SkillExtractor`. Phrases after a cue such as ``as a``,
``als``, ``looking for a`` or ``wij zoeken een`` are linked to occupations through the
normaliser; the essential skills of a confident link are added as *inferred*, scored
``inferred_weight`` times the occupation score, at most ``max_inferred`` per job, the most
telling first. They never replace a stated skill that reached the threshold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from matching.segment import Span, trim
from matching.text import clean_title

STATED, INFERRED = "stated", "inferred"
EXACT_TITLE = 0.95  # occupation confidence when a named job title equals one of its labels
#: A job word right before ``as`` / ``als`` ("worked as", "3 jaar als"): a bare ``as`` is
#: mostly "as well as", "such as", "as part of", "as soon as possible".
_JOB_CUE = re.compile(
    r"\b(?:worked|working|work|employed|experience|years?|months?|job|position|role|career|"
    r"preferably|voorkeur|"
    r"ervaring|jaar|jaren|maanden|baan|functie|werkzaam|gewerkt|werkte|werk|werken)\s+"
    r"(?:as an?|as|als een|als)\s+|"
    r"\b(?:looking for|seeking|hiring|we zoeken|wij zoeken|zoeken wij|zoeken)\s+(?:an?|een)\s+",
    re.IGNORECASE,
)
_TITLE_END = re.compile(
    r"[,.;:!?()\n]|\s(?:in|at|bij|for|voor|with|met|from|van|te|and|en|or|of|since|sinds|"
    r"during|tijdens)\s",
    re.IGNORECASE,
)


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


def telling_order(essential: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Each occupation's essential skills, most telling first: a skill few occupations need
    ("buttonholing") says more about a tailor than one most need ("work in a team").
    Ties by URI, so the order is reproducible."""
    jobs = Counter(uri for skills in essential.values() for uri in set(skills))
    return {occ: sorted(set(skills), key=lambda uri: (jobs[uri], uri))
            for occ, skills in essential.items()}


def add_inferred(normaliser: Any, titles: Sequence[tuple[dict[str, Any], Span]], *,
                 lang: str | None, config: Any, make: Callable[..., Any],
                 order: Mapping[str, Sequence[str]] | None = None) -> None:
    """Add the essential skills of the occupations named by ``titles`` to their sentences.

    Args:
        normaliser: The :class:`matching.normalise.Normaliser` (occupation links, labels).
        titles: ``(found, title)``: the ``uri -> skill`` dict of the sentence a title is in.
        lang: Language of the texts and labels.
        config: The :class:`matching.extract.ExtractorConfig` (``max_inferred`` per job).
        make: Builds a skill: ``make(uri, label, score, span, kind, evidence)``.
        order: Per occupation its essential skills, most telling first (see
            :func:`telling_order`; default: the normaliser's order).
    """
    if not titles:
        return
    occs = normaliser.link_occupations([t.text for _, t in titles], lang=lang, limit=1)
    for (found, part), top in zip(titles, occs, strict=True):
        exact = bool(top) and clean_title(part.text) == clean_title(top[0].matched_label)
        confidence = max(top[0].score, EXACT_TITLE) if exact else top[0].score if top else 0
        if confidence < config.occupation_threshold:
            continue
        occ, score = top[0], round(confidence * config.inferred_weight, 6)
        skills = (order if order is not None else normaliser.essential_skills).get(occ.uri, ())
        for uri in list(skills)[: config.max_inferred]:
            old = found.get(uri)
            weak = old is None or old.kind == INFERRED or old.score < config.threshold
            if weak and (old is None or old.score < score):
                found[uri] = make(uri, normaliser.label("skill", uri, lang), score,
                                  (part.start, part.end), INFERRED,
                                  f'essential skill of "{occ.label}" ("{part.text}")')
