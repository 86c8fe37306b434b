"""Liveness and readiness probes (no key needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from service.db import MIGRATIONS
from service.deps import DbDep, EngineDep

router = APIRouter(tags=["health"])


@router.get("/health")
def read_health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready")
def read_ready(db: DbDep, engine: EngineDep) -> JSONResponse:
    """Readiness: database migrated, taxonomy and normaliser index loaded (503 otherwise)."""
    parts = dict(engine.readiness())
    parts["database"] = db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    ready = all(parts.values())
    body = {"ready": ready, **parts, "taxonomy_version": engine.taxonomy_version,
            "model_version": engine.model_version}
    return JSONResponse(body, status_code=200 if ready else 503)
