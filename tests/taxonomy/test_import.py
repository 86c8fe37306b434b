"""Import of ESCO CSV downloads: happy paths, idempotence, version replacement."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

from taxonomy.esco_import import import_esco, read_meta
from taxonomy.schema import TABLES
from taxonomy.store import TaxonomyStore
from tests.fixtures.tiny_esco import OCCUPATIONS, SKILLS, occ_uri


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every ESCO table, for before/after comparisons."""
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
    finally:
        conn.close()


def test_import_merges_languages_by_uri(tiny_esco_dir: Path, tmp_path: Path) -> None:
    result = import_esco(tmp_path / "t.db", tiny_esco_dir, version="1.0")
    assert result.languages == ["en", "nl"]
    assert result.counts["esco_occupations"] == len(OCCUPATIONS)
    assert result.counts["esco_skills"] == len(SKILLS)
    store = TaxonomyStore(tmp_path / "t.db")
    concept = store.concept(occ_uri("cleaner"))
    assert concept.preferred("en") == "office cleaner"
    assert concept.preferred("nl") == "schoonmaker"
    assert "schoonmaakster" in concept.labels["nl"]["alternative"]
    assert concept.isco_group == "9112"
    assert store.version == "1.0"


def test_same_files_twice_change_nothing(tiny_esco_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    import_esco(db, tiny_esco_dir)
    before = dump(db)
    second = import_esco(db, tiny_esco_dir)
    assert second.skipped
    assert dump(db) == before


def test_zip_download_equals_folder(tiny_esco_dir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "ESCO dataset - v1.2.0 - classification - en - csv.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(tiny_esco_dir.iterdir()):
            zf.write(path, f"esco/{path.name}")
    from_zip = import_esco(tmp_path / "zip.db", archive)
    import_esco(tmp_path / "dir.db", tiny_esco_dir)
    assert from_zip.version == "1.2.0"
    zipped, plain = dump(tmp_path / "zip.db"), dump(tmp_path / "dir.db")
    assert {t: rows for t, rows in zipped.items() if t != "esco_meta"} == {
        t: rows for t, rows in plain.items() if t != "esco_meta"}


def test_another_version_replaces_the_old_one(tiny_esco_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    import_esco(db, tiny_esco_dir, version="1.0")
    newer = tmp_path / "newer"
    shutil.copytree(tiny_esco_dir, newer)
    for lang in ("en", "nl"):
        path = newer / f"occupations_{lang}.csv"
        lines = path.read_bytes().split(b"\r\n")
        path.write_bytes(b"\r\n".join(line for line in lines if b"tiny-gardener" not in line))
    import_esco(db, newer, version="2.0")
    store = TaxonomyStore(db)
    assert store.version == "2.0"
    assert occ_uri("gardener") not in store.occupation_isco()
    assert not store.search("hovenier", kind="occupation")
    assert read_meta(db)["counts"]["esco_occupations"] == len(OCCUPATIONS) - 1


def test_single_language_import(tiny_esco_dir: Path, tmp_path: Path) -> None:
    result = import_esco(tmp_path / "t.db", tiny_esco_dir, languages=["en"])
    assert result.languages == ["en"]
    store = TaxonomyStore(tmp_path / "t.db")
    assert {label.lang for label in store.labels("occupation")} == {"en"}


def test_missing_language_files_are_noted_not_fatal(tiny_esco_dir: Path, tmp_path: Path) -> None:
    (tiny_esco_dir / "skills_nl.csv").unlink()  # as in the real download here
    result = import_esco(tmp_path / "t.db", tiny_esco_dir)
    assert any("skills_nl.csv" in w for w in result.warnings)
    store = TaxonomyStore(tmp_path / "t.db")
    labels = store.preferred_labels("skill", lang="nl")
    assert labels[SKILLS and "http://data.europa.eu/esco/skill/tiny-sew"] == "sew pieces of fabric"
