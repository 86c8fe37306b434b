"""Sign-in with an API key, sign-out, the interface language, and the start page per role."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.auth import authenticate
from service.deps import DbDep
from service.errors import Unauthenticated
from service.web import sessions
from service.web.guard import SESSION_COOKIE, AnyPost, MaybeSession
from service.web.i18n import LANG_COOKIE, LANGS
from service.web.pages import redirect, render, safe_next

router = APIRouter(prefix="/web")
PRE_CSRF_COOKIE = "plc_signin_csrf"
HOME = {"coach": "/web/caseload", "employer": "/web/opportunities", "admin": "/web/audit"}


def _secure(request: Request) -> bool:
    return bool(getattr(request.app.state, "web_secure_cookies", False))


def _sign_in_form(request: Request, next_path: str, *, error: str | None = None,
                  status: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(request, "sign_in.html", {"pre_csrf": token, "next": next_path,
                                                "error": error}, status=status)
    response.set_cookie(PRE_CSRF_COOKIE, token, httponly=True, samesite="lax", path="/web/",
                        secure=_secure(request), max_age=3600)
    return response


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def start(session: MaybeSession) -> Response:
    """Send the browser to its role's start page, or to sign in."""
    if session is None:
        return RedirectResponse("/web/sign-in", status_code=303)
    return RedirectResponse(HOME[session.user.role], status_code=303)


@router.get("/sign-in", response_class=HTMLResponse, include_in_schema=False)
def sign_in_page(request: Request, next: str | None = None) -> HTMLResponse:  # noqa: A002
    """The sign-in form (with a CSRF token bound to a short-lived cookie)."""
    return _sign_in_form(request, safe_next(next))


@router.post("/sign-in", include_in_schema=False)
def sign_in(request: Request, db: DbDep, key: Annotated[str, Form(max_length=200)] = "",
            csrf: Annotated[str, Form(max_length=100)] = "",
            next: Annotated[str, Form(max_length=500)] = "/web/") -> Response:  # noqa: A002
    """Check the API key and open a session (cookie: HttpOnly, SameSite=Lax)."""
    expected = request.cookies.get(PRE_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf.encode(), expected.encode()):
        return _sign_in_form(request, safe_next(next), error="csrf_failed", status=403)
    try:
        user = authenticate(db, key.strip())
    except Unauthenticated:
        return _sign_in_form(request, safe_next(next), error="bad_key", status=401)
    token = sessions.start(db, user)
    target = safe_next(next, HOME[user.role])
    response = RedirectResponse(HOME[user.role] if target == "/web/" else target,
                                status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=_secure(request), max_age=sessions.SESSION_HOURS * 3600)
    response.delete_cookie(PRE_CSRF_COOKIE, path="/web/")
    return response


@router.post("/sign-out", include_in_schema=False)
def sign_out(request: Request, db: DbDep, session: AnyPost) -> Response:
    """End the session and clear the cookie."""
    sessions.end(db, request.cookies.get(SESSION_COOKIE))
    response = redirect("/web/sign-in", msg="signed_out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}", include_in_schema=False)
def switch_language(request: Request, code: str, next: str | None = None) -> Response:  # noqa: A002
    """Remember the interface language in a cookie and go back to the page."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGS:
        response.set_cookie(LANG_COOKIE, code, samesite="lax", path="/",
                            secure=_secure(request), max_age=365 * 24 * 3600)
    return response
