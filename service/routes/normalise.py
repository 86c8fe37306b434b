"""The normaliser as a service: free text to ESCO occupations and skills."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from service.deps import EngineDep, UserDep
from service.schemas import NormaliseRequest

router = APIRouter(prefix="/normalise", tags=["normalise"])


def _answer(engine: Any, body: NormaliseRequest, kind: str) -> dict[str, Any]:
    found = engine.normalise(body.texts, kind=kind, lang=body.lang, limit=body.limit)
    return {"kind": kind, "taxonomy_version": engine.taxonomy_version,
            "results": [{"text": text, "links": [vars(lk) for lk in links]}
                        for text, links in zip(body.texts, found, strict=True)]}


@router.post("/occupations")
def normalise_occupations(body: NormaliseRequest, engine: EngineDep,
                          user: UserDep) -> dict[str, Any]:
    """Best ESCO occupations for each text (job titles, ambitions), best first."""
    return _answer(engine, body, "occupation")


@router.post("/skills")
def normalise_skills(body: NormaliseRequest, engine: EngineDep, user: UserDep) -> dict[str, Any]:
    """Best ESCO skills for each text (skill phrases), best first."""
    return _answer(engine, body, "skill")
