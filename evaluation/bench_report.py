"""Summary, growth slopes, targets, markdown table and plots of a benchmark run."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import numpy as np

TARGETS = {"suggest_p95_ms": 50.0, "suggest_rss_mb": 1024.0, "rematch_s": 30.0, "reload_s": 2.0}


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max of repeated measurements."""
    vals = [float(v) for v in values]
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}


def slope(sizes: list[float], values: list[float]) -> float | None:
    """Exponent ``b`` of ``value ~ size ** b`` (least squares on logs); None below 2 points."""
    pts = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True) if v > 0]
    if len(pts) < 2:
        return None
    x, y = np.array(pts).T
    return float(np.polyfit(x, y, 1)[0])


def _ok(runs: list[dict]) -> list[dict]:
    return [r for r in runs if "error" not in r]


def summarise(raw: dict) -> dict:
    """The figures of the report, from the raw per-case results."""
    s: dict = {"import_s": spread([r["seconds"] for r in _ok(raw["import"])] or [math.nan])}
    for key in ("index_lexical_cold", "index_lexical_reload", "index_reload"):
        runs = _ok(raw.get(key, []))
        if runs:
            s[key] = {"seconds": spread([r["seconds"] for r in runs]),
                      "cold_per_s": spread([r["cold_per_s"] for r in runs]),
                      "warm_per_s": spread([r["warm_per_s"] for r in runs]),
                      "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}
    enc = _ok(raw.get("encoder_throughput", []))
    if enc and "index_lexical_cold" in s:
        e = enc[0]
        s["index_cold_estimate_s"] = (s["index_lexical_cold"]["seconds"]["median"]
                                      + e["labels_total"] / e["per_s"])
        s["encoder_labels_per_s"] = e["per_s"]
    s["suggest"] = [_suggest(r) for r in _ok(raw["suggest"])]
    s["rematch"] = [_rematch(r) for r in _ok(raw["rematch"])]
    s["plain"] = _plain(raw, s)
    s["slopes"] = _slopes(s)
    s["targets"] = _targets(s, raw["plan"])
    return s


def _suggest(r: dict) -> dict:
    out = {"n": r["n"], "build_s": r["build_s"], "p50_ms": spread(r["p50_ms"]),
           "p95_ms": spread(r["p95_ms"]), "peak_rss_mb": r["peak_rss_mb"]}
    if "plain_ms" in r:
        out["plain_ms"] = spread(r["plain_ms"])
    return out


def _rematch(r: dict) -> dict:
    return {"participants": r["participants"], "opportunities": r["opportunities"],
            "block_build_s": r["block_build_s"], "skill_space_s": r["skill_space_s"],
            "seconds": spread(r["seconds"]),
            "peak_rss_mb": r["peak_rss_mb"], "changed": r["changed_participants"]}


def _plain(raw: dict, s: dict) -> dict:
    out: dict = {}
    for r in _ok(raw.get("rematch_plain", [])):
        fast = statistics.median(r["seconds"])
        out["rematch"] = {"participants": r["participants"], "opportunities": r["opportunities"],
                          "plain_s": r["plain_s"], "fast_s": fast, "ratio": r["plain_s"] / fast,
                          "same_result": r["plain_equal"]}
    for row in s["suggest"]:
        if "plain_ms" in row:
            out["suggest"] = {"n": row["n"], "plain_ms": row["plain_ms"]["median"],
                              "fast_ms": row["p50_ms"]["median"],
                              "ratio": row["plain_ms"]["median"] / row["p50_ms"]["median"]}
    return out


def _slopes(s: dict) -> dict:
    sug, rem = s["suggest"], s["rematch"]
    n, p = [r["n"] for r in sug], [r["participants"] for r in rem]
    return {
        "suggest_p50_vs_opportunities": slope(n, [r["p50_ms"]["median"] for r in sug]),
        "suggest_build_vs_opportunities": slope(n, [r["build_s"] for r in sug]),
        "suggest_rss_vs_opportunities": slope(n, [r["peak_rss_mb"] for r in sug]),
        "rematch_vs_participants": slope(p, [r["seconds"]["median"] for r in rem]),
        "block_build_vs_participants": slope(p, [r["block_build_s"] for r in rem]),
        "rematch_rss_vs_participants": slope(p, [r["peak_rss_mb"] for r in rem]),
    }


def _targets(s: dict, plan: dict) -> dict:
    big = next((r for r in s["suggest"] if r["n"] == 100_000), None)
    rem = next((r for r in s["rematch"] if r["participants"] == 50_000
                and r["opportunities"] == 1_000), None)
    reload = s.get("index_reload", {}).get("seconds", {}).get("median")
    return {
        "suggest_p95_le_50ms_at_100k": big and big["p95_ms"]["median"] <= TARGETS[
            "suggest_p95_ms"],
        "suggest_rss_le_1gb_at_100k": big and big["peak_rss_mb"] <= TARGETS["suggest_rss_mb"],
        "rematch_1000x50000_le_30s": rem and rem["seconds"]["median"] <= TARGETS["rematch_s"],
        "index_reload_le_2s": None if reload is None else reload <= TARGETS["reload_s"],
    }


def write_report(raw: dict, out: Path) -> list[Path]:
    """Write ``bench.json`` (raw + summary), ``bench.md`` and the plots; return the paths."""
    from evaluation.bench_markdown import markdown, plots

    summary = summarise(raw)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "bench.json", out / "bench.md"]
    paths[0].write_text(json.dumps({"summary": summary, "raw": raw}, indent=2, default=str),
                        encoding="utf-8")
    figures = plots(summary, out)
    paths[1].write_text(markdown(summary, raw, figures), encoding="utf-8")
    return paths + figures
