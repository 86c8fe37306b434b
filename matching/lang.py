"""Language guess for short texts (Dutch or English), learned from the taxonomy's own labels.

Function words decide when a text has them ("Ik kan goed ..."); lists of content words
("heftruck rijden, goederen stapelen") have none, and there a character n-gram naive Bayes
model, fitted on the Dutch and English ESCO labels, decides.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from matching.segment import function_word_votes

_SAMPLE = 50_000  # labels per language used to fit (about 1 s)


class LanguageGuesser:
    """Guesses ``nl`` or ``en`` for a text; see the module doc."""

    def __init__(self, dutch: Sequence[str], english: Sequence[str], *, seed: int = 0) -> None:
        """Fit on label texts of each language (either may be empty: then votes only)."""
        self._model = None
        if not dutch or not english:
            return
        from sklearn.feature_extraction.text import HashingVectorizer
        from sklearn.naive_bayes import MultinomialNB

        rng = random.Random(seed)
        nl = rng.sample(list(dutch), min(len(dutch), _SAMPLE))
        en = rng.sample(list(english), min(len(english), _SAMPLE))
        self._vectorizer = HashingVectorizer(
            analyzer="char_wb", ngram_range=(1, 4), n_features=2**18, alternate_sign=False,
            norm=None, lowercase=True)
        x = self._vectorizer.transform(nl + en)
        y = np.r_[np.ones(len(nl)), np.zeros(len(en))]
        self._model = MultinomialNB(alpha=0.1, fit_prior=False).fit(x, y)

    @classmethod
    def from_labels(cls, labels: Sequence[tuple[str, str]]) -> LanguageGuesser:
        """Fit on ``(text, lang)`` pairs, e.g. every occupation and skill label."""
        nl = [t for t, lang in labels if lang == "nl"]
        en = [t for t, lang in labels if lang == "en"]
        return cls(nl, en)

    def guess(self, text: str) -> str:
        """``nl`` or ``en``."""
        dutch, english = function_word_votes(text)
        if dutch != english or self._model is None:
            return "nl" if dutch > english else "en"
        p_dutch = self._model.predict_proba(self._vectorizer.transform([text]))[0, 1]
        return "nl" if p_dutch > 0.5 else "en"
