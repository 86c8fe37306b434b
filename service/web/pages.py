"""Rendering pages: the Jinja2 environment, the shared page context, errors and redirects."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from service.web.i18n import LANG_COOKIE, LANGS, pick_lang, translator

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
FLASH = {"decision_saved", "concept_saved", "posted", "closed", "signed_out", "reason_needed",
         "bad_decision"}


class WebError(Exception):
    """Shown to the browser as an error page with ``status`` and the text of ``key``."""

    def __init__(self, status: int, key: str, detail: str = "") -> None:
        super().__init__(f"{status} {key} {detail}".strip())
        self.status, self.key, self.detail = status, key, detail


class SignInRequired(Exception):
    """No valid session: the browser is sent to the sign-in page, then back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def ui_lang(request: Request) -> str:
    """The interface language chosen by cookie (Dutch by default)."""
    return pick_lang(request.cookies.get(LANG_COOKIE))


def safe_next(path: str | None, default: str = "/web/") -> str:
    """``path`` when it is a local page under /web/, else ``default`` (no open redirects)."""
    if path and path.startswith("/web/") and not path.startswith("//") and "\\" not in path:
        return path
    return default


def render(request: Request, name: str, context: dict[str, Any], *,
           status: int = 200) -> HTMLResponse:
    """Render template ``name`` with the shared context (language, user, CSRF token, flash)."""
    lang = ui_lang(request)
    session = getattr(request.state, "web_session", None)
    flash = request.query_params.get("msg")
    base = {"lang": lang, "langs": LANGS, "t": translator(lang), "session": session,
            "user": session.user if session else None, "csrf": session.csrf if session else "",
            "flash": flash if flash in FLASH else None, "here": request.url.path}
    response = templates.TemplateResponse(request, name, base | context, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    return response


def redirect(path: str, **query: object) -> RedirectResponse:
    """A 303 redirect (after a POST) to ``path`` with optional query values."""
    fragment = str(query.pop("fragment", "") or "")
    pairs = {k: v for k, v in query.items() if v is not None}
    url = path + (f"?{urlencode(pairs)}" if pairs else "") + (f"#{fragment}" if fragment else "")
    return RedirectResponse(url, status_code=303)


def error_page(request: Request, exc: WebError) -> HTMLResponse:
    """The HTML page for a :class:`WebError`."""
    return render(request, "error.html", {"status": exc.status, "key": exc.key,
                                          "detail": exc.detail}, status=exc.status)
