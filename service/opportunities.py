"""Opportunities: an employer's own postings, their concept links, and candidate counts."""

from __future__ import annotations

import json
import secrets
from typing import Any

import sqlite_utils

from service import concepts
from service.auth import User
from service.db import insert, now
from service.domain import build_opportunity, locate
from service.engine import Engine
from service.errors import Conflict, NotFound

KINDS = {"occupation": "occupation", "required_skills": "skill", "optional_skills": "skill",
         "description_skills": "skill"}


def _fields(data: dict[str, Any], changed: set[str]) -> dict[str, tuple[str, list[str] | str]]:
    """What to link: the title, each listed skill, and the skills found in the description
    (``description_skills``, which the ranker counts as optional skills)."""
    out: dict[str, tuple[str, list[str] | str]] = {}
    if "title" in changed:
        out["occupation"] = ("occupation", [data["title"]])
    for name in ("required_skills", "optional_skills"):
        if name in changed:
            out[name] = ("skill", list(data.get(name, [])))
    if "description" in changed:
        out["description_skills"] = ("skill", data.get("description", ""))
    return out


def check_domain(db: sqlite_utils.Database, oid: str) -> None:
    """Build the ranker's view once, so stored data it cannot read fails the write, not a
    later rematch. (The view itself is rebuilt from ``data`` and the links when needed.)"""
    row = db.execute("SELECT employer_id, data, status FROM opportunities WHERE id = ?",
                     [oid]).fetchone()
    build_opportunity(oid, row[0], json.loads(row[1]), concepts.links(db, "opportunity", oid),
                      status=row[2])


def create(db: sqlite_utils.Database, engine: Engine, body: dict[str, Any], *,
           employer: User) -> str:
    """Store a new open opportunity for ``employer`` and return its id."""
    locate(body.get("place") or {})
    oid = "o-" + secrets.token_hex(8)
    stamp = now()
    insert(db, "opportunities", {
        "id": oid, "employer_id": employer.id, "type": body["type"], "status": "open",
        "closing_date": body.get("closing_date"), "data": json.dumps(body),
        "created_at": stamp, "updated_at": stamp})
    concepts.relink(db, engine, "opportunity", oid, _fields(body, set(body) | {"title"}),
                    lang=body.get("text_language"))
    check_domain(db, oid)
    return oid


def get(db: sqlite_utils.Database, oid: str, *, user: User) -> dict[str, Any]:
    """An opportunity row the user may see: its employer, any coach, or an admin."""
    row = next(db.query("SELECT * FROM opportunities WHERE id = ?", [oid]), None)
    if row is None or (user.role == "employer" and row["employer_id"] != user.id):
        raise NotFound(f"no opportunity {oid!r} among yours")
    return row


def update(db: sqlite_utils.Database, engine: Engine, oid: str, changes: dict[str, Any], *,
           user: User) -> None:
    """Apply a partial update to an open opportunity and mark it for rematching."""
    row = get(db, oid, user=user)
    if row["status"] != "open":
        raise Conflict(f"opportunity {oid!r} is closed and cannot change")
    data = json.loads(row["data"]) | changes
    locate(data.get("place") or {})
    db.execute("UPDATE opportunities SET data = ?, closing_date = ?, version = version + 1, "
               "updated_at = ? WHERE id = ?",
               [json.dumps(data), data.get("closing_date"), now(), oid])
    concepts.relink(db, engine, "opportunity", oid, _fields(data, set(changes)),
                    lang=data.get("text_language"))
    check_domain(db, oid)


def close(db: sqlite_utils.Database, oid: str, *, user: User) -> None:
    """Close an opportunity; its suggestions are withdrawn at once."""
    get(db, oid, user=user)
    stamp = now()
    db.execute("UPDATE opportunities SET status = 'closed', version = version + 1, "
               "updated_at = ? WHERE id = ?", [stamp, oid])
    db.execute("UPDATE suggestions SET status = 'withdrawn', updated_at = ? "
               "WHERE opportunity_id = ? AND status = 'active'", [stamp, oid])


def decide(db: sqlite_utils.Database, engine: Engine, oid: str, action: dict[str, Any], *,
           user: User) -> None:
    """Confirm, remove or add a concept link of an opportunity."""
    get(db, oid, user=user)
    concepts.decide(db, engine, "opportunity", oid, action, kinds=KINDS, user=user)
    db.execute("UPDATE opportunities SET version = version + 1, updated_at = ? WHERE id = ?",
               [now(), oid])
    check_domain(db, oid)


def public(db: sqlite_utils.Database, row: dict[str, Any], *, min_score: float) -> dict[str, Any]:
    """The opportunity with its links and the anonymous count of suitable candidates."""
    count = db.execute("SELECT count(*) FROM suggestions WHERE opportunity_id = ? AND "
                       "status = 'active' AND score >= ?", [row["id"], min_score]).fetchone()[0]
    return {"id": row["id"], "employer_id": row["employer_id"], "status": row["status"],
            **json.loads(row["data"]), "concepts": concepts.links(db, "opportunity", row["id"]),
            "suitable_candidates": count, "created_at": row["created_at"],
            "updated_at": row["updated_at"]}


def page(db: sqlite_utils.Database, *, user: User, limit: int, offset: int,
         min_score: float) -> tuple[list[dict[str, Any]], int]:
    """A page of the employer's own opportunities, newest first."""
    total = db.execute("SELECT count(*) FROM opportunities WHERE employer_id = ?",
                       [user.id]).fetchone()[0]
    rows = db.query("SELECT * FROM opportunities WHERE employer_id = ? "
                    "ORDER BY created_at DESC, id LIMIT ? OFFSET ?", [user.id, limit, offset])
    return [public(db, r, min_score=min_score) for r in rows], total
