"""Evaluators: every method (each source alone and the fused system) on one set of queries.

Each evaluator returns one dict per method: ``{"task", "method", "n", "MRR", "R@1", "R@5",
"R@10", "seconds"}``; the primary metric is MRR.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from evaluation.metrics import rank_metrics
from matching.index import KindIndex, held_out_queries, top_k
from matching.normalise import Normaliser

PRIMARY = "MRR"
FEMININE = ("ster", "e", "es", "ice", "euse", "esse", "in", "a")


@dataclass(frozen=True)
class TaskQueries:
    """Cleaned queries of one task, their gold URIs and label rows held out per query."""

    task: str
    kind: str
    queries: tuple[str, ...]
    gold: tuple[frozenset[str], ...]
    exclude: tuple[tuple[int, ...], ...] | None = None


def methods_of(normaliser: Normaliser, kind: str) -> list[str]:
    """Method names: ``tfidf``, ``rapidfuzz``, one per encoder, ``fused``."""
    index = normaliser.indexes[kind]
    return ["tfidf", "rapidfuzz", *index.encoders, "fused"]


def source_ranking(
    index: KindIndex, source: str, queries: Sequence[str], *, exclude=None, k: int = 10,
    batch: int = 256,
) -> list[list[str]]:
    """Top-``k`` concept URIs of each query under one source alone."""
    out: list[list[str]] = []
    for start in range(0, len(queries), batch):
        chunk = list(queries[start : start + batch])
        ex = exclude[start : start + batch] if exclude is not None else None
        scores = index.concept_scores(source, chunk, exclude=ex)
        out.extend([index.uris[c] for c in top_k(row, k)] for row in scores)
    return out


def evaluate(
    normaliser: Normaliser, task: TaskQueries, *, methods: Sequence[str] | None = None
) -> list[dict]:
    """Run every method on ``task`` and return one metrics dict per method."""
    index = normaliser.indexes[task.kind]
    results = []
    for method in methods or methods_of(normaliser, task.kind):
        start = time.perf_counter()
        if method == "fused":
            ranked = [[index.uris[s.concept] for s in r[:10]]
                      for r in normaliser.rank(task.kind, task.queries, exclude=task.exclude)]
        else:
            source = "fuzzy" if method == "rapidfuzz" else method
            ranked = source_ranking(index, source, task.queries, exclude=task.exclude)
        seconds = round(time.perf_counter() - start, 2)
        metrics = rank_metrics(ranked, task.gold)
        results.append({"task": task.task, "method": method, "n": len(task.queries),
                        **metrics, "seconds": seconds})
    return results


def from_texts(task: str, kind: str, texts: Sequence[str], gold: Sequence[frozenset[str]],
               normaliser: Normaliser) -> TaskQueries:
    """Clean raw benchmark texts the way the normaliser does; empty cleaned texts are kept
    (they count as misses)."""
    from matching.index import cleaner_for

    clean = cleaner_for(kind)
    return TaskQueries(task, kind, tuple(clean(t) or t.lower() for t in texts), tuple(gold))


def esco_task(normaliser: Normaliser, kind: str, lang: str | None, n: int, seed: int
              ) -> TaskQueries:
    """Held-out alternative labels (the ``eval`` split, disjoint from fusion fitting)."""
    index = normaliser.indexes[kind]
    held = held_out_queries(index, n, split="eval", seed=seed, lang=lang)
    return TaskQueries(
        f"esco-{kind}-{lang or 'all'}", kind, tuple(h.query for h in held),
        tuple(frozenset({index.uris[h.gold]}) for h in held), tuple(h.exclude for h in held),
    )


def gender_pairs(index: KindIndex, lang: str = "nl") -> list[tuple[int, int]]:
    """(masculine row, feminine row) label pairs of one concept that differ only in the
    ending of one word: ``schoonmaker`` / ``schoonmaakster``, ``monteur`` / ``monteuse``."""
    pairs = []
    for concept in range(len(index.uris)):
        rows = [r for r in index.label_rows(concept) if index.label_lang[r] == lang]
        for a in rows:
            for b in rows:
                if _is_gender_pair(index.texts[index.label_clean[a]],
                                   index.texts[index.label_clean[b]]):
                    pairs.append((a, b))
    return pairs


def _is_gender_pair(masc: str, fem: str) -> bool:
    ma, fe = masc.split(), fem.split()
    if len(ma) != len(fe) or masc == fem:
        return False
    diff = [(x, y) for x, y in zip(ma, fe, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    common = len(os.path.commonprefix([x, y]))
    return (y.endswith(FEMININE) and not x.endswith(("ster", "euse", "ice", "esse"))
            and common >= max(3, len(x) - 4) and 0 < len(y) - common <= 6)


def fairness(normaliser: Normaliser, *, methods: Sequence[str] | None = None,
             limit: int | None = None) -> tuple[list[dict], int]:
    """MRR of masculine vs feminine Dutch occupation titles, both forms held out.

    Returns:
        One dict per method with ``MRR_m``, ``MRR_f`` and ``gap`` (m - f), and the pair count.
    """
    index = normaliser.indexes["occupation"]
    pairs = [p for p in gender_pairs(index)
             if len(_same_text(index, p)) < len(index.label_rows(int(index.label_concept[p[0]])))]
    pairs = pairs[: limit or None]
    out = []
    tasks = {}
    for side, pick in (("m", 0), ("f", 1)):
        rows = [p[pick] for p in pairs]
        exclude = tuple(_same_text(index, p) for p in pairs)
        tasks[side] = TaskQueries(
            f"fairness-{side}", "occupation",
            tuple(index.texts[index.label_clean[r]] for r in rows),
            tuple(frozenset({index.uris[index.label_concept[r]]}) for r in rows), exclude)
    res = {side: evaluate(normaliser, t, methods=methods) for side, t in tasks.items()}
    for m, f in zip(res["m"], res["f"], strict=True):
        out.append({"task": "fairness-nl-gender", "method": m["method"], "n": m["n"],
                    "MRR_m": m["MRR"], "MRR_f": f["MRR"], "gap": round(m["MRR"] - f["MRR"], 4),
                    "seconds": round(m["seconds"] + f["seconds"], 2)})
    return out, len(pairs)


def _same_text(index: KindIndex, pair: tuple[int, int]) -> tuple[int, ...]:
    concept = int(index.label_concept[pair[0]])
    texts = {index.label_clean[pair[0]], index.label_clean[pair[1]]}
    return tuple(r for r in index.label_rows(concept) if index.label_clean[r] in texts)
