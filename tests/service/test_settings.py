"""Settings: the pseudonymisation key is never a known default."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from service.settings import Settings


def test_secret_is_random_per_installation_and_stable(tmp_path: Path) -> None:
    first = Settings(db=tmp_path / "a" / "p.db")
    again = Settings(db=tmp_path / "a" / "p.db")
    other = Settings(db=tmp_path / "b" / "p.db")
    assert len(first.secret) >= 32
    assert first.secret == again.secret != other.secret
    mode = (tmp_path / "a" / "secret.key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_explicit_secret_must_be_long(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 16"):
        Settings(db=tmp_path / "p.db", secret="short")
    assert Settings(db=tmp_path / "p.db", secret="x" * 16).secret == "x" * 16


def test_skill_second_encoder_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = Settings(db=tmp_path / "p.db")
    assert default.skill_second == "auto" and default.skill_second_encoder == "minilm"
    for main in ("minilm", "fake"):  # auto: MiniLM only beside usem3
        assert Settings(db=tmp_path / "p.db", encoder=main).skill_second_encoder == ""
    for off in ("", "none"):
        monkeypatch.setenv("PLACEMENT_SKILL_SECOND", off)
        assert Settings(db=tmp_path / "p.db").skill_second_encoder == ""
    monkeypatch.setenv("PLACEMENT_SKILL_SECOND", "minilm")
    assert Settings(db=tmp_path / "p.db").skill_second_encoder == "minilm"
    with pytest.raises(ValidationError, match="already the main encoder"):
        Settings(db=tmp_path / "p.db", encoder="minilm")
    monkeypatch.setenv("PLACEMENT_SKILL_SECOND", "bert")
    with pytest.raises(ValidationError, match="skill_second|PLACEMENT_SKILL_SECOND"):
        Settings(db=tmp_path / "p.db")
