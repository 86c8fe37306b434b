"""Administration: users and keys, rematch jobs, the audit log, the taxonomy version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from service import audit, auth, rematch
from service.db import transaction
from service.deps import AdminDep, DbDep, EngineDep, LimitDep, OffsetDep, SettingsDep
from service.errors import NotFound
from service.schemas import Page, RematchRequest, UserCreate

router = APIRouter(tags=["admin"])
UserId = Annotated[int, Path(ge=1, le=2**62, description="user id")]


@router.post("/admin/users", status_code=201)
def create_user(body: UserCreate, db: DbDep, admin: AdminDep) -> dict[str, Any]:
    """Create a coach, employer or admin; the API key is shown in this response only."""
    with transaction(db):
        user, key = auth.create_user(db, body.name, role=body.role)
        audit.record(db, "user.created", actor=admin, detail={"user_id": user.id,
                                                              "role": user.role})
    return {"id": user.id, "name": user.name, "role": user.role, "api_key": key}


@router.get("/admin/users")
def list_users(db: DbDep, admin: AdminDep, limit: LimitDep = 50, offset: OffsetDep = 0) -> Page:
    """Every user (never the keys, only their first characters)."""
    total = db.execute("SELECT count(*) FROM users").fetchone()[0]
    items = list(db.query("SELECT id, name, role, key_prefix, active, created_at FROM users "
                          "ORDER BY id LIMIT ? OFFSET ?", [limit, offset]))
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/admin/users/{uid}/key")
def rotate_user_key(uid: UserId, db: DbDep, admin: AdminDep) -> dict[str, Any]:
    """Replace a user's API key; the old key stops working at once."""
    with transaction(db):
        key = auth.rotate_key(db, uid)
        audit.record(db, "user.key_rotated", actor=admin, detail={"user_id": uid})
    return {"id": uid, "api_key": key}


@router.post("/admin/users/{uid}/deactivate")
def deactivate_user(uid: UserId, db: DbDep, admin: AdminDep) -> dict[str, Any]:
    """Switch a user off; their key stops working."""
    with transaction(db):
        if not db.execute("UPDATE users SET active = 0 WHERE id = ?", [uid]).rowcount:
            raise NotFound(f"no user with id {uid}")
        audit.record(db, "user.deactivated", actor=admin, detail={"user_id": uid})
    return {"id": uid, "active": False}


@router.get("/admin/audit")
def list_audit(db: DbDep, admin: AdminDep, limit: LimitDep = 50, offset: OffsetDep = 0,
               action: Annotated[str | None, Query(max_length=50,
                                                   pattern=r"^[a-z_.]+$")] = None,
               actor_id: Annotated[int | None, Query(ge=1, le=2**62)] = None) -> Page:
    """The append-only audit log, newest first; filter by action or actor."""
    items, total = audit.entries(db, limit=limit, offset=offset, action=action, actor_id=actor_id)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/admin/taxonomy")
def read_taxonomy(engine: EngineDep, admin: AdminDep) -> dict[str, Any]:
    """The ESCO version in use and the scoring model version."""
    return {"taxonomy_version": engine.taxonomy_version, "model_version": engine.model_version}


@router.post("/rematch", status_code=202)
def start_rematch(body: RematchRequest, request: Request, db: DbDep, engine: EngineDep,
                  admin: AdminDep, settings: SettingsDep) -> dict[str, Any]:
    """Plan a rematch of what changed (or everyone); the background worker runs it."""
    job = rematch.plan(db, mode=body.mode, trigger="api")
    with transaction(db):
        audit.record(db, "rematch.requested", actor=admin, model_version=engine.model_version,
                     detail={"mode": body.mode, "job_id": job})
    worker = getattr(request.app.state, "worker", None)
    if job is not None and worker is None:
        rematch.run(db, engine, job, keep=settings.keep_per_participant)
    elif worker is not None:
        worker.poke()
    return {"job": rematch.job_row(db, job) if job is not None else None}


@router.get("/rematch/jobs/{job_id}")
def read_rematch_job(job_id: Annotated[int, Path(ge=1, le=2**62)], db: DbDep,
                     admin: AdminDep) -> dict[str, Any]:
    """Progress of one rematch job."""
    row = rematch.job_row(db, job_id)
    if not row:
        raise NotFound(f"no rematch job {job_id}")
    return row
