"""SQLite access for the service: connections (WAL, busy timeout) and numbered migrations."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000

MIGRATIONS: list[str] = [
    # 1: users, people, opportunities, concepts, suggestions, feedback, aliases, audit, jobs
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE, key_prefix TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL, matches_seen_at TEXT
    );
    CREATE TABLE participants (
        id TEXT PRIMARY KEY, coach_id INTEGER NOT NULL REFERENCES users(id),
        active INTEGER NOT NULL DEFAULT 1, data TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1, matched_version INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX participants_coach ON participants(coach_id);
    CREATE TABLE opportunities (
        id TEXT PRIMARY KEY, employer_id INTEGER NOT NULL REFERENCES users(id),
        type TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', closing_date TEXT,
        data TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1, matched_version INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX opportunities_employer ON opportunities(employer_id);
    CREATE INDEX opportunities_status ON opportunities(status);
    CREATE TABLE concept_links (
        owner_type TEXT NOT NULL, owner_id TEXT NOT NULL, field TEXT NOT NULL,
        uri TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, text TEXT NOT NULL,
        score REAL NOT NULL, status TEXT NOT NULL DEFAULT 'proposed', source TEXT NOT NULL,
        PRIMARY KEY (owner_type, owner_id, field, uri)
    );
    CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
        score REAL NOT NULL, distance_km REAL, contributions TEXT NOT NULL,
        explanation TEXT NOT NULL, model_version TEXT NOT NULL, taxonomy_version TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active', created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, UNIQUE (participant_id, opportunity_id)
    );
    CREATE INDEX suggestions_rank ON suggestions(participant_id, status, score DESC);
    CREATE INDEX suggestions_opportunity ON suggestions(opportunity_id, status);
    CREATE INDEX suggestions_updated ON suggestions(updated_at);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        suggestion_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        opportunity_id TEXT NOT NULL, user_id INTEGER NOT NULL, decision TEXT NOT NULL,
        reason TEXT, note TEXT, contributions TEXT NOT NULL, model_version TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE aliases (
        id INTEGER PRIMARY KEY, text TEXT NOT NULL, kind TEXT NOT NULL, uri TEXT NOT NULL,
        user_id INTEGER NOT NULL, created_at TEXT NOT NULL, UNIQUE (text, kind)
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_id INTEGER, actor_role TEXT,
        action TEXT NOT NULL, subject TEXT, model_version TEXT, taxonomy_version TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, trigger TEXT NOT NULL,
        status TEXT NOT NULL, total INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0,
        error TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT
    );
    CREATE TABLE job_items (
        id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL REFERENCES jobs(id),
        participant_id TEXT NOT NULL, scope TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0,
        UNIQUE (job_id, participant_id)
    );
    CREATE INDEX job_items_todo ON job_items(job_id, done);
    """,
    # 2: what supports a skill found in free text: stated or inferred, why, and where
    """
    ALTER TABLE concept_links ADD COLUMN basis TEXT;
    ALTER TABLE concept_links ADD COLUMN evidence TEXT;
    ALTER TABLE concept_links ADD COLUMN span_start INTEGER;
    ALTER TABLE concept_links ADD COLUMN span_end INTEGER;
    """,
]


def now() -> str:
    """Current UTC time as an ISO 8601 string with microseconds (sortable)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open the service database with WAL, a busy timeout and foreign keys on.

    Args:
        path: SQLite file; its folder is created when missing.

    Returns:
        A sqlite-utils Database usable from any thread (one request at a time).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                           isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # erased rows are overwritten, not just unlinked
    return sqlite_utils.Database(conn)


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every migration newer than the database's ``user_version``.

    Returns:
        The schema version after migrating.
    """
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
        log.info("applying migration %d", number)
        try:
            db.conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.OperationalError:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            if db.execute("PRAGMA user_version").fetchone()[0] < number:
                raise  # not a concurrent start that migrated first
    return len(MIGRATIONS)


def insert(db: sqlite_utils.Database, table: str, row: dict[str, object]) -> int:
    """Insert one row with plain SQL (safe inside ``transaction``) and return its rowid."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


class transaction:  # noqa: N801 - used like a function
    """``with transaction(db):`` runs the block in one IMMEDIATE transaction."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def __enter__(self) -> sqlite_utils.Database:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
