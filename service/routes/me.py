"""The signed-in user: who am I, and what is new for my caseload."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service import audit, rematch, suggestions
from service.db import transaction
from service.deps import CoachDep, DbDep, EngineDep, SettingsDep, UserDep

router = APIRouter(prefix="/me", tags=["me"])


@router.get("")
def read_me(user: UserDep) -> dict[str, Any]:
    """Your user id, name and role."""
    return {"id": user.id, "name": user.name, "role": user.role}


@router.get("/new-matches")
def list_new_matches(
    db: DbDep, engine: EngineDep, coach: CoachDep, settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=500, description="how many")] = 100,
) -> dict[str, Any]:
    """Suggestions that appeared for your participants since you last looked (then resets)."""
    rematch.refresh_coach(db, engine, coach.id, keep=settings.keep_per_participant)
    with transaction(db):
        since = coach.matches_seen_at
        items = suggestions.new_for_coach(db, coach, limit=limit)
        audit.record(db, "new_matches.served", actor=coach, model_version=engine.model_version,
                     taxonomy_version=engine.taxonomy_version,
                     detail={"served": [[audit.pseudonym(i["participant_id"],
                                                         secret=settings.secret),
                                         i["opportunity_id"]] for i in items]})
    return {"since": since, "items": items}
