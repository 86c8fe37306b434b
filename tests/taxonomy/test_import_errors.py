"""Bad ESCO input: a clear error naming the place, and the database left as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from taxonomy.errors import EscoFormatError, UnknownLanguageError
from taxonomy.esco_import import import_esco
from tests.taxonomy.test_import import dump


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        text = path.read_bytes().decode("utf-8")
        assert old in text
        path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    return apply


BREAKAGES = {
    "missing file": (lambda d: (d / "skills_en.csv").unlink(), "skills_en.csv", None, None),
    "missing column": (_edit("occupations_nl.csv", "preferredLabel", "prefLabel"),
                       "occupations_nl.csv", 1, "preferredLabel"),
    "extra field": (_edit("skills_en.csv", "sector-specific,operate forklift",
                          "sector-specific,operate forklift,oops"), "skills_en.csv", 2, None),
    "bad uri": (_edit("occupationSkillRelations_en.csv", "http://data.europa.eu/esco/skill/",
                      "skill:"), "occupationSkillRelations_en.csv", 2, "skillUri"),
    "bad relation": (_edit("occupationSkillRelations_en.csv", "essential", "essentiel"),
                     "occupationSkillRelations_en.csv", 2, "relationType"),
    "empty label": (_edit("occupations_en.csv", "forklift operator", ""),
                    "occupations_en.csv", 2, "preferredLabel"),
    "unterminated quote": (_edit("occupations_en.csv", '"forklift driver', '"forklift "driver'),
                           "occupations_en.csv", None, None),
    "not utf-8": (lambda d: (d / "skills_en.csv").write_bytes(
        (d / "skills_en.csv").read_bytes().replace(b"operate", b"op\xe9rate")),
                  "skills_en.csv", None, None),
}


@pytest.fixture()
def imported(tiny_esco_dir: Path, tmp_path: Path) -> Path:
    db = tmp_path / "t.db"
    import_esco(db, tiny_esco_dir, version="1.0")
    return db


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_broken_file_names_place_and_keeps_db(case: str, imported: Path, tmp_path: Path,
                                              tiny_esco_dir: Path) -> None:
    breakage, file, line, column = BREAKAGES[case]
    breakage(tiny_esco_dir)
    before = dump(imported)
    with pytest.raises(EscoFormatError) as info:
        import_esco(imported, tiny_esco_dir, version="2.0")
    assert info.value.file == file
    assert file in str(info.value)
    if line is not None:
        assert info.value.line == line
    if column is not None:
        assert info.value.column == column
    assert dump(imported) == before


def test_unknown_language(imported: Path, tiny_esco_dir: Path) -> None:
    with pytest.raises(UnknownLanguageError, match="'xx'"):
        import_esco(imported, tiny_esco_dir, languages=["en", "xx"])


def test_language_without_files(imported: Path, tiny_esco_dir: Path) -> None:
    with pytest.raises(EscoFormatError, match="occupations_de.csv"):
        import_esco(imported, tiny_esco_dir, languages=["de"])


def test_unreadable_zip(imported: Path, tmp_path: Path) -> None:
    bad = tmp_path / "esco.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    before = dump(imported)
    with pytest.raises(EscoFormatError, match="esco.zip"):
        import_esco(imported, bad)
    assert dump(imported) == before


def test_folder_without_esco_files(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(EscoFormatError, match="occupations_<lang>.csv"):
        import_esco(tmp_path / "t.db", tmp_path / "empty")
    assert not (tmp_path / "t.db").exists()
