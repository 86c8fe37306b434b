"""The service commands of `placement`: help text, users, rematch, demo load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from matching.codec import to_dict
from matching.models import ConceptRef, Location, Opportunity, OpportunityType, Participant
from service.cli import cli
from service.db import connect
from tests.service.conftest import occ_uri, skill_uri

SERVICE_COMMANDS = ["serve", "users", "rematch", "train", "demo"]


@pytest.fixture()
def env(settings) -> dict[str, str]:
    return {"PLACEMENT_DB": str(settings.db), "PLACEMENT_TAXONOMY_DB": str(settings.taxonomy_db),
            "PLACEMENT_ENCODER": "fake", "PLACEMENT_CACHE": str(settings.cache_dir)}


def test_service_commands_are_registered() -> None:
    assert set(SERVICE_COMMANDS) <= set(cli.commands)  # help texts: tests/test_docs.py


def test_users_create_prints_a_working_key(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["users", "create", "anna", "--role", "coach"], env=env)
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    assert made["role"] == "coach" and made["api_key"].startswith("plc_")
    again = CliRunner().invoke(cli, ["users", "create", "anna", "--role", "coach"], env=env)
    assert again.exit_code == 2 and "already exists" in again.output


def test_demo_load_then_rematch(env: dict[str, str], tmp_path: Path, settings) -> None:
    here = Location(51.5606, 5.0919, "Tilburg", "5038")
    person = Participant("P001", "c1", here, skills=(ConceptRef(skill_uri("forklift"),
                                                                "operate forklift", "heftruck"),),
                         ambitions=(ConceptRef(occ_uri("forklift"), "forklift operator"),),
                         skills_text="heftruck")
    job = Opportunity("O001", "e1", OpportunityType.WORK, "heftruckchauffeur", here,
                      occupations=(ConceptRef(occ_uri("forklift"), "forklift operator"),))
    for stem, rows in (("participants", [person]), ("opportunities", [job])):
        (tmp_path / f"{stem}.jsonl").write_text("\n".join(json.dumps(to_dict(r)) for r in rows))
    result = CliRunner().invoke(cli, ["demo", "load", "--dir", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    assert "loaded 1 participants and 1 opportunities" in result.output
    assert "coach-c1\tplc_" in result.output and "employer-e1\tplc_" in result.output
    db = connect(settings.db)
    assert db.execute("SELECT participant_id, opportunity_id FROM suggestions").fetchall() == [
        ("P001", "O001")]
    again = CliRunner().invoke(cli, ["rematch"], env=env)
    assert again.exit_code == 0 and "nothing to rematch" in again.output
