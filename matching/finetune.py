"""Domain adaptation: fine-tune all-MiniLM-L6-v2 on pairs ESCO itself gives.

Pairs (cleaned the way the index cleans labels): an occupation's alternative or hidden label
-> its preferred label (same language, or English for half of the Dutch labels, by seed), the
Dutch preferred label <-> the English one, and a sample of skill alternative label -> skill
preferred label. Labels of the ``fit`` and ``eval`` splits (:func:`matching.index.label_split`)
are never used: only ``train``. No benchmark file is read. Loss: MultipleNegativesRankingLoss
(in-batch negatives) with batches that never hold two pairs of the same concept. Like
``matching/embeddings.py`` this module imports torch lazily; run it with ``make finetune``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from matching.index import cleaner_for, label_split

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pair:
    """A training pair: two texts of the same concept."""

    anchor: str
    positive: str
    concept: str


@dataclass(frozen=True)
class TrainConfig:
    """Settings of one fine-tuning run (written next to the model as ``training.json``)."""

    batch_size: int = 64
    epochs: int = 1
    lr: float = 5e-5
    max_seq_length: int = 32
    skill_pairs: int = 1000
    max_pairs: int = 12000
    max_steps: int = 0
    seed: int = 13
    threads: int = 1


def _preferred(labels: Sequence[Any]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for lb in labels:
        if lb.label_type == "preferred":
            out.setdefault((lb.uri, lb.lang), lb.text)
    return out


def _kind_pairs(labels: Sequence[Any], kind: str, rng: random.Random) -> list[Pair]:
    clean = cleaner_for(kind)
    preferred = _preferred(labels)
    held = {(lb.uri, clean(lb.text)) for lb in labels
            if lb.label_type != "preferred" and label_split(lb.uri, lb.text) != "train"}
    pairs = []
    for lb in labels:
        if lb.label_type == "preferred" or label_split(lb.uri, lb.text) != "train":
            continue
        if (lb.uri, clean(lb.text)) in held:  # same text as a held-out label: leave it out
            continue
        lang = lb.lang if (lb.uri, lb.lang) in preferred and rng.random() < 0.5 else "en"
        target = preferred.get((lb.uri, lang)) or preferred.get((lb.uri, "en"))
        if target and (lb.uri, clean(target)) not in held:
            pairs.append(Pair(clean(lb.text), clean(target), lb.uri))
    for (uri, lang), text in preferred.items():
        if lang != "en" and (uri, "en") in preferred and (uri, clean(text)) not in held:
            pairs.append(Pair(clean(text), clean(preferred[(uri, "en")]), uri))
    return [p for p in pairs if p.anchor and p.positive and p.anchor != p.positive]


def training_pairs(store: Any, config: TrainConfig) -> list[Pair]:
    """Occupation pairs plus ``config.skill_pairs`` sampled skill pairs, seeded, sorted."""
    rng = random.Random(config.seed)
    pairs = _kind_pairs(store.labels("occupation"), "occupation", rng)
    skills = _kind_pairs(store.labels("skill"), "skill", rng)
    pairs += rng.sample(skills, min(config.skill_pairs, len(skills)))
    pairs = sorted(set(pairs), key=lambda p: (p.concept, p.anchor, p.positive))
    if config.max_pairs:
        pairs = rng.sample(pairs, min(config.max_pairs, len(pairs)))
    return pairs


def concept_batches(pairs: Sequence[Pair], size: int, seed: int) -> list[list[Pair]]:
    """Shuffled batches of ``size`` in which no concept appears twice (last may be smaller)."""
    todo = list(pairs)
    random.Random(seed).shuffle(todo)
    batches: list[list[Pair]] = []
    open_batches: list[tuple[list[Pair], set[str]]] = []
    for pair in todo:
        for batch, seen in open_batches:
            if pair.concept not in seen:
                batch.append(pair)
                seen.add(pair.concept)
                break
        else:
            open_batches.append(([pair], {pair.concept}))
        full = [b for b in open_batches if len(b[0]) == size]
        batches += [b for b, _ in full]
        open_batches = [b for b in open_batches if len(b[0]) < size]
    return batches + [b for b, _ in open_batches if len(b) > 1]


def finetune(pairs: Sequence[Pair], base: str, out: Path, config: TrainConfig) -> dict:
    """Fine-tune ``base`` on ``pairs`` and save a sentence-transformers model to ``out``.

    Returns:
        The training summary written to ``out/training.json``.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer import losses
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers import losses

    random.seed(config.seed)
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    model = SentenceTransformer(base, device="cpu")
    model.max_seq_length = config.max_seq_length
    for name, param in model.named_parameters():  # keep the vocabulary: cheaper, more robust
        param.requires_grad = "embeddings" not in name
    loss = losses.MultipleNegativesRankingLoss(model)
    batches = [b for e in range(config.epochs)
               for b in concept_batches(pairs, config.batch_size, config.seed + e)]
    batches = batches[: config.max_steps or None]
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=config.lr)
    warmup = max(1, len(batches) // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(
        (s + 1) / warmup, max(0.0, (len(batches) - s) / max(1, len(batches) - warmup))))
    model.train()
    start, losses_seen = time.perf_counter(), []
    for step, batch in enumerate(batches, 1):
        features = [model.preprocess([p.anchor for p in batch]),
                    model.preprocess([p.positive for p in batch])]
        value = loss(features, None)
        value.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        losses_seen.append(float(value.detach()))
        if step % 50 == 0 or step == len(batches):
            log.info("step %d/%d loss %.4f (%.2f steps/s)", step, len(batches),
                     sum(losses_seen[-50:]) / len(losses_seen[-50:]),
                     step / (time.perf_counter() - start))
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    summary = {"base": str(base), "pairs": len(pairs), "steps": len(batches),
               "seconds": round(time.perf_counter() - start, 1),
               "final_loss": round(sum(losses_seen[-50:]) / max(1, len(losses_seen[-50:])), 4),
               **asdict(config)}
    (out / "training.json").write_text(json.dumps(summary, indent=1))
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m matching.finetune --db DB --out DIR``; returns the exit status."""
    from matching.embeddings import default_model_path
    from taxonomy.store import TaxonomyStore

    parser = argparse.ArgumentParser(prog="python -m matching.finetune", description=__doc__)
    parser.add_argument("--db", required=True, help="imported ESCO taxonomy (SQLite)")
    parser.add_argument("--out", required=True, help="folder for the fine-tuned model")
    parser.add_argument("--base", default=None, help="base model (default: packaged MiniLM)")
    defaults = TrainConfig()
    for name, value in asdict(defaults).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    config = TrainConfig(**{k: getattr(args, k) for k in asdict(defaults)})
    pairs = training_pairs(TaxonomyStore(args.db), config)
    log.info("%d training pairs (train split only; no benchmark data)", len(pairs))
    summary = finetune(pairs, args.base or str(default_model_path()), Path(args.out), config)
    log.info("saved %s: %s", args.out, json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
