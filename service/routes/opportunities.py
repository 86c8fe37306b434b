"""Employers' opportunities: post, update, close, and see anonymous candidate counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from service import audit, opportunities
from service.app_state import poke
from service.auth import User
from service.db import transaction
from service.deps import (
    CoachOrEmployerDep,
    DbDep,
    EmployerDep,
    EngineDep,
    LimitDep,
    OffsetDep,
    PathId,
    SettingsDep,
)
from service.schemas import ConceptAction, OpportunityCreate, OpportunityUpdate, Page

router = APIRouter(prefix="/opportunities", tags=["opportunities"])


def _public(db: Any, oid: str, user: User, settings: Any) -> dict[str, Any]:
    row = opportunities.get(db, oid, user=user)
    return opportunities.public(db, row, min_score=settings.suitable_score)


@router.post("", status_code=201)
def create_opportunity(body: OpportunityCreate, request: Request, db: DbDep, engine: EngineDep,
                       employer: EmployerDep, settings: SettingsDep) -> dict[str, Any]:
    """Post a work, internship or volunteering opportunity; matching starts in the background."""
    with transaction(db):
        oid = opportunities.create(db, engine, body.model_dump(mode="json"), employer=employer)
    poke(request)
    return _public(db, oid, employer, settings)


@router.get("")
def list_opportunities(db: DbDep, employer: EmployerDep, settings: SettingsDep,
                       limit: LimitDep = 50, offset: OffsetDep = 0) -> Page:
    """Your own opportunities, newest first, with anonymous counts of suitable candidates."""
    items, total = opportunities.page(db, user=employer, limit=limit, offset=offset,
                                      min_score=settings.suitable_score)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{oid}")
def read_opportunity(oid: PathId, db: DbDep, user: CoachOrEmployerDep,
                     settings: SettingsDep) -> dict[str, Any]:
    """One opportunity (employers: only their own)."""
    return _public(db, oid, user, settings)


@router.patch("/{oid}")
def update_opportunity(oid: PathId, body: OpportunityUpdate, request: Request, db: DbDep,
                       engine: EngineDep, employer: EmployerDep,
                       settings: SettingsDep) -> dict[str, Any]:
    """Change an open opportunity; it is matched again in the background."""
    with transaction(db):
        opportunities.update(db, engine, oid, body.model_dump(mode="json", exclude_unset=True),
                             user=employer)
    poke(request)
    return _public(db, oid, employer, settings)


@router.post("/{oid}/close")
def close_opportunity(oid: PathId, db: DbDep, employer: EmployerDep,
                      settings: SettingsDep) -> dict[str, Any]:
    """Close an opportunity: it leaves every participant's suggestions at once."""
    with transaction(db):
        opportunities.close(db, oid, user=employer)
        audit.record(db, "opportunity.closed", actor=employer, detail={"opportunity_id": oid})
    return _public(db, oid, employer, settings)


@router.post("/{oid}/concepts")
def decide_opportunity_concept(oid: PathId, body: ConceptAction, request: Request, db: DbDep,
                               engine: EngineDep, employer: EmployerDep,
                               settings: SettingsDep) -> dict[str, Any]:
    """Confirm, remove or add the occupation or a required/optional skill of an opportunity."""
    with transaction(db):
        opportunities.decide(db, engine, oid, body.model_dump(), user=employer)
        audit.record(db, f"concept.{body.action}", actor=employer,
                     detail={"opportunity_id": oid, "field": body.field, "uri": body.uri})
    poke(request)
    return _public(db, oid, employer, settings)
