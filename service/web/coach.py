"""Coach pages: the caseload, one participant with concepts and explained suggestions, and
decisions. Every suggestion list shown and every decision goes to the audit log."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from service import audit, concepts, participants, rematch, suggestions
from service.db import transaction
from service.deps import DbDep, EngineDep, SettingsDep
from service.schemas import FeedbackCreate
from service.web import views
from service.web.guard import CoachPage, CoachPost, as_page_errors
from service.web.pages import WebError, redirect, render, ui_lang

router = APIRouter(prefix="/web", include_in_schema=False)
PAGE_SIZE = 10
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DIGITS = re.compile(r"^[0-9]{1,9}$")
Field = Annotated[str, Form(max_length=300)]


def _number(text: str, *, default: int, high: int) -> int:
    return min(max(int(text), 1), high) if DIGITS.match(text) else default


def _pid(pid: str) -> str:
    if not ID.match(pid):
        raise WebError(404, "not_found")
    return pid


@router.get("/caseload", response_class=HTMLResponse)
def caseload(request: Request, db: DbDep, engine: EngineDep, settings: SettingsDep,
             session: CoachPage) -> HTMLResponse:
    """The coach's participants and what is new since the last visit."""
    coach = session.user
    rematch.refresh_coach(db, engine, coach.id, keep=settings.keep_per_participant)
    with transaction(db):
        new = suggestions.new_for_coach(db, coach, limit=50)
        audit.record(db, "new_matches.served", actor=coach, model_version=engine.model_version,
                     taxonomy_version=engine.taxonomy_version,
                     detail={"channel": "web", "served": [
                         [audit.pseudonym(i["participant_id"], secret=settings.secret),
                          i["opportunity_id"]] for i in new]})
    people, _ = participants.page(db, user=coach, limit=200, offset=0)
    names = {p["id"]: p["display_name"] for p in people}
    new.sort(key=lambda i: (names.get(i["participant_id"], ""), -i["score"], i["id"]))
    for person in people:
        person["new"] = sum(1 for i in new if i["participant_id"] == person["id"])
        person["to_review"] = sum(c["status"] in concepts.PENDING for c in person["concepts"])
    return render(request, "caseload.html", {"people": people, "new": new, "names": names,
                                             "since": coach.matches_seen_at})


@router.get("/participants/{pid}", response_class=HTMLResponse)
def participant_page(request: Request, pid: str, db: DbDep, engine: EngineDep,
                     settings: SettingsDep, session: CoachPage, type: str | None = None,  # noqa: A002
                     max_km: str | None = None, page: str = "1") -> HTMLResponse:
    """Profile, proposed concepts, and ranked suggestions with explanations."""
    coach, lang = session.user, ui_lang(request)
    with as_page_errors():
        row = participants.get(db, _pid(pid), user=coach)
    if row["version"] != row["matched_version"] and row["active"]:
        rematch.match_now(db, engine, pid, keep=settings.keep_per_participant)
    kind, km = views.parse_filters(type, max_km)
    page = _number(page, default=1, high=1000)
    items = suggestions.ranked(db, pid, type_=kind, max_km=km, limit=PAGE_SIZE + 1,
                               offset=(page - 1) * PAGE_SIZE)
    more, items = len(items) > PAGE_SIZE, items[:PAGE_SIZE]
    subject = audit.pseudonym(pid, secret=settings.secret)
    with transaction(db):
        audit.record(db, "suggestions.served", actor=coach, subject=subject,
                     model_version=engine.model_version, taxonomy_version=engine.taxonomy_version,
                     detail={"channel": "web", "filters": {"type": kind, "max_km": km,
                                                           "offset": (page - 1) * PAGE_SIZE},
                             "served": [[i["id"], i["opportunity_id"], round(i["score"], 4)]
                                        for i in items]})
    decisions = views.latest_decisions(db, pid)
    cards = [views.card(i, engine, lang, decisions) for i in items]
    person = participants.public(db, row)
    person["concepts"] = views.localise(person["concepts"], engine, lang)
    return render(request, "participant.html", {
        "person": person, "cards": cards, "kind": kind, "km": km,
        "page": page, "more": more, "history": views.history(db, subject),
        "reasons": views.decline_reasons(), "model_version": engine.model_version,
        "taxonomy_version": engine.taxonomy_version})


