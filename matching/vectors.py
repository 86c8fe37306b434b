"""Whole-taxonomy matrices for batch scoring: skill evidence and occupation similarity.

:meth:`TaxonomyGraph.expand_skills` answers one participant at a time. Here the same rules are
one sparse matrix ``M`` over skills (``M[s, t]`` = strongest evidence that having ``s`` gives
for ``t``: exact, broader, narrower, sibling, co-occurring), so the evidence of many
participants is a row gather of ``M`` and a max per (participant, skill). Occupation
similarity (:meth:`TaxonomyGraph.occupation_similarity`) becomes a dense block from the ISCO
prefixes and one sparse product of essential-skill sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
from scipy import sparse

from matching import graph as g
from matching.graph import TaxonomyGraph

_SPACES: WeakKeyDictionary[TaxonomyGraph, SkillSpace] = WeakKeyDictionary()


def max_coo(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray,
            shape: tuple[int, int]) -> sparse.csr_matrix:
    """CSR matrix keeping the largest value of each duplicated (row, col) entry."""
    if len(rows) == 0:
        return sparse.csr_matrix(shape)
    key = rows.astype(np.int64) * shape[1] + cols
    order = np.lexsort((vals, key))  # by key, largest value last in each run
    key, vals = key[order], vals[order]
    last = np.r_[key[1:] != key[:-1], True]
    key, vals = key[last], vals[last]
    return sparse.csr_matrix((vals, (key // shape[1], key % shape[1])), shape=shape)


def cooccurrence_table(graph: TaxonomyGraph) -> list[tuple[int, int, float]]:
    """Every (skill, other, cosine) pair that ``graph._cooccurring`` would return, at once."""
    inc, deg = graph._incidence, graph._degree
    counts = (inc @ inc.T).tocoo()
    i, j, c = counts.row, counts.col, counts.data
    keep = (i != j) & (deg[i] > 0)
    i, j, c = i[keep], j[keep], c[keep]
    cos = c / np.sqrt(np.maximum(deg[j], 1.0) * deg[i])
    keep = cos >= g.COOCCURRENCE_MIN_COS
    i, j, cos = i[keep], j[keep], cos[keep]
    order = np.lexsort((j, -cos, i))  # per skill: strongest first, ties by URI (index order)
    i, j, cos = i[order], j[order], cos[order]
    starts = np.r_[0, np.flatnonzero(np.diff(i)) + 1]
    rank = np.arange(len(i)) - np.repeat(starts, np.diff(np.r_[starts, len(i)]))
    keep = rank < g.COOCCURRENCE_TOP
    return list(zip(i[keep].tolist(), j[keep].tolist(), cos[keep].tolist(), strict=True))


@dataclass
class SkillSpace:
    """Skill vocabulary of a graph and its evidence matrix ``M`` (see the module docstring)."""

    uris: list[str]
    index: dict[str, int]
    strengths: sparse.csr_matrix

    @classmethod
    def of(cls, graph: TaxonomyGraph) -> SkillSpace:
        """The (cached) skill space of ``graph``."""
        space = _SPACES.get(graph)
        if space is None:
            space = _SPACES[graph] = cls._build(graph)
        return space

    @classmethod
    def _build(cls, graph: TaxonomyGraph) -> SkillSpace:
        uris = sorted(graph.skills | set(graph.children) | set(graph._skill_index))
        index = {u: i for i, u in enumerate(uris)}
        triples = [(i, i, g.EXACT) for i in range(len(uris))]
        for child, parents in graph.broader.items():
            for parent in parents:
                if parent in graph._skill_index:
                    triples.append((index[child], index[parent], g.BROADER))
                triples.append((index[parent], index[child], g.NARROWER))
                siblings = graph.children.get(parent, ())
                if len(siblings) <= g.SIBLING_GROUP_MAX:
                    triples += [(index[child], index[s], g.SIBLING) for s in siblings if s != child]
        local = graph._skill_list
        triples += [(index[local[a]], index[local[b]], round(g.COOCCURRENCE_MAX * cos, 6))
                    for a, b, cos in cooccurrence_table(graph)]
        rows, cols, vals = (np.array(x) for x in zip(*triples, strict=True))
        return cls(uris, index, max_coo(rows, cols, vals.astype(float), (len(uris), len(uris))))

    def evidence(self, skills: Sequence[Iterable[str]], implied: Sequence[Iterable[str]],
                 vocab: dict[str, int]) -> sparse.csr_matrix:
        """Evidence strengths, one row per participant, columns in ``vocab`` order.

        Args:
            skills: per participant, the skill URIs they have (confirmed links).
            implied: per participant, skills implied by past jobs (strength ``EXPERIENCE``).
            vocab: column of every URI (must contain this space's URIs and any unknown one).
        """
        to_vocab = np.array([vocab[u] for u in self.uris], dtype=np.int64)
        m = self.strengths
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        for p, (have, past) in enumerate(zip(skills, implied, strict=True)):
            for uri in have:
                i = self.index.get(uri)
                if i is None:  # unknown to the taxonomy: only exact evidence
                    c, v = np.array([vocab[uri]]), np.array([g.EXACT])
                else:
                    c, v = to_vocab[m.indices[m.indptr[i]:m.indptr[i + 1]]], \
                        m.data[m.indptr[i]:m.indptr[i + 1]]
                rows.append(np.full(len(c), p))
                cols.append(c)
                vals.append(v)
            rows.append(np.full(len(past), p))
            cols.append(np.array([vocab[u] for u in past], dtype=np.int64))
            vals.append(np.full(len(past), g.EXPERIENCE))
        flat = [np.concatenate(x) if x else np.zeros(0) for x in (rows, cols, vals)]
        return max_coo(flat[0].astype(np.int64), flat[1].astype(np.int64), flat[2],
                       (len(skills), len(vocab)))


def occupation_similarity(graph: TaxonomyGraph, rows: Sequence[str],
                          cols: Sequence[str]) -> np.ndarray:
    """Dense ``(rows, cols)`` block of :meth:`TaxonomyGraph.occupation_similarity`."""
    out = np.zeros((len(rows), len(cols)))
    for digits in (1, 2, 3, 4):
        codes: dict[str, int] = {}
        a = [codes.setdefault(_prefix(graph, u, digits, "a"), len(codes)) for u in rows]
        b = [codes.setdefault(_prefix(graph, u, digits, "b"), len(codes)) for u in cols]
        out[np.equal.outer(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))] = \
            g.ISCO_PROXIMITY[digits]
    skills = sorted({s for u in (*rows, *cols) for s in graph.essential.get(u, ())})
    pos = {s: i for i, s in enumerate(skills)}
    ea, eb = (_incidence(graph, u, pos) for u in (rows, cols))
    na, nb = np.asarray(ea.sum(axis=1)).ravel(), np.asarray(eb.sum(axis=1)).ravel()
    inter = (ea @ eb.T).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = np.where(np.outer(na, nb) > 0, 0.8 * inter / np.sqrt(np.outer(na, nb)), 0.0)
    out = np.maximum(out, cos)
    ids: dict[str, int] = {}
    a = np.array([ids.setdefault(u, len(ids)) for u in rows], dtype=np.int64)
    b = np.array([ids.setdefault(u, len(ids)) for u in cols], dtype=np.int64)
    out[np.equal.outer(a, b)] = 1.0
    return out


def _prefix(graph: TaxonomyGraph, uri: str, digits: int, side: str) -> str:
    code = graph.isco.get(uri, "")
    return code[:digits] if len(code) >= digits else f"-{side}"


def _incidence(graph: TaxonomyGraph, uris: Sequence[str], pos: dict[str, int]) -> sparse.csr_matrix:
    pairs = {(i, pos[s]) for i, u in enumerate(uris) for s in graph.essential.get(u, ())}
    r, c = (np.array(x, dtype=np.int64) for x in zip(*pairs, strict=True)) if pairs else ([], [])
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(uris), max(len(pos), 1)))
