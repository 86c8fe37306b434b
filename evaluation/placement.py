"""The ``placement`` evaluator: ranker (default and learned weights) against two baselines.

On the synthetic benchmark (:mod:`data.synthetic`), for held-out participants: nDCG@10 with
graded gains (2^grade - 1), MAP@100 and R@10 with "relevant" meaning the same occupation
(grade 3), and catalogue coverage (share of opportunities shown in at least one top 10).
Each metric is also split by the participant's input language (Dutch vs English).
"""

from __future__ import annotations

import json
import logging
import math
import random
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from data.synthetic import Benchmark, generate
from matching.graph import TaxonomyGraph
from matching.learn import train
from matching.models import Feedback, FeedbackEvent, Participant
from matching.ranking import Ranker

log = logging.getLogger(__name__)
DEPTH, TODAY = 100, date(2025, 6, 1)
ACCEPT = {3: 0.85, 2: 0.5, 1: 0.2, 0: 0.05}  # simulated coach: accept probability per grade
Rankings = dict[str, list[str]]


def ndcg_at(ranked: Sequence[str], grades: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at ``k`` with gains 2^grade - 1."""
    dcg = sum((2 ** grades.get(o, 0) - 1) / math.log2(i + 2) for i, o in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def average_precision(ranked: Sequence[str], relevant: set[str]) -> float:
    """Average precision of one ranked list, normalised by min(|relevant|, len(ranked))."""
    hits, total = 0, 0.0
    for i, o in enumerate(ranked):
        if o in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / min(len(relevant), len(ranked)) if relevant and ranked else 0.0


def metrics(rankings: Rankings, bench: Benchmark, people: list[Participant]) -> dict[str, float]:
    """All metrics of one method, overall and per input language."""
    out: dict[str, float] = {}
    for tag, group in (("", people), ("_nl", [p for p in people if p.input_lang == "nl"]),
                       ("_en", [p for p in people if p.input_lang == "en"])):
        if not group:
            continue
        rel = [{o for o, g in bench.relevance[p.id].items() if g == 3} for p in group]
        out[f"ndcg@10{tag}"] = float(np.mean([ndcg_at(rankings[p.id], bench.relevance[p.id])
                                             for p in group]))
        out[f"map{tag}"] = float(np.mean([average_precision(rankings[p.id], r)
                                          for p, r in zip(group, rel, strict=True)]))
        out[f"recall@10{tag}"] = float(np.mean([len(set(rankings[p.id][:10]) & r) / len(r)
                                               for p, r in zip(group, rel, strict=True) if r]))
    shown = {o for p in people for o in rankings[p.id][:10]}
    out["coverage"] = len(shown) / len(bench.opportunities)
    return {k: round(v, 4) for k, v in out.items()}


def rank_with(ranker: Ranker, people: list[Participant]) -> Rankings:
    """Top ``DEPTH`` opportunity ids per participant from a ranker."""
    return {p.id: [s.opportunity_id for s in ranker.suggest(p, limit=DEPTH, today=TODAY)]
            for p in people}


def skill_overlap_baseline(bench: Benchmark, people: list[Participant],
                           ranker: Ranker) -> Rankings:
    """Baseline: share of the vacancy's required skill URIs the participant listed exactly."""
    out = {}
    for p in people:
        mine = {s.uri for s in p.skills}
        scored = []
        for oid, (ess, opt) in sorted(ranker._reqs.items()):
            reqs = set(ess) | set(opt)
            scored.append((-len(mine & reqs) / max(len(reqs), 1), oid))
        out[p.id] = [oid for _, oid in sorted(scored)[:DEPTH]]
    return out


def embedding_baseline(bench: Benchmark, people: list[Participant], encoder: Any) -> Rankings:
    """Baseline: cosine of the whole profile text and the whole vacancy text."""
    opp_ids = sorted(o.id for o in bench.opportunities)
    docs = encoder.encode_documents([bench.texts[o] for o in opp_ids])
    queries = encoder.encode_queries([bench.texts[p.id] for p in people])
    sims = np.round(queries @ docs.T, 6)
    order = np.arange(len(opp_ids))
    return {p.id: [opp_ids[j] for j in np.lexsort((order, -sims[i]))[:DEPTH]]
            for i, p in enumerate(people)}


def simulate_feedback(ranker: Ranker, bench: Benchmark, people: list[Participant], *,
                      seed: int, shown: int = 20) -> list[Feedback]:
    """A simulated coach acts on the top suggestions with a probability set by the grade."""
    rng, events = random.Random(seed), []
    for p in people:
        for s in ranker.suggest(p, limit=shown, today=TODAY):
            grade = bench.relevance[p.id].get(s.opportunity_id, 0)
            events.append(Feedback.from_suggestion(s, FeedbackEvent.SUGGESTED))
            if rng.random() < ACCEPT[grade]:
                events.append(Feedback.from_suggestion(s, "accepted"))
            else:
                events.append(Feedback.from_suggestion(s, "declined", reason="not_interested"))
    return events


def _encoder(name: str | Any) -> Any:
    if not isinstance(name, str):
        return name
    from matching.embeddings import make_encoder

    return make_encoder(name)


def run_placement(
    store: Any, *, seed: int = 0, n_participants: int = 200, n_opportunities: int = 800,
    report_dir: str | Path | None = None, encoder: str | Any = "minilm",
    graph: TaxonomyGraph | None = None,
) -> dict[str, dict[str, float]]:
    """Run the placement evaluation; return metrics per method (and write a report).

    Args:
        store: a ``taxonomy.store.TaxonomyStore`` (unused when ``graph`` is given).
        seed: seed of the benchmark, the split and the simulated feedback.
        n_participants: participants generated; half train the learned model, half test.
        n_opportunities: opportunities generated.
        report_dir: where ``placement.json`` and ``placement.md`` go (no files when None).
        encoder: encoder (or its name for ``matching.embeddings.make_encoder``) of the
            embedding baseline.
        graph: a prebuilt taxonomy graph (built from ``store`` when omitted).
    """
    graph = graph or TaxonomyGraph.from_store(store)
    bench = generate(graph, n_participants=n_participants, n_opportunities=n_opportunities,
                     seed=seed)
    people = sorted(bench.participants, key=lambda p: p.id)
    random.Random(seed).shuffle(people)
    train_set, test_set = people[: len(people) // 2], people[len(people) // 2:]
    ranker = Ranker(graph, bench.opportunities)
    model = train(simulate_feedback(ranker, bench, train_set, seed=seed), min_examples=50)
    methods: dict[str, Callable[[], Rankings]] = {
        "ranker_default": lambda: rank_with(ranker, test_set),
        "ranker_learned": lambda: rank_with(ranker.with_model(model), test_set),
        "baseline_embedding": lambda: embedding_baseline(bench, test_set, _encoder(encoder)),
        "baseline_skill_overlap": lambda: skill_overlap_baseline(bench, test_set, ranker),
    }
    results = {name: metrics(run(), bench, test_set) for name, run in methods.items()}
    meta = {"seed": seed, "participants": n_participants, "opportunities": n_opportunities,
            "test_participants": len(test_set), "learned_model": model.to_dict(),
            "encoder": getattr(_encoder(encoder), "name", str(encoder))}
    if report_dir is not None:
        write_report(results, meta, Path(report_dir))
    return results


def write_report(results: dict[str, dict[str, float]], meta: dict[str, Any], folder: Path) -> None:
    """Write ``placement.json`` and a markdown table ``placement.md`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "placement.json").write_text(json.dumps({"meta": meta, "results": results},
                                                      indent=2, sort_keys=True))
    cols = ["ndcg@10", "map", "recall@10", "coverage", "ndcg@10_nl", "ndcg@10_en"]
    lines = ["| method | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, row in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{row.get(c, float('nan')):.3f}" for c in cols)
                     + " |")
    (folder / "placement.md").write_text("# Placement evaluation\n\n" + "\n".join(lines) + "\n")
