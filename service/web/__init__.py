"""Server-rendered web pages for coaches, employers and admins, on top of the service.

Mount them on the API app with ``mount_web(app)``: routes under ``/web``, static files under
``/web/static``, and ``/`` redirecting to ``/web/`` when the app has no page there.
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from service.db import connect
from service.web import account, admin, coach, employer, sessions
from service.web.pages import HERE, SignInRequired, WebError, error_page

__all__ = ["mount_web"]


def mount_web(app: FastAPI, *, secure_cookies: bool | None = None) -> None:
    """Add the web pages to ``app`` (built by ``service.app.create_app``).

    Args:
        app: the service app; its settings name the database.
        secure_cookies: mark cookies Secure (HTTPS only); default from the environment
            variable ``PLACEMENT_SECURE_COOKIES`` ("1"/"true"), else off.
    """
    if secure_cookies is None:
        secure_cookies = os.environ.get("PLACEMENT_SECURE_COOKIES", "").lower() in ("1", "true")
    app.state.web_secure_cookies = secure_cookies
    db = connect(app.state.settings.db)
    try:
        sessions.ensure_schema(db)
    finally:
        db.conn.close()
    for module in (account, coach, employer, admin):
        app.include_router(module.router)
    app.mount("/web/static", StaticFiles(directory=HERE / "static"), name="web-static")
    _install_handlers(app)
    if not any(getattr(route, "path", None) == "/" for route in app.routes):
        app.add_api_route("/", _root, include_in_schema=False)


def _root() -> Response:
    return RedirectResponse("/web/", status_code=307)


def _install_handlers(app: FastAPI) -> None:
    async def web_error(request: Request, exc: WebError) -> HTMLResponse:
        return error_page(request, exc)

    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        from urllib.parse import quote

        return RedirectResponse(f"/web/sign-in?next={quote(exc.next_path, safe='/')}",
                                status_code=303)

    app.add_exception_handler(WebError, web_error)  # type: ignore[arg-type]
    app.add_exception_handler(SignInRequired, sign_in_required)  # type: ignore[arg-type]