@router.post("/participants/{pid}/concepts")
def decide_concept(pid: str, db: DbDep, engine: EngineDep, settings: SettingsDep,
                   session: CoachPost, field: Field, uri: Field, action: Field) -> Response:
    """Confirm or remove one proposed ESCO concept."""
    if action not in ("confirm", "remove"):
        raise WebError(422, "invalid", f"unknown action {action!r}")
    with as_page_errors(), transaction(db):
        participants.decide(db, engine, _pid(pid), {"field": field, "uri": uri,
                                                    "action": action}, user=session.user)
        audit.record(db, f"concept.{action}", actor=session.user,
                     subject=audit.pseudonym(pid, secret=settings.secret),
                     detail={"channel": "web", "field": field, "uri": uri})
    return redirect(f"/web/participants/{pid}", msg="concept_saved", fragment="concepts")


@router.get("/participants/{pid}/concepts/find", response_class=HTMLResponse)
def find_concept(request: Request, pid: str, db: DbDep, engine: EngineDep, session: CoachPage,
                 field: str = "skills", replace: str = "") -> HTMLResponse:
    """Add a concept, or correct one (``replace``: the link it replaces; the search starts
    from its phrase)."""
    return _finder(request, pid, db, engine, session, field=field, replace=replace)


@router.post("/participants/{pid}/concepts/find", response_class=HTMLResponse)
def search_concept(request: Request, pid: str, db: DbDep, engine: EngineDep,
                   session: CoachPost, field: Field, q: Field = "", phrase: Field = "",
                   replace: Field = "") -> HTMLResponse:
    """The same page with the ESCO concepts found for ``q`` (posted: the phrase is a
    participant's text, kept out of URLs)."""
    return _finder(request, pid, db, engine, session, field=field, q=q, phrase=phrase,
                   replace=replace)


def _finder(request: Request, pid: str, db: DbDep, engine: EngineDep, session: Any, *,
            field: str, replace: str, q: str = "", phrase: str = "") -> HTMLResponse:
    with as_page_errors():
        person = participants.public(db, participants.get(db, _pid(pid), user=session.user))
    finder = views.concept_finder(engine, participants.KINDS, person["concepts"], field=field,
                                  q=q, phrase=phrase, replace=replace, lang=ui_lang(request))
    base = f"/web/participants/{pid}"
    return render(request, "find_concept.html", finder | {
        "name": person.get("display_name") or pid, "back": f"{base}#concepts",
        "find_url": f"{base}/concepts/find", "add_url": f"{base}/concepts/add"})


@router.post("/participants/{pid}/concepts/add")
def add_concept(pid: str, db: DbDep, engine: EngineDep, settings: SettingsDep,
                session: CoachPost, field: Field, uri: Field,
                text: Annotated[str, Form(max_length=200)] = "",
                replace: Annotated[str, Form(max_length=300)] = "") -> Response:
    """Add the chosen concept (confirmed; its phrase becomes an alias for everyone) and, when
    correcting, remove the link it replaces. Both decisions are audited."""
    subject = audit.pseudonym(pid, secret=settings.secret)
    with as_page_errors(), transaction(db):
        for action in views.corrections(field, uri, text, replace):
            participants.decide(db, engine, _pid(pid), action, user=session.user)
            audit.record(db, f"concept.{action['action']}", actor=session.user,
                         subject=subject, detail={"channel": "web", "field": field,
                                                  "uri": action["uri"]})  # no free text
    return redirect(f"/web/participants/{pid}", msg="concept_saved", fragment="concepts")


@router.post("/suggestions/{sid}/decision")
def decide_suggestion(sid: str, db: DbDep, engine: EngineDep, settings: SettingsDep,
                      session: CoachPost, decision: Field, pid: Field,
                      reason: Field = "") -> Response:
    """Record accepted, declined (with a reason) or placed for one suggestion."""
    back = f"/web/participants/{_pid(pid)}"
    if not DIGITS.match(sid):
        raise WebError(404, "not_found")
    try:
        body = FeedbackCreate(decision=decision, reason=reason or None).model_dump()
    except ValidationError:
        return redirect(back, msg="bad_decision", fragment=f"s-{sid}")
    if body["decision"] == "declined" and not body["reason"]:
        return redirect(back, msg="reason_needed", fragment=f"s-{sid}")
    with as_page_errors(), transaction(db):
        saved = suggestions.record_feedback(db, int(sid), body, user=session.user)
        audit.record(db, f"decision.{body['decision']}", actor=session.user,
                     subject=audit.pseudonym(saved["participant_id"], secret=settings.secret),
                     model_version=saved["model_version"],
                     taxonomy_version=engine.taxonomy_version,
                     detail={"channel": "web", "suggestion_id": int(sid),
                             "opportunity_id": saved["opportunity_id"], "reason": body["reason"]})
    return redirect(f"/web/participants/{saved['participant_id']}", msg="decision_saved",
                    fragment=f"s-{sid}")
