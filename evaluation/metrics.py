"""Ranking metrics: MRR, recall (hit rate) at k, R-precision at k."""

from __future__ import annotations

from collections.abc import Sequence

KS = (1, 5, 10)


def first_hit(ranked: Sequence[str], gold: set[str] | frozenset[str]) -> int | None:
    """0-based rank of the first relevant item, ``None`` when none is relevant."""
    for rank, item in enumerate(ranked):
        if item in gold:
            return rank
    return None


def rank_metrics(
    ranked: Sequence[Sequence[str]], gold: Sequence[set[str] | frozenset[str]],
    *, ks: Sequence[int] = KS,
) -> dict[str, float]:
    """Micro-averaged MRR and R@k (a query counts as found at k when any gold item is in the
    first k). Empty inputs give zeros.

    Args:
        ranked: Ranked item ids per query.
        gold: Relevant item ids per query.
        ks: Cut-offs for recall.

    Returns:
        ``{"MRR": ..., "R@1": ..., ...}`` rounded to 4 decimals.
    """
    n = len(ranked)
    hits = [first_hit(r, g) for r, g in zip(ranked, gold, strict=True)]
    out = {"MRR": sum(1.0 / (h + 1) for h in hits if h is not None) / n if n else 0.0}
    for k in ks:
        out[f"R@{k}"] = sum(1 for h in hits if h is not None and h < k) / n if n else 0.0
    return {key: round(value, 4) for key, value in out.items()}


def r_precision(ranked: Sequence[str], gold: set[str] | frozenset[str], k: int = 5) -> float:
    """RP@k as in the skill-extraction literature (Decorte et al.): gold items among the
    first ``k`` divided by ``min(k, |gold|)``, so a sentence with one gold skill scores 1 when
    it is anywhere in the top ``k``."""
    cut = min(k, len(gold))
    return len(gold & set(ranked[:k])) / cut if cut else 0.0


def recall_at(ranked: Sequence[str], gold: set[str] | frozenset[str], k: int = 10) -> float:
    """Share of the gold items found among the first ``k``."""
    return len(gold & set(ranked[:k])) / len(gold) if gold else 0.0
