"""Skill-extraction evaluator: ``python -m evaluation.skills --annotations FILE [FILE ...]``.

For each annotation file (``sentence,span,sub_span,label`` or ``sentence,label``), ranks ESCO
skills per sentence with several methods side by side and reports RP@5, MRR and R@10:

- ``baseline:<encoder>``: the encoder alone, whole sentence against every skill label;
- ``baseline:tfidf``: character n-gram TF-IDF alone, whole sentence;
- ``linker``: the normaliser's fused ``link_skills`` on the whole sentence;
- ``extractor``: :class:`matching.extract.SkillExtractor` (phrases + context + inference);
- ``extractor:stated``: the same without skills inferred from occupations (the benchmark
  annotates stated skills only);
- ``extractor:<primary>``: the same with its primary encoder only (when it has a second
  one, e.g. MiniLM for English);
- ``extractor:no-bridge``: the same without the occupation bridge for non-English text
  (:mod:`matching.skill_bridge`).

RP@5 = gold skills in the first 5 / min(5, |gold|) (Decorte et al. 2022); R@10 = share of the
gold skills in the first 10. Also reports how many labels stay unmapped, the precision and
recall of what ``extract`` returns at its threshold, and the share of boilerplate sentences
(evaluation/data/boilerplate_sentences.txt, EN + NL) that wrongly yield a skill. Prints one
JSON line per method and writes ``reports/skills-<file>.md`` and ``.json``.
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
from typing import Any

import numpy as np

from evaluation.skill_data import (
    SkillAnnotations,
    SkillDataError,
    label_map,
    load_annotations,
    mean_metrics,
)
from matching.errors import MatchingError
from matching.extract import SkillExtractor

log = logging.getLogger("evaluation.skills")
BOILERPLATE = Path(__file__).with_name("data") / "boilerplate_sentences.txt"
DEPTH = 50


def read_boilerplate(path: str | Path = BOILERPLATE) -> list[str]:
    """Non-empty, non-comment lines of the boilerplate file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def method_rankings(extractor: SkillExtractor, texts: Sequence[str]) -> dict[str, list[list[str]]]:
    """Ranked skill URIs per text for every method (see module doc)."""
    norm, index = extractor.normaliser, extractor.index
    clean = [extractor._clean(t) for t in texts]
    out: dict[str, list[list[str]]] = {}
    for source in [*index.encoders, "tfidf"]:
        scores = index.concept_scores(source, clean)
        out[f"baseline:{source}"] = [_top(index.uris, row) for row in scores]
    for name in extractor.encoders[1:]:  # the extractor's second encoder, whole sentence
        vecs = extractor.scorer.encoders[name].encode_queries(clean)
        labels = (vecs @ extractor.scorer.embeddings[name].T)[:, index.label_clean]
        scores = np.maximum.reduceat(labels, index.starts, axis=1)
        out[f"baseline:{name}"] = [_top(index.uris, row) for row in scores]
    out["linker"] = [[lk.uri for lk in links] for links in norm.link_skills(texts, limit=DEPTH)]
    variants = {"extractor": extractor,
                "extractor:stated": _variant(extractor, infer=False)}
    if extractor.bridge is not None:
        variants["extractor:no-bridge"] = _variant(extractor, bridge_weight=0.0)
    if len(extractor.encoders) > 1:
        variants[f"extractor:{extractor.encoders[0]}"] = _variant(extractor, second_encoder=None)
    for name, ext in variants.items():
        out[name] = [[s.uri for s in found] for found in ext.rank(texts)]
    return out


def _variant(extractor: SkillExtractor, **changes: Any) -> SkillExtractor:
    """The extractor with other settings over the same normaliser (no re-encoding)."""
    from dataclasses import replace

    config = replace(extractor.config, **changes)
    second = None
    if config.second_encoder and len(extractor.encoders) > 1:
        second = extractor.scorer.encoders[extractor.encoders[1]]
    ext = SkillExtractor(extractor.normaliser, config=config, second=second,
                         skill_links=extractor.links)
    return ext


def _top(uris: Sequence[str], row: np.ndarray) -> list[str]:
    order = np.lexsort((np.arange(len(row)), -row))[:DEPTH]
    return [uris[i] for i in order]


def threshold_metrics(extractor: SkillExtractor, data: SkillAnnotations) -> dict[str, float]:
    """Micro precision and recall of ``extract`` (at its threshold) against the gold skills."""
    found = extractor.extract([s.text for s in data.sentences])
    hit = sum(len({x.uri for x in f} & set(s.gold)) for f, s in zip(found, data.sentences,
                                                                     strict=True))
    n_found, n_gold = sum(len(f) for f in found), sum(len(s.gold) for s in data.sentences)
    return {"precision": round(hit / n_found, 4) if n_found else 0.0,
            "recall": round(hit / n_gold, 4) if n_gold else 0.0,
            "skills per sentence": round(n_found / max(len(found), 1), 2)}


