"""Web page fixtures: the service app with the pages mounted, over a fresh SQLite database
with the tiny taxonomy, the fake encoder, one user per role and a few people and places."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service import opportunities, participants, rematch
from service.app import create_app
from service.auth import User, create_user
from service.db import connect, migrate, transaction
from service.matching_engine import MatchingEngine
from service.settings import Settings
from taxonomy.store import TaxonomyStore

PEOPLE: list[tuple[str, dict[str, Any]]] = [
    ("coach", {
        "display_name": "Amina", "skills_text": "heftruck besturen, goederen stapelen, afwassen",
        "experience": [{"title": "magazijnmedewerker", "years": 3}],
        "ambitions": ["heftruckchauffeur"], "languages": [{"code": "nl", "level": "A2"}],
        "hours_per_week": 32, "home": {"municipality": "Tilburg"}, "max_travel_km": 20,
        "mobility": ["bike"], "preferred_types": ["work"], "text_language": "nl"}),
    ("coach", {
        "display_name": "Yusuf", "skills_text": "afwassen, groenten snijden, klanten helpen",
        "experience": [{"title": "keukenhulp", "years": 2}], "ambitions": ["kok"],
        "languages": [{"code": "nl", "level": "A1"}, {"code": "en", "level": "B1"}],
        "hours_per_week": 24, "home": {"municipality": "Goirle"}, "max_travel_km": 15,
        "preferred_types": ["internship", "work"], "text_language": "nl"}),
    ("coach2", {
        "display_name": "Sara", "skills_text": "kleding naaien", "ambitions": ["kleermaker"],
        "home": {"municipality": "Dongen"}, "text_language": "nl"}),
]
PLACES: list[dict[str, Any]] = [
    {"type": "work", "title": "heftruckchauffeur", "description": "Laden en lossen",
     "required_skills": ["heftruck bedienen"], "min_dutch_level": "A1", "hours_per_week": 32,
     "place": {"municipality": "Tilburg"}, "places": 2, "text_language": "nl"},
    {"type": "internship", "title": "keukenhulp", "description": "Afwas en groente",
     "min_dutch_level": "A1", "hours_per_week": 24, "place": {"municipality": "Goirle"},
     "text_language": "nl"},
    {"type": "volunteering", "title": "winkelmedewerker", "description": "Kringloopwinkel",
     "min_dutch_level": "A0", "hours_per_week": 16, "place": {"municipality": "Waalwijk"},
     "text_language": "nl"},
]


@dataclass
class World:
    """The app under test, its settings, the users' API keys and the seeded ids."""

    app: FastAPI
    settings: Settings
    keys: dict[str, str]
    people: dict[str, str]
    places: dict[str, str]


@pytest.fixture(scope="session")
def web_engine(tiny_store: TaxonomyStore,
               tmp_path_factory: pytest.TempPathFactory) -> MatchingEngine:
    """The real matching engine over the tiny taxonomy with the fake encoder."""
    return MatchingEngine(tiny_store, encoder="fake", cache_dir=tmp_path_factory.mktemp("wc"))


def build_world(root: Path, tiny_db: Path, engine: MatchingEngine, *,
                background: bool = False) -> World:
    """Create users, people and places in a fresh database and the app with the pages."""
    settings = Settings(db=root / "service.db", taxonomy_db=tiny_db, encoder="fake",
                        background_rematch=background, secret="web-test-secret-0123",
                        suitable_score=0.0, cache_dir=root / "cache")
    db = connect(settings.db)
    migrate(db)
    users: dict[str, User] = {}
    keys: dict[str, str] = {}
    for name, role in [("coach", "coach"), ("coach2", "coach"), ("employer", "employer"),
                       ("admin", "admin")]:
        users[name], keys[name] = create_user(db, name, role=role)
    people, places = {}, {}
    with transaction(db):
        for body in PLACES:
            places[body["title"]] = opportunities.create(db, engine, body,
                                                         employer=users["employer"])
        for coach, body in PEOPLE:
            people[body["display_name"]] = participants.create(db, engine, body,
                                                               coach=users[coach])
    rematch.run_pending(db, engine, trigger="test", keep=50)
    db.conn.close()
    app = create_app(settings, engine=engine)  # create_app mounts the web pages
    return World(app, settings, keys, people, places)


@pytest.fixture()
def world(tmp_path: Path, tiny_db: Path, web_engine: MatchingEngine) -> World:
    """A fresh seeded app per test (no background worker)."""
    return build_world(tmp_path, tiny_db, web_engine)


@pytest.fixture()
def client(world: World) -> Iterator[TestClient]:
    """A TestClient (a browser without JavaScript) over the seeded app."""
    with TestClient(world.app, base_url="http://testserver") as test_client:
        yield test_client
