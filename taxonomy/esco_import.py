"""Import an official ESCO CSV download (folder or zip) into SQLite, atomically.

The files are parsed and checked completely first, then written to a staging database,
and finally swapped into the target database in one transaction. A failed import leaves
the target exactly as it was; importing the same files twice changes nothing.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from taxonomy.errors import EscoFormatError, UnknownLanguageError
from taxonomy.parse import (
    CONCEPT_FILES,
    REQUIRED_PRIMARY,
    Parsed,
    parse_concepts,
    parse_hierarchy,
    parse_relations,
)
from taxonomy.schema import FTS_TABLE, TABLES, ensure_schema
from taxonomy.source import EscoSource

log = logging.getLogger(__name__)

# The languages in which ESCO v1.x is published.
ESCO_LANGUAGES = frozenset(
    "ar bg cs da de el en es et fi fr ga hr hu is it lt lv mt nl no pl pt ro sk sl sv uk".split()
)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: version, languages, row counts and notes."""

    version: str
    languages: list[str]
    counts: dict[str, int]
    skipped: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)


def detect_languages(source: EscoSource) -> list[str]:
    """Languages that have an occupations_<lang>.csv in the download."""
    found = {n[len("occupations_"):-4] for n in source.members
             if n.startswith("occupations_") and n.endswith(".csv")}
    return sorted(found & ESCO_LANGUAGES)


def _check_languages(source: EscoSource, languages: list[str] | None) -> list[str]:
    langs = languages or detect_languages(source)
    for lang in langs:
        if lang not in ESCO_LANGUAGES:
            raise UnknownLanguageError(
                f"unknown language code {lang!r}; ESCO publishes: "
                f"{', '.join(sorted(ESCO_LANGUAGES))}"
            )
        if not source.has(f"occupations_{lang}.csv"):
            raise EscoFormatError(f"missing file for language {lang!r}",
                                  file=f"occupations_{lang}.csv")
    if not langs:
        raise EscoFormatError("no occupations_<lang>.csv found: is this an ESCO CSV download?",
                              file=str(source.path))
    return sorted(langs, key=lambda code: (code != "en", code))


def parse_source(source: EscoSource, langs: list[str]) -> tuple[Parsed, list[str]]:
    """Parse every known file of the download for the given languages (primary first)."""
    parsed, warnings = Parsed(), []
    for base in REQUIRED_PRIMARY:  # concept files in the primary language, relations in any
        if not parsed.find(source, base, langs[:1] if base in CONCEPT_FILES else langs):
            raise EscoFormatError("required file is missing", file=f"{base}_{langs[0]}.csv")
    for lang in langs:
        for base in CONCEPT_FILES:
            name = f"{base}_{lang}.csv"
            if source.has(name):
                parse_concepts(parsed, source, base, lang, name)
            else:
                warnings.append(f"{name} absent: no {lang} labels for {base}")
        if source.has(f"skillsHierarchy_{lang}.csv"):
            parse_hierarchy(parsed, source, lang, f"skillsHierarchy_{lang}.csv")
    parse_relations(parsed, source, langs)
    return parsed, warnings


def import_esco(
    db_path: str | Path,
    source_path: str | Path,
    *,
    languages: list[str] | None = None,
    version: str | None = None,
) -> ImportResult:
    """Import an ESCO CSV download into the database at ``db_path``.

    Args:
        db_path: SQLite file to write (created if missing).
        source_path: the download, as a folder or a zip, in the official file layout.
        languages: language codes to import; default: every language in the download.
        version: ESCO version to record; default: read from the download's name or README.

    Returns:
        An ImportResult; ``skipped`` is true when the same files were already imported.

    Raises:
        EscoFormatError: a file is missing, unreadable or malformed (names file, line, column).
        UnknownLanguageError: a language code that ESCO does not publish.
    """
    start = time.perf_counter()
    source = EscoSource(source_path)
    try:
        langs = _check_languages(source, languages)
        parsed, warnings = parse_source(source, langs)
        version = version or source.guess_version() or "unknown"
    finally:
        source.close()
    checksums = dict(sorted(parsed.files.items()))
    previous = read_meta(db_path)
    if previous.get("checksums") == checksums and previous.get("languages") == langs:
        return ImportResult(previous.get("version", version), langs, previous.get("counts", {}),
                            True, time.perf_counter() - start, warnings)
    counts = {t: len(rows) for t, rows in parsed.tables.items()}
    meta = {"version": version, "languages": langs, "checksums": checksums, "counts": counts,
            "warnings": warnings, "source": Path(source_path).name,
            "imported_at": datetime.now(UTC).isoformat(timespec="seconds")}
    _write_atomically(db_path, parsed, meta)
    log.info("imported ESCO %s (%s)", version, ",".join(langs), extra={"counts": counts})
    return ImportResult(version, langs, counts, False, time.perf_counter() - start, warnings)


def read_meta(db_path: str | Path) -> dict:
    """The metadata of the imported taxonomy, or {} when nothing was imported."""
    if not Path(db_path).exists():
        return {}
    db = sqlite_utils.Database(db_path)
    try:
        if "esco_meta" not in db.table_names():
            return {}
        return {row["key"]: json.loads(row["value"]) for row in db["esco_meta"].rows}
    finally:
        db.close()


def _write_atomically(db_path: str | Path, parsed: Parsed, meta: dict) -> None:
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(suffix=".esco-staging.db", dir=db_path.parent)
    os.close(fd)
    try:
        stage = sqlite_utils.Database(staging)
        ensure_schema(stage)
        for table, columns in TABLES.items():
            rows = sorted(parsed.tables.get(table, {}).values())
            if table == "esco_meta":
                rows = [(k, json.dumps(v, sort_keys=True)) for k, v in sorted(meta.items())]
            stage[table].insert_all((dict(zip(columns, r, strict=True)) for r in rows),
                                    batch_size=5000)
        stage.close()
        _swap(db_path, staging)
    finally:
        Path(staging).unlink(missing_ok=True)


def _swap(db_path: Path, staging: str) -> None:
    target = sqlite_utils.Database(db_path)
    ensure_schema(target)
    target.close()
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    try:
        conn.execute("ATTACH DATABASE ? AS staging", (staging,))
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table, columns in TABLES.items():
                cols = ", ".join(columns)
                conn.execute(f"DELETE FROM main.{table}")
                conn.execute(
                    f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM staging.{table}")
            conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("DETACH DATABASE staging")
    finally:
        conn.close()
