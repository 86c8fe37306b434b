"""The batch path of the rematch: new or changed opportunities x many participants at once.

Each participant's floor is the score of their ``keep``-th active suggestion outside the
scope (``-inf`` with fewer), so an opportunity that cannot enter their stored best ``keep``
is never explained or written. The engine scores every (participant, opportunity) pair
vectorised (:meth:`service.engine.BatchEngine.rematch_new`); only the pairs above a floor are
scored again one by one with full explanations, just before their item is saved. What is
stored is what the per-participant path would store: the same active suggestions, scores
and explanations (tests/service/test_rematch_batch.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from datetime import date

import sqlite_utils

from service import matchdata
from service.engine import BatchEngine

FLOORS = (
    "SELECT participant_id, score FROM (SELECT participant_id, score, row_number() OVER "
    "(PARTITION BY participant_id ORDER BY score DESC, opportunity_id) AS r FROM suggestions "
    "WHERE status = 'active' AND opportunity_id NOT IN (SELECT value FROM json_each(?))) "
    "WHERE r = ?")


def floors(db: sqlite_utils.Database, scope: Sequence[str], keep: int) -> dict[str, float]:
    """Per participant with ``keep`` active suggestions outside ``scope``: the lowest of them.

    The value is lowered by one unit in the last place, so that an opportunity scoring exactly
    as much still enters and the save's tie-break by id decides, as on the per-participant path.
    """
    rows = db.execute(FLOORS, [json.dumps(list(scope)), keep]).fetchall()
    return {pid: math.nextafter(score, -math.inf) for pid, score in rows}


def _touched(db: sqlite_utils.Database, scope: Sequence[str]) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT DISTINCT participant_id FROM suggestions WHERE status = 'active' AND "
        "opportunity_id IN (SELECT value FROM json_each(?))", [json.dumps(list(scope))])}


def scored(db: sqlite_utils.Database, engine: BatchEngine, items: Sequence[tuple[int, str]],
           scope: Sequence[str], *, keep: int) -> Iterator[tuple[int, str, list | None]]:
    """(item, participant, explained suggestions) for every item; None when nothing changes.

    None means the participant is gone, or no opportunity of the scope enters and none of
    them is among their active suggestions (so saving would change nothing). The vectorised
    scoring of the whole group runs first (read only); explanations are built item by item
    as the caller saves them.
    """
    touched = _touched(db, scope)
    opps = matchdata.opportunities(db, scope, date.today().isoformat())
    people = matchdata.people(db, [pid for _, pid in items])
    changes = engine.rematch_new(list(people.values()), opps, floors=floors(db, scope, keep),
                                 k=keep) if opps and people else {}
    by_id = {o.id: o for o in opps}
    ranker = engine.prepare(opps) if changes else None  # type: ignore[attr-defined]
    for item_id, pid in items:
        pairs = changes.get(pid, [])
        person = people.get(pid)
        if person is None or not pairs:
            yield item_id, pid, None if person is None or pid not in touched else []
            continue
        yield item_id, pid, engine.explain_pairs(person, [by_id[o] for o, _ in pairs], ranker)
