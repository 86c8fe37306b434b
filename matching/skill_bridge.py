"""Skills reached through the jobs a phrase's words name: "heftruck rijden" -> heftruckchauffeur
-> *operate forklift*.

Used by :class:`matching.extract.SkillExtractor` for text in other languages than English. When
the skill labels lack that language (the ESCO copy here has Dutch occupation labels, English
skill labels only), cross-lingual cosines alone put the right skill low in the list. But a
Dutch phrase shares its words with the jobs that do the work: "behangen" with "behanger",
"orderpicken" with "orderpicker", "kassa" with "kassamedewerker". So each short phrase is
linked to its ``top`` occupations by their label words (:class:`WordLinker`), and the skills of
those occupations (essential and optional) are compared with the phrase by the primary encoder.
The bridge value of a skill is the occupation's link score times that cosine.

The extractor adds ``bridge_weight`` times the value to the skill's score; see
:meth:`matching.extract.SkillExtractor._bridged` for why the bridge never lifts a skill over
the threshold on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from matching.index import KindIndex, label_ranges, top_per_group
from matching.lexical import TfidfIndex


@dataclass(frozen=True)
class Reached:
    """Skills reached by the phrases, best occupation per (phrase, skill); parallel arrays."""

    cand: np.ndarray
    concept: np.ndarray
    value: np.ndarray
    occupation: np.ndarray


class OccupationBridge:
    """Phrase -> occupations (by label words) -> their skills, scored by cosine."""

    def __init__(self, occupations: KindIndex, skills: KindIndex,
                 links: Mapping[str, Sequence[str]], *, encoder: str, top: int = 3,
                 min_link: float = 0.4, cache: Path | None = None) -> None:
        """Prepare, per occupation, the label texts of its skills.

        Args:
            occupations: The normaliser's occupation index.
            skills: The skill index (``encoder``'s label embeddings score the skills).
            links: Occupation URI -> its essential and optional skill URIs.
            encoder: Name of the encoder whose vectors :meth:`score` receives.
            top: Occupations followed per phrase.
            min_link: Weaker occupation links are not followed.
            cache: See :class:`WordLinker`.
        """
        self.top, self.min_link = top, min_link
        self.words = WordLinker(occupations, cache=cache)
        self.embeddings = skills.embeddings[encoder]
        self.n_skills = len(skills.uris)
        where = {uri: i for i, uri in enumerate(skills.uris)}
        self._concepts: list[np.ndarray] = []  # per occupation: its skills
        self._texts: list[np.ndarray] = []  # their label texts, concatenated
        self._lengths: list[np.ndarray] = []  # label texts per skill
        for uri in occupations.uris:
            concepts = np.array(sorted({where[s] for s in links.get(uri, ()) if s in where}),
                                dtype=np.int64)
            lo, hi = skills.starts[concepts], skills.ends[concepts]
            self._concepts.append(concepts)
            self._texts.append(skills.label_clean[label_ranges(lo, hi)])
            self._lengths.append(hi - lo)
        self._count = np.array([len(c) for c in self._concepts], np.int64)  # skills per job

    def score(self, texts: Sequence[str], vectors: np.ndarray) -> Reached:
        """The skills each phrase reaches and their bridge values.

        Args:
            texts: The cleaned phrases (the extractor's skill-cleaned candidates); empty
                ones and those of more than :attr:`WordLinker.max_words` words are skipped.
            vectors: The primary encoder's vector of each phrase (rows match ``texts``).
        """
        cand, occ, link = self.words.link(texts, self.top)
        keep = (link >= self.min_link) & (self._count[occ] > 0)
        cand, occ, link = cand[keep], occ[keep], link[keep]
        if not len(cand):
            empty = np.zeros(0, np.int64)
            return Reached(empty, empty, np.zeros(0, np.float32), empty)
        # one product of the phrases followed and every label text their occupations need
        needed = [self._texts[o] for o in occ]
        labels, cols = np.unique(np.concatenate(needed), return_inverse=True)
        followed, row = np.unique(cand, return_inverse=True)
        cosine = vectors[followed] @ self.embeddings[labels].T
        per_text = np.repeat(row, [len(t) for t in needed])
        lengths = np.concatenate([self._lengths[o] for o in occ])
        best = np.maximum.reduceat(cosine[per_text, cols], np.r_[0, np.cumsum(lengths)[:-1]])
        skills = self._count[occ]
        concept = np.concatenate([self._concepts[o] for o in occ])
        value = best * np.repeat(link, skills)
        cand, occ = np.repeat(cand, skills), np.repeat(occ, skills)
        kept = top_per_group(cand * self.n_skills + concept, value, 1)
        return Reached(cand[kept], concept[kept], value[kept].astype(np.float32), occ[kept])


class WordLinker:
    """Short phrases -> occupations whose labels share their words or word stems.

    Character n-gram TF-IDF over the ~15k distinct words of the occupation labels (not over
    the 52k labels: a 300-word vacancy's phrases then take milliseconds): phrase word ``w`` and
    label word ``v`` match with their cosine when it is at least ``min_similarity``
    ("behangen" ~ "behanger", "lassen" ~ "lasser"). A label scores the sum of its matches over
    ``sqrt(phrase words * label words)``, an occupation its best label.
    """

    def __init__(self, occupations: KindIndex, *, min_similarity: float = 0.5,
                 max_words: int = 3, cache: Path | None = None) -> None:
        """Index the words of ``occupations``' cleaned label texts.

        Args:
            occupations: The occupation index.
            min_similarity: Lowest word cosine that counts as a match.
            max_words: Longer phrases are not linked (a whole sentence names no one job).
            cache: Folder of the fitted word TF-IDF (:meth:`TfidfIndex.cached`; None: fit).
        """
        self.min_similarity, self.max_words = min_similarity, max_words
        self.n_concepts = len(occupations.uris)
        words_of = [_words(t) for t in occupations.texts]
        vocabulary = sorted({w for words in words_of for w in words})
        where = {w: i for i, w in enumerate(vocabulary)}
        tfidf = TfidfIndex.cached(vocabulary, ngram_range=(3, 4), directory=cache)
        self.vectorizer, self.matrix = tfidf.vectorizer, tfidf.matrix.T.tocsr()
        self.text_words = _incidence([[where[w] for w in words] for words in words_of],
                                     len(vocabulary)).T.tocsr()  # (words, texts)
        self.text_len = np.array([max(len(words), 1) for words in words_of], np.float32)
        self._ptr, self._concept = occupations.text_concepts

    def link(self, texts: Sequence[str], top: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(text index, occupation concept, score)`` arrays: each phrase's ``top`` links."""
        lists = [_words(t) if len(t.split()) <= self.max_words else [] for t in texts]
        asked = sorted({w for words in lists for w in words})
        if not asked:
            empty = np.zeros(0, np.int64)
            return empty, empty, np.zeros(0, np.float32)
        sims = (self.vectorizer.transform(asked) @ self.matrix).tocsr()
        sims.data[sims.data < self.min_similarity] = 0.0
        sims.eliminate_zeros()
        per_text = sims @ self.text_words  # (asked words, label texts)
        per_text.data = np.minimum(per_text.data, 1.0)  # two label words like one phrase word
        where = {w: i for i, w in enumerate(asked)}
        pick = _incidence([[where[w] for w in words] for words in lists], len(asked))
        scores = (pick @ per_text).tocoo()  # (phrases, label texts)
        n_words = np.array([max(len(words), 1) for words in lists], np.float32)
        value = scores.data / np.sqrt(n_words[scores.row] * self.text_len[scores.col])
        starts, ends = self._ptr[scores.col], self._ptr[scores.col + 1]
        phrase = np.repeat(scores.row, ends - starts).astype(np.int64)
        concept = self._concept[label_ranges(starts, ends)]
        value = np.minimum(np.repeat(value, ends - starts), 1.0)
        best = top_per_group(phrase * self.n_concepts + concept, value, 1)
        best = best[top_per_group(phrase[best], value[best], top)]
        return phrase[best], concept[best], value[best].astype(np.float32)


def _words(text: str) -> list[str]:
    """Distinct words of a cleaned text that can name a job (3+ letters)."""
    return list(dict.fromkeys(w for w in text.split() if len(w) >= 3))


def _incidence(rows: Sequence[Sequence[int]], width: int) -> sparse.csr_matrix:
    """A 0/1 matrix with a row per list, a 1 in each listed column."""
    cols = [c for row in rows for c in row]
    owner = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    return sparse.csr_matrix((np.ones(len(cols), np.float32), (owner, cols)),
                             shape=(len(rows), width))
