"""Load ready-made domain objects (sample data, synthetic benchmarks) into the service database.

Concept links are taken from the objects as proposals, so loading needs no normaliser run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from matching.models import ConceptRef, Opportunity, Participant
from service import opportunities, participants
from service.auth import create_user, rotate_key
from service.db import insert, now, transaction
from service.engine import Engine


def _ref_rows(field: str, kind: str, refs: Iterable[ConceptRef]) -> list[dict[str, Any]]:
    return [{"field": field, "uri": r.uri, "kind": kind, "label": r.label or r.uri,
             "text": r.phrase or r.label, "score": r.score,
             "status": "proposed" if r.confirmed else "removed", "source": "sample"} for r in refs]


def _place(loc: Any) -> dict[str, Any]:
    return {"municipality": loc.municipality or None, "postcode": loc.postcode or None,
            "lat": loc.lat, "lon": loc.lon}


def participant_body(p: Participant, *, name: str | None = None,
                     ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The service's stored fields and concept links of a domain participant."""
    body = {
        "display_name": name or p.id, "skills_text": p.skills_text,
        "experience": [{"title": e.occupation.phrase or e.occupation.label, "years": e.years}
                       for e in p.experience],
        "ambitions": [a.phrase or a.label for a in p.ambitions],
        "languages": [{"code": lv.lang, "level": lv.level.name} for lv in p.languages],
        "hours_per_week": int(p.hours_per_week), "home": _place(p.location),
        "earliest_start": p.earliest_start.isoformat() if p.earliest_start else None,
        "max_travel_km": p.max_distance_km, "mobility": sorted(m.value for m in p.mobility),
        "preferred_types": sorted(t.value for t in p.preferred_types), "phase": p.phase.value,
        "text_language": p.input_lang if p.input_lang in ("nl", "en") else None,
    }
    links = (_ref_rows("skills", "skill", p.skills) + _ref_rows("ambitions", "occupation",
             p.ambitions) + _ref_rows("experience", "occupation",
                                      [e.occupation for e in p.experience]))
    return body, links


def opportunity_body(o: Opportunity) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The service's stored fields and concept links of a domain opportunity."""
    body = {
        "type": o.type.value, "title": o.title, "description": o.description,
        "required_skills": [r.phrase or r.label for r in o.essential_skills],
        "optional_skills": [r.phrase or r.label for r in o.optional_skills],
        "min_dutch_level": o.min_dutch.name, "hours_per_week": int(round(o.hours_max)),
        "place": _place(o.location), "places": max(o.places, 1),
        "start_date": o.start_date.isoformat() if o.start_date else None,
        "closing_date": o.closing_date.isoformat() if o.closing_date else None,
        "text_language": o.lang if o.lang in ("nl", "en") else None,
    }
    links = (_ref_rows("occupation", "occupation", o.occupations)
             + _ref_rows("required_skills", "skill", o.essential_skills)
             + _ref_rows("optional_skills", "skill", o.optional_skills))
    return body, links


def _owner(db: sqlite_utils.Database, name: str, role: str, keys: dict[str, str]) -> int:
    row = db.execute("SELECT id FROM users WHERE name = ?", [name]).fetchone()
    if row:
        if name not in keys:  # demo users get a fresh key on every load, so keys are never lost
            keys[name] = rotate_key(db, int(row[0]))
        return int(row[0])
    user, keys[name] = create_user(db, name, role=role)
    return user.id


def _links(db: sqlite_utils.Database, owner_type: str, owner_id: str,
           rows: list[dict[str, Any]]) -> None:
    for r in rows:
        db.execute("INSERT OR IGNORE INTO concept_links (owner_type, owner_id, field, uri, kind, "
                   "label, text, score, status, source) VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [owner_type, owner_id, r["field"], r["uri"], r["kind"], r["label"],
                    r["text"], r["score"], r["status"], r["source"]])


def load(db: sqlite_utils.Database, engine: Engine, people: Iterable[Participant],
         offers: Iterable[Opportunity], *, names: dict[str, str] | None = None) -> dict[str, str]:
    """Insert participants and opportunities (skipping ids already there), creating a coach
    or employer user per owner id; returns fresh API keys of every demo user.

    Args:
        names: display names by participant id (the id is shown where one is missing).
    """
    keys: dict[str, str] = {}
    with transaction(db):
        _owner(db, "demo-admin", "admin", keys)
        for o in offers:
            owner = _owner(db, f"employer-{o.employer_id}", "employer", keys)
            if db.execute("SELECT 1 FROM opportunities WHERE id = ?", [o.id]).fetchone():
                continue
            body, links = opportunity_body(o)
            insert(db, "opportunities", {"id": o.id, "employer_id": owner, "type": body["type"],
                                         "closing_date": body["closing_date"],
                                         "data": json.dumps(body), "created_at": now(),
                                         "updated_at": now()})
            _links(db, "opportunity", o.id, links)
            opportunities.check_domain(db, o.id)
        for p in people:
            owner = _owner(db, f"coach-{p.coach_id}", "coach", keys)
            if db.execute("SELECT 1 FROM participants WHERE id = ?", [p.id]).fetchone():
                continue
            body, links = participant_body(p, name=(names or {}).get(p.id))
            insert(db, "participants", {"id": p.id, "coach_id": owner, "data": json.dumps(body),
                                        "created_at": now(), "updated_at": now()})
            _links(db, "participant", p.id, links)
            participants.check_domain(db, p.id)
    return keys
