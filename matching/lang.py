"""Language guess for short texts (Dutch or English), learned from the taxonomy's own labels.

Function words decide when a text has them ("Ik kan goed ..."); lists of content words
("heftruck rijden, goederen stapelen") have none, and there a character n-gram naive Bayes
model, fitted on the Dutch and English ESCO labels, decides. With equal class priors the
model is one weight per hashed n-gram (log P(n-gram | nl) - log P(n-gram | en)), so it is
kept as that vector and cached on disk per label set (fitting takes about 2 s).
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matching.segment import function_word_votes

log = logging.getLogger(__name__)
_SAMPLE = 50_000  # labels per language used to fit (about 1 s)
_FEATURES = 2**18


def _vectorizer():  # noqa: ANN202 - sklearn type kept out of module imports
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=(1, 4), n_features=_FEATURES,
                             alternate_sign=False, norm=None, lowercase=True)


class LanguageGuesser:
    """Guesses ``nl`` or ``en`` for a text; see the module doc."""

    def __init__(self, dutch: Sequence[str], english: Sequence[str], *, seed: int = 0,
                 weights: np.ndarray | None = None) -> None:
        """Fit on label texts of each language (either may be empty: then votes only).

        Args:
            dutch: Dutch label texts.
            english: English label texts.
            seed: Seed of the sample of at most 50,000 labels per language.
            weights: An already fitted weight vector (see module doc); skips fitting.
        """
        self._vectorizer = _vectorizer()
        self.weights = weights
        if weights is not None or not dutch or not english:
            return
        from sklearn.naive_bayes import MultinomialNB

        rng = random.Random(seed)
        nl = rng.sample(list(dutch), min(len(dutch), _SAMPLE))
        en = rng.sample(list(english), min(len(english), _SAMPLE))
        x = self._vectorizer.transform(nl + en)
        y = np.r_[np.ones(len(nl)), np.zeros(len(en))]
        model = MultinomialNB(alpha=0.1, fit_prior=False).fit(x, y)
        log_p = model.feature_log_prob_  # rows in class order: 0 = en, 1 = nl
        self.weights = (log_p[1] - log_p[0]).astype(np.float32)

    @classmethod
    def from_labels(cls, labels: Sequence[tuple[str, str]], *,
                    cache: str | os.PathLike[str] | None = None) -> LanguageGuesser:
        """Fit on ``(text, lang)`` pairs, e.g. every occupation and skill label.

        Args:
            labels: The labels.
            cache: Folder where the fitted weights are kept, keyed by a digest of the labels
                (None: fit every time).
        """
        nl = [t for t, lang in labels if lang == "nl"]
        en = [t for t, lang in labels if lang == "en"]
        path = None
        if cache is not None and nl and en:
            digest = hashlib.sha1("\x1f".join(nl + ["\x1e"] + en).encode("utf-8")).hexdigest()
            path = Path(cache) / f"lang-nb-{digest[:16]}.npy"
            if path.exists():
                try:
                    weights = np.load(path)
                except (OSError, ValueError):
                    weights = None  # unreadable: fit again and overwrite
                if weights is not None and weights.shape == (_FEATURES,):
                    return cls(nl, en, weights=weights)
        guesser = cls(nl, en)
        if path is not None and guesser.weights is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
                np.save(tmp, guesser.weights)
                os.replace(tmp, path)
            except OSError as exc:  # a read-only cache only costs the refit next time
                log.warning("cannot cache the language model in %s: %s", path.parent, exc)
        return guesser

    def guess(self, text: str) -> str:
        """``nl`` or ``en``."""
        dutch, english = function_word_votes(text)
        if dutch != english or self.weights is None:
            return "nl" if dutch > english else "en"
        counts = self._vectorizer.transform([text])
        return "nl" if float((counts @ self.weights)[0]) > 0.0 else "en"
