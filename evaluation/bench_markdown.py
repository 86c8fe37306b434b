"""Markdown table and matplotlib plots of a benchmark summary (see evaluation.bench_report)."""

from __future__ import annotations

from pathlib import Path


def _s(stat: dict | None, unit: str = "s", digits: int = 2) -> str:
    if not stat:
        return "not measured"
    f = f"{{:.{digits}f}}"
    return (f"{f.format(stat['median'])} {unit} (min {f.format(stat['min'])}, "
            f"max {f.format(stat['max'])}, n={stat['n']})")


def _yes(flag: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "not measured"}[flag]


def table(s: dict) -> list[str]:
    """Rows of the results table: figure, value (median, min, max over repeats)."""
    rows = ["| Figure | Value |", "|---|---|",
            f"| Taxonomy import EN+NL | {_s(s['import_s'])} |"]
    lex, rel = s.get("index_lexical_cold"), s.get("index_reload")
    if lex:
        rows.append(f"| Label index build, lexical sources only (cold cache) | "
                    f"{_s(lex['seconds'])} |")
    if "index_cold_estimate_s" in s:
        rows.append(f"| Label index build with encoder, cold (estimate: lexical build + "
                    f"labels / {s['encoder_labels_per_s']:.0f} labels/s) | "
                    f"{s['index_cold_estimate_s']:.0f} s |")
    if rel:
        rows += [f"| Label index reload from cache (real encoder) | {_s(rel['seconds'])}, "
                 f"peak RSS {rel['peak_rss_mb']:.0f} MB |",
                 f"| Normalisation throughput, cold | {_s(rel['cold_per_s'], 'phrases/s', 1)} |",
                 f"| Normalisation throughput, warm | {_s(rel['warm_per_s'], 'phrases/s', 0)} |"]
    for r in s["suggest"]:
        rows.append(f"| Suggestions at {r['n']:,} opportunities: p50 / p95 | "
                    f"{_s(r['p50_ms'], 'ms', 1)} / {_s(r['p95_ms'], 'ms', 1)}; index build "
                    f"{r['build_s']:.1f} s; peak RSS {r['peak_rss_mb']:.0f} MB |")
    for r in s["rematch"]:
        rows.append(f"| Rematch {r['opportunities']:,} new x {r['participants']:,} participants |"
                    f" {_s(r['seconds'])}; participant vectors built once in "
                    f"{r['block_build_s']:.1f} s (+ {r['skill_space_s']:.1f} s skill matrix, "
                    f"once per taxonomy); peak RSS {r['peak_rss_mb']:.0f} MB |")
    return rows


def markdown(s: dict, raw: dict, figures: list[Path]) -> str:
    """The whole report."""
    lines = ["# Performance benchmark", "",
             f"Total run time {raw['total_s'] / 60:.1f} min on {raw['machine']['cpus']} CPUs; "
             f"load average at the end {raw['machine']['load_avg_at_end'][0]:.1f} (other jobs "
             "shared the machine, so times are pessimistic). Plan: "
             f"`{raw['plan']}`.", "", *table(s), "", "## Targets", ""]
    lines += [f"- {k}: {_yes(v)}" for k, v in s["targets"].items()]
    lines += ["", "## Growth (slope b of a log-log fit, cost ~ size^b)", ""]
    lines += [f"- {k}: {'n/a' if v is None else f'{v:.2f}'}" for k, v in s["slopes"].items()]
    lines += ["", "## Against the plain per-pair Python loop", ""]
    for key, p in s["plain"].items():
        lines.append(f"- {key}: plain {p.get('plain_s', p.get('plain_ms'))}, fast "
                     f"{p.get('fast_s', p.get('fast_ms'))} -> {p['ratio']:.0f}x "
                     f"{'(same result)' if p.get('same_result') else ''}")
    lines += ["", *[f"![{f.stem}]({f.name})" for f in figures], ""]
    errors = [r for group in raw.values() if isinstance(group, list) for r in group
              if isinstance(r, dict) and "error" in r]
    lines += [f"- FAILED {e['case']} {e['args']}: `{e['error'][-300:]}`" for e in errors]
    return "\n".join(lines) + "\n"


def plots(s: dict, out: Path) -> list[Path]:
    """Log-log plots of latency, rematch time and memory against size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    n = [r["n"] for r in s["suggest"]]
    axes[0].plot(n, [r["p50_ms"]["median"] for r in s["suggest"]], "o-", label="p50")
    axes[0].plot(n, [r["p95_ms"]["median"] for r in s["suggest"]], "s-", label="p95")
    axes[0].set(title="One participant's suggestions", xlabel="opportunities", ylabel="ms")
    p = [r["participants"] for r in s["rematch"]]
    axes[1].plot(p, [r["seconds"]["median"] for r in s["rematch"]], "o-", label="rematch")
    axes[1].plot(p, [r["block_build_s"] for r in s["rematch"]], "s-", label="vectors build")
    axes[1].set(title="Batch rematch, 1,000 new opportunities", xlabel="participants",
                ylabel="s")
    axes[2].plot(n, [r["peak_rss_mb"] for r in s["suggest"]], "o-", label="suggest (opps)")
    axes[2].plot(p, [r["peak_rss_mb"] for r in s["rematch"]], "s-", label="rematch (people)")
    axes[2].set(title="Peak RSS per process", xlabel="size", ylabel="MB")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    path = out / "bench.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path]
