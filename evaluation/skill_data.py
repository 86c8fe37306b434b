"""Loader and metrics of the public skill-extraction format (SkillSpan / Decorte et al.).

A file has the columns ``sentence, span, sub_span, label`` (or just ``sentence, label``); one
sentence may have several rows. Labels are ESCO v1.1 preferred labels, ``LABEL NOT PRESENT``
or ``UNDERSPECIFIED``; they are mapped to URIs through the v1.2 preferred and alternative
labels, case- and space-insensitively. Sentences without a mapped gold label are skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.metrics import first_hit, r_precision, recall_at

NO_LABEL = frozenset({"label not present", "underspecified", ""})
_SPACE = re.compile(r"\s+")


class SkillDataError(ValueError):
    """An annotation file cannot be read (missing columns, empty file)."""


@dataclass(frozen=True)
class SkillSentence:
    """One annotated sentence: its text and the URIs of its gold skills (sorted)."""

    text: str
    gold: tuple[str, ...]


@dataclass
class SkillAnnotations:
    """A loaded annotation file, mapped to ESCO URIs.

    Attributes:
        sentences: Sentences with at least one mapped gold skill, in file order.
        n_rows: Data rows read.
        n_sentences: Distinct sentences read.
        labels: Distinct skill labels (not counting ``LABEL NOT PRESENT``).
        unmapped: Distinct labels that match no v1.2 preferred or alternative label.
    """

    sentences: list[SkillSentence]
    n_rows: int = 0
    n_sentences: int = 0
    labels: int = 0
    unmapped: list[str] = field(default_factory=list)


def norm_label(text: str) -> str:
    """Case- and space-insensitive key of a label."""
    return _SPACE.sub(" ", text.casefold()).strip()


def label_map(store: Any) -> dict[str, str]:
    """English preferred labels first, then alternative labels, as ``norm_label -> URI``."""
    out: dict[str, str] = {}
    labels = store.labels("skill", lang="en")
    for wanted in ("preferred", "alternative"):
        for lb in sorted(labels, key=lambda x: x.uri):
            if lb.label_type == wanted:
                out.setdefault(norm_label(lb.text), lb.uri)
    return out


def read_rows(path: str | Path) -> list[tuple[str, str]]:
    """``(sentence, label)`` pairs of an annotation file, in file order."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"sentence", "label"} - set(reader.fieldnames or ())
        if missing:
            raise SkillDataError(
                f"{path}: missing column(s) {sorted(missing)}; expected sentence,label "
                f"(optionally span,sub_span), got {reader.fieldnames}")
        return [((r["sentence"] or "").strip(), (r["label"] or "").strip()) for r in reader]


def load_annotations(path: str | Path, mapping: Mapping[str, str]) -> SkillAnnotations:
    """Read ``path`` and map its labels through ``mapping`` (see :func:`label_map`).

    Args:
        path: CSV with ``sentence`` and ``label`` columns.
        mapping: ``norm_label -> URI``.

    Returns:
        The annotated sentences and the counts of what was (not) mapped.
    """
    rows = read_rows(path)
    gold: dict[str, set[str]] = {}
    labels, unmapped = set(), set()
    for sentence, label in rows:
        uris = gold.setdefault(sentence, set())
        key = norm_label(label)
        if key in NO_LABEL:
            continue
        labels.add(key)
        if key in mapping:
            uris.add(mapping[key])
        else:
            unmapped.add(label)
    kept = [SkillSentence(s, tuple(sorted(u))) for s, u in gold.items() if s and u]
    return SkillAnnotations(kept, len(rows), len(gold), len(labels), sorted(unmapped))


def sentence_metrics(ranked: Sequence[str], gold: Iterable[str], *, k_rp: int = 5,
                     k_recall: int = 10) -> dict[str, float]:
    """RP@k, reciprocal rank and recall@k of one ranking against its gold URIs."""
    gold = set(gold)
    first = first_hit(ranked, gold)
    return {
        f"RP@{k_rp}": r_precision(ranked, gold, k_rp),
        "MRR": 0.0 if first is None else 1.0 / (first + 1),
        f"R@{k_recall}": recall_at(ranked, gold, k_recall),
    }


def mean_metrics(rankings: Sequence[Sequence[str]], sentences: Sequence[SkillSentence]
                 ) -> dict[str, float]:
    """Metrics of :func:`sentence_metrics` averaged over sentences (rounded to 4 places)."""
    if not sentences:
        return {"RP@5": 0.0, "MRR": 0.0, "R@10": 0.0}
    per = [sentence_metrics(r, s.gold) for r, s in zip(rankings, sentences, strict=True)]
    return {k: round(sum(p[k] for p in per) / len(per), 4) for k in per[0]}
