"""Task validation, concurrency, scheduling and the library index endpoints."""
from __future__ import annotations

import datetime as dt
import time

from plexm8.devtools.fakes.netease import CJK_PLAYLIST_ID
from plexm8.models.entities import SyncTask


def test_bad_cron_or_unknown_url_is_422_naming_the_field(sync_env):
    client = sync_env.client
    bad_cron = client.post("/api/sync/tasks", json={"source_url": f"netease:{CJK_PLAYLIST_ID}",
                                                   "playlist_title": "x", "schedule": "every day"})
    assert bad_cron.status_code == 422 and bad_cron.get_json()["field"] == "schedule"
    bad_url = client.post("/api/sync/tasks", json={"source_url": "https://example.com/list", "playlist_title": "x"})
    assert bad_url.status_code == 422 and bad_url.get_json()["field"] == "source_url"
    bad_mode = client.post("/api/sync/tasks", json={"source_url": f"netease:{CJK_PLAYLIST_ID}",
                                                   "playlist_title": "x", "mode": "replace"})
    assert bad_mode.status_code == 422 and bad_mode.get_json()["field"] == "mode"
    assert client.get("/api/sync/tasks").get_json()["tasks"] == []


def test_task_crud_and_next_run(sync_env):
    client = sync_env.client
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Nightly",
                                schedule="0 3 * * *")
    assert task["schedule"] == "0 3 * * *" and task["next_run_at"].endswith("Z")
    updated = client.put(f"/api/sync/tasks/{task['id']}", json={"schedule": None}).get_json()["task"]
    assert updated["schedule"] is None and updated["next_run_at"] is None
    assert client.get(f"/api/sync/tasks/{task['id']}").get_json()["task"]["playlist_title"] == "Nightly"
    assert client.delete(f"/api/sync/tasks/{task['id']}").status_code == 200
    assert client.get(f"/api/sync/tasks/{task['id']}").status_code == 404
    assert client.post("/api/sync/tasks/999/run").status_code == 404
    assert client.get("/api/sync/runs/999").status_code == 404


def test_a_task_never_runs_twice_at_once(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Once")
    sync_env.platforms.netease.delay = 1.0  # the platform is slow
    first = sync_env.client.post(f"/api/sync/tasks/{task['id']}/run")
    second = sync_env.client.post(f"/api/sync/tasks/{task['id']}/run")
    sync_env.platforms.netease.delay = 0
    assert first.status_code == 202
    assert second.status_code == 409 and second.get_json()["error"] == "Conflict"
    run_id = first.get_json()["run_id"]
    deadline = time.monotonic() + 30
    while sync_env.client.get(f"/api/sync/runs/{run_id}").get_json()["run"]["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    runs = sync_env.client.get(f"/api/sync/tasks/{task['id']}/runs").get_json()["runs"]
    assert [r["id"] for r in runs] == [run_id]


def test_scheduled_task_fires_without_a_request(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Scheduled",
                                schedule="*/5 * * * *")
    runtime = sync_env.app.extensions["plexm8"]
    with runtime.db.connection_context():
        SyncTask.update(next_run_at=dt.datetime.utcnow() - dt.timedelta(seconds=1)).where(
            SyncTask.id == task["id"]
        ).execute()
    from plexm8.services.sync.scheduler import Scheduler

    scheduler = Scheduler(runtime.sync.tick, runtime.sync.scheduled_count, interval_s=1)
    scheduler.start()
    try:
        deadline = time.monotonic() + 20
        while True:
            runs = sync_env.client.get(f"/api/sync/tasks/{task['id']}/runs").get_json()["runs"]
            if runs and runs[0]["status"] in ("succeeded", "failed"):
                break
            assert time.monotonic() < deadline, "the scheduled run did not happen"
            time.sleep(0.1)
        assert runs[0]["status"] == "succeeded" and runs[0]["trigger"] == "schedule"
        assert scheduler.health() == {"running": True, "jobs": 1}
        next_run = sync_env.client.get(f"/api/sync/tasks/{task['id']}").get_json()["task"]["next_run_at"]
        assert next_run > dt.datetime.utcnow().isoformat()
    finally:
        scheduler.stop()
    assert not scheduler.running


def test_a_failing_tick_does_not_stop_the_scheduler():
    from plexm8.services.sync.scheduler import Scheduler

    calls = []

    def tick() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return 0

    scheduler = Scheduler(tick, lambda: 0, interval_s=1)
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while len(calls) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert len(calls) >= 2


def test_library_index_endpoints(sync_env):
    client = sync_env.client
    assert client.get("/api/sync/library").get_json()["status"] == "empty"
    state = client.post("/api/sync/library/refresh", json={"full": True}).get_json()
    assert state["status"] == "ready" and state["track_count"] == len(sync_env.sim.library.tracks)
    assert state["progress"] == {"done": state["track_count"], "total": state["track_count"]}


def test_runs_from_a_stopped_process_are_marked_interrupted(sync_env, make_app):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Interrupted")
    runtime = sync_env.app.extensions["plexm8"]
    from plexm8.models.entities import SyncRun

    with runtime.db.connection_context():
        SyncRun.create(task=task["id"], status="running")
    runtime.close()
    again = make_app().test_client()
    run = again.get(f"/api/sync/tasks/{task['id']}/runs").get_json()["runs"][0]
    assert run["status"] == "failed" and "Interrupted" in run["error"]
