"""What the rematch reads, loaded in bulk and cached: participants, opportunities, the pool.

Participants are rebuilt from their rows only when their ``version`` or ``updated_at``
changed (one query for the versions of everyone, two for the rows and links of the few that
changed); the index over every open opportunity is kept per (engine, opportunity-set
signature) and rebuilt only when some opportunity changed or the day turned.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from datetime import date

import sqlite_utils

from matching.models import Opportunity, Participant
from service.domain import build_opportunity, build_participant
from service.engine import Engine

OPEN = "status = 'open' AND (closing_date IS NULL OR closing_date >= ?)"
LINKS = ("SELECT owner_id, field, uri, kind, label, text, score, status, source FROM "
         "concept_links WHERE owner_type = ? {owners} ORDER BY owner_id, field, score DESC, uri")
STEP = 900  # ids per IN (...) list, well under SQLite's limit on bound parameters
MAX_CACHED = 250_000  # participants kept built (over every database this process opened)

_PEOPLE: dict[tuple[str, str], tuple[tuple[int, str], Participant]] = {}
_POOLS: dict[int, tuple[tuple, object]] = {}
_LOCK = threading.Lock()


def _path(db: sqlite_utils.Database) -> str:
    return db.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(db)}"


def _links(db: sqlite_utils.Database, kind: str, ids: Sequence[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for start in range(0, len(ids), STEP):
        part = ids[start:start + STEP]
        sql = LINKS.format(owners=f"AND owner_id IN ({','.join('?' * len(part))})")
        for link in db.query(sql, [kind, *part]):
            found.setdefault(link.pop("owner_id"), []).append(link)
    return found


def _rows(db: sqlite_utils.Database, sql: str, ids: Sequence[str],
          params: Sequence[object] = ()) -> list[tuple]:
    rows: list[tuple] = []
    for start in range(0, len(ids), STEP):
        part = ids[start:start + STEP]
        rows += db.execute(sql.format(marks=",".join("?" * len(part))),
                           [*params, *part]).fetchall()
    return rows


def people(db: sqlite_utils.Database, ids: Iterable[str] | None = None) -> dict[str, Participant]:
    """The active participants among ``ids`` (every active one when None), by id."""
    where = "" if ids is None else " AND id IN ({marks})"
    sql = f"SELECT id, version, updated_at FROM participants WHERE active = 1{where} ORDER BY id"
    heads = (db.execute(sql).fetchall() if ids is None
             else sorted(_rows(db, sql, sorted(set(ids)))))
    path = _path(db)
    with _LOCK:
        cached = {pid: _PEOPLE.get((path, pid)) for pid, _, _ in heads}
    stale = [pid for pid, v, u in heads if not cached[pid] or cached[pid][0] != (v, u)]
    if stale:
        links = _links(db, "participant", stale)
        rows = _rows(db, "SELECT id, coach_id, data, version, updated_at FROM participants "
                     "WHERE id IN ({marks})", stale)
        with _LOCK:
            if len(_PEOPLE) + len(rows) > MAX_CACHED:
                _PEOPLE.clear()
            for pid, coach, data, version, updated in rows:
                person = build_participant(pid, coach, json.loads(data), links.get(pid, []))
                cached[pid] = _PEOPLE[(path, pid)] = ((version, updated), person)
    return {pid: cached[pid][1] for pid, _, _ in heads if cached.get(pid)}


def forget(participant_id: str) -> None:
    """Drop the cached view of an erased participant (from every database)."""
    with _LOCK:
        for key in [k for k in _PEOPLE if k[1] == participant_id]:
            del _PEOPLE[key]


def opportunities(db: sqlite_utils.Database, ids: Sequence[str] | None,
                  today: str) -> list[Opportunity]:
    """The open, unexpired opportunities among ``ids`` (every one when None), in id order."""
    if ids is None:
        rows = db.execute(f"SELECT id, employer_id, data, status FROM opportunities WHERE {OPEN}"
                          " ORDER BY id", [today]).fetchall()
    else:
        rows = sorted(_rows(db, "SELECT id, employer_id, data, status FROM opportunities WHERE "
                            f"{OPEN} AND id IN ({{marks}})", list(ids), [today]))
    links = _links(db, "opportunity", [r[0] for r in rows])
    return [build_opportunity(r[0], r[1], json.loads(r[2]), links.get(r[0], []), status=r[3])
            for r in rows]


def _signature(db: sqlite_utils.Database) -> tuple:
    return (_path(db), date.today().isoformat(), *db.execute(
        "SELECT count(*), max(updated_at), total(version) FROM opportunities").fetchone())


def pool(db: sqlite_utils.Database, engine: Engine, scope: Sequence[str] | None = None) -> object:
    """The engine's index over the open opportunities in ``scope`` (all when None).

    The full index is cached and rebuilt only when some opportunity changed; a scoped one
    (a few new or changed opportunities) is small and built on demand.
    """
    today = date.today().isoformat()
    if scope is not None:
        return engine.prepare(opportunities(db, scope, today))
    sig = _signature(db)
    with _LOCK:
        cached = _POOLS.get(id(engine))
    if cached and cached[0] == sig:
        return cached[1]
    prepared = engine.prepare(opportunities(db, None, today))
    with _LOCK:
        _POOLS[id(engine)] = (sig, prepared)
    return prepared
