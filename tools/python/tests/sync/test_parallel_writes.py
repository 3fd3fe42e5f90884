"""The store waits instead of failing: 20 parallel writes to each writable resource over real HTTP, no 5xx."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import requests

from tests.fakes.netease import CJK_PLAYLIST_ID
from tests.waitress_server import serving

PARALLEL = 20


def _burst(call: Callable[[int], requests.Response]) -> list[requests.Response]:
    with ThreadPoolExecutor(PARALLEL) as pool:
        responses = list(pool.map(call, range(PARALLEL)))
    server_errors = [(r.status_code, r.text) for r in responses if r.status_code >= 500]
    assert server_errors == []
    return responses


def _ok(responses: list[requests.Response]) -> list[dict[str, Any]]:
    return [r.json() for r in responses if 200 <= r.status_code < 300]


def test_twenty_parallel_writes_to_every_resource_never_fail(sync_env):
    sync_env.client.post("/api/sync/library/refresh", json={"full": True})
    with serving(sync_env.app, threads=PARALLEL + 4) as base:
        http = requests.Session()

        # servers: create, then update one and delete the rest, all at once
        created = _ok(_burst(lambda n: http.post(f"{base}/api/settings/servers", json={
            "name": f"Server {n}", "url": f"http://10.0.0.{n + 1}:32400", "token": f"token-number-{n:04d}",
            "is_default": n % 2 == 0}, timeout=30)))
        assert len(created) == PARALLEL
        listed = http.get(f"{base}/api/settings/servers").json()["servers"]
        assert {s["name"] for s in listed} >= {c["server"]["name"] for c in created}
        assert sum(s["is_default"] for s in listed) == 1
        ids = [c["server"]["id"] for c in created]
        renamed = _ok(_burst(lambda n: http.put(f"{base}/api/settings/servers/{ids[0]}",
                                                json={"name": f"Renamed {n}"}, timeout=30)))
        assert len(renamed) == PARALLEL
        final_name = http.get(f"{base}/api/settings/servers/{ids[0]}").json()["server"]["name"]
        assert final_name in {r["server"]["name"] for r in renamed}
        deleted = _burst(lambda n: http.delete(f"{base}/api/settings/servers/{ids[1 + n % (PARALLEL - 1)]}",
                                               timeout=30))
        assert {r.status_code for r in deleted} <= {200, 204, 404}
        remaining = http.get(f"{base}/api/settings/servers").json()["servers"]
        assert {s["id"] for s in remaining} & set(ids[1:]) == set()
        assert sum(s["is_default"] for s in remaining) == 1

        # sync tasks: create, update, pin matches, delete
        tasks = _ok(_burst(lambda n: http.post(f"{base}/api/sync/tasks", json={
            "source_url": f"netease:{CJK_PLAYLIST_ID}", "playlist_title": f"Parallel {n}",
            "schedule": "0 3 * * *"}, timeout=30)))
        assert len(tasks) == PARALLEL
        stored = {t["id"] for t in http.get(f"{base}/api/sync/tasks").json()["tasks"]}
        task_ids = [t["task"]["id"] for t in tasks]
        assert set(task_ids) <= stored
        updated = _ok(_burst(lambda n: http.put(f"{base}/api/sync/tasks/{task_ids[n]}",
                                                json={"schedule": f"{n} 4 * * *", "enabled": n % 2 == 0},
                                                timeout=30)))
        assert len(updated) == PARALLEL
        for item in updated:
            task = http.get(f"{base}/api/sync/tasks/{item['task']['id']}").json()["task"]
            assert task["schedule"] == item["task"]["schedule"] and task["enabled"] == item["task"]["enabled"]
        key = next(iter(sync_env.keys.values()))
        pins = _ok(_burst(lambda n: http.put(f"{base}/api/sync/tasks/{task_ids[0]}/matches", json={
            "external_id": f"ext-{n}", "track_key": f"/library/metadata/{key}"}, timeout=30)))
        assert len(pins) == PARALLEL
        gone = _ok(_burst(lambda n: http.delete(f"{base}/api/sync/tasks/{task_ids[n]}", timeout=30)))
        assert len(gone) == PARALLEL
        assert http.get(f"{base}/api/sync/tasks").json()["tasks"] == []
