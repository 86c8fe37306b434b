"""Shared fixtures: tiny ESCO download, imported tiny store, the real ESCO store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from taxonomy.esco_import import import_esco
from taxonomy.store import TaxonomyStore
from tests.fixtures.tiny_esco import write_tiny_esco

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ESCO_DIR = Path(os.environ.get("ESCO_DIR", Path(__file__).resolve().parents[1] / "../shared/esco"))


@pytest.fixture()
def tiny_esco_dir(tmp_path: Path) -> Path:
    """A fresh copy of the tiny ESCO download (EN + NL) that a test may break."""
    return write_tiny_esco(tmp_path / "esco")


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the tiny ESCO download imported (read-only for tests)."""
    root = tmp_path_factory.mktemp("tiny")
    db = root / "tiny.db"
    import_esco(db, write_tiny_esco(root / "esco"), version="0.0-test")
    return db


@pytest.fixture(scope="session")
def tiny_store(tiny_db: Path) -> TaxonomyStore:
    """A TaxonomyStore over the tiny ESCO download."""
    return TaxonomyStore(tiny_db)


@pytest.fixture(scope="session")
def esco_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ESCO download in ../shared/esco imported once per test session."""
    if not (ESCO_DIR / "occupations_en.csv").exists():
        pytest.skip(f"real ESCO download not found at {ESCO_DIR} (set ESCO_DIR)")
    db = tmp_path_factory.mktemp("esco") / "esco.db"
    import_esco(db, ESCO_DIR)
    return db


@pytest.fixture(scope="session")
def esco_store(esco_db: Path) -> TaxonomyStore:
    """A TaxonomyStore over the real ESCO download."""
    return TaxonomyStore(esco_db)
