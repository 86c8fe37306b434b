"""Coaches' caseloads: participants, their ESCO concepts, and their suggestions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from service import audit, participants, rematch, suggestions
from service.app_state import poke
from service.db import transaction
from service.deps import (
    AdminDep,
    CoachDep,
    DbDep,
    EngineDep,
    LimitDep,
    OffsetDep,
    PathId,
    SettingsDep,
)
from service.schemas import ConceptAction, Page, ParticipantCreate, ParticipantUpdate

router = APIRouter(prefix="/participants", tags=["participants"])


@router.post("", status_code=201)
def create_participant(body: ParticipantCreate, request: Request, db: DbDep, engine: EngineDep,
                       coach: CoachDep) -> dict[str, Any]:
    """Add a participant to your caseload; ESCO concepts are proposed from the free text."""
    with transaction(db):
        pid = participants.create(db, engine, body.model_dump(mode="json"), coach=coach)
    poke(request)
    return participants.public(db, participants.get(db, pid, user=coach))


@router.get("")
def list_participants(db: DbDep, coach: CoachDep, limit: LimitDep = 50,
                      offset: OffsetDep = 0) -> Page:
    """Your caseload, oldest first, one page at a time."""
    items, total = participants.page(db, user=coach, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{pid}")
def read_participant(pid: PathId, db: DbDep, coach: CoachDep) -> dict[str, Any]:
    """One participant of your caseload with the proposed, confirmed and removed concepts."""
    return participants.public(db, participants.get(db, pid, user=coach))


@router.patch("/{pid}")
def update_participant(pid: PathId, body: ParticipantUpdate, request: Request, db: DbDep,
                       engine: EngineDep, coach: CoachDep) -> dict[str, Any]:
    """Change some fields; changed free text is normalised again (your decisions are kept)."""
    with transaction(db):
        participants.update(db, engine, pid, body.model_dump(mode="json", exclude_unset=True),
                            user=coach)
    poke(request)
    return participants.public(db, participants.get(db, pid, user=coach))


@router.post("/{pid}/concepts")
def decide_participant_concept(pid: PathId, body: ConceptAction, db: DbDep, engine: EngineDep,
                               coach: CoachDep, settings: SettingsDep) -> dict[str, Any]:
    """Confirm, remove or add an ESCO concept; confirming teaches the normaliser the phrase."""
    with transaction(db):
        participants.decide(db, engine, pid, body.model_dump(), user=coach)
        audit.record(db, f"concept.{body.action}", actor=coach,
                     subject=audit.pseudonym(pid, secret=settings.secret),
                     detail={"field": body.field, "uri": body.uri})
    return participants.public(db, participants.get(db, pid, user=coach))


@router.get("/{pid}/suggestions")
def list_suggestions(
    pid: PathId, db: DbDep, engine: EngineDep, coach: CoachDep, settings: SettingsDep,
    type: Annotated[Literal["work", "internship", "volunteering"] | None,
                    Query(description="only this placement type")] = None,
    max_km: Annotated[float | None, Query(ge=0, le=500, allow_inf_nan=False,
                                          description="at most this far from home")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="how many")] = 10,
    offset: OffsetDep = 0,
) -> dict[str, Any]:
    """Ranked, explained suggestions for one participant (rematched first if they changed)."""
    row = participants.get(db, pid, user=coach)
    if row["version"] != row["matched_version"] and row["active"]:
        rematch.match_now(db, engine, pid, keep=settings.keep_per_participant)
    items = suggestions.ranked(db, pid, type_=type, max_km=max_km, limit=limit, offset=offset)
    with transaction(db):
        audit.record(db, "suggestions.served", actor=coach,
                     subject=audit.pseudonym(pid, secret=settings.secret),
                     model_version=engine.model_version, taxonomy_version=engine.taxonomy_version,
                     detail={"filters": {"type": type, "max_km": max_km, "offset": offset},
                             "served": [[i["id"], i["opportunity_id"], round(i["score"], 4)]
                                        for i in items]})
    return {"participant_id": pid, "items": items, "limit": limit, "offset": offset,
            "model_version": engine.model_version, "taxonomy_version": engine.taxonomy_version}


@router.delete("/{pid}", status_code=204)
def erase_participant(pid: PathId, db: DbDep, engine: EngineDep, admin: AdminDep,
                      settings: SettingsDep) -> Response:
    """Erase a participant and everything derived; the audit log keeps a pseudonymous id."""
    with transaction(db):
        participants.erase(db, engine, pid)
        audit.record(db, "participant.erased", actor=admin,
                     subject=audit.pseudonym(pid, secret=settings.secret))
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # move the overwritten pages out of the WAL
    return Response(status_code=204)
