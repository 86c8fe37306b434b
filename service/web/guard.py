"""Dependencies of the web pages: the signed-in session, roles, and the CSRF check."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request

from service.deps import DbDep
from service.errors import ServiceError
from service.web import sessions
from service.web.pages import SignInRequired, WebError

SESSION_COOKIE = "plc_session"


def current_session(request: Request, db: DbDep) -> sessions.Session | None:
    """The session named by the cookie, or None (also stored on ``request.state``)."""
    found = sessions.lookup(db, request.cookies.get(SESSION_COOKIE))
    request.state.web_session = found
    return found


MaybeSession = Annotated[sessions.Session | None, Depends(current_session)]


def signed_in(request: Request, session: MaybeSession) -> sessions.Session:
    """The session; without one the browser is sent to sign in first."""
    if session is None:
        query = request.url.query
        raise SignInRequired(request.url.path + (f"?{query}" if query else ""))
    return session


def role(*roles: str) -> Callable[[sessions.Session], sessions.Session]:
    """A dependency admitting only sessions whose user has one of ``roles`` (else 403)."""

    def check(session: Annotated[sessions.Session, Depends(signed_in)]) -> sessions.Session:
        if session.user.role not in roles:
            raise WebError(403, "forbidden")
        return session

    return check


def posted(*roles: str) -> Callable[[Request, sessions.Session], Awaitable[sessions.Session]]:
    """Like :func:`role`, and the submitted form must carry the session's CSRF token."""

    gate = Depends(role(*roles))  # a default, not an annotation: closures don't resolve there

    async def check(request: Request, session: sessions.Session = gate) -> sessions.Session:
        form = await request.form()
        token = str(form.get("csrf") or "")
        if not hmac.compare_digest(token.encode(), session.csrf.encode()):
            raise WebError(403, "csrf_failed")
        return session

    return check


CoachPage = Annotated[sessions.Session, Depends(role("coach"))]
CoachPost = Annotated[sessions.Session, Depends(posted("coach"))]
EmployerPage = Annotated[sessions.Session, Depends(role("employer"))]
EmployerPost = Annotated[sessions.Session, Depends(posted("employer"))]
AdminPage = Annotated[sessions.Session, Depends(role("admin"))]
AnyPage = Annotated[sessions.Session, Depends(signed_in)]
AnyPost = Annotated[sessions.Session, Depends(posted("coach", "employer", "admin"))]


@contextmanager
def as_page_errors() -> Iterator[None]:
    """Turn the service's errors (not found, invalid...) into error pages."""
    try:
        yield
    except ServiceError as exc:
        key = {401: "signed_out", 403: "forbidden", 404: "not_found",
               409: "conflict"}.get(exc.status, "invalid")
        raise WebError(exc.status, key, exc.message) from exc
