"""Confirmed phrase -> concept links that the normaliser applies for everyone."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from service import audit, concepts
from service.db import transaction
from service.deps import AdminDep, DbDep, EngineDep, LimitDep, OffsetDep, UserDep
from service.schemas import AliasCreate, Page

router = APIRouter(prefix="/aliases", tags=["aliases"])


@router.post("", status_code=201)
def create_alias(body: AliasCreate, db: DbDep, engine: EngineDep, user: UserDep) -> dict[str, Any]:
    """Record that a phrase means an ESCO concept; the next identical text links the same way."""
    with transaction(db):
        saved = concepts.add_alias(db, engine, body.text, kind=body.kind, uri=body.uri, user=user)
        audit.record(db, "alias.created", actor=user, detail={"kind": body.kind, "uri": body.uri})
    return saved


@router.get("")
def list_aliases(db: DbDep, admin: AdminDep, limit: LimitDep = 50, offset: OffsetDep = 0) -> Page:
    """Every alias, newest first."""
    total = db.execute("SELECT count(*) FROM aliases").fetchone()[0]
    items = list(db.query("SELECT * FROM aliases ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                          [limit, offset]))
    return Page(items=items, total=total, limit=limit, offset=offset)
