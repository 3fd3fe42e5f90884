"""--demo's sample playlists: served by the fake platforms, mostly in the demo library, listed for the Sync page."""
from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests
from plexm8.devtools.demo import Demo
from plexm8.devtools.demo_sources import demo_playlists
from plexm8.devtools.sample_library import generate_library
from plexm8.services.matching import normalize_text

from tests.backend_process import APP, backend_env, free_port
from tests.test_entry_point import _wait_for_health


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


def test_sample_playlists_mix_cjk_and_western_songs_mostly_from_the_library():
    library = generate_library(2000, seed=2026)
    titles = {(normalize_text(t.title), library.artists[t.artist_key].title) for t in library.tracks.values()}
    playlists = demo_playlists(library)
    assert [p.provider for p in playlists] == ["netease", "qqmusic", "spotify"]
    everything = [song for p in playlists for song in p.songs]
    assert any(_is_cjk(s.title) for s in everything) and any(not _is_cjk(s.title) for s in everything)
    for playlist in playlists:
        present = [s for s in playlist.songs if s.number not in playlist.absent]
        missing = [s for s in playlist.songs if s.number in playlist.absent]
        assert 2 <= len(missing) < len(present)
        assert all((normalize_text(s.title), s.artists[0]) in titles for s in present)
        assert not any(normalize_text(s.title) in {t for t, _ in titles} for s in missing)
    assert demo_playlists(library) == playlists  # the same every start


@pytest.fixture(scope="module")
def demo() -> Iterator[Demo]:
    running = Demo()
    yield running
    running.stop()


def test_every_example_syncs_its_library_songs_and_lists_the_rest_as_unmatched(make_app, demo):
    client = make_app(**demo.settings_overrides()).test_client()
    examples = client.get("/api/sync/examples").get_json()["examples"]
    assert [e["provider"] for e in examples] == ["netease", "qqmusic", "spotify"]
    for example, playlist in zip(examples, demo.platforms.playlists):
        preview = client.post("/api/sync/preview", json={"url": example["url"]}).get_json()
        assert preview["name"] == example["name"] == playlist.name
        assert [t["title"] for t in preview["tracks"]] == [s.title for s in playlist.songs]
        task = client.post("/api/sync/tasks", json={"source_url": example["url"], "playlist_title": f"Demo {example['provider']}"})
        assert task.status_code == 201, task.get_json()
        task_id = task.get_json()["task"]["id"]
        run = _run(client, task_id)
        assert run["status"] == "succeeded", run
        missing = {s.title for s in playlist.songs if s.number in playlist.absent}
        unmatched = client.get(f"/api/sync/tasks/{task_id}/unmatched").get_json()["unmatched"]
        assert {u["title"] for u in unmatched} == missing
        assert run["matched"] == len(playlist.songs) - len(missing) == run["added"]


def _run(client, task_id: int) -> dict:
    run_id = client.post(f"/api/sync/tasks/{task_id}/run").get_json()["run_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = client.get(f"/api/sync/runs/{run_id}").get_json()["run"]
        if run["status"] in ("succeeded", "failed"):
            return run
        time.sleep(0.05)
    raise AssertionError("the run did not finish")


def test_no_examples_outside_the_demo(client):
    response = client.get("/api/sync/examples")
    assert response.status_code == 200 and response.get_json() == {"examples": []}


def test_demo_process_syncs_an_example_link_into_a_plex_playlist(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, str(APP), "--demo", "--port", str(port)],
        env=backend_env(tmp_path, PLEXM8_NETEASE_BASE_URL="http://10.9.9.9:1"), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_for_health(port)
        examples = requests.get(f"{base}/api/sync/examples", timeout=5).json()["examples"]
        netease = next(e for e in examples if e["provider"] == "netease")
        assert netease["url"].startswith("https://music.163.com/")
        preview = requests.post(f"{base}/api/sync/preview", json={"url": netease["url"]}, timeout=30).json()
        assert preview["name"] == netease["name"] and preview["track_count"] == len(preview["tracks"]) > 5
        task = requests.post(f"{base}/api/sync/tasks", timeout=30, json={
            "source_url": netease["url"], "playlist_title": "深夜 demo", "schedule": "0 3 * * *", "mode": "mirror"})
        assert task.status_code == 201, task.text
        task_id = task.json()["task"]["id"]
        run_id = requests.post(f"{base}/api/sync/tasks/{task_id}/run", timeout=10).json()["run_id"]
        deadline = time.monotonic() + 90
        while True:
            run = requests.get(f"{base}/api/sync/runs/{run_id}", timeout=10).json()["run"]
            if run["status"] in ("succeeded", "failed"):
                break
            assert time.monotonic() < deadline, run
            time.sleep(0.2)
        assert run["status"] == "succeeded", run
        assert 0 < run["matched"] < run["total"] == preview["track_count"]
        playlists = requests.get(f"{base}/api/playlists", timeout=30).json()["MediaContainer"]["Metadata"]
        synced = next(p for p in playlists if p["title"] == "深夜 demo")
        assert synced["leafCount"] == run["matched"]
    finally:
        process.terminate()
        process.wait(timeout=20)
