"""Benchmark: import time and row counts of the real ESCO download (EN + NL).

Usage: ``python -m evaluation.bench_import --esco-dir ../shared/esco [--repeats 3]``.
Prints one JSON line per run and a summary; writes reports/bench_import.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from taxonomy.esco_import import import_esco
from taxonomy.store import TaxonomyStore


def run(esco_dir: Path, repeats: int) -> dict:
    """Import ``esco_dir`` into fresh databases ``repeats`` times; time import and reopen."""
    runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            start = time.perf_counter()
            result = import_esco(db, esco_dir)
            imported = time.perf_counter() - start
            again = time.perf_counter()
            import_esco(db, esco_dir)
            unchanged = time.perf_counter() - again
            hits = TaxonomyStore(db).search("heftruck", lang="nl", kind="occupation")
            runs.append({"import_s": round(imported, 2),
                         "reimport_unchanged_s": round(unchanged, 2),
                         "heftruck_top": hits[0].preferred_label if hits else None})
            print(json.dumps(runs[-1]))
    times = [r["import_s"] for r in runs]
    return {"esco_version": result.version, "languages": result.languages, "counts": result.counts,
            "import_s_median": statistics.median(times), "import_s_min": min(times),
            "import_s_max": max(times), "runs": runs}


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco-dir", type=Path, default=Path("../shared/esco"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("reports/bench_import.json"))
    args = parser.parse_args()
    summary = run(args.esco_dir, args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "runs"}))


if __name__ == "__main__":
    main()
