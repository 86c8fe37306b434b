"""Confirmed aliases (cleaned phrase -> ESCO URI) looked up for identical or similar texts.

A coach who confirms that "heftruck rijden" means *operate forklift* teaches every later
text that reads the same after cleaning, and texts that differ only a little (a typo, a word
order, an inflection: "heftruk rijden", "rijden heftruck"): rapidfuzz's token-sort ratio of
the cleaned texts at or above :data:`SIMILAR`. Short texts match identically only, where
one letter changes the meaning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SIMILAR = 92.0  # token-sort ratio (0-100) from which a text counts as the same phrase
MIN_FUZZY_CHARS = 6  # shorter texts ("kok", "kassa") need the identical alias


@dataclass(frozen=True)
class AliasHit:
    """The alias a text matched.

    Attributes:
        uri: The confirmed concept.
        alias: The stored (cleaned) alias text.
        similarity: 1.0 when identical, else the token-sort ratio / 100 (at most 0.99).
    """

    uri: str
    alias: str
    similarity: float

    @property
    def exact(self) -> bool:
        """Whether the text equals the alias."""
        return self.similarity >= 1.0


def match_aliases(texts: Sequence[str], aliases: Mapping[str, str], *,
                  cutoff: float = SIMILAR) -> list[AliasHit | None]:
    """For each cleaned text, its identical alias, else the most similar one from ``cutoff``.

    Args:
        texts: Cleaned texts.
        aliases: Cleaned alias text -> URI.
        cutoff: Token-sort ratio (0-100) from which a different text matches; above 100
            turns similar matching off.

    Returns:
        Per text an :class:`AliasHit` or None. Ties go to the alphabetically first alias.
    """
    out: list[AliasHit | None] = [
        AliasHit(aliases[t], t, 1.0) if t in aliases else None for t in texts]
    todo = [i for i, t in enumerate(texts)
            if out[i] is None and len(t) >= MIN_FUZZY_CHARS]
    if not todo or not aliases or cutoff > 100:
        return out
    from rapidfuzz import fuzz, process

    keys = sorted(aliases)
    scores = process.cdist([texts[i] for i in todo], keys, scorer=fuzz.token_sort_ratio,
                           score_cutoff=cutoff, workers=1, dtype=np.float32)
    best = scores.argmax(axis=1)  # first maximum: alphabetical tie-break
    for row, i in enumerate(todo):
        score = float(scores[row, best[row]])
        if score >= cutoff:
            key = keys[best[row]]
            out[i] = AliasHit(aliases[key], key, min(round(score / 100.0, 4), 0.99))
    return out
