"""Every route: 401 without or with a wrong key, 403 for each role that may not use it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from tests.service.conftest import Keys

ANY = ("coach", "employer", "admin")
ROUTES = {  # (method, path) -> roles allowed
    ("POST", "/participants"): ("coach",),
    ("GET", "/participants"): ("coach",),
    ("GET", "/participants/{pid}"): ("coach",),
    ("PATCH", "/participants/{pid}"): ("coach",),
    ("POST", "/participants/{pid}/concepts"): ("coach",),
    ("GET", "/participants/{pid}/suggestions"): ("coach",),
    ("DELETE", "/participants/{pid}"): ("admin",),
    ("GET", "/me"): ANY,
    ("GET", "/me/new-matches"): ("coach",),
    ("POST", "/opportunities"): ("employer",),
    ("GET", "/opportunities"): ("employer",),
    ("GET", "/opportunities/{oid}"): ("coach", "employer"),
    ("PATCH", "/opportunities/{oid}"): ("employer",),
    ("POST", "/opportunities/{oid}/close"): ("employer",),
    ("POST", "/opportunities/{oid}/concepts"): ("employer",),
    ("POST", "/suggestions/{sid}/feedback"): ("coach",),
    ("POST", "/normalise/occupations"): ANY,
    ("POST", "/normalise/skills"): ANY,
    ("POST", "/aliases"): ANY,
    ("GET", "/aliases"): ("admin",),
    ("POST", "/admin/users"): ("admin",),
    ("GET", "/admin/users"): ("admin",),
    ("POST", "/admin/users/{uid}/key"): ("admin",),
    ("POST", "/admin/users/{uid}/deactivate"): ("admin",),
    ("GET", "/admin/audit"): ("admin",),
    ("GET", "/admin/taxonomy"): ("admin",),
    ("POST", "/rematch"): ("admin",),
    ("GET", "/rematch/jobs/{job_id}"): ("admin",),
}
PUBLIC = {("GET", "/health"), ("GET", "/ready")}
IDS = {"{pid}": "p-0000", "{oid}": "o-0000", "{sid}": "1", "{uid}": "1", "{job_id}": "1"}


def concrete(path: str) -> str:
    for name, value in IDS.items():
        path = path.replace(name, value)
    return path


def operations(app) -> dict[tuple[str, str], dict]:
    """Every documented operation of the app (from its OpenAPI schema)."""
    return {(method.upper(), path): op for path, item in app.openapi()["paths"].items()
            for method, op in item.items()}


def test_table_covers_every_route(settings, engine) -> None:
    assert set(operations(create_app(settings, engine=engine))) == set(ROUTES) | PUBLIC


def test_every_route_has_help_text(settings, engine) -> None:
    for key, op in operations(create_app(settings, engine=engine)).items():
        assert op.get("description", "").strip() and op.get("tags"), key


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_401_without_or_with_bad_key(client: TestClient, method: str, path: str) -> None:
    for headers in ({}, {"X-API-Key": "plc_wrong"}, {"Authorization": "Bearer plc_wrong"}):
        response = client.request(method, concrete(path), json={}, headers=headers)
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_403_for_each_wrong_role(client: TestClient, keys: Keys, method: str, path: str) -> None:
    for role in set(ANY) - set(ROUTES[(method, path)]):
        response = client.request(method, concrete(path), json={}, headers=getattr(keys, role))
        assert response.status_code == 403, (role, response.text)


def test_bearer_header_works(client: TestClient, keys: Keys) -> None:
    bearer = {"Authorization": "Bearer " + keys.admin["X-API-Key"]}
    assert client.get("/me", headers=bearer).json()["role"] == "admin"


def test_public_probes(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json()["ready"] is True
