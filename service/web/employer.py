"""Employer pages: post an opportunity (with live occupation suggestions), list own
opportunities with anonymous counts of suitable candidates, close one."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from matching.geo import MUNICIPALITIES
from service import audit, concepts, opportunities
from service.app_state import poke
from service.db import transaction
from service.deps import DbDep, EngineDep, SettingsDep
from service.errors import Invalid
from service.schemas import OpportunityCreate
from service.web import views
from service.web.guard import AnyPage, EmployerPage, EmployerPost, as_page_errors
from service.web.pages import WebError, redirect, render, ui_lang

router = APIRouter(prefix="/web", include_in_schema=False)
TYPES = ("work", "internship", "volunteering")
LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
FIELDS = ("type", "title", "description", "min_dutch_level", "hours_per_week", "municipality",
          "postcode", "start_date", "closing_date", "places", "required_skills",
          "text_language", "occupation_uri")
ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
MIN_SHOWN = 0.1  # live suggestions below this normaliser score are noise
Field = Annotated[str, Form(max_length=300)]


def _oid(oid: str) -> str:
    """``oid`` if it can be an opportunity id, else a 404 page (like the coach's ``_pid``)."""
    if not ID.fullmatch(oid):
        raise WebError(404, "not_found")
    return oid


def _body(form: dict[str, str]) -> dict[str, Any]:
    """The API's opportunity body from the flat form (empty fields left to the defaults)."""
    body: dict[str, Any] = {k: form[k] for k in ("type", "title", "description",
                                                 "min_dutch_level", "hours_per_week",
                                                 "start_date", "closing_date", "places",
                                                 "text_language") if form.get(k)}
    place = {k: form[k] for k in ("municipality", "postcode") if form.get(k)}
    body["place"] = place
    body["required_skills"] = concepts.phrases(form.get("required_skills", ""))
    return body


def _errors(exc: ValidationError) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        name = loc[-1] if loc and loc[0] == "place" else (loc[0] if loc else "form")
        out.setdefault(name if name in FIELDS else "form", str(err.get("msg")))
    return out


def _form_page(request: Request, form: dict[str, str], errors: dict[str, str], *,
               status: int = 200) -> HTMLResponse:
    return render(request, "opportunity_form.html", {
        "form": form, "errors": errors, "types": TYPES, "levels": LEVELS,
        "municipalities": MUNICIPALITIES}, status=status)


@router.get("/opportunities", response_class=HTMLResponse)
def own_opportunities(request: Request, db: DbDep, engine: EngineDep, settings: SettingsDep,
                      session: EmployerPage) -> HTMLResponse:
    """The employer's opportunities, newest first, with anonymous candidate counts."""
    items, total = opportunities.page(db, user=session.user, limit=200, offset=0,
                                      min_score=settings.suitable_score)
    for item in items:
        item["concepts"] = views.localise(item["concepts"], engine, ui_lang(request))
    return render(request, "opportunities.html", {"items": items, "total": total})


@router.get("/opportunities/new", response_class=HTMLResponse)
def new_opportunity(request: Request, session: EmployerPage) -> HTMLResponse:
    """The form to post an opportunity."""
    return _form_page(request, {"type": "work", "min_dutch_level": "A2", "hours_per_week": "24",
                                "places": "1", "text_language": "nl"}, {})


@router.post("/opportunities/new", response_class=HTMLResponse)
async def post_opportunity(request: Request, db: DbDep, engine: EngineDep,
                           session: EmployerPost) -> Response:
    """Validate and store the opportunity; the background rematch then scores it."""
    raw = await request.form()
    form = {k: str(raw.get(k) or "")[:5000] for k in FIELDS}
    try:
        body = OpportunityCreate.model_validate(_body(form)).model_dump(mode="json")
    except ValidationError as exc:
        return _form_page(request, form, _errors(exc), status=422)
    try:
        with transaction(db):
            oid = opportunities.create(db, engine, body, employer=session.user)
            _choose_occupation(db, engine, oid, form["occupation_uri"], session.user)
    except Invalid as exc:
        field = "municipality" if "on the map" in exc.message else "form"
        return _form_page(request, form, {field: exc.message}, status=422)
    poke(request)
    return redirect("/web/opportunities", msg="posted", fragment=f"o-{oid}")


def _choose_occupation(db: Any, engine: Any, oid: str, uri: str, user: Any) -> None:
    """Put the occupation the employer picked from the live suggestions in place of the
    normaliser's proposal (nothing happens when none was picked)."""
    if not uri or engine.label(uri, kind="occupation") is None:
        return
    for link in concepts.links(db, "opportunity", oid):
        if link["field"] == "occupation" and link["uri"] != uri:
            opportunities.decide(db, engine, oid, {"field": "occupation", "uri": link["uri"],
                                                   "action": "remove"}, user=user)
    opportunities.decide(db, engine, oid, {"field": "occupation", "uri": uri, "action": "add",
                                           "text": None}, user=user)


@router.get("/opportunities/{oid}/concepts/find", response_class=HTMLResponse)
def find_concept(request: Request, oid: str, db: DbDep, engine: EngineDep,
                 session: EmployerPage, field: str = "required_skills",
                 replace: str = "") -> HTMLResponse:
    """Add a concept to an own opportunity, or correct one (see the coach's page)."""
    return _finder(request, oid, db, engine, session, field=field, replace=replace)


@router.post("/opportunities/{oid}/concepts/find", response_class=HTMLResponse)
def search_concept(request: Request, oid: str, db: DbDep, engine: EngineDep,
                   session: EmployerPost, field: Field, q: Field = "", phrase: Field = "",
                   replace: Field = "") -> HTMLResponse:
    """The same page with the ESCO concepts found for ``q``."""
    return _finder(request, oid, db, engine, session, field=field, q=q, phrase=phrase,
                   replace=replace)


def _finder(request: Request, oid: str, db: DbDep, engine: EngineDep, session: Any, *,
            field: str, replace: str, q: str = "", phrase: str = "") -> HTMLResponse:
    oid = _oid(oid)
    with as_page_errors():
        row = opportunities.get(db, oid, user=session.user)
    links = concepts.links(db, "opportunity", oid)
    finder = views.concept_finder(engine, opportunities.KINDS, links, field=field, q=q,
                                  phrase=phrase, replace=replace, lang=ui_lang(request))
    base = f"/web/opportunities/{oid}"
    return render(request, "find_concept.html", finder | {
        "name": json.loads(row["data"]).get("title") or oid,
        "back": f"/web/opportunities#o-{oid}",
        "find_url": f"{base}/concepts/find", "add_url": f"{base}/concepts/add"})


@router.post("/opportunities/{oid}/concepts/add")
def add_concept(oid: str, db: DbDep, engine: EngineDep, session: EmployerPost, field: Field,
                uri: Field, text: Annotated[str, Form(max_length=200)] = "",
                replace: Annotated[str, Form(max_length=300)] = "") -> Response:
    """Add the chosen concept to an own opportunity (and remove the one it corrects)."""
    oid = _oid(oid)
    with as_page_errors(), transaction(db):
        for action in views.corrections(field, uri, text, replace):
            opportunities.decide(db, engine, oid, action, user=session.user)
            audit.record(db, f"opportunity.concept.{action['action']}", actor=session.user,
                         detail={"channel": "web", "opportunity_id": oid, "field": field,
                                 "uri": action["uri"]})
    return redirect("/web/opportunities", msg="concept_saved", fragment=f"o-{oid}")


@router.post("/opportunities/{oid}/concepts")
def decide_concept(oid: str, db: DbDep, engine: EngineDep, session: EmployerPost,
                   field: Field, uri: Field, action: Field) -> Response:
    """Confirm or remove one ESCO skill proposed for the employer's own opportunity."""
    oid = _oid(oid)
    if action not in ("confirm", "remove"):
        raise WebError(422, "invalid", f"unknown action {action!r}")
    with as_page_errors(), transaction(db):
        opportunities.decide(db, engine, oid, {"field": field, "uri": uri, "action": action},
                             user=session.user)
        audit.record(db, f"opportunity.concept.{action}", actor=session.user,
                     detail={"channel": "web", "opportunity_id": oid, "field": field,
                             "uri": uri})
    return redirect("/web/opportunities", msg="concept_saved", fragment=f"o-{oid}")


@router.post("/opportunities/{oid}/close")
def close_opportunity(oid: str, db: DbDep, session: EmployerPost) -> Response:
    """Close one of the employer's opportunities; its suggestions are withdrawn."""
    oid = _oid(oid)
    with as_page_errors(), transaction(db):
        opportunities.close(db, oid, user=session.user)
        audit.record(db, "opportunity.closed", actor=session.user,
                     detail={"channel": "web", "opportunity_id": oid})
    return redirect("/web/opportunities", msg="closed", fragment=f"o-{oid}")


@router.get("/occupations/suggest", response_class=HTMLResponse)
def suggest_occupations(request: Request, engine: EngineDep, session: AnyPage,
                        title: str = "", chosen: str = "") -> HTMLResponse:
    """HTML fragment: the ESCO occupations the normaliser finds for a job title so far."""
    text = title.strip()[:200]
    found = views.esco_choices(engine, text, kind="occupation", lang=ui_lang(request), limit=5,
                               min_score=MIN_SHOWN)
    return render(request, "_occupations.html", {"found": found, "title": text,
                                                 "chosen": chosen[:300]})
