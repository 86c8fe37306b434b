"""Concept links of participants and opportunities, coach/employer decisions, and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from matching.extract import INFERRED, STATED, ExtractedSkill
from service.auth import User
from service.db import now
from service.engine import Engine
from service.errors import Invalid, NotFound

_SPLIT = re.compile(r"[,;\n•·|/]+|\s+(?:en|and|&|\+)\s+", re.IGNORECASE)
MAX_PHRASES = 40
MIN_PROPOSAL_SCORE = 0.2
#: A phrase of a free text in which nothing reaches MIN_PROPOSAL_SCORE gets its best skill
#: from this score up as a ``candidate``: shown to the person to check, ignored by the ranker
#: until confirmed. Dutch skill text (matched to English labels) mostly scores in 0.03-0.1.
MIN_CANDIDATE_SCORE = 0.03
MAX_CANDIDATES = 5  # per field
PENDING = ("proposed", "candidate")  # statuses nobody has decided on yet
_PENDING_SQL = "(" + ", ".join(f"'{status}'" for status in PENDING) + ")"
_OWNER = "owner_type = ? AND owner_id = ? AND field = ?"


def phrases(text: str) -> list[str]:
    """Split a free-text list ("koken, schoonmaken en Excel") into phrases, in order."""
    seen: dict[str, None] = {}
    for part in _SPLIT.split(text):
        part = part.strip(" .-*\t")
        if len(part) >= 2:
            seen.setdefault(part, None)
    return list(seen)[:MAX_PHRASES]


@dataclass(frozen=True)
class Proposal:
    """A concept to propose for a field: the phrase it stands for and, for skills found in
    free text, how (``stated`` or ``inferred``), why, and where in the text."""

    uri: str
    label: str
    text: str
    score: float
    source: str
    basis: str | None = None
    evidence: str | None = None
    span: tuple[int, int] | None = None
    candidate: bool = False  # a weak match, stored as ``candidate`` rather than ``proposed``


def links(db: sqlite_utils.Database, owner_type: str, owner_id: str) -> list[dict[str, Any]]:
    """Every concept link of one participant or opportunity, in a stable order.

    Skills found in free text carry ``basis`` (stated or inferred), ``evidence`` and ``span``
    (offsets of ``text`` in the free text, or None once the text changed without it).
    """
    rows = db.query(
        "SELECT field, uri, kind, label, text, score, status, source, basis, evidence, "
        "span_start, span_end FROM concept_links WHERE owner_type = ? AND owner_id = ? "
        "ORDER BY field, score DESC, uri", [owner_type, owner_id])
    out = []
    for row in rows:
        start, end = row.pop("span_start"), row.pop("span_end")
        out.append(row | {"span": None if start is None else [start, end]})
    return out


def relink(db: sqlite_utils.Database, engine: Engine, owner_type: str, owner_id: str,
           fields: dict[str, tuple[str, list[str] | str]], *, lang: str | None) -> None:
    """Propose links for ``fields``, keeping people's decisions.

    Args:
        fields: name -> (kind, source). A list source holds phrases, each linked to its best
            concept of ``kind`` (occupations, skill lists); a str source is free text whose
            skills :meth:`Engine.extract_skills` finds, each with its supporting phrase.

    Earlier proposals and candidates of these fields that nobody confirmed are replaced;
    confirmed, removed and hand-added links keep their status and phrase (for free text, their
    evidence and span follow the new text: refreshed when the skill is found again, else no
    span). In free text, a phrase where nothing scores well enough adds its best weak match as
    a ``candidate`` (see :data:`MIN_CANDIDATE_SCORE`).
    """
    for field, (kind, source) in fields.items():
        free = isinstance(source, str)
        found = _extracted(engine, source, lang) if free else _best(engine, kind, source, lang)
        owner = [owner_type, owner_id, field]
        kept = {row["uri"] for row in db.query(
            f"SELECT uri FROM concept_links WHERE {_OWNER} AND (status NOT IN {_PENDING_SQL} "
            "OR source = 'person')", owner)}
        db.execute(f"DELETE FROM concept_links WHERE {_OWNER} AND status IN {_PENDING_SQL} "
                   "AND source != 'person'", owner)
        if free:
            db.execute("UPDATE concept_links SET span_start = NULL, span_end = NULL "
                       f"WHERE {_OWNER}", owner)
        for p in found:
            status = "candidate" if p.candidate else "proposed"
            if p.uri not in kept:
                kept.add(p.uri)
                _put(db, owner_type, owner_id, field, kind, p, status)
            elif free:
                _refresh(db, owner, p)


def _refresh(db: sqlite_utils.Database, owner: list[str], p: Proposal) -> None:
    """Point a kept link of a free-text field at where the new text supports it."""
    db.execute("UPDATE concept_links SET basis = ?, evidence = ?, span_start = ?, "
               f"span_end = ? WHERE {_OWNER} AND uri = ?",
               [p.basis, p.evidence, *(p.span or (None, None)), *owner, p.uri])


def _best(engine: Engine, kind: str, texts: list[str], lang: str | None) -> list[Proposal]:
    """The normaliser's best concept of each phrase, when it scores well enough."""
    hits = engine.normalise(texts, kind=kind, lang=lang, limit=1) if texts else []
    return [Proposal(top[0].uri, top[0].label, text, top[0].score, top[0].source)
            for text, top in zip(texts, hits, strict=True)
            if top and top[0].score >= MIN_PROPOSAL_SCORE]


