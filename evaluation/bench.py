"""Performance benchmark: taxonomy import, label index, normalisation, suggestions, rematch.

Usage: ``python -m evaluation.bench [--esco-dir ../shared/esco] [--out reports/bench] [--quick]``
(``make bench``). Each measurement runs in a child process of its own, so its peak RSS is its
own; every figure is repeated and reported as median with min and max. Writes
``bench.json``, ``bench.md`` and plots under ``--out``; see :mod:`evaluation.bench_report`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from evaluation import bench_cases
from evaluation.bench_report import write_report

log = logging.getLogger("evaluation.bench")
MARK = "BENCH_RESULT "


@dataclass(frozen=True)
class Plan:
    """What one run measures."""

    imports: int = 3
    reloads: int = 3
    suggest_sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    rematch_people: tuple[int, ...] = (500, 5_000, 50_000)
    rematch_opps: int = 1_000
    plain_people: int = 1_000
    plain_queries: int = 5
    encoder_sample: int = 1_000


QUICK = Plan(imports=1, reloads=1, suggest_sizes=(300, 1_000), rematch_people=(100, 400),
             rematch_opps=200, plain_people=20, plain_queries=2, encoder_sample=64)


def child(case: str, **kwargs: object) -> dict:
    """Run one case in a fresh interpreter; its result with ``peak_rss_mb`` added."""
    cmd = [sys.executable, "-m", "evaluation.bench", "--child", json.dumps([case, kwargs])]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    line = next((x for x in reversed(proc.stdout.splitlines()) if x.startswith(MARK)), None)
    if proc.returncode or line is None:
        log.error("case %s %s failed: %s", case, kwargs, proc.stderr[-2000:])
        return {"case": case, "args": kwargs, "error": proc.stderr[-800:]}
    out = json.loads(line[len(MARK):]) | {"case": case, "args": kwargs}
    log.info("%s %s: %.1f s", case, kwargs, time.perf_counter() - start)
    return out


def _run_child(spec: str) -> None:
    case, kwargs = json.loads(spec)
    result = getattr(bench_cases, f"case_{case}")(**kwargs)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(MARK + json.dumps(result), flush=True)


def measure(plan: Plan, esco_dir: Path, work: Path) -> dict:
    """Every case of ``plan``; the raw results by group."""
    db = str(work / "esco.db")
    res: dict = {"import": [child("import", esco_dir=str(esco_dir), db=db)
                            for _ in range(plan.imports)]}
    cold_cache = bench_cases.case_tmpdir()
    res["index_lexical_cold"] = [child("index", db=db, encoder="fake", cache=cold_cache)]
    res["index_lexical_reload"] = [child("index", db=db, encoder="fake", cache=cold_cache)]
    encoder = bench_cases.cached_encoder(db, None)
    res["encoder"] = encoder
    if encoder:
        res["index_reload"] = [child("index", db=db, encoder=encoder, cache=None)
                               for _ in range(plan.reloads)]
        res["encoder_throughput"] = [child("encoder_throughput", db=db, encoder=encoder,
                                           n=plan.encoder_sample)]
    res["suggest"] = [child("suggest", db=db, n_opps=n,
                            plain=plan.plain_queries if n == max(plan.suggest_sizes) else 0)
                      for n in plan.suggest_sizes]
    res["rematch"] = [child("rematch", db=db, n_people=n, n_opps=plan.rematch_opps)
                      for n in plan.rematch_people]
    res["rematch_plain"] = [child("rematch", db=db, n_people=plan.plain_people,
                                  n_opps=plan.rematch_opps, plain=True)]
    return res


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco-dir", type=Path,
                        default=Path(os.environ.get("ESCO_DIR", "../shared/esco")))
    parser.add_argument("--out", type=Path, default=Path("reports/bench"))
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _run_child(args.child)
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    plan = QUICK if args.quick else Plan()
    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    raw = measure(plan, args.esco_dir, work)
    raw["total_s"] = time.perf_counter() - start
    raw["plan"] = plan.__dict__ | {"quick": args.quick}
    raw["machine"] = {"cpus": os.cpu_count(), "load_avg_at_end": os.getloadavg()}
    (work / "esco.db").unlink(missing_ok=True)
    paths = write_report(raw, args.out)
    log.info("wrote %s in %.0f s", ", ".join(map(str, paths)), raw["total_s"])


if __name__ == "__main__":
    main()
