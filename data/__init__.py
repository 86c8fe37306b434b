"""Project-written data: the demo sample set and the synthetic benchmark generator.

The sample files carry dates around a reference date (``meta.json``); loading shifts every
date by ``today - reference`` so the set never goes stale: start dates from a few weeks ago to
a few months ahead, closing dates mostly ahead, some just passed.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from matching.codec import opportunity_from_dict, participant_from_dict
from matching.models import Opportunity, Participant

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
META_FILE = "meta.json"


def read_meta(folder: str | Path) -> dict[str, Any]:
    """The sample's ``meta.json`` (reference date, display names); empty when absent."""
    path = Path(folder) / META_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _later(value: date | None, days: timedelta) -> date | None:
    return value + days if value else None


def shift_dates(people: Iterable[Participant], opps: Iterable[Opportunity], *,
                reference: date, today: date) -> tuple[list[Participant], list[Opportunity]]:
    """Move every date by ``today - reference``, keeping their spacing."""
    days = today - reference
    return ([dataclasses.replace(p, earliest_start=_later(p.earliest_start, days))
             for p in people],
            [dataclasses.replace(o, start_date=_later(o.start_date, days),
                                 closing_date=_later(o.closing_date, days)) for o in opps])


def current(people: Iterable[Participant], opps: Iterable[Opportunity], meta: dict[str, Any],
            *, today: date | None = None) -> tuple[list[Participant], list[Opportunity]]:
    """The records with their dates moved to ``today`` (the real today when omitted), when
    ``meta`` names a reference date; unchanged otherwise."""
    if not meta.get("reference_date"):
        return list(people), list(opps)
    return shift_dates(people, opps, reference=date.fromisoformat(meta["reference_date"]),
                       today=today or date.today())


def load_sample(folder: str | Path | None = None, *, today: date | None = None,
                ) -> tuple[list[Participant], list[Opportunity]]:
    """Read the demo participants and opportunities (``data/sample`` by default), dated as if
    written ``today`` (the real today when omitted)."""
    root = Path(folder) if folder else SAMPLE_DIR
    read = lambda name: [json.loads(line) for line in  # noqa: E731
                         (root / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return current([participant_from_dict(d) for d in read("participants")],
                   [opportunity_from_dict(d) for d in read("opportunities")], read_meta(root),
                   today=today)
