"""Read-only lookups over an imported ESCO taxonomy."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import defaultdict
from functools import cached_property
from pathlib import Path

import sqlite_utils

from taxonomy.errors import ConceptNotFound, TaxonomyError, TaxonomyNotImported
from taxonomy.models import KINDS, Concept, Label, SearchHit
from taxonomy.schema import FTS_TABLE

__all__ = ["TaxonomyStore", "Label", "SearchHit", "Concept"]

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise TaxonomyError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")


class TaxonomyStore:
    """Read-only access to one imported ESCO version in a SQLite file.

    Args:
        path: the SQLite database written by ``taxonomy.esco_import.import_esco``.

    Raises:
        TaxonomyNotImported: the file does not exist or holds no imported taxonomy.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise TaxonomyNotImported(
                f"no database at {self.path}; run `placement taxonomy import`")
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.Lock()
        if "esco_meta" not in self.db.table_names() or not self.db["esco_meta"].count:
            raise TaxonomyNotImported(
                f"{self.path} holds no ESCO import; run `placement taxonomy import`")

    def _query(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self._lock:
            return self.db.execute(sql, params).fetchall()

    @cached_property
    def meta(self) -> dict:
        """Import metadata: version, languages, checksums, counts, imported_at."""
        return {k: json.loads(v) for k, v in self._query("SELECT key, value FROM esco_meta")}

    @property
    def version(self) -> str:
        """The imported ESCO version, for example ``"1.2.0"``."""
        return self.meta["version"]

    @property
    def languages(self) -> list[str]:
        """The imported language codes, English first."""
        return list(self.meta["languages"])

    def labels(self, kind: str, *, lang: str | None = None) -> list[Label]:
        """All labels of every concept of ``kind`` (optionally in one language), sorted."""
        _check_kind(kind)
        sql = "SELECT uri, kind, lang, label_type, text FROM esco_labels WHERE kind = ?"
        params: tuple = (kind,)
        if lang:
            sql, params = sql + " AND lang = ?", (kind, lang)
        rows = self._query(sql + " ORDER BY uri, lang, label_type, text", params)
        return [Label(*row) for row in rows]

    def preferred_labels(self, kind: str, *, lang: str = "en") -> dict[str, str]:
        """Map each concept URI of ``kind`` to its preferred label in ``lang`` (else English)."""
        _check_kind(kind)
        rows = self._query(
            "SELECT uri, lang, text FROM esco_labels WHERE kind = ? AND label_type = 'preferred' "
            "AND lang IN (?, 'en') ORDER BY uri, lang = ?",
            (kind, lang, lang),
        )
        return {uri: text for uri, _, text in rows}  # the requested language sorts last

    def occupation_skills(self, uri: str) -> dict[str, list[str]]:
        """Essential and optional skill URIs of one occupation."""
        out: dict[str, list[str]] = {"essential": [], "optional": []}
        for skill, relation in self._query(
            "SELECT skill_uri, relation FROM esco_occupation_skills WHERE occupation_uri = ? "
            "ORDER BY skill_uri", (uri,)
        ):
            out[relation].append(skill)
        return out

    def occupation_skill_relations(self) -> list[tuple[str, str, str]]:
        """Every (occupation URI, skill URI, relation) triple, sorted."""
        return [tuple(r) for r in self._query(
            "SELECT occupation_uri, skill_uri, relation FROM esco_occupation_skills "
            "ORDER BY occupation_uri, skill_uri, relation")]

    def occupation_isco(self) -> dict[str, str]:
        """Map each occupation URI to its 4-digit ISCO unit group code."""
        return dict(self._query("SELECT uri, isco_code FROM esco_occupations ORDER BY uri"))

    def skill_broader(self) -> dict[str, list[str]]:
        """Map each skill (or skill group) URI to its broader skills or skill groups."""
        out: dict[str, list[str]] = defaultdict(list)
        for uri, broader in self._query(
            "SELECT uri, broader_uri FROM esco_broader WHERE kind IN ('skill', 'skill_group') "
            "ORDER BY uri, broader_uri"
        ):
            out[uri].append(broader)
        return dict(out)

    def skill_relations(self) -> list[tuple[str, str, str]]:
        """Every (skill URI, related skill URI, relation) triple, sorted."""
        return [tuple(r) for r in self._query(
            "SELECT skill_uri, related_uri, relation FROM esco_skill_relations ORDER BY 1, 2, 3")]

    def collection(self, name: str) -> set[str]:
        """URIs in one ESCO collection (digital, green, transversal, language, ...)."""
        return {r[0] for r in self._query(
            "SELECT uri FROM esco_collections WHERE collection = ?", (name,))}

    def search(self, text: str, *, lang: str | None = None, kind: str | None = None,
               limit: int = 10) -> list[SearchHit]:
        """Full-text search over all labels, best concept first (one hit per concept).

        Every word of ``text`` must occur as a word or word prefix of a label, so
        ``heftruck`` finds ``heftruckchauffeur``.
        """
        _check_kind(kind)
        tokens = _TOKEN.findall(text)
        if not tokens or limit < 1:
            return []
        match = " ".join(f'"{t}"*' for t in tokens)
        where, params = [f"{FTS_TABLE} MATCH ?"], [match]
        for column, value in (("l.lang", lang), ("l.kind", kind)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        rows = self._query(
            f"SELECT l.uri, l.kind, l.text, l.lang, l.label_type, bm25({FTS_TABLE}) AS rank "
            f"FROM {FTS_TABLE} JOIN esco_labels l ON l.rowid = {FTS_TABLE}.rowid "
            f"WHERE {' AND '.join(where)} "
            "ORDER BY rank + (l.label_type != 'preferred') * 0.5 + length(l.text) * 0.01, l.uri "
            "LIMIT ?",
            (*params, limit * 20),
        )
        return self._hits(rows, lang or "en", limit)

    def _hits(self, rows: list[tuple], lang: str, limit: int) -> list[SearchHit]:
        hits: dict[str, SearchHit] = {}
        for uri, kind, label, label_lang, label_type, rank in rows:
            if uri not in hits:
                hits[uri] = SearchHit(uri, kind, label, label_lang, label_type,
                                      self.preferred_label(uri, lang), round(-rank, 4))
            if len(hits) == limit:
                break
        return list(hits.values())

    def preferred_label(self, uri: str, lang: str = "en") -> str:
        """Preferred label of one concept in ``lang``, else English, else the URI."""
        rows = self._query(
            "SELECT text FROM esco_labels WHERE uri = ? AND label_type = 'preferred' "
            "ORDER BY lang = ? DESC, lang = 'en' DESC, lang", (uri, lang))
        return rows[0][0] if rows else uri

    def concept(self, uri: str) -> Concept:
        """Everything known about one concept.

        Raises:
            ConceptNotFound: no concept has this URI.
        """
        rows = self._query("SELECT kind, lang, label_type, text FROM esco_labels WHERE uri = ? "
                           "ORDER BY lang, label_type, text", (uri,))
        if not rows:
            raise ConceptNotFound(f"no ESCO concept with URI {uri!r}")
        labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for _, lang, label_type, text in rows:
            labels[lang][label_type].append(text)
        kind = rows[0][0]
        return Concept(
            uri=uri, kind=kind, code=self._code(uri, kind),
            labels={k: dict(v) for k, v in labels.items()},
            descriptions=dict(self._query(
                "SELECT lang, text FROM esco_descriptions WHERE uri = ? ORDER BY lang", (uri,))),
            broader=tuple(r[0] for r in self._query(
                "SELECT broader_uri FROM esco_broader WHERE uri = ? ORDER BY 1", (uri,))),
            collections=tuple(r[0] for r in self._query(
                "SELECT collection FROM esco_collections WHERE uri = ? ORDER BY 1", (uri,))),
            **self._details(uri, kind),
        )

    def _code(self, uri: str, kind: str) -> str | None:
        table, column = {"occupation": ("esco_occupations", "esco_code"),
                         "isco_group": ("esco_isco_groups", "code"),
                         "skill_group": ("esco_skill_groups", "code")}.get(kind, (None, None))
        if table is None:
            return None
        rows = self._query(f"SELECT {column} FROM {table} WHERE uri = ?", (uri,))
        return rows[0][0] if rows and rows[0][0] else None

    def _details(self, uri: str, kind: str) -> dict:
        if kind == "occupation":
            (isco, note), = self._query(
                "SELECT isco_code, regulated_note FROM esco_occupations WHERE uri = ?", (uri,))
            skills = self.occupation_skills(uri)
            return {"isco_group": isco or None, "regulated_note": note or None,
                    "essential_skills": tuple(skills["essential"]),
                    "optional_skills": tuple(skills["optional"])}
        if kind == "skill":
            (skill_type, reuse), = self._query(
                "SELECT skill_type, reuse_level FROM esco_skills WHERE uri = ?", (uri,))
            return {"skill_type": skill_type or None, "reuse_level": reuse or None}
        return {}

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()
