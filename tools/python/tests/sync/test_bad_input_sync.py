"""Edge inputs of sync tasks: schedules that never fire and loosely typed fields are 422s that change nothing."""
from __future__ import annotations

import pytest
from plexm8.models.entities import SyncTask

from tests.fakes.netease import CJK_PLAYLIST_ID


@pytest.mark.parametrize("cron", ["0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "*/0 * * * *", "0 0 * * 8",
                                  "1 " * 100 + "*"])
def test_a_cron_that_never_fires_is_a_422_naming_schedule(sync_env, cron):
    response = sync_env.client.post("/api/sync/tasks", json={
        "source_url": f"netease:{CJK_PLAYLIST_ID}", "playlist_title": "Never", "schedule": cron})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["field"] == "schedule"
    assert sync_env.client.get("/api/sync/tasks").get_json()["tasks"] == []


def test_enabling_a_stored_task_whose_cron_never_fires_is_a_422_and_changes_nothing(sync_env):
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Stored", enabled=False)
    runtime = sync_env.app.extensions["plexm8"]
    with runtime.db.bound():  # stored by an older version that did not check schedules this way
        SyncTask.update(schedule="0 0 31 2 *").where(SyncTask.id == task["id"]).execute()
    response = sync_env.client.put(f"/api/sync/tasks/{task['id']}", json={"enabled": True})
    assert response.status_code == 422 and response.get_json()["field"] == "schedule"
    stored = sync_env.client.get(f"/api/sync/tasks/{task['id']}").get_json()["task"]
    assert stored["enabled"] is False and stored["next_run_at"] is None
    with runtime.db.bound():  # the scheduler's tick skips it instead of failing every second
        SyncTask.update(enabled=True, next_run_at=SyncTask.created_at).where(SyncTask.id == task["id"]).execute()
        assert runtime.sync.tick() == 1
        assert SyncTask.get_by_id(task["id"]).next_run_at is None


@pytest.mark.parametrize("body, field", [
    ({"source_url": f"netease:{CJK_PLAYLIST_ID}", "playlist_title": "T", "enabled": 1}, "enabled"),
    ({"source_url": f"netease:{CJK_PLAYLIST_ID}", "playlist_title": "T", "server_id": True}, "server_id"),
    ({"source_url": f"netease:{CJK_PLAYLIST_ID}", "playlist_title": "T", "server_id": "1"}, "server_id"),
])
def test_sync_task_fields_take_their_json_types_only(sync_env, body, field):
    response = sync_env.client.post("/api/sync/tasks", json=body)
    assert response.status_code == 422 and response.get_json()["field"] == field
    assert sync_env.client.get("/api/sync/tasks").get_json()["tasks"] == []
