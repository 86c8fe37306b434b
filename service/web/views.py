"""View models for the coach pages: bar charts of contributions, skills, decisions, history."""

from __future__ import annotations

import json
import typing
from typing import Any

import sqlite_utils

from service.engine import Engine
from service.schemas import FeedbackCreate
from service.web.pages import WebError

HISTORY_ACTIONS = ("decision.%", "concept.%")


def bars(contributions: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """One bar per named contribution the ranker returned, scaled to the largest one."""
    top = max((abs(c["value"]) for c in contributions), default=0.0) or 1.0
    label = "label_nl" if lang == "nl" else "label_en"
    return [{"name": c["name"], "label": c.get(label) or c["name"], "value": c["value"],
             "width": round(100 * abs(c["value"]) / top), "negative": c["value"] < 0}
            for c in contributions]


def label(engine: Engine, uri: str, fallback: str, lang: str, *, kind: str = "skill") -> str:
    """The concept's preferred label in the interface language (else ``fallback``)."""
    try:
        return engine.label(uri, kind=kind, lang=lang) or fallback
    except Exception:  # a concept missing from this taxonomy version keeps its stored label
        return fallback


def localise(links: list[dict[str, Any]], engine: Engine, lang: str) -> list[dict[str, Any]]:
    """Concept links with their labels in the interface language."""
    return [lk | {"label": label(engine, lk["uri"], lk["label"], lang, kind=lk["kind"])}
            for lk in links]


def skills(explanation: dict[str, Any], engine: Engine, lang: str) -> dict[str, list]:
    """Matched skills (the participant's phrase and the requirement), missing, and learning."""
    matched = [{"phrase": m["phrase"], "essential": m["essential"], "relation": m["relation"],
                "label": label(engine, m["requirement_uri"], m["requirement_label"], lang)}
               for m in explanation.get("matched_skills", [])]
    missing = [label(engine, r["uri"], r.get("label") or r["uri"], lang)
               for r in explanation.get("missing_essential", [])]
    text = "text_nl" if lang == "nl" else "text_en"
    learning = [g.get(text) or g.get("text_en", "") for g in explanation.get("learning", [])]
    return {"matched": matched, "missing": missing, "learning": learning}


def card(item: dict[str, Any], engine: Engine, lang: str,
         decisions: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Everything one suggestion card shows."""
    summary = item["explanation"].get("summary_nl" if lang == "nl" else "summary_en", "")
    return item | {"bars": bars(item["contributions"], lang), "summary": summary,
                   "skills": skills(item["explanation"], engine, lang),
                   "decision": decisions.get(item["id"])}


def latest_decisions(db: sqlite_utils.Database, pid: str) -> dict[int, dict[str, Any]]:
    """The most recent decision recorded on each suggestion of one participant."""
    rows = db.query("SELECT suggestion_id, decision, reason, created_at FROM feedback "
                    "WHERE participant_id = ? ORDER BY id", [pid])
    return {r["suggestion_id"]: r for r in rows}


def history(db: sqlite_utils.Database, subject: str, *, limit: int = 30) -> list[dict[str, Any]]:
    """Audit entries about one (pseudonymous) participant: decisions and concept changes."""
    rows = list(db.query(
        "SELECT a.id, a.at, a.action, a.detail, a.model_version, u.name AS actor FROM audit a "
        "LEFT JOIN users u ON u.id = a.actor_id WHERE a.subject = ? "
        "AND (a.action LIKE ? OR a.action LIKE ?) ORDER BY a.id DESC LIMIT ?",
        [subject, *HISTORY_ACTIONS, limit]))
    titles = _titles(db, [json.loads(r["detail"]).get("opportunity_id") for r in rows])
    for row in rows:
        row["detail"] = json.loads(row["detail"])
        row["title"] = titles.get(row["detail"].get("opportunity_id") or "", "")
    return rows


def _titles(db: sqlite_utils.Database, ids: list[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    return {r[0]: json.loads(r[1])["title"] for r in db.execute(
        f"SELECT id, data FROM opportunities WHERE id IN ({marks})", wanted)}


def parse_filters(type_: str | None, max_km: str | None) -> tuple[str | None, float | None]:
    """Forgiving parse of the filter form: unknown values mean "no filter"."""
    kind = type_ if type_ in ("work", "internship", "volunteering") else None
    try:
        km = float(max_km) if max_km else None
    except ValueError:
        km = None
    if km is not None and not 0 <= km <= 500:
        km = None
    return kind, km


def decline_reasons() -> tuple[str, ...]:
    """The decline reasons the service accepts, in its order (read from its schema)."""
    found: list[str] = []
    for arg in typing.get_args(FeedbackCreate.model_fields["reason"].annotation):
        found += [a for a in typing.get_args(arg) if isinstance(a, str)]
    return tuple(found)


def concept_finder(engine: Engine, kinds: dict[str, str], links: list[dict[str, Any]], *,
                   field: str, q: str, phrase: str, replace: str, lang: str) -> dict[str, Any]:
    """Context of the "add or correct a concept" page: the ESCO concepts found for ``q`` in
    the kind of ``field``, and the link being corrected (``replace``), if any. Opened for a
    link without ``q`` or ``phrase``, the search starts from that link's phrase (so no text of
    a person ever travels in a URL, where access logs would keep it).

    Raises:
        WebError: an unknown field (422).
    """
    if field not in kinds:
        raise WebError(422, "invalid", f"unknown field {field!r}")
    old = next((lk for lk in links if lk["field"] == field and lk["uri"] == replace), None)
    if old and not (q or phrase):  # opened from a link: start from its phrase
        phrase = old["text"] or ""
        q = phrase or old["label"]
    q, phrase = q.strip()[:200], phrase.strip()[:200]
    return {"field": field, "fields": list(kinds), "q": q, "phrase": phrase,
            "found": esco_choices(engine, q, kind=kinds[field], lang=lang, limit=8,
                                  min_score=0.01, keep=3, min_chars=2),
            "replace": localise([old], engine, lang)[0] if old else None}


def esco_choices(engine: Engine, text: str, *, kind: str, lang: str, limit: int,
                 min_score: float, keep: int = 0, min_chars: int = 3) -> list[dict[str, Any]]:
    """The concepts the normaliser links ``text`` to, to choose from, labelled in the
    interface language: the first ``keep`` always, the others from ``min_score``; none for
    a text shorter than ``min_chars``."""
    found = (engine.normalise([text], kind=kind, lang=None, limit=limit)[0]
             if len(text) >= min_chars else [])
    return [{"uri": lk.uri, "score": lk.score,
             "label": label(engine, lk.uri, lk.label, lang, kind=kind)}
            for i, lk in enumerate(found) if i < keep or lk.score >= min_score]


def corrections(field: str, uri: str, text: str, replace: str) -> list[dict[str, Any]]:
    """The decisions of an "add or correct" form: add ``uri`` (with the phrase, taught as an
    alias), then remove the corrected link ``replace`` when there is one."""
    add = {"field": field, "uri": uri, "action": "add"} | (
        {"text": text.strip()} if text.strip() else {})
    return [add] + ([{"field": field, "uri": replace, "action": "remove"}]
                    if replace and replace != uri else [])