def boilerplate_check(extractor: SkillExtractor, sentences: Sequence[str]) -> dict[str, Any]:
    """Share of boilerplate sentences yielding any skill at the threshold, and the worst ones."""
    ranked = extractor.rank(sentences)
    cut = extractor.config.threshold
    tops = [(found[0].score, s, found[0].label) if found else (0.0, s, "")
            for found, s in zip(ranked, sentences, strict=True)]
    flagged = [t for t in tops if t[0] >= cut]
    return {"n": len(sentences), "threshold": cut,
            "false_alarm_share": round(len(flagged) / max(len(sentences), 1), 4),
            "max_score": round(max((t[0] for t in tops), default=0.0), 4),
            "worst": [{"score": round(sc, 4), "sentence": s, "skill": lb}
                      for sc, s, lb in sorted(tops, reverse=True)[:5]]}


def evaluate_file(extractor: SkillExtractor, path: str | Path, mapping: dict[str, str], *,
                  max_sentences: int = 0) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows (one per method) and notes for one annotation file."""
    data = load_annotations(path, mapping)
    if max_sentences:
        data.sentences = data.sentences[:max_sentences]
    texts = [s.text for s in data.sentences]
    start = time.perf_counter()
    rankings = method_rankings(extractor, texts)
    task = f"skills:{Path(path).name}"
    rows = [{"task": task, "method": name, "n": len(texts), **mean_metrics(r, data.sentences)}
            for name, r in rankings.items()]
    notes = {"file": str(path), "rows": data.n_rows, "sentences": data.n_sentences,
             "evaluated sentences (>= 1 mapped gold)": len(texts),
             "distinct labels": data.labels, "unmapped labels": len(data.unmapped),
             "unmapped": data.unmapped, "seconds (all methods)":
             round(time.perf_counter() - start, 1),
             "extract() at threshold": threshold_metrics(extractor, data)}
    return rows, notes


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(prog="python -m evaluation.skills", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--annotations", nargs="+", required=True, help="annotation CSV(s)")
    parser.add_argument("--db", default=os.environ.get("PLACEMENT_DB"),
                        help="imported taxonomy SQLite (default: import --esco into the cache)")
    parser.add_argument("--esco", default=os.environ.get("ESCO_DIR", "../shared/esco"),
                        help="ESCO CSV download used when --db is not given")
    parser.add_argument("--encoders", default="usem3", help="comma-separated encoders")
    parser.add_argument("--second", default="minilm",
                        help="second extractor encoder for English text ('' = none); the "
                             "extractor is also reported without it")
    parser.add_argument("--fusion-queries", type=int, default=0,
                        help="normaliser fusion_queries (0: the config default)")
    parser.add_argument("--boilerplate", default=str(BOILERPLATE), help="boilerplate sentences")
    parser.add_argument("--threshold", type=float, default=None, help="override the threshold")
    parser.add_argument("--max-sentences", type=int, default=0, help="first N only (0: all)")
    parser.add_argument("--reports", default="reports", help="report folder")
    return parser


def build_extractor(args: argparse.Namespace, store: Any) -> SkillExtractor:
    """Build normaliser + extractor over ``store`` as the arguments say."""
    from dataclasses import replace

    from matching.config import NormaliserConfig
    from matching.extract import ExtractorConfig

    options: dict[str, Any] = {"encoders": tuple(e for e in args.encoders.split(",") if e)}
    if args.fusion_queries:
        options["fusion_queries"] = args.fusion_queries
    config = NormaliserConfig(**options)
    ext_config = ExtractorConfig()
    if getattr(args, "second", None) is not None:
        ext_config = replace(ext_config, second_encoder=args.second or None)
    if args.threshold is not None:
        ext_config = replace(ext_config, threshold=args.threshold)
    return SkillExtractor.from_store(store, normaliser_config=config, config=ext_config)


def write_reports(folder: Path, name: str, rows: list[dict], notes: dict[str, Any]) -> Path:
    """Write ``<name>.md`` (methods side by side) and ``<name>.json``; returns the md path."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = ["method", "n", "RP@5", "MRR", "R@10"]
    lines = [f"# {name}", "", *[f"- {k}: {json.dumps(v)}" for k, v in notes.items()], "",
             "| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    (folder / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps({"rows": rows, "notes": notes}, indent=1),
                                         encoding="utf-8")
    return folder / f"{name}.md"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    try:
        from evaluation.run import open_store

        store = open_store(args)
        extractor, mapping = build_extractor(args, store), label_map(store)
        boiler = boilerplate_check(extractor, read_boilerplate(args.boilerplate))
        for path in args.annotations:
            rows, notes = evaluate_file(extractor, path, mapping,
                                        max_sentences=args.max_sentences)
            notes["boilerplate"] = boiler
            for row in rows:
                print(json.dumps(row), flush=True)
            print(json.dumps({"task": rows[0]["task"] if rows else path, "boilerplate": boiler}))
            write_reports(Path(args.reports), f"skills-{Path(path).stem}", rows, notes)
    except (SkillDataError, MatchingError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
