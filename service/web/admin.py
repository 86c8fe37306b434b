"""Admin page: the audit log, newest first (read-only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service import audit
from service.deps import DbDep
from service.web.guard import AdminPage
from service.web.pages import render

router = APIRouter(prefix="/web", include_in_schema=False)
PAGE_SIZE = 100


@router.get("/audit", response_class=HTMLResponse)
def audit_log(request: Request, db: DbDep, session: AdminPage, page: str = "1") -> HTMLResponse:
    """One page of the audit log."""
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1
    number = max(number, 1)
    rows, total = audit.entries(db, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    users = {r[0]: r[1] for r in db.execute("SELECT id, name FROM users")}
    for row in rows:
        row["actor"] = users.get(row["actor_id"], "")
    return render(request, "audit.html", {"rows": rows, "total": total, "page": number,
                                          "more": number * PAGE_SIZE < total})
