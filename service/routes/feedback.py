"""Coaches' decisions on suggestions (the learning signal)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from service import audit, suggestions
from service.db import transaction
from service.deps import CoachDep, DbDep, EngineDep, SettingsDep
from service.schemas import FeedbackCreate

router = APIRouter(prefix="/suggestions", tags=["suggestions"])


@router.post("/{sid}/feedback", status_code=201)
def create_feedback(
    sid: Annotated[int, Path(ge=1, le=2**62, description="suggestion id")],
    body: FeedbackCreate, db: DbDep, engine: EngineDep, coach: CoachDep, settings: SettingsDep,
) -> dict[str, Any]:
    """Record accepted, declined (with a reason), placed or ended; the note stays out of audit."""
    with transaction(db):
        saved = suggestions.record_feedback(db, sid, body.model_dump(), user=coach)
        audit.record(db, f"decision.{body.decision}", actor=coach,
                     subject=audit.pseudonym(saved["participant_id"], secret=settings.secret),
                     model_version=saved["model_version"],
                     taxonomy_version=engine.taxonomy_version,
                     detail={"suggestion_id": sid, "opportunity_id": saved["opportunity_id"],
                             "reason": body.reason})
    return saved
