"""Concept links of participants and opportunities, coach/employer decisions, and aliases."""

from __future__ import annotations

import re
from typing import Any

import sqlite_utils

from service.auth import User
from service.db import now
from service.engine import Engine
from service.errors import Invalid, NotFound

_SPLIT = re.compile(r"[,;\n•·|/]+|\s+(?:en|and|&|\+)\s+", re.IGNORECASE)
MAX_PHRASES = 40
MIN_PROPOSAL_SCORE = 0.2


def phrases(text: str) -> list[str]:
    """Split a free-text list ("koken, schoonmaken en Excel") into phrases, in order."""
    seen: dict[str, None] = {}
    for part in _SPLIT.split(text):
        part = part.strip(" .-*\t")
        if len(part) >= 2:
            seen.setdefault(part, None)
    return list(seen)[:MAX_PHRASES]


def links(db: sqlite_utils.Database, owner_type: str, owner_id: str) -> list[dict[str, Any]]:
    """Every concept link of one participant or opportunity, in a stable order."""
    return list(db.query(
        "SELECT field, uri, kind, label, text, score, status, source FROM concept_links "
        "WHERE owner_type = ? AND owner_id = ? ORDER BY field, score DESC, uri",
        [owner_type, owner_id]))


def relink(db: sqlite_utils.Database, engine: Engine, owner_type: str, owner_id: str,
           fields: dict[str, tuple[str, list[str]]], *, lang: str | None) -> None:
    """Propose links for ``fields`` (name -> (kind, phrases)), keeping people's decisions.

    Earlier proposals of these fields that nobody confirmed are replaced; confirmed, removed
    and hand-added links stay as they are.
    """
    for field, (kind, texts) in fields.items():
        kept = {row["uri"] for row in db.query(
            "SELECT uri FROM concept_links WHERE owner_type = ? AND owner_id = ? AND field = ? "
            "AND (status != 'proposed' OR source = 'person')", [owner_type, owner_id, field])}
        db.execute("DELETE FROM concept_links WHERE owner_type = ? AND owner_id = ? AND field = ? "
                   "AND status = 'proposed' AND source != 'person'", [owner_type, owner_id, field])
        hits = engine.normalise(texts, kind=kind, lang=lang, limit=1) if texts else []
        for text, found in zip(texts, hits, strict=True):
            if found and found[0].uri not in kept and found[0].score >= MIN_PROPOSAL_SCORE:
                kept.add(found[0].uri)
                _put(db, owner_type, owner_id, field, text, found[0].uri, kind, found[0].label,
                     found[0].score, "proposed", found[0].source)


def _put(db: sqlite_utils.Database, owner_type: str, owner_id: str, field: str, text: str,
         uri: str, kind: str, label: str, score: float, status: str, source: str) -> None:
    db.execute(
        "INSERT INTO concept_links (owner_type, owner_id, field, uri, kind, label, text, score, "
        "status, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
        "status = excluded.status, source = excluded.source, text = excluded.text",
        [owner_type, owner_id, field, uri, kind, label, text, score, status, source])


def decide(db: sqlite_utils.Database, engine: Engine, owner_type: str, owner_id: str,
           action: dict[str, Any], *, kinds: dict[str, str], user: User) -> None:
    """Confirm, remove or add one link; confirming or adding also records an alias.

    Raises:
        Invalid: unknown field or concept.
        NotFound: confirming or removing a link that does not exist.
    """
    field, uri = action["field"], action["uri"]
    if field not in kinds:
        raise Invalid(f"unknown field {field!r}; valid: {', '.join(sorted(kinds))}")
    row = db.execute("SELECT text, label, score FROM concept_links WHERE owner_type = ? AND "
                     "owner_id = ? AND field = ? AND uri = ?",
                     [owner_type, owner_id, field, uri]).fetchone()
    if action["action"] == "add":
        label = engine.label(uri, kind=kinds[field])
        if label is None:
            raise Invalid(f"{uri!r} is not a known ESCO {kinds[field]}")
        text = action.get("text") or (row[0] if row else label)
        _put(db, owner_type, owner_id, field, text, uri, kinds[field], label, 1.0,
             "confirmed", "person")
    elif row is None:
        raise NotFound(f"no {field} link to {uri!r} here")
    else:
        status = "confirmed" if action["action"] == "confirm" else "removed"
        db.execute("UPDATE concept_links SET status = ? WHERE owner_type = ? AND owner_id = ? "
                   "AND field = ? AND uri = ?", [status, owner_type, owner_id, field, uri])
        text = row[0]
    if action["action"] != "remove":
        add_alias(db, engine, text, kind=kinds[field], uri=uri, user=user)


def add_alias(db: sqlite_utils.Database, engine: Engine, text: str, *, kind: str, uri: str,
              user: User) -> dict[str, Any]:
    """Store that ``text`` means ``uri`` (latest decision wins) and hand it to the engine."""
    if engine.label(uri, kind=kind) is None:
        raise Invalid(f"{uri!r} is not a known ESCO {kind}")
    cleaned = engine.clean(text, kind=kind)
    if not cleaned:
        raise Invalid(f"{text!r} is empty after cleaning")
    db.execute("INSERT INTO aliases (text, kind, uri, user_id, created_at) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (text, kind) DO UPDATE SET uri = excluded.uri, "
               "user_id = excluded.user_id, created_at = excluded.created_at",
               [cleaned, kind, uri, user.id, now()])
    load_aliases(db, engine)
    return {"text": cleaned, "kind": kind, "uri": uri}


def load_aliases(db: sqlite_utils.Database, engine: Engine) -> None:
    """Give the engine every stored alias."""
    engine.set_aliases({(r[0], r[1]): r[2] for r in
                        db.execute("SELECT kind, text, uri FROM aliases").fetchall()})


__all__ = ["add_alias", "decide", "links", "load_aliases", "phrases", "relink"]
