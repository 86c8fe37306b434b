"""API keys and users: keys are random, shown once, and stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlite_utils

from service.db import insert, now
from service.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated

ROLES = ("coach", "employer", "admin")
KEY_PREFIX = "plc_"


@dataclass(frozen=True)
class User:
    """An authenticated user of the service."""

    id: int
    name: str
    role: str
    matches_seen_at: str | None = None


def hash_key(key: str) -> str:
    """SHA-256 of an API key (keys carry 192 random bits, so no slow hash is needed)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def new_key() -> str:
    """A fresh random API key."""
    return KEY_PREFIX + secrets.token_urlsafe(24)


def create_user(db: sqlite_utils.Database, name: str, *, role: str,
                key: str | None = None) -> tuple[User, str]:
    """Create a user and return it with its API key (the only time the key is visible).

    Raises:
        Invalid: ``role`` is not coach, employer or admin.
        Conflict: a user with this name exists.
    """
    if role not in ROLES:
        raise Invalid(f"unknown role {role!r}; valid: {', '.join(ROLES)}")
    if db.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
        raise Conflict(f"a user named {name!r} already exists")
    key = key or new_key()
    row = {"name": name, "role": role, "key_hash": hash_key(key), "key_prefix": key[:8],
           "created_at": now()}
    user_id = insert(db, "users", row)
    return User(user_id, name, role), key


def rotate_key(db: sqlite_utils.Database, user_id: int) -> str:
    """Give a user a new API key; the old one stops working at once."""
    key = new_key()
    cursor = db.execute("UPDATE users SET key_hash = ?, key_prefix = ? WHERE id = ?",
                        [hash_key(key), key[:8], user_id])
    if cursor.rowcount == 0:
        raise NotFound(f"no user with id {user_id}")
    return key


def authenticate(db: sqlite_utils.Database, key: str | None) -> User:
    """The active user owning ``key``.

    Raises:
        Unauthenticated: no key, or no active user with it.
    """
    if not key:
        raise Unauthenticated("missing API key: send X-API-Key or Authorization: Bearer <key>")
    row = db.execute(
        "SELECT id, name, role, matches_seen_at, key_hash FROM users "
        "WHERE key_hash = ? AND active = 1", [hash_key(key)]
    ).fetchone()
    if row is None or not hmac.compare_digest(row[4], hash_key(key)):
        raise Unauthenticated("invalid API key")
    return User(row[0], row[1], row[2], row[3])


def require_role(user: User, *roles: str) -> User:
    """Return ``user`` when its role is one of ``roles``; otherwise raise Forbidden."""
    if user.role not in roles:
        raise Forbidden(f"role {user.role!r} may not do this; allowed: {', '.join(roles)}")
    return user
