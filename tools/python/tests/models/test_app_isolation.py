"""Each app owns its database: two apps in one process never see each other's writes."""
from __future__ import annotations

import threading

from plexm8 import create_app
from plexm8.config import Settings


def _names(client) -> list[str]:
    return [s["name"] for s in client.get("/api/settings/servers").get_json()["servers"]]


def test_a_post_to_one_app_never_lands_in_the_other(make_app, tmp_path):
    first = make_app(data_dir=tmp_path / "one").test_client()
    second = make_app(data_dir=tmp_path / "two").test_client()
    assert first.post("/api/settings/servers", json={"name": "One", "url": "http://10.0.0.1:32400"}).status_code == 201
    assert second.post("/api/settings/servers", json={"name": "Two", "url": "http://10.0.0.2:32400"}).status_code == 201
    assert _names(first) == ["One"]
    assert _names(second) == ["Two"]


def test_two_apps_written_from_many_threads_at_once_stay_apart(make_app, tmp_path):
    apps = {"a": make_app(data_dir=tmp_path / "a"), "b": make_app(data_dir=tmp_path / "b")}
    failures: list[str] = []

    def write(label: str, n: int) -> None:
        response = apps[label].test_client().post(
            "/api/settings/servers", json={"name": f"{label}{n}", "url": f"http://10.0.0.{n + 1}:32400"}
        )
        if response.status_code != 201:
            failures.append(f"{label}{n}: {response.status_code}")

    threads = [threading.Thread(target=write, args=(label, n)) for n in range(10) for label in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    for label, app in apps.items():
        names = _names(app.test_client())
        assert sorted(names) == sorted(f"{label}{n}" for n in range(10)), (label, names)


def test_create_app_only_configures_nothing_is_written_until_start(tmp_path):
    data = tmp_path / "data"
    app = create_app(Settings(data_dir=data, scheduler_enabled=False))
    assert not data.exists()  # no database, key file or log folder yet
    response = app.test_client().get("/api/settings/servers")
    assert response.status_code == 503 and response.get_json()["error"] == "Starting"
    runtime = app.extensions["plexm8"]
    runtime.start(workers=False)
    try:
        assert (data / "plexm8.db").is_file()
        assert app.test_client().get("/api/settings/servers").get_json() == {"servers": []}
        assert not runtime.plex_status.running  # workers start only when asked
    finally:
        runtime.close()
