"""Behaviour of the routes on a real SQLite file: ownership, concepts, suggestions, feedback,
closing, erasure, aliases, audit."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from service.db import connect
from tests.service.conftest import OPPORTUNITY, PARTICIPANT, Keys, occ_uri, skill_uri


def post_pair(client: TestClient, keys: Keys) -> tuple[str, str]:
    oid = client.post("/opportunities", json=OPPORTUNITY, headers=keys.employer).json()["id"]
    pid = client.post("/participants", json=PARTICIPANT, headers=keys.coach).json()["id"]
    return pid, oid


def first_suggestion(client: TestClient, keys: Keys, pid: str) -> int:
    items = client.get(f"/participants/{pid}/suggestions", headers=keys.coach).json()["items"]
    return items[0]["id"]


def test_create_proposes_concepts(client: TestClient, keys: Keys) -> None:
    body = client.post("/participants", json=PARTICIPANT, headers=keys.coach).json()
    linked = {(c["field"], c["uri"]) for c in body["concepts"]}
    assert ("skills", skill_uri("forklift")) in linked
    assert ("ambitions", occ_uri("forklift")) in linked
    assert all(c["status"] == "proposed" for c in body["concepts"])


def test_coach_cannot_read_another_coachs_participant(client: TestClient, keys: Keys) -> None:
    pid, _ = post_pair(client, keys)
    for method, path in [("GET", f"/participants/{pid}"), ("PATCH", f"/participants/{pid}"),
                         ("GET", f"/participants/{pid}/suggestions")]:
        assert client.request(method, path, json={}, headers=keys.coach2).status_code == 404
    assert client.get("/participants", headers=keys.coach2).json()["total"] == 0


def test_suggestions_are_ranked_explained_and_audited(client: TestClient, keys: Keys) -> None:
    pid, oid = post_pair(client, keys)
    body = client.get(f"/participants/{pid}/suggestions", headers=keys.coach).json()
    top = body["items"][0]
    assert top["opportunity_id"] == oid and top["rank"] == 1
    assert {c["name"] for c in top["contributions"]} >= {"essential_skills", "distance"}
    assert abs(sum(c["value"] for c in top["contributions"]) - top["score"]) < 1e-3
    assert top["model_version"] and top["taxonomy_version"] == "0.0-test"
    audit = client.get("/admin/audit", headers=keys.admin).json()["items"]
    served = [a for a in audit if a["action"] == "suggestions.served"]
    assert served and served[0]["subject"].startswith("pp-") and pid not in json.dumps(audit)


def test_filters_type_and_distance(client: TestClient, keys: Keys) -> None:
    pid, _ = post_pair(client, keys)
    path = f"/participants/{pid}/suggestions"
    volunteering = client.get(path, params={"type": "volunteering"}, headers=keys.coach)
    assert volunteering.json()["items"] == []
    assert len(client.get(path, params={"max_km": 1}, headers=keys.coach).json()["items"]) == 1


def test_employer_sees_counts_never_participants(client: TestClient, keys: Keys) -> None:
    pid, oid = post_pair(client, keys)
    client.get(f"/participants/{pid}/suggestions", headers=keys.coach)
    mine = client.get("/opportunities", headers=keys.employer).json()
    assert mine["items"][0]["suitable_candidates"] == 1
    assert pid not in json.dumps(mine) and "Amina" not in json.dumps(mine)
    assert client.get(f"/opportunities/{oid}", headers=keys.employer2).status_code == 404
    assert client.get("/opportunities", headers=keys.employer2).json()["total"] == 0


def test_confirm_records_alias_used_for_everyone(client: TestClient, keys: Keys) -> None:
    pid, _ = post_pair(client, keys)
    action = {"field": "skills", "uri": skill_uri("sew"), "action": "add", "text": "naaien"}
    body = client.post(f"/participants/{pid}/concepts", json=action, headers=keys.coach).json()
    assert any(c["uri"] == skill_uri("sew") and c["status"] == "confirmed"
               for c in body["concepts"])
    found = client.post("/normalise/skills", json={"texts": ["naaien"]}, headers=keys.employer)
    assert found.json()["results"][0]["links"][0]["uri"] == skill_uri("sew")
    remove = {"field": "skills", "uri": skill_uri("dishes"), "action": "remove"}
    body = client.post(f"/participants/{pid}/concepts", json=remove, headers=keys.coach).json()
    assert {c["uri"]: c["status"] for c in body["concepts"]}[skill_uri("dishes")] == "removed"
    bad = {"field": "skills", "uri": "http://x/nope", "action": "add"}
    assert client.post(f"/participants/{pid}/concepts", json=bad,
                       headers=keys.coach).status_code == 422


def test_feedback_and_new_matches(client: TestClient, keys: Keys) -> None:
    pid, _ = post_pair(client, keys)
    news = client.get("/me/new-matches", headers=keys.coach).json()["items"]
    assert len(news) == 1
    assert client.get("/me/new-matches", headers=keys.coach).json()["items"] == []
    sid = first_suggestion(client, keys, pid)
    declined = {"decision": "declined", "note": "te ver"}
    assert client.post(f"/suggestions/{sid}/feedback", json=declined,
                       headers=keys.coach).status_code == 422
    declined["reason"] = "distance"
    assert client.post(f"/suggestions/{sid}/feedback", json=declined,
                       headers=keys.coach).status_code == 201
    assert client.post(f"/suggestions/{sid}/feedback", json={"decision": "placed"},
                       headers=keys.coach2).status_code == 404
    audit = client.get("/admin/audit", params={"action": "decision.declined"},
                       headers=keys.admin).json()
    assert audit["total"] == 1 and "te ver" not in json.dumps(audit)


def test_closing_withdraws_and_closed_cannot_change(client: TestClient, keys: Keys) -> None:
    pid, oid = post_pair(client, keys)
    path = f"/participants/{pid}/suggestions"
    assert client.get(path, headers=keys.coach).json()["items"]
    closed = client.post(f"/opportunities/{oid}/close", headers=keys.employer)
    assert closed.json()["status"] == "closed"
    assert client.get(path, headers=keys.coach).json()["items"] == []
    assert client.patch(f"/opportunities/{oid}", json={"places": 3},
                        headers=keys.employer).status_code == 409


def test_erasure_removes_every_derived_row(client: TestClient, keys: Keys, settings) -> None:
    pid, _ = post_pair(client, keys)
    sid = first_suggestion(client, keys, pid)
    client.post(f"/suggestions/{sid}/feedback", json={"decision": "declined", "reason": "other",
                                                      "note": "private note"}, headers=keys.coach)
    assert client.delete(f"/participants/{pid}", headers=keys.admin).status_code == 204
    assert client.get(f"/participants/{pid}", headers=keys.coach).status_code == 404
    db = connect(settings.db)
    dump = "\n".join(db.conn.iterdump())
    assert pid not in dump and "Amina" not in dump and "private note" not in dump
    erased = "SELECT count(*) FROM audit WHERE action = 'participant.erased'"
    assert db.execute(erased).fetchone()[0] == 1


def test_audit_log_is_append_only(client: TestClient, keys: Keys, settings) -> None:
    post_pair(client, keys)
    client.get("/me/new-matches", headers=keys.coach)
    db = connect(settings.db)
    for sql in ("UPDATE audit SET action = 'x'", "DELETE FROM audit"):
        try:
            db.execute(sql)
        except Exception as exc:  # sqlite3.IntegrityError from RAISE(ABORT)
            assert "append-only" in str(exc)
        else:
            raise AssertionError(f"{sql} was allowed")


def test_users_and_keys(client: TestClient, keys: Keys) -> None:
    made = client.post("/admin/users", json={"name": "new coach", "role": "coach"},
                       headers=keys.admin).json()
    new = {"X-API-Key": made["api_key"]}
    assert client.get("/me", headers=new).json()["role"] == "coach"
    assert client.post("/admin/users", json={"name": "new coach", "role": "coach"},
                       headers=keys.admin).status_code == 409
    rotated = client.post(f"/admin/users/{made['id']}/key", headers=keys.admin).json()["api_key"]
    assert client.get("/me", headers=new).status_code == 401
    assert client.get("/me", headers={"X-API-Key": rotated}).status_code == 200
    client.post(f"/admin/users/{made['id']}/deactivate", headers=keys.admin)
    assert client.get("/me", headers={"X-API-Key": rotated}).status_code == 401
    listed = client.get("/admin/users", headers=keys.admin).text
    assert made["api_key"] not in listed and rotated not in listed


def test_rematch_on_demand_is_incremental(client: TestClient, keys: Keys) -> None:
    post_pair(client, keys)
    first = client.post("/rematch", json={}, headers=keys.admin).json()["job"]
    assert first["status"] == "done" and first["total"] == 1
    assert client.post("/rematch", json={}, headers=keys.admin).json()["job"] is None
    client.post("/opportunities", json=OPPORTUNITY | {"title": "magazijnmedewerker"},
                headers=keys.employer)
    job = client.post("/rematch", json={}, headers=keys.admin).json()["job"]
    assert job["total"] == 1
    assert client.get(f"/rematch/jobs/{job['id']}", headers=keys.admin).json()["status"] == "done"
    full = client.post("/rematch", json={"mode": "full"}, headers=keys.admin).json()["job"]
    assert full["kind"] == "full"


def test_unknown_place_is_a_clear_422(client: TestClient, keys: Keys) -> None:
    body = PARTICIPANT | {"home": {"municipality": "Atlantis"}}
    response = client.post("/participants", json=body, headers=keys.coach)
    assert response.status_code == 422 and "Tilburg" in response.json()["detail"]


def test_feedback_feeds_the_learner(client: TestClient, keys: Keys, settings) -> None:
    from service.suggestions import feedback_events

    pid, oid = post_pair(client, keys)
    sid = first_suggestion(client, keys, pid)
    client.post(f"/suggestions/{sid}/feedback", json={"decision": "placed"}, headers=keys.coach)
    [event] = feedback_events(connect(settings.db))
    assert (event.participant_id, event.opportunity_id, event.event.value) == (pid, oid, "placed")
    assert "essential_skills" in event.features and event.model_version
