"""SQLite tables that hold one imported ESCO version.

All tables carry the ``esco_`` prefix so that an import can replace exactly this set,
atomically, in a database that also holds the service's own tables.
"""

from __future__ import annotations

import sqlite_utils

TABLES: dict[str, dict[str, type]] = {
    "esco_meta": {"key": str, "value": str},
    "esco_occupations": {
        "uri": str,
        "isco_code": str,
        "esco_code": str,
        "regulated_note": str,
        "status": str,
    },
    "esco_isco_groups": {"uri": str, "code": str},
    "esco_skills": {"uri": str, "skill_type": str, "reuse_level": str, "status": str},
    "esco_skill_groups": {"uri": str, "code": str},
    "esco_labels": {"uri": str, "kind": str, "lang": str, "label_type": str, "text": str},
    "esco_descriptions": {"uri": str, "lang": str, "text": str},
    "esco_broader": {"uri": str, "kind": str, "broader_uri": str, "broader_kind": str},
    "esco_occupation_skills": {
        "occupation_uri": str,
        "skill_uri": str,
        "relation": str,
        "skill_type": str,
    },
    "esco_skill_relations": {"skill_uri": str, "related_uri": str, "relation": str},
    "esco_collections": {"collection": str, "uri": str},
    "esco_concept_schemes": {"uri": str, "label": str},
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "esco_meta": ("key",),
    "esco_occupations": ("uri",),
    "esco_isco_groups": ("uri",),
    "esco_skills": ("uri",),
    "esco_skill_groups": ("uri",),
    "esco_labels": ("uri", "lang", "label_type", "text"),
    "esco_descriptions": ("uri", "lang"),
    "esco_broader": ("uri", "broader_uri"),
    "esco_occupation_skills": ("occupation_uri", "skill_uri", "relation"),
    "esco_skill_relations": ("skill_uri", "related_uri", "relation"),
    "esco_collections": ("collection", "uri"),
    "esco_concept_schemes": ("uri",),
}

INDEXES: list[tuple[str, list[str]]] = [
    ("esco_labels", ["kind", "lang"]),
    ("esco_broader", ["broader_uri"]),
    ("esco_occupation_skills", ["skill_uri"]),
    ("esco_collections", ["uri"]),
]

FTS_TABLE = "esco_labels_fts"


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the ESCO tables, indexes and full-text index if they do not exist yet."""
    for name, columns in TABLES.items():
        if not db[name].exists():
            db[name].create(columns, pk=PRIMARY_KEYS[name], not_null=set(PRIMARY_KEYS[name]))
    for table, cols in INDEXES:
        db[table].create_index(cols, if_not_exists=True)
    if FTS_TABLE not in db.table_names():
        # External-content FTS5 over label text; rebuilt after every import.
        db.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='esco_labels', "
            "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
