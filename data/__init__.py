"""Project-written data: the demo sample set and the synthetic benchmark generator."""

from __future__ import annotations

import json
from pathlib import Path

from matching.codec import opportunity_from_dict, participant_from_dict
from matching.models import Opportunity, Participant

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


def load_sample(folder: str | Path | None = None) -> tuple[list[Participant], list[Opportunity]]:
    """Read the demo participants and opportunities (``data/sample/*.jsonl`` by default)."""
    root = Path(folder) if folder else SAMPLE_DIR
    read = lambda name: [json.loads(line) for line in  # noqa: E731
                         (root / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return ([participant_from_dict(d) for d in read("participants")],
            [opportunity_from_dict(d) for d in read("opportunities")])
