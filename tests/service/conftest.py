"""Service fixtures: the real engine over the tiny taxonomy with the fake encoder, a fresh
SQLite service database per test, and one user of each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.auth import create_user
from service.db import connect, migrate
from service.matching_engine import MatchingEngine
from service.settings import Settings
from taxonomy.store import TaxonomyStore
from tests.fixtures.tiny_esco import occ_uri, skill_uri

__all__ = ["occ_uri", "skill_uri"]

PARTICIPANT = {
    "display_name": "Amina", "skills_text": "heftruck besturen, goederen stapelen, afwassen",
    "experience": [{"title": "magazijnmedewerker", "years": 3}], "ambitions": ["heftruckchauffeur"],
    "languages": [{"code": "nl", "level": "A2"}], "hours_per_week": 32,
    "home": {"municipality": "Tilburg"}, "max_travel_km": 20, "mobility": ["bike"],
    "preferred_types": ["work"], "text_language": "nl",
}
OPPORTUNITY = {
    "type": "work", "title": "heftruckchauffeur", "description": "Laden en lossen",
    "required_skills": ["heftruck bedienen"], "min_dutch_level": "A1", "hours_per_week": 32,
    "place": {"municipality": "Tilburg"}, "places": 2, "text_language": "nl",
}


@dataclass
class Keys:
    """API keys of the test users, as request headers."""

    coach: dict[str, str]
    coach2: dict[str, str]
    employer: dict[str, str]
    employer2: dict[str, str]
    admin: dict[str, str]


@pytest.fixture(scope="session")
def engine(tiny_store: TaxonomyStore, tmp_path_factory: pytest.TempPathFactory) -> MatchingEngine:
    """The real matching engine over the tiny taxonomy, fake encoder (fast, deterministic)."""
    return MatchingEngine(tiny_store, encoder="fake",
                          cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture()
def settings(tmp_path: Path, tiny_db: Path) -> Settings:
    """Settings pointing at a fresh service database; no background worker."""
    return Settings(db=tmp_path / "service.db", taxonomy_db=tiny_db, encoder="fake",
                    background_rematch=False, secret="test-secret-0123", suitable_score=0.0,
                    cache_dir=tmp_path / "cache")


@pytest.fixture()
def keys(settings: Settings) -> Keys:
    """One user per role (two coaches, two employers), created straight in the database."""
    db = connect(settings.db)
    migrate(db)
    made = {}
    for name, role in [("coach", "coach"), ("coach2", "coach"), ("employer", "employer"),
                       ("employer2", "employer"), ("admin", "admin")]:
        made[name] = {"X-API-Key": create_user(db, name, role=role)[1]}
    db.conn.close()
    return Keys(**made)


@pytest.fixture()
def client(settings: Settings, engine: MatchingEngine, keys: Keys) -> Iterator[TestClient]:
    """A TestClient over a fresh app (users already created)."""
    with TestClient(create_app(settings, engine=engine)) as test_client:
        yield test_client
