"""The web pages through TestClient (a browser without JavaScript): sign-in and sessions,
CSRF, roles, coach decisions and their audit trail, the employer form, language."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.db import connect
from service.matching_engine import MatchingEngine
from tests.fixtures.tiny_esco import occ_uri, skill_uri
from tests.web.conftest import World

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def sign_in(client: TestClient, key: str, *, next_path: str = "/web/") -> str:
    """Sign in through the form; returns the session's CSRF token from the landing page."""
    form = client.get("/web/sign-in")
    token = CSRF.search(form.text).group(1)
    landing = client.post("/web/sign-in", data={"key": key, "csrf": token, "next": next_path})
    assert landing.status_code == 200, landing.text
    return CSRF.search(landing.text).group(1)


def rows(world: World, sql: str, params: list | None = None) -> list[tuple]:
    db = connect(world.settings.db)
    try:
        return db.execute(sql, params or []).fetchall()
    finally:
        db.conn.close()


def first_suggestion(client: TestClient, pid: str) -> int:
    return int(re.search(r'id="s-(\d+)"', client.get(f"/web/participants/{pid}").text).group(1))


def test_sign_in_opens_a_hardened_server_side_session(client: TestClient, world: World) -> None:
    token = CSRF.search(client.get("/").text).group(1)
    response = client.post("/web/sign-in", data={"key": world.keys["coach"], "csrf": token},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/web/caseload"
    cookie = next(c for c in response.headers.get_list("set-cookie")
                  if c.startswith("plc_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    stored = [r[0] for r in rows(world, "SELECT token_hash FROM web_sessions")]
    assert stored and value not in stored and len(stored[0]) == 64


def test_sign_in_refuses_bad_keys_and_forms_without_csrf(client: TestClient,
                                                        world: World) -> None:
    token = CSRF.search(client.get("/web/sign-in").text).group(1)
    bad = client.post("/web/sign-in", data={"key": "plc_wrong", "csrf": token})
    assert bad.status_code == 401 and "Deze sleutel is onbekend" in bad.text
    forged = client.post("/web/sign-in", data={"key": world.keys["coach"], "csrf": "forged"})
    assert forged.status_code == 403 and "plc_session" not in forged.cookies
    assert rows(world, "SELECT count(*) FROM web_sessions") == [(0,)]


def test_pages_send_strangers_to_sign_in_and_back(client: TestClient, world: World) -> None:
    pid = world.people["Amina"]
    response = client.get(f"/web/participants/{pid}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/web/sign-in?next=/web/participants/{pid}"
    sign_in(client, world.keys["coach"], next_path=f"/web/participants/{pid}")
    assert client.get("/web/sign-in").status_code == 200  # still reachable when signed in


def test_open_redirects_are_refused(client: TestClient, world: World) -> None:
    token = CSRF.search(client.get("/web/sign-in").text).group(1)
    response = client.post("/web/sign-in", follow_redirects=False, data={
        "key": world.keys["coach"], "csrf": token, "next": "//evil.example/web/"})
    assert response.headers["location"] == "/web/caseload"
    lang = client.get("/web/lang/en?next=https://evil.example", follow_redirects=False)
    assert lang.headers["location"] == "/web/"


def test_sign_out_ends_the_session_for_good(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.keys["coach"])
    cookie = client.cookies.get("plc_session")
    assert client.post("/web/sign-out", data={"csrf": "wrong"}).status_code == 403
    out = client.post("/web/sign-out", data={"csrf": csrf})
    assert "Je bent uitgelogd." in out.text
    client.cookies.set("plc_session", cookie)
    again = client.get("/web/caseload", follow_redirects=False)
    assert again.status_code == 303 and rows(world, "SELECT count(*) FROM web_sessions") == [(0,)]


def test_posts_without_the_csrf_token_change_nothing(client: TestClient, world: World) -> None:
    sign_in(client, world.keys["coach"])
    pid = world.people["Amina"]
    sid = first_suggestion(client, pid)
    response = client.post(f"/web/suggestions/{sid}/decision",
                           data={"decision": "accepted", "pid": pid})
    assert response.status_code == 403 and "formulier was verlopen" in response.text
    assert rows(world, "SELECT count(*) FROM feedback") == [(0,)]


def test_caseload_shows_own_people_and_what_is_new(client: TestClient, world: World) -> None:
    sign_in(client, world.keys["coach"], next_path="/web/sign-in")  # not via the caseload
    first = client.get("/web/caseload").text
    assert "Amina" in first and "Yusuf" in first and "Sara" not in first
    assert "<strong>Amina</strong> → heftruckchauffeur" in first
    second = client.get("/web/caseload").text
    assert "Niets nieuws." in second and "Vorig bezoek" in second
    assert rows(world, "SELECT count(*) FROM audit WHERE action = 'new_matches.served'") == [(2,)]


def test_participant_page_explains_each_suggestion(client: TestClient, world: World) -> None:
    sign_in(client, world.keys["coach"])
    page = client.get(f"/web/participants/{world.people['Amina']}").text
    assert "heftruck besturen, goederen stapelen, afwassen" in page
    assert page.count('class="bar-row') >= 8 and 'data-name="essential_skills"' in page
    assert "Vereiste vaardigheden aanwezig" in page and "+5.00" in page
    assert "heftruck besturen → heftruck bedienen" in page
    served = rows(world, "SELECT subject, detail FROM audit WHERE action = 'suggestions.served'")
    assert len(served) == 1 and served[0][0].startswith("pp-")
    assert "Amina" not in served[0][1] and world.people["Amina"] not in served[0][1]


def test_filters_by_type_and_distance(client: TestClient, world: World) -> None:
    sign_in(client, world.keys["coach"])
    path = f"/web/participants/{world.people['Amina']}"
    only = client.get(path, params={"type": "volunteering"}).text
    assert "winkelmedewerker" in only and "heftruckchauffeur</h3>" not in only
    near = client.get(path, params={"max_km": "1"}).text
    assert near.count('class="card suggestion"') == 1
    assert client.get(path, params={"max_km": "nan", "type": "x", "page": "²"}).status_code == 200


def test_decisions_are_recorded_shown_and_audited(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.keys["coach"])
    pid = world.people["Amina"]
    sid = first_suggestion(client, pid)
    url = f"/web/suggestions/{sid}/decision"
    missing = client.post(url, data={"csrf": csrf, "pid": pid, "decision": "declined"})
    assert "Kies een reden om af te wijzen." in missing.text
    assert rows(world, "SELECT count(*) FROM feedback") == [(0,)]
    saved = client.post(url, data={"csrf": csrf, "pid": pid, "decision": "declined",
                                   "reason": "distance"})
    assert "Besluit opgeslagen." in saved.text and "afgewezen</strong> (te ver)" in saved.text
    assert 'data-action="decision.declined"' in saved.text
    client.post(url, data={"csrf": csrf, "pid": pid, "decision": "placed"})
    audit = rows(world, "SELECT action, subject, model_version, detail FROM audit WHERE action "
                        "LIKE 'decision.%' ORDER BY id")
    assert [a[0] for a in audit] == ["decision.declined", "decision.placed"]
    assert json.loads(audit[0][3])["reason"] == "distance" and audit[0][2]
    assert rows(world, "SELECT decision FROM feedback ORDER BY id") == [("declined",),
                                                                         ("placed",)]


def test_concepts_can_be_confirmed_and_removed(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.keys["coach"])
    pid = world.people["Amina"]
    url = f"/web/participants/{pid}/concepts"
    client.post(url, data={"csrf": csrf, "field": "skills", "uri": skill_uri("forklift"),
                           "action": "confirm"})
    page = client.post(url, data={"csrf": csrf, "field": "ambitions",
                                  "uri": occ_uri("forklift"), "action": "remove"}).text
    assert "Begrip bijgewerkt." in page and "status-removed" in page
    status = dict((r[0], r[1]) for r in rows(
        world, "SELECT uri, status FROM concept_links WHERE owner_id = ?", [pid]))
    assert status[skill_uri("forklift")] == "confirmed"
    assert status[occ_uri("forklift")] == "removed"
    actions = [r[0] for r in rows(world, "SELECT action FROM audit WHERE action LIKE 'concept.%'")]
    assert actions == ["concept.confirm", "concept.remove"]
    odd = client.post(url, data={"csrf": csrf, "field": "skills", "uri": "x", "action": "drop"})
    assert odd.status_code == 422


def test_a_candidate_is_marked_for_checking_and_can_be_confirmed(client: TestClient,
                                                                 world: World) -> None:
    csrf = sign_in(client, world.keys["coach"])
    pid = world.people["Amina"]
    db = connect(world.settings.db)
    with db.conn:
        db.execute("DELETE FROM concept_links WHERE owner_id = ? AND uri = ?",
                   [pid, skill_uri("sew")])
        db.execute(
            "INSERT INTO concept_links (owner_type, owner_id, field, uri, kind, label, text, "
            "score, status, source, basis) VALUES ('participant', ?, 'skills', ?, 'skill', "
            "'sew textiles', 'naaien', 0.05, 'candidate', 'extractor', 'stated')",
            [pid, skill_uri("sew")])
    db.conn.close()
    pending = rows(world, "SELECT count(*) FROM concept_links WHERE owner_id = ? AND "
                          "status IN ('proposed', 'candidate')", [pid])[0][0]
    assert f"{pending} begrippen na te kijken" in client.get("/web/caseload").text
    page = client.get(f"/web/participants/{pid}").text
    item = page.split(f'value="{skill_uri("sew")}"')[0].rsplit('<li class="concept', 1)[1]
    assert "status-candidate" in item and "misschien: controleer" in item
    assert "“naaien” · genoemd in de tekst" in item
    done = client.post(f"/web/participants/{pid}/concepts", data={
        "csrf": csrf, "field": "skills", "uri": skill_uri("sew"), "action": "confirm"})
    assert "Begrip bijgewerkt." in done.text
    assert rows(world, "SELECT status FROM concept_links WHERE owner_id = ? AND uri = ?",
                [pid, skill_uri("sew")]) == [("confirmed",)]
    assert ("naaien", skill_uri("sew")) in rows(world, "SELECT text, uri FROM aliases")


def test_coach_corrects_a_link_through_an_esco_search(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.keys["coach"])
    pid = world.people["Yusuf"]
    status = dict(rows(world, "SELECT uri, status FROM concept_links WHERE owner_id = ? AND "
                              "field = 'skills'", [pid]))
    wrong = next(u for u in status if u != skill_uri("forklift"))
    page = client.get(f"/web/participants/{pid}").text
    assert f"/web/participants/{pid}/concepts/find?" in page and "corrigeren" in page
    assert "phrase=" not in page and "q=" not in page  # no person's text in any URL
    opened = client.get(f"/web/participants/{pid}/concepts/find",
                        params={"field": "skills", "replace": wrong})
    phrase = rows(world, "SELECT text FROM concept_links WHERE owner_id = ? AND uri = ?",
                  [pid, wrong])[0][0]
    assert "Je corrigeert" in opened.text  # the search starts from the link's own phrase
    assert f'name="phrase" value="{phrase}"' in opened.text
    found = client.post(f"/web/participants/{pid}/concepts/find", data={
        "csrf": csrf, "field": "skills", "q": "operate forklift", "phrase": "heftruck rijden",
        "replace": wrong})
    assert found.status_code == 200 and "Je corrigeert" in found.text
    assert f'name="uri" value="{skill_uri("forklift")}"' in found.text
    assert 'name="text" value="heftruck rijden"' in found.text
    done = client.post(f"/web/participants/{pid}/concepts/add", data={
        "csrf": csrf, "field": "skills", "uri": skill_uri("forklift"),
        "text": "heftruck rijden", "replace": wrong})
    assert "Begrip bijgewerkt." in done.text
    after = dict(rows(world, "SELECT uri, status FROM concept_links WHERE owner_id = ? AND "
                             "field = 'skills'", [pid]))
    assert after[skill_uri("forklift")] == "confirmed" and after[wrong] == "removed"
    assert ("heftruck rijden", skill_uri("forklift")) in rows(
        world, "SELECT text, uri FROM aliases")
    actions = [r[0] for r in rows(world, "SELECT action FROM audit WHERE action LIKE "
                                         "'concept.%' ORDER BY id")]
    assert actions[-2:] == ["concept.add", "concept.remove"]
    details = " ".join(r[0] for r in rows(world, "SELECT detail FROM audit"))
    assert "heftruck rijden" not in details  # the audit log holds no free text
    # the phrase now links the same way for everyone
    texts = client.patch(f"/participants/{world.people['Amina']}",
                         json={"skills_text": "heftruck rijden"},
                         headers={"X-API-Key": world.keys["coach"]}).json()["concepts"]
    assert any(c["uri"] == skill_uri("forklift") and c["source"] == "alias" for c in texts)


def test_concept_search_refuses_bad_input_and_other_people(client: TestClient,
                                                           world: World) -> None:
    csrf = sign_in(client, world.keys["coach"])
    pid = world.people["Amina"]
    assert client.get(f"/web/participants/{pid}/concepts/find",
                      params={"field": "hobbies"}).status_code == 422
    empty = client.post(f"/web/participants/{pid}/concepts/find",
                        data={"csrf": csrf, "field": "skills", "q": "x"})
    assert empty.status_code == 200 and 'name="uri"' not in empty.text
    assert client.post(f"/web/participants/{pid}/concepts/find",
                       data={"field": "skills", "q": "forklift"}).status_code == 403
    unknown = client.post(f"/web/participants/{pid}/concepts/add", data={
        "csrf": csrf, "field": "skills", "uri": "http://example.org/nope"})
    assert unknown.status_code == 422
    before = rows(world, "SELECT uri, status FROM concept_links WHERE owner_id = ? "
                         "ORDER BY uri", [pid])
    half = client.post(f"/web/participants/{pid}/concepts/add", data={
        "csrf": csrf, "field": "skills", "uri": skill_uri("plants"),
        "replace": skill_uri("python")})  # no such link to correct: nothing is written
    assert half.status_code == 404
    assert rows(world, "SELECT uri, status FROM concept_links WHERE owner_id = ? "
                       "ORDER BY uri", [pid]) == before
    no_csrf = client.post(f"/web/participants/{pid}/concepts/add", data={
        "field": "skills", "uri": skill_uri("forklift")})
    assert no_csrf.status_code in (400, 403)
    sign_in(client, world.keys["coach2"])
    assert client.get(f"/web/participants/{pid}/concepts/find").status_code == 404
    sign_in(client, world.keys["employer"])
    assert client.get(f"/web/participants/{pid}/concepts/find",
                      follow_redirects=False).status_code in (303, 403)


def test_employer_corrects_a_skill_of_an_own_opportunity(client: TestClient,
                                                         world: World) -> None:
    csrf = sign_in(client, world.keys["employer"])
    oid = world.places["heftruckchauffeur"]
    links = rows(world, "SELECT field, uri FROM concept_links WHERE owner_id = ? AND "
                        "kind = 'skill'", [oid])
    field, wrong = next((f, u) for f, u in links if u != skill_uri("stack"))
    page = client.get("/web/opportunities").text
    assert f"/web/opportunities/{oid}/concepts/find?" in card(page, oid)
    found = client.post(f"/web/opportunities/{oid}/concepts/find", data={
        "csrf": csrf, "field": field, "q": "stack goods", "phrase": "stapelen",
        "replace": wrong})
    assert found.status_code == 200 and f'value="{skill_uri("stack")}"' in found.text
    done = client.post(f"/web/opportunities/{oid}/concepts/add", data={
        "csrf": csrf, "field": field, "uri": skill_uri("stack"), "text": "stapelen",
        "replace": wrong})
    assert "Begrip bijgewerkt." in done.text
    status = dict(rows(world, "SELECT uri, status FROM concept_links WHERE owner_id = ? AND "
                              "field = ?", [oid, field]))
    assert status[skill_uri("stack")] == "confirmed" and status[wrong] == "removed"
    actions = [r[0] for r in rows(world, "SELECT action FROM audit WHERE action LIKE "
                                         "'opportunity.concept.%' ORDER BY id")]
    assert actions[-2:] == ["opportunity.concept.add", "opportunity.concept.remove"]
    sign_in(client, world.keys["coach"])  # coaches may not edit employers' places here
    assert client.get(f"/web/opportunities/{oid}/concepts/find",
                      follow_redirects=False).status_code in (303, 403)


def test_coaches_only_see_their_own_caseload(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.keys["coach2"])
    response = client.get(f"/web/participants/{world.people['Amina']}")
    assert response.status_code == 404 and "Amina" not in response.text
    concept = client.post(f"/web/participants/{world.people['Amina']}/concepts", data={
        "csrf": csrf, "field": "skills", "uri": skill_uri("forklift"), "action": "remove"})
    assert concept.status_code == 404


def test_employers_never_reach_participant_pages(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.keys["employer"])
    pid = world.people["Amina"]
    for path in (f"/web/participants/{pid}", "/web/caseload", "/web/audit"):
        response = client.get(path)
        assert response.status_code == 403 and "Amina" not in response.text
    post = client.post(f"/web/participants/{pid}/concepts", data={
        "csrf": csrf, "field": "skills", "uri": skill_uri("forklift"), "action": "remove"})
    assert post.status_code == 403
    assert client.get("/web/opportunities").status_code == 200


def test_employer_posts_an_opportunity_through_the_form(client: TestClient,
                                                        world: World) -> None:
    csrf = sign_in(client, world.keys["employer"])
    fragment = client.get("/web/occupations/suggest", params={"title": "zelfstandig kok"})
    assert f'value="{occ_uri("cook")}"' in fragment.text and "Herkend ESCO-beroep" in fragment.text
    form = {"csrf": csrf, "type": "work", "title": "zelfstandig kok", "hours_per_week": "99",
            "municipality": "Goirle", "min_dutch_level": "A2", "places": "1"}
    bad = client.post("/web/opportunities/new", data=form)
    assert bad.status_code == 422 and 'id="err-hours_per_week"' in bad.text
    assert 'value="zelfstandig kok"' in bad.text
    nowhere = client.post("/web/opportunities/new", data=form | {"hours_per_week": "24",
                                                                "municipality": "Atlantis"})
    assert nowhere.status_code == 422 and 'id="err-municipality"' in nowhere.text
    done = client.post("/web/opportunities/new", data=form | {
        "hours_per_week": "24", "occupation_uri": occ_uri("cook"),
        "required_skills": "groenten snijden, afwassen"})
    assert "Plek geplaatst." in done.text and "ESCO-beroep: <strong>kok</strong>" in done.text
    stored = rows(world, "SELECT id, data FROM opportunities WHERE data LIKE '%zelfstandig%'")
    assert len(stored) == 1
    assert json.loads(stored[0][1])["required_skills"] == ["groenten snijden", "afwassen"]
    links = rows(world, "SELECT uri, status FROM concept_links WHERE owner_id = ? AND "
                        "field = 'occupation' AND status != 'removed'", [stored[0][0]])
    assert links == [(occ_uri("cook"), "confirmed")]


def test_employer_closes_own_opportunity_only(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.keys["employer"])
    oid = world.places["keukenhulp"]
    page = client.post(f"/web/opportunities/{oid}/close", data={"csrf": csrf})
    assert "Plek gesloten." in page.text and "gesloten</span>" in page.text
    assert rows(world, "SELECT status FROM opportunities WHERE id = ?", [oid]) == [("closed",)]
    assert rows(world, "SELECT count(*) FROM audit WHERE action = 'opportunity.closed'") == [(1,)]
    client.cookies.clear()
    other = sign_in(client, world.keys["coach"])
    assert client.post(f"/web/opportunities/{oid}/close",
                       data={"csrf": other}).status_code == 403


def test_interface_switches_language(client: TestClient, world: World) -> None:
    sign_in(client, world.keys["coach"])
    assert '<html lang="nl">' in client.get("/web/caseload").text
    english = client.get("/web/lang/en?next=/web/caseload")
    assert '<html lang="en">' in english.text and "My participants" in english.text
    page = client.get(f"/web/participants/{world.people['Amina']}").text
    assert "Essential skills covered" in page and "Why this suggestion" in page


def test_pages_carry_security_headers(client: TestClient, world: World) -> None:
    page = client.get("/web/sign-in")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert client.get("/web/static/style.css").status_code == 200


def test_secure_cookies_can_be_required(world: World, web_engine: MatchingEngine,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLACEMENT_SECURE_COOKIES", "1")
    app = create_app(world.settings, engine=web_engine)
    with TestClient(app, base_url="https://testserver") as client:
        token = CSRF.search(client.get("/web/sign-in").text).group(1)
        response = client.post("/web/sign-in", follow_redirects=False,
                               data={"key": world.keys["coach"], "csrf": token})
    cookie = next(c for c in response.headers.get_list("set-cookie")
                  if c.startswith("plc_session="))
    assert "Secure" in cookie


def test_participant_page_shows_where_each_skill_comes_from(client: TestClient,
                                                           world: World) -> None:
    pid = world.people["Yusuf"]
    text = "Werkte drie jaar als kok in een restaurant, kan goed klanten helpen."
    changed = client.patch(f"/participants/{pid}", json={"skills_text": text},
                           headers={"X-API-Key": world.keys["coach"]})
    assert changed.status_code == 200
    sign_in(client, world.keys["coach"])
    page = client.get(f"/web/participants/{pid}").text
    assert "“klanten helpen” · genoemd in de tekst" in page
    assert "afgeleid van beroep “kok”" in page and 'title="essential skill of' in page
    english = client.get(f"/web/lang/en?next=/web/participants/{pid}").text
    assert "“klanten helpen” · stated in the text" in english
    assert "inferred from occupation “kok”" in english


def card(html: str, oid: str) -> str:
    """The part of the employer's list page that shows opportunity ``oid``."""
    return html.split(f'id="o-{oid}"', 1)[1].split('class="card opportunity', 1)[0]


def test_employer_reviews_the_skills_found_for_an_opportunity(client: TestClient,
                                                              world: World) -> None:
    csrf = sign_in(client, world.keys["employer"])
    client.post("/web/opportunities/new", data={
        "csrf": csrf, "type": "work", "title": "keukenhulp", "hours_per_week": "24",
        "municipality": "Goirle", "min_dutch_level": "A2", "places": "1",
        "required_skills": "groenten snijden, afwassen",
        "description": "Je snijdt groenten en helpt in de keuken."})
    (oid,) = rows(world, "SELECT id FROM opportunities ORDER BY created_at DESC, rowid DESC "
                         "LIMIT 1")[0]
    skills = rows(world, "SELECT field, uri, text FROM concept_links WHERE owner_id = ? AND "
                         "kind = 'skill' AND status != 'removed' ORDER BY uri", [oid])
    assert skills, "the posted opportunity should have skill links"
    field, uri, _ = skills[0]
    # The same skill found again in the description is shown once, under the listed field.
    listed = [s for s in skills if s[0] == "required_skills"][0]
    db = connect(world.settings.db)
    with db.conn:
        db.execute(
            "INSERT INTO concept_links (owner_type, owner_id, field, uri, kind, label, text, "
            "score, status, source) VALUES ('opportunity', ?, 'description_skills', ?, 'skill', "
            "'x', 'groenten', 0.5, 'proposed', 'extractor')", [oid, listed[1]])
    db.conn.close()
    page = client.get("/web/opportunities")
    assert "Vaardigheden die we herkennen" in page.text
    assert f'name="uri" value="{uri}"' in card(page.text, oid)
    assert card(page.text, oid).count(f'name="uri" value="{listed[1]}"') == 2  # confirm+remove
    done = client.post(f"/web/opportunities/{oid}/concepts",
                       data={"csrf": csrf, "field": field, "uri": uri, "action": "remove"})
    assert "Begrip bijgewerkt." in done.text
    assert f'name="uri" value="{uri}"' not in card(done.text, oid)
    assert rows(world, "SELECT status FROM concept_links WHERE owner_id = ? AND uri = ? AND "
                       "field = ?", [oid, uri, field]) == [("removed",)]
    assert rows(world, "SELECT count(*) FROM audit WHERE action = "
                       "'opportunity.concept.remove'") == [(1,)]
    bad = client.post(f"/web/opportunities/{oid}/concepts",
                      data={"csrf": csrf, "field": field, "uri": uri, "action": "delete"})
    assert bad.status_code == 422
