"""Server-side sign-in sessions for the web pages.

The browser holds only a random token (HttpOnly cookie); the table stores its SHA-256 hash,
the user, a per-session CSRF token and an expiry that slides with use. The table is created
with ``CREATE TABLE IF NOT EXISTS`` so it lives beside the service's numbered migrations.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from service.auth import User
from service.db import now

SESSION_HOURS = 12
SCHEMA = """
CREATE TABLE IF NOT EXISTS web_sessions (
    token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_expiry ON web_sessions(expires_at);
"""


@dataclass(frozen=True)
class Session:
    """A signed-in browser: the user and the CSRF token its forms must carry."""

    user: User
    csrf: str


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the sessions table when it does not exist yet (safe to run on every start)."""
    db.conn.executescript(SCHEMA)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _expiry() -> str:
    return (datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).isoformat(timespec="microseconds")


def start(db: sqlite_utils.Database, user: User) -> str:
    """Open a session for ``user`` and return the token for the cookie (shown only once)."""
    token = secrets.token_urlsafe(32)
    db.execute("DELETE FROM web_sessions WHERE expires_at < ?", [now()])
    db.execute("INSERT INTO web_sessions (token_hash, user_id, csrf, created_at, expires_at) "
               "VALUES (?, ?, ?, ?, ?)",
               [_hash(token), user.id, secrets.token_urlsafe(24), now(), _expiry()])
    return token


def lookup(db: sqlite_utils.Database, token: str | None) -> Session | None:
    """The live session of an active user holding ``token``, extending its expiry; else None."""
    if not token or len(token) > 200:
        return None
    row = db.execute(
        "SELECT u.id, u.name, u.role, u.matches_seen_at, s.csrf FROM web_sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? "
        "AND u.active = 1", [_hash(token), now()]).fetchone()
    if row is None:
        return None
    db.execute("UPDATE web_sessions SET expires_at = ? WHERE token_hash = ?",
               [_expiry(), _hash(token)])
    return Session(User(row[0], row[1], row[2], row[3]), row[4])


def end(db: sqlite_utils.Database, token: str | None) -> None:
    """Forget the session holding ``token`` (sign-out); unknown tokens are ignored."""
    if token:
        db.execute("DELETE FROM web_sessions WHERE token_hash = ?", [_hash(token)])
