"""Append-only audit log: who did what, when, with which model; no participant free text.

Participants appear only as a pseudonymous id (an HMAC of their id under the server secret),
so the log stays meaningful after erasure without naming the person. SQLite triggers abort
any UPDATE or DELETE on the table.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import sqlite_utils

from service.auth import User
from service.db import insert, now


def pseudonym(participant_id: str, *, secret: str) -> str:
    """Stable pseudonymous id for a participant (first 16 hex of an HMAC-SHA256)."""
    digest = hmac.new(secret.encode(), participant_id.encode(), hashlib.sha256).hexdigest()
    return "pp-" + digest[:16]


def record(db: sqlite_utils.Database, action: str, *, actor: User | None,
           subject: str | None = None, model_version: str | None = None,
           taxonomy_version: str | None = None, detail: dict[str, Any] | None = None) -> int:
    """Append one entry; ``detail`` must hold ids, codes and numbers only, never free text."""
    row = {
        "at": now(), "actor_id": actor.id if actor else None,
        "actor_role": actor.role if actor else None, "action": action, "subject": subject,
        "model_version": model_version, "taxonomy_version": taxonomy_version,
        "detail": json.dumps(detail or {}, sort_keys=True),
    }
    return insert(db, "audit", row)


def entries(db: sqlite_utils.Database, *, limit: int, offset: int,
            action: str | None = None, actor_id: int | None = None) -> tuple[list[dict], int]:
    """A page of audit entries, newest first, with the total count."""
    where, params = [], []
    if action:
        where.append("action = ?")
        params.append(action)
    if actor_id is not None:
        where.append("actor_id = ?")
        params.append(actor_id)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = db.execute(f"SELECT count(*) FROM audit {clause}", params).fetchone()[0]
    rows = list(db.query(f"SELECT * FROM audit {clause} ORDER BY id DESC LIMIT ? OFFSET ?",
                         [*params, limit, offset]))
    for row in rows:
        row["detail"] = json.loads(row["detail"])
    return rows, total
