"""The parts of ESCO the ranker needs, held in memory: relations, hierarchy, ISCO codes, labels.

Skill similarity is semantic, not only exact URIs: a participant skill also covers its
broader and narrower skills, its siblings under a small group, and skills that appear in the
profiles of the same occupations (ESCO occupation-skill relations, cosine of the occupation
sets). Past occupations imply their essential skills, more weakly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

# Strength of each kind of skill evidence (the best one wins per required skill).
EXACT, BROADER, NARROWER, SIBLING, EXPERIENCE = 1.0, 0.8, 0.7, 0.45, 0.5
COOCCURRENCE_MAX, COOCCURRENCE_MIN_COS, COOCCURRENCE_TOP = 0.75, 0.4, 25
SIBLING_GROUP_MAX = 40
ISCO_PROXIMITY = {4: 0.7, 3: 0.45, 2: 0.25, 1: 0.1}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a participant is taken to have a skill: the source skill and phrase, and how surely."""

    strength: float
    source_uri: str
    phrase: str
    relation: str


class TaxonomyGraph:
    """Read-only, in-memory view of the ESCO relations used for scoring."""

    def __init__(
        self,
        relations: list[tuple[str, str, str]],
        *,
        isco: dict[str, str] | None = None,
        skill_broader: dict[str, list[str]] | None = None,
        labels: dict[str, dict[str, str]] | None = None,
        version: str = "",
    ) -> None:
        self.version = version
        self.isco = dict(isco or {})
        self.labels = labels or {}
        self.essential: dict[str, list[str]] = {}
        self.optional: dict[str, list[str]] = {}
        for occ, skill, rel in relations:
            target = self.essential if rel == "essential" else self.optional
            target.setdefault(occ, []).append(skill)
        skills = {s for _, s, _ in relations} | set(self.labels.get("skill_en", {}))
        self.broader = {k: tuple(v) for k, v in (skill_broader or {}).items()}
        self.children: dict[str, list[str]] = {}
        for child, parents in sorted(self.broader.items()):
            for parent in parents:
                self.children.setdefault(parent, []).append(child)
        self.skills = frozenset(skills | set(self.broader))
        self._build_cooccurrence(relations)
        self.occupation_similarity = lru_cache(maxsize=200_000)(self._occupation_similarity)
        self._neighbours = lru_cache(maxsize=50_000)(self._cooccurring)

    @classmethod
    def from_store(cls, store: Any) -> TaxonomyGraph:
        """Load the graph from a :class:`taxonomy.store.TaxonomyStore`."""
        labels = {
            f"{kind}_{lang}": store.preferred_labels(kind, lang=lang)
            for kind in ("occupation", "skill") for lang in ("en", "nl")
        }
        return cls(list(store.occupation_skill_relations()), isco=store.occupation_isco(),
                   skill_broader=store.skill_broader(), labels=labels, version=store.version)

    def label(self, uri: str, *, kind: str = "skill", lang: str = "en") -> str:
        """Preferred label of ``uri`` in ``lang``, falling back to English, then the URI."""
        for code in (lang, "en"):
            text = self.labels.get(f"{kind}_{code}", {}).get(uri)
            if text:
                return text.strip()
        return uri.rsplit("/", 1)[-1]

    def _build_cooccurrence(self, relations: list[tuple[str, str, str]]) -> None:
        occs = sorted({o for o, _, _ in relations})
        skills = sorted({s for _, s, _ in relations})
        self._occ_index = {o: i for i, o in enumerate(occs)}
        self._skill_index = {s: i for i, s in enumerate(skills)}
        self._skill_list = skills
        rows = [self._skill_index[s] for _, s, _ in relations]
        cols = [self._occ_index[o] for o, _, _ in relations]
        mat = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(skills), len(occs)))
        mat.data[:] = 1.0  # duplicates (essential and optional) count once
        self._incidence = mat
        self._degree = np.asarray(mat.sum(axis=1)).ravel()

    def _cooccurring(self, skill: str) -> tuple[tuple[str, float], ...]:
        """Skills sharing occupation profiles with ``skill``: (uri, cosine), strongest first."""
        i = self._skill_index.get(skill)
        if i is None or self._degree[i] == 0:
            return ()
        counts = np.asarray((self._incidence @ self._incidence[i].T).todense()).ravel()
        cos = counts / np.sqrt(np.maximum(self._degree, 1.0) * self._degree[i])
        cos[i] = 0.0
        top = np.flatnonzero(cos >= COOCCURRENCE_MIN_COS)
        order = sorted(top, key=lambda j: (-cos[j], self._skill_list[j]))[:COOCCURRENCE_TOP]
        return tuple((self._skill_list[j], float(cos[j])) for j in order)

    def requirements(self, occupation: str) -> tuple[list[str], list[str]]:
        """Essential and optional skills of an occupation in ESCO."""
        return list(self.essential.get(occupation, [])), list(self.optional.get(occupation, []))

    def _occupation_similarity(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        best = 0.0
        ca, cb = self.isco.get(a, ""), self.isco.get(b, "")
        for digits in (4, 3, 2, 1):
            if len(ca) >= digits and ca[:digits] == cb[:digits]:
                best = ISCO_PROXIMITY[digits]
                break
        sa, sb = set(self.essential.get(a, ())), set(self.essential.get(b, ()))
        if sa and sb:
            best = max(best, 0.8 * len(sa & sb) / math.sqrt(len(sa) * len(sb)))
        return best

    def expand_skills(
        self, skills: list[tuple[str, str]], experience: list[tuple[str, float, str]] = ()
    ) -> dict[str, Evidence]:
        """Every skill a participant can be taken to have, with the best evidence for each.

        Args:
            skills: (skill URI, phrase the participant wrote) pairs.
            experience: (occupation URI, years, phrase) of past jobs; they imply the
                occupation's essential skills at strength ``EXPERIENCE``.
        """
        found: dict[str, Evidence] = {}

        def offer(target: str, strength: float, source: str, phrase: str, relation: str) -> None:
            old = found.get(target)
            if old is None or (strength, source) > (old.strength, old.source_uri):
                found[target] = Evidence(round(strength, 6), source, phrase, relation)

        for occ, _years, phrase in sorted(experience):
            for skill in self.essential.get(occ, ()):
                offer(skill, EXPERIENCE, occ, phrase, "experience")
        for uri, phrase in sorted(skills):
            self._expand_one(uri, phrase, offer)
        return found

    def _expand_one(self, uri: str, phrase: str, offer: Any) -> None:
        offer(uri, EXACT, uri, phrase, "exact")
        for parent in self.broader.get(uri, ()):
            if parent in self._skill_index:
                offer(parent, BROADER, uri, phrase, "broader")
            siblings = self.children.get(parent, ())
            if len(siblings) <= SIBLING_GROUP_MAX:
                for sib in siblings:
                    if sib != uri:
                        offer(sib, SIBLING, uri, phrase, "sibling")
        for child in self.children.get(uri, ()):
            offer(child, NARROWER, uri, phrase, "narrower")
        for other, cos in self._neighbours(uri):
            offer(other, COOCCURRENCE_MAX * cos, uri, phrase, "related")
