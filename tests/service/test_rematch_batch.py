"""The batch rematch path stores what the per-participant path stores; its caches stay current."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from matching.batch import ParticipantBlock, rematch
from service import matchdata, rematch_batch
from service import rematch as jobs
from service.app import create_app
from service.blocks import BlockCache
from service.db import connect
from service.domain import to_json
from tests.service.conftest import OPPORTUNITY, PARTICIPANT, Keys

KEEP = 3  # small, so that floors decide which new opportunities enter
TITLES = ["heftruckchauffeur", "magazijnmedewerker", "keukenhulp", "kok", "schoonmaker",
          "winkelmedewerker"]
PLACES = ["Tilburg", "Goirle", "Dongen", "Oisterwijk"]


def seed(client: TestClient, keys: Keys) -> None:
    """A dozen participants and opportunities that differ in place, reach, skills and hours."""
    for i, title in enumerate(TITLES):
        body = OPPORTUNITY | {"title": title, "place": {"municipality": PLACES[i % 4]},
                              "hours_per_week": 16 + 4 * i}
        assert client.post("/opportunities", json=body, headers=keys.employer).status_code == 201
    skills = ["heftruck rijden, goederen stapelen", "afwassen, groenten snijden", "schoonmaken"]
    for i in range(8):
        body = PARTICIPANT | {"display_name": f"P{i}", "max_travel_km": 4 + 3 * i,
                              "skills_text": skills[i % 3], "ambitions": [TITLES[i % 6]],
                              "home": {"municipality": PLACES[(i + 1) % 4]}}
        assert client.post("/participants", json=body, headers=keys.coach).status_code == 201


def change(client: TestClient, keys: Keys) -> None:
    """New opportunities, a changed one and a closed one: an incremental job."""
    listed = client.get("/opportunities", headers=keys.employer).json()["items"]
    client.patch(f"/opportunities/{listed[0]['id']}", json={"hours_per_week": 8},
                 headers=keys.employer)
    client.post(f"/opportunities/{listed[1]['id']}/close", headers=keys.employer)
    for i, title in enumerate(TITLES[::-1]):
        body = OPPORTUNITY | {"title": title, "place": {"municipality": PLACES[(i + 2) % 4]}}
        client.post("/opportunities", json=body, headers=keys.employer)


def stored(path: Path) -> list[tuple]:
    db = connect(path)
    rows = db.execute("SELECT participant_id, opportunity_id, round(score, 6), distance_km, "
                      "contributions, explanation, model_version FROM suggestions WHERE "
                      "status = 'active' ORDER BY 1, 2").fetchall()
    db.conn.close()
    return rows


def test_batch_and_per_participant_paths_store_the_same(settings, engine, keys: Keys,
                                                        tmp_path: Path, monkeypatch) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        seed(client, keys)
        db = connect(settings.db)
        jobs.run_pending(db, engine, keep=KEEP)
        change(client, keys)
    db.execute("VACUUM INTO ?", [str(tmp_path / "copy.db")])
    seen: dict[str, list] = {}
    real = engine.rematch_new

    def spy(people, opps, *, floors, k):  # noqa: ANN001, ANN202
        seen.update(floors=floors, opps=opps, found=real(people, opps, floors=floors, k=k))
        return seen["found"]

    monkeypatch.setattr(engine, "rematch_new", spy)
    [job] = jobs.run_pending(db, engine, keep=KEEP, batch=True)
    assert job["kind"] == "incremental" and job["done"] == job["total"] == 8
    entering = sum(len(pairs) for pairs in seen["found"].values())
    assert seen["floors"] and 0 < entering < 8 * len(seen["opps"])  # floors cut some pairs
    plain = connect(tmp_path / "copy.db")
    [twin] = jobs.run_pending(plain, engine, keep=KEEP, batch=False)
    assert twin["total"] == 8
    batched, per_person = stored(settings.db), stored(tmp_path / "copy.db")
    assert batched == per_person
    assert len({r[1] for r in batched}) > KEEP and len({r[2] for r in batched}) > 3


def test_floors_ignore_the_scope_and_need_keep_rows(settings, engine, keys: Keys) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        seed(client, keys)
    db = connect(settings.db)
    jobs.run_pending(db, engine, keep=KEEP)
    rows = db.execute("SELECT participant_id, opportunity_id, score FROM suggestions WHERE "
                      "status = 'active' ORDER BY participant_id, score DESC").fetchall()
    full = {p for p, _, _ in rows if sum(1 for q, _, _ in rows if q == p) == KEEP}
    floors = rematch_batch.floors(db, [], KEEP)
    assert set(floors) == full
    for pid in full:
        lowest = min(s for p, _, s in rows if p == pid)
        assert floors[pid] < lowest and floors[pid] == pytest.approx(lowest)
        best = next(o for p, o, _ in rows if p == pid)
        assert pid not in rematch_batch.floors(db, [best], KEEP)


def test_block_cache_scores_changed_people_from_a_delta(settings, engine, keys: Keys) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        seed(client, keys)
    db = connect(settings.db)
    people = list(matchdata.people(db).values())
    opps = matchdata.opportunities(db, None, "2000-01-01")
    cache = BlockCache(engine.graph)
    fresh = rematch(ParticipantBlock.build(people, engine.graph), opps, engine.graph,
                    k=KEEP, model=engine.model)
    assert cache.rematch(people, opps, floors={}, k=KEEP, model=engine.model) == fresh
    assert fresh
    moved = dataclasses.replace(people[0], max_distance_km=400.0)
    changed = [moved, *people[1:]]
    expected = rematch(ParticipantBlock.build(changed, engine.graph), opps, engine.graph,
                       k=KEEP, model=engine.model)
    assert cache.rematch(changed, opps, floors={}, k=KEEP, model=engine.model) == expected
    assert cache.builds == 2 and len(cache.blocks(changed)) == 2
    cache.forget(moved.id)
    assert len(cache.blocks(changed[1:])) == 1 and cache.builds == 3


def test_people_cache_follows_versions(settings, engine, keys: Keys) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        seed(client, keys)
        db = connect(settings.db)
        first = matchdata.people(db)
        pid = sorted(first)[0]
        assert matchdata.people(db)[pid] is first[pid]
        client.patch(f"/participants/{pid}", json={"hours_per_week": 12}, headers=keys.coach)
        assert matchdata.people(db)[pid].hours_per_week == 12
        client.delete(f"/participants/{pid}", headers=keys.admin)
        assert pid not in matchdata.people(db)
        assert not [key for key in matchdata._PEOPLE if key[1] == pid]


def asdict_json(obj: object) -> str:
    """The plain twin of ``to_json``: ``dataclasses.asdict`` then ``json.dumps``."""

    def default(value: object) -> object:
        if isinstance(value, frozenset | set):
            return sorted(str(v) for v in value)
        return str(value)

    return json.dumps(dataclasses.asdict(obj), default=default, sort_keys=True)


def test_fast_json_matches_to_json(settings, engine, keys: Keys) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        seed(client, keys)
    db = connect(settings.db)
    person = next(iter(matchdata.people(db).values()))
    for s in engine.rank(person, matchdata.pool(db, engine), limit=10):
        assert to_json(s.explanation) == asdict_json(s.explanation)
        assert to_json(s) == asdict_json(s)
        assert json.loads(to_json(s.contributions)) == [json.loads(asdict_json(c))
                                                        for c in s.contributions]
