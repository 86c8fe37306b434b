"""Hypothesis sends well over 1,000 malformed requests across the routes: every answer is a
4xx (never a 5xx) and the database is byte-for-byte unchanged afterwards."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from service.app import create_app
from service.db import connect
from tests.service.conftest import OPPORTUNITY, PARTICIPANT, Keys

BODY_ROUTES = [  # method, path, role allowed, known fields
    ("POST", "/participants", "coach", list(PARTICIPANT)),
    ("PATCH", "/participants/{pid}", "coach", list(PARTICIPANT)),
    ("POST", "/participants/{pid}/concepts", "coach", ["field", "uri", "action", "text"]),
    ("POST", "/opportunities", "employer", list(OPPORTUNITY)),
    ("PATCH", "/opportunities/{oid}", "employer", ["title", "places", "place", "closing_date"]),
    ("POST", "/opportunities/{oid}/concepts", "employer", ["field", "uri", "action"]),
    ("POST", "/suggestions/{sid}/feedback", "coach", ["decision", "reason", "note"]),
    ("POST", "/normalise/occupations", "coach", ["texts", "lang", "limit"]),
    ("POST", "/normalise/skills", "employer", ["texts", "lang", "limit"]),
    ("POST", "/aliases", "coach", ["text", "kind", "uri"]),
    ("POST", "/admin/users", "admin", ["name", "role"]),
    ("POST", "/rematch", "admin", ["mode"]),
]
QUERY_ROUTES = [  # method, path, role, parameters
    ("GET", "/participants", "coach", ["limit", "offset"]),
    ("GET", "/participants/{pid}/suggestions", "coach", ["type", "max_km", "limit", "offset"]),
    ("GET", "/opportunities", "employer", ["limit", "offset"]),
    ("GET", "/me/new-matches", "coach", ["limit"]),
    ("GET", "/admin/audit", "admin", ["limit", "offset", "action", "actor_id"]),
    ("GET", "/aliases", "admin", ["limit", "offset"]),
    ("GET", "/admin/users", "admin", ["limit", "offset"]),
]
BAD_QUERY = st.sampled_from(["-1", "0", "abc", "1e999", "nan", "inf", "", "x" * 300,
                             "10000000", "🙂", "1.5", "Work", "%00"])
# Invalid for every `limit` (an int between 1 and the route's maximum), so each query request
# is malformed whatever the other parameters happen to be (offset=0 alone is valid).
BAD_LIMIT = st.sampled_from(["-1", "0", "abc", "1e999", "nan", "inf", "x" * 300, "10000000",
                             "🙂", "1.5", "%00"])
BAD_IDS = st.sampled_from(["x" * 65, "a b", "ü", "../etc", "p-0000'", "-1", "0", "1e3", "%2F",
                           "9" * 30, "{}", "p-0000;DROP"])
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=10)
LONG = st.sampled_from(["x" * 6000, ["y"] * 60, 10**20, -(10**20), float("nan"), "\ud800"])


@st.composite
def bad_body(draw, fields: list[str]) -> bytes:
    """A body that cannot be valid: not an object, not JSON, or a wrong value + an extra key."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return json.dumps(draw(st.lists(JSONISH, max_size=3) | st.integers() | st.text())).encode()
    if kind == 1:
        return draw(st.binary(max_size=40)) + b"{"
    body = {draw(st.sampled_from(fields)): draw(JSONISH | LONG)}
    if kind == 2:
        body["zz_" + draw(st.text(max_size=5))] = draw(JSONISH)
    else:
        body[draw(st.sampled_from(fields))] = draw(LONG)
        body["zz"] = 1
    return json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")


@st.composite
def malformed(draw, ids: dict[str, str]) -> tuple[str, str, str, dict, bytes | None]:
    """One malformed request: (method, path, role, query, body)."""
    use_body = draw(st.booleans())
    method, path, role, names = draw(st.sampled_from(BODY_ROUTES if use_body else QUERY_ROUTES))
    for name, value in ids.items():
        path = path.replace(name, draw(BAD_IDS) if draw(st.integers(0, 4)) == 0 else value)
    role = draw(st.sampled_from([role] * 4 + ["coach", "employer", "admin", "nobody"]))
    if use_body:
        return method, path, role, {}, draw(bad_body(names))
    query = {name: draw(BAD_QUERY) for name in draw(st.lists(st.sampled_from(names), min_size=0,
                                                             max_size=3, unique=True))}
    query["limit"] = draw(BAD_LIMIT)
    return method, path, role, query, None


def snapshot(settings) -> str:
    db = connect(settings.db)
    try:
        return "\n".join(db.conn.iterdump())
    finally:
        db.conn.close()


def test_malformed_requests_get_4xx_and_change_nothing(settings, engine, keys: Keys) -> None:
    app = create_app(settings, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        oid = client.post("/opportunities", json=OPPORTUNITY, headers=keys.employer).json()["id"]
        pid = client.post("/participants", json=PARTICIPANT, headers=keys.coach).json()["id"]
        sid = client.get(f"/participants/{pid}/suggestions",
                         headers=keys.coach).json()["items"][0]["id"]
        ids = {"{pid}": pid, "{oid}": oid, "{sid}": str(sid)}
        before = snapshot(settings)
        sent = []

        @hsettings(max_examples=1100, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))
        @given(malformed(ids))
        def check(request: tuple[str, str, str, dict, bytes | None]) -> None:
            method, path, role, query, body = request
            headers = dict(getattr(keys, role, {"X-API-Key": "nope"}))
            headers["Content-Type"] = "application/json"
            response = client.request(method, path, params=query, content=body, headers=headers)
            sent.append(response.status_code)
            assert 400 <= response.status_code < 500, (request, response.text)

        check()
        assert len(sent) >= 1000
        assert snapshot(settings) == before