def _extracted(engine: Engine, text: str, lang: str | None) -> list[Proposal]:
    """The skills the extractor finds in a free text, each with its supporting phrase: those
    scoring at least :data:`MIN_PROPOSAL_SCORE` (or the extractor's threshold, if higher),
    then as candidates the best stated skill of each phrase no other one covers (at most
    :data:`MAX_CANDIDATES`)."""
    hits = (engine.extract_skills([text], lang=lang, threshold=MIN_CANDIDATE_SCORE)[0]
            if text.strip() else [])
    cut = max(MIN_PROPOSAL_SCORE, engine.skill_threshold)
    strong = [h for h in hits if h.score >= cut]
    covered = [h.span for h in strong]
    weak: list[ExtractedSkill] = []
    for h in hits:  # best first; a span overlapping a kept one (or equal to it) is covered
        if h.score < cut and h.kind == STATED and not any(
                a < h.span[1] and h.span[0] < b for a, b in covered):
            weak.append(h)
            covered.append(h.span)
    return [Proposal(h.uri, h.label, text[h.span[0]:h.span[1]], h.score, h.source, h.kind,
                     h.evidence, h.span, candidate=i >= len(strong))
            for i, h in enumerate(strong + weak[:MAX_CANDIDATES])]


def _put(db: sqlite_utils.Database, owner_type: str, owner_id: str, field: str, kind: str,
         p: Proposal, status: str) -> None:
    start, end = p.span or (None, None)
    db.execute(
        "INSERT INTO concept_links (owner_type, owner_id, field, uri, kind, label, text, score, "
        "status, source, basis, evidence, span_start, span_end) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
        "status = excluded.status, source = excluded.source, text = excluded.text",
        [owner_type, owner_id, field, p.uri, kind, p.label, p.text, p.score, status, p.source,
         p.basis, p.evidence, start, end])


def decide(db: sqlite_utils.Database, engine: Engine, owner_type: str, owner_id: str,
           action: dict[str, Any], *, kinds: dict[str, str], user: User) -> None:
    """Confirm, remove or add one link; confirming or adding also records an alias (except
    for a skill inferred from an occupation, unless the person gave its phrase).

    Raises:
        Invalid: unknown field or concept.
        NotFound: confirming or removing a link that does not exist.
    """
    field, uri = action["field"], action["uri"]
    if field not in kinds:
        raise Invalid(f"unknown field {field!r}; valid: {', '.join(sorted(kinds))}")
    row = db.execute("SELECT text, basis FROM concept_links WHERE owner_type = ? AND "
                     "owner_id = ? AND field = ? AND uri = ?",
                     [owner_type, owner_id, field, uri]).fetchone()
    # an inferred skill is implied by its phrase (a job title), not named by it: no alias
    teach = action["action"] != "remove" and not (
        row and row[1] == INFERRED and not action.get("text"))
    if action["action"] == "add":
        label = engine.label(uri, kind=kinds[field])
        if label is None:
            raise Invalid(f"{uri!r} is not a known ESCO {kinds[field]}")
        text = action.get("text") or (row[0] if row else label)
        _put(db, owner_type, owner_id, field, kinds[field],
             Proposal(uri, label, text, 1.0, "person"), "confirmed")
    elif row is None:
        raise NotFound(f"no {field} link to {uri!r} here")
    else:
        status = "confirmed" if action["action"] == "confirm" else "removed"
        db.execute("UPDATE concept_links SET status = ? WHERE owner_type = ? AND owner_id = ? "
                   "AND field = ? AND uri = ?", [status, owner_type, owner_id, field, uri])
        text = row[0]
    if teach:
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


__all__ = ["PENDING", "Proposal", "add_alias", "decide", "links", "load_aliases", "phrases",
           "relink"]
