"""Loaders of the public benchmark formats (any file of these formats, not just ours)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from evaluation.errors import DatasetError


@dataclass(frozen=True)
class Query:
    """One benchmark query: raw text and the set of relevant ESCO URIs."""

    text: str
    gold: frozenset[str]


def _column(header: list[str], *names: str) -> int:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    raise DatasetError(f"none of the columns {names} in header {header}")


def load_jobnorm(path: str | Path) -> list[Query]:
    """JobBERT-style CSV: (unnamed index,) ``vacancyTitle``, ``conceptUri``.

    Rows with an empty title or URI are skipped.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"titles file {str(path)!r} does not exist; expected a CSV file")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        title = _column(header, "vacancyTitle", "title", "jobTitle")
        uri = _column(header, "conceptUri", "uri", "escoUri")
        rows = [r for r in reader if len(r) > max(title, uri)]
    return [Query(r[title].strip(), frozenset({r[uri].strip()}))
            for r in rows if r[title].strip() and r[uri].strip()]


def _tsv(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise DatasetError(f"MELO file {str(path)!r} is missing; a MELO data set folder holds "
                           "queries.tsv, corpus_elements.tsv, concept_mapping.tsv, annotations.tsv")
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def load_melo(directory: str | Path) -> tuple[list[Query], int]:
    """A MELO data set folder; gold = ESCO occupation URIs of the annotated corpus elements.

    Returns:
        The queries with at least one occupation in their gold, and how many were skipped
        (gold only ISCO groups or not annotated).
    """
    directory = Path(directory)
    queries = {r[0]: r[1] for r in _tsv(directory / "queries.tsv") if len(r) >= 2}
    mapping = {r[0]: r[1] for r in _tsv(directory / "concept_mapping.tsv") if len(r) >= 2}
    gold: dict[str, set[str]] = defaultdict(set)
    for row in _tsv(directory / "annotations.tsv"):
        relevant = len(row) < 4 or _is_positive(row[3])
        uri = mapping.get(row[2], "") if len(row) >= 3 else ""
        if relevant and "/occupation/" in uri:
            gold[row[0]].add(uri)
    out = [Query(text, frozenset(gold[qid])) for qid, text in queries.items() if gold.get(qid)]
    return out, len(queries) - len(out)


def _is_positive(value: str) -> bool:
    try:
        return float(value) > 0
    except ValueError:
        return True


def load_skill_sentences(path: str | Path, preferred: dict[str, str]) -> tuple[list[Query], int]:
    """Skill-span CSV (``sentence``, ``label``, ...): gold skills per sentence.

    Args:
        path: The CSV file.
        preferred: Normalised label text -> skill URI (preferred and alternative labels).

    Returns:
        Queries (sentences with at least one mapped gold skill) and the count of gold labels
        that could not be mapped.
    """
    gold: dict[str, set[str]] = defaultdict(set)
    unmapped = 0
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            label = (row.get("label") or "").strip()
            sentence = (row.get("sentence") or "").strip()
            if not sentence or not label or label == "LABEL NOT PRESENT":
                continue
            uri = preferred.get(norm_label(label))
            if uri:
                gold[sentence].add(uri)
            else:
                unmapped += 1
    return [Query(s, frozenset(g)) for s, g in gold.items()], unmapped


def norm_label(text: str) -> str:
    """Case- and space-insensitive key of a label."""
    return re.sub(r"\s+", " ", text).strip().lower()
