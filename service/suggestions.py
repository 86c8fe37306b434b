"""Stored suggestions: saving ranker output, serving it with filters, and coach feedback."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlite_utils

from matching.models import DeclineReason, Feedback, FeedbackEvent, Suggestion
from service.auth import User
from service.db import insert, now
from service.domain import to_json
from service.errors import Invalid, NotFound

UPSERT = (
    "INSERT INTO suggestions (participant_id, opportunity_id, score, distance_km, "
    "contributions, explanation, model_version, taxonomy_version, status, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) "
    "ON CONFLICT (participant_id, opportunity_id) DO UPDATE SET score = excluded.score, "
    "distance_km = excluded.distance_km, contributions = excluded.contributions, "
    "explanation = excluded.explanation, model_version = excluded.model_version, "
    "taxonomy_version = excluded.taxonomy_version, status = 'active', "
    "updated_at = CASE WHEN status = 'active' THEN updated_at ELSE excluded.updated_at END")


def save(db: sqlite_utils.Database, pid: str, ranked: Sequence[Suggestion], *,
         scope: Sequence[str] | None, keep: int) -> None:
    """Upsert ``ranked`` for one participant and withdraw what no longer qualifies.

    Args:
        pid: the participant.
        ranked: the ranker's output for the opportunities in ``scope`` (the batch path may
            leave out those that cannot enter the participant's best ``keep``).
        scope: the opportunity ids that were scored; None means every open one.
        keep: how many active suggestions a participant keeps at most.
    """
    stamp = now()
    db.conn.executemany(UPSERT, [
        (pid, s.opportunity_id, s.score, s.distance_km, to_json(s.contributions),
         to_json(s.explanation), s.model_version, s.taxonomy_version, stamp, stamp)
        for s in ranked])
    kept = json.dumps([s.opportunity_id for s in ranked])
    scoped = "" if scope is None else "AND opportunity_id IN (SELECT value FROM json_each(?))"
    db.execute(f"UPDATE suggestions SET status = 'withdrawn', updated_at = ? WHERE "
               f"participant_id = ? AND status = 'active' {scoped} AND opportunity_id NOT IN "
               "(SELECT value FROM json_each(?))",
               [stamp, pid, *([] if scope is None else [json.dumps(list(scope))]), kept])
    db.execute("UPDATE suggestions SET status = 'withdrawn', updated_at = ? WHERE "
               "participant_id = ? AND status = 'active' AND id NOT IN (SELECT id FROM "
               "suggestions WHERE participant_id = ? AND status = 'active' "
               "ORDER BY score DESC, opportunity_id LIMIT ?)", [stamp, pid, pid, keep])


def _item(row: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(row.pop("data"))
    row["opportunity"] = {"id": row["opportunity_id"], "type": data["type"],
                          "title": data["title"], "place": data.get("place"),
                          "hours_per_week": data.get("hours_per_week"),
                          "min_dutch_level": data.get("min_dutch_level"),
                          "closing_date": data.get("closing_date")}
    row["contributions"] = json.loads(row["contributions"])
    row["explanation"] = json.loads(row["explanation"])
    return row


def ranked(db: sqlite_utils.Database, pid: str, *, type_: str | None, max_km: float | None,
           limit: int, offset: int) -> list[dict[str, Any]]:
    """Active suggestions of open, unexpired opportunities, best first (ties by id)."""
    sql = ("SELECT s.id, s.opportunity_id, s.score, s.distance_km, s.contributions, "
           "s.explanation, s.model_version, s.taxonomy_version, s.created_at, s.updated_at, "
           "o.data FROM suggestions s JOIN opportunities o ON o.id = s.opportunity_id "
           "WHERE s.participant_id = ? AND s.status = 'active' AND o.status = 'open' "
           "AND (o.closing_date IS NULL OR o.closing_date >= ?)")
    params: list[Any] = [pid, date.today().isoformat()]
    if type_:
        sql += " AND o.type = ?"
        params.append(type_)
    if max_km is not None:
        sql += " AND s.distance_km <= ?"
        params.append(max_km)
    sql += " ORDER BY s.score DESC, s.opportunity_id LIMIT ? OFFSET ?"
    rows = [_item(r) for r in db.query(sql, [*params, limit, offset])]
    for rank, row in enumerate(rows, start=offset + 1):
        row["rank"] = rank
    return rows


def record_feedback(db: sqlite_utils.Database, sid: int, body: dict[str, Any], *,
                    user: User) -> dict[str, Any]:
    """Store a decision on suggestion ``sid`` of one of the coach's participants.

    Raises:
        NotFound: no such suggestion in the coach's caseload.
        Invalid: a decline without a reason.
    """
    row = db.execute(
        "SELECT s.participant_id, s.opportunity_id, s.contributions, s.model_version FROM "
        "suggestions s JOIN participants p ON p.id = s.participant_id "
        "WHERE s.id = ? AND p.coach_id = ?", [sid, user.id]).fetchone()
    if row is None:
        raise NotFound(f"no suggestion {sid} for your caseload")
    if body["decision"] == "declined" and not body.get("reason"):
        raise Invalid("a declined suggestion needs a reason")
    fid = insert(db, "feedback", {
        "suggestion_id": sid, "participant_id": row[0], "opportunity_id": row[1],
        "user_id": user.id, "decision": body["decision"], "reason": body.get("reason"),
        "note": body.get("note"), "contributions": row[2], "model_version": row[3],
        "created_at": now()})
    return {"id": fid, "suggestion_id": sid, "participant_id": row[0], "opportunity_id": row[1],
            "decision": body["decision"], "reason": body.get("reason"), "model_version": row[3]}


def new_for_coach(db: sqlite_utils.Database, user: User, *, limit: int) -> list[dict[str, Any]]:
    """Suggestions that appeared for the coach's active participants since they last looked."""
    since = user.matches_seen_at or ""
    rows = db.query(
        "SELECT s.id, s.participant_id, s.opportunity_id, s.score, s.updated_at, o.data, "
        "s.contributions, s.explanation, s.model_version, s.taxonomy_version, s.created_at, "
        "s.distance_km FROM suggestions s JOIN participants p ON p.id = s.participant_id "
        "JOIN opportunities o ON o.id = s.opportunity_id WHERE p.coach_id = ? AND p.active = 1 "
        "AND s.status = 'active' AND o.status = 'open' AND s.updated_at > ? "
        "ORDER BY s.updated_at DESC, s.id LIMIT ?", [user.id, since, limit])
    items = [_item(r) for r in rows]
    db.execute("UPDATE users SET matches_seen_at = ? WHERE id = ?", [now(), user.id])
    return items


EVENTS = {"accepted": FeedbackEvent.ACCEPTED, "declined": FeedbackEvent.DECLINED,
          "placed": FeedbackEvent.PLACED, "ended": FeedbackEvent.ENDED_EARLY}


def feedback_events(db: sqlite_utils.Database) -> list[Feedback]:
    """Every recorded decision as the learner's ``Feedback``, with the features scored on."""
    events = []
    for row in db.query("SELECT participant_id, opportunity_id, decision, reason, contributions, "
                        "model_version FROM feedback ORDER BY id"):
        features = {c["name"]: c["feature"] for c in json.loads(row["contributions"])
                    if c["name"] != "bias"}
        events.append(Feedback(row["participant_id"], row["opportunity_id"],
                               EVENTS[row["decision"]], features,
                               DeclineReason(row["reason"]) if row["reason"] else None,
                               row["model_version"]))
    return events
