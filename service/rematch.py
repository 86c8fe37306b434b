"""Incremental, resumable batch rematch.

A job is planned in one transaction: it claims what changed (participants and opportunities
whose ``version`` differs from ``matched_version``) and writes one job item per participant
with the opportunities to score (``all`` or a JSON list of ids). Each item is then scored and
saved together with its ``done`` mark in one transaction, so a process killed at any point
loses nothing and a rerun finishes the remaining items without duplicates.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import date

import sqlite_utils

from service import concepts, suggestions
from service.db import insert, now, transaction
from service.domain import build_opportunity, build_participant
from service.engine import Engine

log = logging.getLogger(__name__)

OPEN = "status = 'open' AND (closing_date IS NULL OR closing_date >= ?)"


def _withdraw_closed(db: sqlite_utils.Database, today: str) -> None:
    db.execute("UPDATE suggestions SET status = 'withdrawn', updated_at = ? WHERE status = "
               f"'active' AND opportunity_id NOT IN (SELECT id FROM opportunities WHERE {OPEN})",
               [now(), today])


def plan(db: sqlite_utils.Database, *, mode: str = "incremental",
         trigger: str = "manual") -> int | None:
    """Claim the changed work and create a job for it; None when nothing changed."""
    today = date.today().isoformat()
    with transaction(db):
        _withdraw_closed(db, today)
        people = db.execute("SELECT id, version != matched_version FROM participants "
                            "WHERE active = 1 ORDER BY id").fetchall()
        changed_opps = [r[0] for r in db.execute(
            f"SELECT id FROM opportunities WHERE {OPEN} AND version != matched_version "
            "ORDER BY id", [today])]
        full = mode == "full"
        items = [(pid, "all") for pid, dirty in people if dirty or full]
        if changed_opps and not full:
            items += [(pid, json.dumps(changed_opps)) for pid, dirty in people if not dirty]
        db.execute("UPDATE participants SET matched_version = version WHERE active = 1")
        db.execute(f"UPDATE opportunities SET matched_version = version WHERE {OPEN}", [today])
        if not items:
            return None
        job = insert(db, "jobs", {"kind": mode, "trigger": trigger, "status": "queued",
                                  "total": len(items), "created_at": now()})
        for pid, scope in items:
            insert(db, "job_items", {"job_id": job, "participant_id": pid, "scope": scope})
    log.info("planned rematch job %d with %d items", job, len(items))
    return job


_POOLS: dict[int, tuple[tuple, object]] = {}
_POOL_LOCK = threading.Lock()


def _signature(db: sqlite_utils.Database) -> tuple:
    return (date.today().isoformat(), *db.execute(
        "SELECT count(*), max(updated_at), total(version) FROM opportunities").fetchone())


def _load(db: sqlite_utils.Database, ids: list[str] | None, today: str) -> list:
    where, params = (OPEN, [today]) if ids is None else (
        f"{OPEN} AND id IN ({','.join('?' * len(ids))})", [today, *ids])
    rows = db.execute(f"SELECT id, employer_id, data, status FROM opportunities WHERE {where} "
                      "ORDER BY id", params).fetchall()
    links: dict[str, list] = {}
    owner = "" if ids is None else f"AND owner_id IN ({','.join('?' * len(ids))})"
    for link in db.query("SELECT owner_id, field, uri, kind, label, text, score, status, source "
                         f"FROM concept_links WHERE owner_type = 'opportunity' {owner}",
                         ids or []):
        links.setdefault(link.pop("owner_id"), []).append(link)
    return [build_opportunity(r[0], r[1], json.loads(r[2]), links.get(r[0], []), status=r[3])
            for r in rows]


def pool(db: sqlite_utils.Database, engine: Engine, scope: list[str] | None = None) -> object:
    """The engine's index over the open opportunities in ``scope`` (all when None).

    The full index is cached and rebuilt only when some opportunity changed; a scoped one
    (a few new or changed opportunities) is small and built on demand.
    """
    sig = _signature(db)
    if scope is not None:
        return engine.prepare(_load(db, scope, sig[0]))
    with _POOL_LOCK:
        cached = _POOLS.get(id(engine))
        if cached and cached[0] == sig:
            return cached[1]
        prepared = engine.prepare(_load(db, None, sig[0]))
        _POOLS[id(engine)] = (sig, prepared)
        return prepared


def score_one(db: sqlite_utils.Database, engine: Engine, pid: str, *, scope: list[str] | None,
              keep: int, prepared: object | None = None) -> list | None:
    """Rank ``scope`` for one participant (read only); None when the person is gone."""
    row = db.execute("SELECT coach_id, data, active FROM participants WHERE id = ?",
                     [pid]).fetchone()
    if row is None or not row[2]:
        return None
    person = build_participant(pid, row[0], json.loads(row[1]),
                               concepts.links(db, "participant", pid))
    return engine.rank(person, prepared or pool(db, engine, scope), limit=keep)


def match_now(db: sqlite_utils.Database, engine: Engine, pid: str, *, keep: int) -> None:
    """Rematch one participant against every open opportunity right away."""
    version = db.execute("SELECT version FROM participants WHERE id = ?", [pid]).fetchone()[0]
    ranked = score_one(db, engine, pid, scope=None, keep=keep)
    with transaction(db):
        if ranked is not None:
            suggestions.save(db, pid, ranked, scope=None, keep=keep)
        db.execute("UPDATE participants SET matched_version = ? WHERE id = ?", [version, pid])


def refresh_coach(db: sqlite_utils.Database, engine: Engine, coach_id: int, *, keep: int,
                  limit: int = 25) -> int:
    """Rematch up to ``limit`` changed participants of one coach now; returns how many."""
    dirty = [r[0] for r in db.execute(
        "SELECT id FROM participants WHERE coach_id = ? AND active = 1 AND "
        "version != matched_version ORDER BY updated_at LIMIT ?", [coach_id, limit])]
    for pid in dirty:
        match_now(db, engine, pid, keep=keep)
    return len(dirty)


def run(db: sqlite_utils.Database, engine: Engine, job: int, *, keep: int, delay: float = 0.0,
        on_item: Callable[[int, int], None] | None = None) -> dict:
    """Process the remaining items of ``job`` (resuming after a crash) and return the job row."""
    db.execute("UPDATE jobs SET status = 'running', started_at = coalesce(started_at, ?) "
               "WHERE id = ?", [now(), job])
    todo = db.execute("SELECT id, participant_id, scope FROM job_items WHERE job_id = ? AND "
                      "done = 0 ORDER BY id", [job]).fetchall()
    indexes: dict[str, object] = {}
    for item_id, pid, scope in todo:
        ids = None if scope == "all" else json.loads(scope)
        if scope not in indexes:
            indexes[scope] = pool(db, engine, ids)
        ranked = score_one(db, engine, pid, scope=ids, keep=keep, prepared=indexes[scope])
        with transaction(db):
            if ranked is not None:
                suggestions.save(db, pid, ranked, scope=ids, keep=keep)
            if db.execute("UPDATE job_items SET done = 1 WHERE id = ? AND done = 0",
                          [item_id]).rowcount:
                db.execute("UPDATE jobs SET done = done + 1 WHERE id = ?", [job])
        if on_item:
            on_item(job, item_id)
        if delay:
            time.sleep(delay)
    db.execute("UPDATE jobs SET status = 'done', finished_at = ? WHERE id = ?", [now(), job])
    return job_row(db, job)


def job_row(db: sqlite_utils.Database, job: int) -> dict:
    """One job as a dict, or an empty dict when it does not exist."""
    return next(db.query("SELECT * FROM jobs WHERE id = ?", [job]), {})


def run_pending(db: sqlite_utils.Database, engine: Engine, *, mode: str = "incremental",
                trigger: str = "manual", keep: int = 200, delay: float = 0.0) -> list[dict]:
    """Finish unfinished jobs first, then plan and run a new one; returns the jobs run."""
    done = []
    for (job,) in db.execute("SELECT id FROM jobs WHERE status IN ('queued', 'running') "
                             "ORDER BY id").fetchall():
        done.append(run(db, engine, job, keep=keep, delay=delay))
    job = plan(db, mode=mode, trigger=trigger)
    if job is not None:
        done.append(run(db, engine, job, keep=keep, delay=delay))
    return done


class Worker:
    """Background thread that rematches whenever it is poked (and every ``interval`` s)."""

    def __init__(self, connect: Callable[[], sqlite_utils.Database], engine: Engine, *,
                 keep: int, interval: float = 300.0) -> None:
        self._connect, self._engine, self._keep, self._interval = connect, engine, keep, interval
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rematch", daemon=True)
        self.debounce = 1.0

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def poke(self) -> None:
        """Ask for a rematch soon."""
        self._wake.set()

    def stop(self) -> None:
        """Stop the thread after the current item."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        db = self._connect()
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            if self._stop.wait(self.debounce):  # let a burst of posts gather into one job
                break
            self._wake.clear()
            try:
                run_pending(db, self._engine, trigger="background", keep=self._keep)
            except Exception:  # keep the worker alive; the job stays resumable
                log.exception("background rematch failed")
        db.conn.close()
