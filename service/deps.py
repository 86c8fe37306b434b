"""FastAPI dependencies: settings, engine, a database connection per request, the user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

import sqlite_utils
from fastapi import Depends, Header, Path, Query, Request

from service.auth import User, authenticate, require_role
from service.db import connect
from service.engine import Engine
from service.settings import Settings


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    """The app's matching engine."""
    return request.app.state.engine


def get_db(request: Request) -> Iterator[sqlite_utils.Database]:
    """A connection to the service database for the duration of one request."""
    db = connect(request.app.state.settings.db)
    try:
        yield db
    finally:
        db.conn.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
DbDep = Annotated[sqlite_utils.Database, Depends(get_db)]


def get_user(
    db: DbDep,
    x_api_key: Annotated[str | None, Header(max_length=200)] = None,
    authorization: Annotated[str | None, Header(max_length=220)] = None,
) -> User:
    """The user whose key is in ``X-API-Key`` or ``Authorization: Bearer``."""
    key = x_api_key
    if not key and authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    return authenticate(db, key)


UserDep = Annotated[User, Depends(get_user)]


def role(*roles: str) -> Callable[[User], User]:
    """A dependency that admits only users with one of ``roles``."""

    def check(user: UserDep) -> User:
        return require_role(user, *roles)

    return check


CoachDep = Annotated[User, Depends(role("coach"))]
EmployerDep = Annotated[User, Depends(role("employer"))]
AdminDep = Annotated[User, Depends(role("admin"))]
CoachOrEmployerDep = Annotated[User, Depends(role("coach", "employer"))]
LimitDep = Annotated[int, Query(ge=1, le=200, description="page size")]
OffsetDep = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
PathId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
                             description="resource id")]
