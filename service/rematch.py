"""Incremental, resumable batch rematch.

A job is planned in one transaction: it claims what changed (participants and opportunities
whose ``version`` differs from ``matched_version``) and writes one job item per participant
with the opportunities to score (``all`` or a JSON list of ids). Each item is then scored and
saved together with its ``done`` mark in one transaction, so a process killed at any point
loses nothing and a rerun finishes the remaining items without duplicates.

Items are scored in groups of the same scope. Participants are loaded in bulk and cached
(:mod:`service.matchdata`). A group of new or changed opportunities goes through the
vectorised batch path (:mod:`service.rematch_batch`) when the engine has one: every
participant at once, and only the pairs that enter someone's best ``keep`` are explained.
A group of ``all`` (changed participants, full rematch) uses the engine's cached ranker.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date

import sqlite_utils

from service import matchdata, rematch_batch, suggestions
from service.db import insert, now, transaction
from service.engine import BatchEngine, Engine

log = logging.getLogger(__name__)

OPEN = matchdata.OPEN
CHUNK = 500  # participants loaded together on the per-participant path
FLUSH = 500  # items with nothing to save marked done in one transaction


def _withdraw_closed(db: sqlite_utils.Database, today: str) -> None:
    db.execute("UPDATE suggestions SET status = 'withdrawn', updated_at = ? WHERE status = "
               "'active' AND opportunity_id IN (SELECT id FROM opportunities WHERE "
               "status != 'open' OR closing_date < ?)", [now(), today])


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


def pool(db: sqlite_utils.Database, engine: Engine, scope: list[str] | None = None) -> object:
    """The engine's index over the open opportunities in ``scope`` (see matchdata.pool)."""
    return matchdata.pool(db, engine, scope)


def score_one(db: sqlite_utils.Database, engine: Engine, pid: str, *, scope: list[str] | None,
              keep: int, prepared: object | None = None) -> list | None:
    """Rank ``scope`` for one participant (read only); None when the person is gone."""
    person = matchdata.people(db, [pid]).get(pid)
    if person is None:
        return None
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


Scored = Iterator[tuple[int, str, list | None]]


def _ranked(db: sqlite_utils.Database, engine: Engine, items: list[tuple[int, str]],
            ids: list[str] | None, *, keep: int, batch: bool) -> Scored:
    """(item, participant, suggestions or None when gone) of one scope group, lazily."""
    if ids is not None and batch and isinstance(engine, BatchEngine):
        yield from rematch_batch.scored(db, engine, items, ids, keep=keep)
        return
    prepared = pool(db, engine, ids)
    for start in range(0, len(items), CHUNK):
        part = items[start:start + CHUNK]
        people = matchdata.people(db, [pid for _, pid in part])
        for item_id, pid in part:
            person = people.get(pid)
            yield item_id, pid, (None if person is None
                                 else engine.rank(person, prepared, limit=keep))


def _commit(db: sqlite_utils.Database, job: int, done: list[int], item: tuple[int, str] | None,
            save: tuple[list, list[str] | None, int] | None = None) -> None:
    """In one transaction: save ``item``'s suggestions, then mark it and ``done`` done."""
    ids = [*done, *([item[0]] if item else [])]
    if not ids:
        return
    with transaction(db):
        if item and save and db.execute("SELECT 1 FROM participants WHERE id = ? AND "
                                        "active = 1", [item[1]]).fetchone():
            suggestions.save(db, item[1], save[0], scope=save[1], keep=save[2])
        marked = db.execute("UPDATE job_items SET done = 1 WHERE done = 0 AND id IN (SELECT "
                            "value FROM json_each(?))", [json.dumps(ids)]).rowcount
        db.execute("UPDATE jobs SET done = done + ? WHERE id = ?", [marked, job])
    done.clear()


def run(db: sqlite_utils.Database, engine: Engine, job: int, *, keep: int, delay: float = 0.0,
        on_item: Callable[[int, int], None] | None = None, batch: bool = True) -> dict:
    """Process the remaining items of ``job`` (resuming after a crash) and return the job row.

    Each item's suggestions are saved with its done mark in one transaction; items with
    nothing to save are marked done together, up to ``FLUSH`` at a time.

    Args:
        keep: how many active suggestions a participant keeps at most.
        delay: seconds to sleep after each saved item (throttling; used by the crash test).
        on_item: called with (job, item id) after each saved item.
        batch: use the engine's vectorised path for new or changed opportunities if it has one.
    """
    db.execute("UPDATE jobs SET status = 'running', started_at = coalesce(started_at, ?) "
               "WHERE id = ?", [now(), job])
    groups: dict[str, list[tuple[int, str]]] = {}
    for item_id, pid, scope in db.execute("SELECT id, participant_id, scope FROM job_items "
                                          "WHERE job_id = ? AND done = 0 ORDER BY id", [job]):
        groups.setdefault(scope, []).append((item_id, pid))
    idle: list[int] = []
    for scope, items in groups.items():
        ids = None if scope == "all" else json.loads(scope)
        for item_id, pid, ranked in _ranked(db, engine, items, ids, keep=keep, batch=batch):
            if ranked is None:
                idle.append(item_id)
                if len(idle) >= FLUSH:
                    _commit(db, job, idle, None)
                continue
            _commit(db, job, idle, (item_id, pid), (ranked, ids, keep))
            if on_item:
                on_item(job, item_id)
            if delay:
                time.sleep(delay)
    _commit(db, job, idle, None)
    db.execute("UPDATE jobs SET status = 'done', finished_at = ? WHERE id = ?", [now(), job])
    return job_row(db, job)


def job_row(db: sqlite_utils.Database, job: int) -> dict:
    """One job as a dict, or an empty dict when it does not exist."""
    return next(db.query("SELECT * FROM jobs WHERE id = ?", [job]), {})


def run_pending(db: sqlite_utils.Database, engine: Engine, *, mode: str = "incremental",
                trigger: str = "manual", keep: int = 200, delay: float = 0.0,
                batch: bool = True) -> list[dict]:
    """Finish unfinished jobs first, then plan and run a new one; returns the jobs run."""
    done = []
    for (job,) in db.execute("SELECT id FROM jobs WHERE status IN ('queued', 'running') "
                             "ORDER BY id").fetchall():
        done.append(run(db, engine, job, keep=keep, delay=delay, batch=batch))
    job = plan(db, mode=mode, trigger=trigger)
    if job is not None:
        done.append(run(db, engine, job, keep=keep, delay=delay, batch=batch))
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
        """Build what the engine can build ahead (before serving), then start the thread."""
        warm = getattr(self._engine, "warm", None)
        if warm is not None:
            warm()
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
