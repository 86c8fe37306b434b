"""Participants: a coach's caseload, their concept links, and erasure."""

from __future__ import annotations

import json
import secrets
from typing import Any

import sqlite_utils

from service import concepts
from service.auth import User
from service.db import insert, now
from service.domain import build_participant, locate
from service.engine import Engine
from service.errors import NotFound

KINDS = {"skills": "skill", "experience": "occupation", "ambitions": "occupation"}


def _fields(data: dict[str, Any], changed: set[str]) -> dict[str, tuple[str, list[str] | str]]:
    """What to link: skills found in the free text; each occupation title or ambition."""
    out: dict[str, tuple[str, list[str] | str]] = {}
    if "skills_text" in changed:
        out["skills"] = ("skill", data.get("skills_text", ""))
    if "experience" in changed:
        out["experience"] = ("occupation", [e["title"] for e in data.get("experience", [])])
    if "ambitions" in changed:
        out["ambitions"] = ("occupation", list(data.get("ambitions", [])))
    return out


def check_domain(db: sqlite_utils.Database, pid: str) -> None:
    """Build the ranker's view once, so stored data it cannot read fails the write, not a
    later rematch. (The view itself is rebuilt from ``data`` and the links when needed.)"""
    row = db.execute("SELECT coach_id, data FROM participants WHERE id = ?", [pid]).fetchone()
    build_participant(pid, row[0], json.loads(row[1]), concepts.links(db, "participant", pid))


def create(db: sqlite_utils.Database, engine: Engine, body: dict[str, Any], *,
           coach: User) -> str:
    """Store a new participant for ``coach``, propose concepts, and return the id."""
    locate(body.get("home") or {})
    pid = "p-" + secrets.token_hex(8)
    stamp = now()
    insert(db, "participants", {"id": pid, "coach_id": coach.id, "data": json.dumps(body),
                                "created_at": stamp, "updated_at": stamp})
    concepts.relink(db, engine, "participant", pid, _fields(body, set(body)),
                    lang=body.get("text_language"))
    check_domain(db, pid)
    return pid


def get(db: sqlite_utils.Database, pid: str, *, user: User) -> dict[str, Any]:
    """A participant row, if ``user`` is its coach (or an admin).

    Raises:
        NotFound: no such participant in this user's caseload.
    """
    row = next(db.query("SELECT * FROM participants WHERE id = ?", [pid]), None)
    if row is None or (user.role != "admin" and row["coach_id"] != user.id):
        raise NotFound(f"no participant {pid!r} in your caseload")
    return row


def update(db: sqlite_utils.Database, engine: Engine, pid: str, changes: dict[str, Any], *,
           user: User) -> None:
    """Apply a partial update and mark the participant for rematching."""
    row = get(db, pid, user=user)
    data = json.loads(row["data"]) | {k: v for k, v in changes.items() if k != "active"}
    locate(data.get("home") or {})
    active = int(changes["active"]) if changes.get("active") is not None else row["active"]
    db.execute("UPDATE participants SET data = ?, active = ?, version = version + 1, "
               "updated_at = ? WHERE id = ?", [json.dumps(data), active, now(), pid])
    concepts.relink(db, engine, "participant", pid, _fields(data, set(changes)),
                    lang=data.get("text_language"))
    check_domain(db, pid)


def decide(db: sqlite_utils.Database, engine: Engine, pid: str, action: dict[str, Any], *,
           user: User) -> None:
    """Confirm, remove or add a concept link of a participant."""
    get(db, pid, user=user)
    concepts.decide(db, engine, "participant", pid, action, kinds=KINDS, user=user)
    db.execute("UPDATE participants SET version = version + 1, updated_at = ? WHERE id = ?",
               [now(), pid])
    check_domain(db, pid)


def public(db: sqlite_utils.Database, row: dict[str, Any]) -> dict[str, Any]:
    """The participant as its coach sees it: fields, concept links, and status."""
    return {"id": row["id"], "coach_id": row["coach_id"], "active": bool(row["active"]),
            **json.loads(row["data"]), "concepts": concepts.links(db, "participant", row["id"]),
            "created_at": row["created_at"], "updated_at": row["updated_at"]}


def page(db: sqlite_utils.Database, *, user: User, limit: int,
         offset: int) -> tuple[list[dict[str, Any]], int]:
    """A page of the coach's caseload, oldest first."""
    total = db.execute("SELECT count(*) FROM participants WHERE coach_id = ?",
                       [user.id]).fetchone()[0]
    rows = db.query("SELECT * FROM participants WHERE coach_id = ? ORDER BY created_at, id "
                    "LIMIT ? OFFSET ?", [user.id, limit, offset])
    return [public(db, r) for r in rows], total


def erase(db: sqlite_utils.Database, engine: Engine, pid: str) -> None:
    """Delete a participant and every derived row (links, suggestions, feedback, job items)."""
    if db.execute("SELECT 1 FROM participants WHERE id = ?", [pid]).fetchone() is None:
        raise NotFound(f"no participant {pid!r}")
    db.execute("DELETE FROM feedback WHERE participant_id = ?", [pid])
    db.execute("DELETE FROM suggestions WHERE participant_id = ?", [pid])
    db.execute("DELETE FROM concept_links WHERE owner_type = 'participant' AND owner_id = ?",
               [pid])
    db.execute("DELETE FROM job_items WHERE participant_id = ?", [pid])
    db.execute("DELETE FROM participants WHERE id = ?", [pid])
    engine.forget(pid)
