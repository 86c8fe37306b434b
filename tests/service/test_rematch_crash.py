"""Kill a real `placement rematch` process mid-run; a rerun finishes without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from service import rematch
from service.app import create_app
from service.db import connect
from tests.service.conftest import OPPORTUNITY, PARTICIPANT, Keys

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 12


def cli(settings, *, delay: float) -> subprocess.Popen:
    env = os.environ | {
        "PLACEMENT_DB": str(settings.db), "PLACEMENT_TAXONOMY_DB": str(settings.taxonomy_db),
        "PLACEMENT_ENCODER": "fake", "PLACEMENT_CACHE": str(settings.cache_dir),
        "PLACEMENT_SECRET": settings.secret, "PLACEMENT_REMATCH_ITEM_DELAY": str(delay),
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.Popen([sys.executable, "-c", "from service.cli import main; main()",
                             "rematch"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def wait_for_items(db, n: int, proc: subprocess.Popen, timeout: float = 120.0, *,
                   after_job: int = 0) -> int:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done = db.execute("SELECT count(*) FROM job_items WHERE done = 1 AND job_id > ?",
                          [after_job]).fetchone()[0]
        if done >= n:
            return done
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("the rematch process made no progress")


def seed(client: TestClient, keys: Keys) -> None:
    for title in ("heftruckchauffeur", "magazijnmedewerker", "keukenhulp", "kok"):
        client.post("/opportunities", json=OPPORTUNITY | {"title": title}, headers=keys.employer)
    for i in range(PEOPLE):
        body = PARTICIPANT | {"display_name": f"P{i}", "max_travel_km": 5 + i}
        assert client.post("/participants", json=body, headers=keys.coach).status_code == 201


def test_killed_rematch_resumes_without_duplicates(settings, engine, keys: Keys) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        seed(client, keys)
    db = connect(settings.db)
    proc = cli(settings, delay=0.4)
    try:
        wait_for_items(db, 3, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    job = db.execute("SELECT status, done, total FROM jobs").fetchall()
    assert len(job) == 1 and job[0][0] == "running" and 3 <= job[0][1] < job[0][2] == PEOPLE

    rerun = cli(settings, delay=0.0)
    out, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err.decode()
    assert db.execute("SELECT status, done, total FROM jobs").fetchall() == [("done", PEOPLE,
                                                                               PEOPLE)]
    assert db.execute("SELECT count(*) FROM job_items WHERE done = 0").fetchone()[0] == 0
    rows = db.execute("SELECT participant_id, opportunity_id, round(score, 6) FROM suggestions "
                      "WHERE status = 'active' ORDER BY 1, 2").fetchall()
    assert len(rows) == len(set((p, o) for p, o, _ in rows))
    expected = []
    for (pid,) in db.execute("SELECT id FROM participants ORDER BY id").fetchall():
        ranked = rematch.score_one(db, engine, pid, scope=None, keep=settings.keep_per_participant)
        expected += [(pid, s.opportunity_id, round(s.score, 6)) for s in ranked]
    assert rows == sorted(expected) and rows


def active(path) -> list[tuple]:
    db = connect(path)
    rows = db.execute("SELECT participant_id, opportunity_id, round(score, 6), explanation "
                      "FROM suggestions WHERE status = 'active' ORDER BY 1, 2").fetchall()
    db.conn.close()
    return rows


def test_killed_incremental_batch_rematch_resumes(settings, engine, keys: Keys,
                                                  tmp_path: Path) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        seed(client, keys)
        db = connect(settings.db)
        rematch.run_pending(db, engine, keep=settings.keep_per_participant)
        for title in ("kok", "schoonmaker", "heftruckchauffeur"):
            client.post("/opportunities", json=OPPORTUNITY | {"title": title, "places": 1},
                        headers=keys.employer)
    db.execute("VACUUM INTO ?", [str(tmp_path / "twin.db")])
    proc = cli(settings, delay=0.4)
    try:
        wait_for_items(db, 3, proc, after_job=1)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    [(kind, status, done, total)] = db.execute("SELECT kind, status, done, total FROM jobs "
                                               "WHERE id > 1").fetchall()
    assert (kind, status) == ("incremental", "running") and 3 <= done < total == PEOPLE
    rerun = cli(settings, delay=0.0)
    _, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err.decode()
    assert db.execute("SELECT count(*) FROM job_items WHERE done = 0").fetchone()[0] == 0
    twin = connect(tmp_path / "twin.db")
    rematch.run_pending(twin, engine, keep=settings.keep_per_participant, batch=False)
    assert active(settings.db) == active(tmp_path / "twin.db")
    assert len(active(settings.db)) > 4 * PEOPLE
