"""kill -9 in the middle of a session, start again: it resumes and ends as an uninterrupted one would."""
from __future__ import annotations

import time
from pathlib import Path

import mutagen
import requests

from ..backend_process import BackendProcess
from .conftest import LIVE_ONLY, MISSING, PLAYLIST_ID, WRONG_LENGTH, source_order

APP = Path(__file__).resolve().parents[2] / "app.py"


class Backend(BackendProcess):
    """`python app.py` in a subprocess, on the simulator and the fakes."""

    def __init__(self, env, tmp_path: Path) -> None:
        super().__init__(
            tmp_path, PLEX_SERVER_URL=env.sim.url, PLEX_TOKEN=env.sim.token, PLEXM8_SCHEDULER="0",
            PLEXM8_NETEASE_BASE_URL=env.platforms.netease.url, PLEXM8_DOWNLOAD_POLL="0.05",
            PLEXM8_DOWNLOAD_RETRY="0.2", PLEXM8_DOWNLOAD_STALL_TIMEOUT="1", PLEXM8_PLEX_CHECK_INTERVAL="60",
        )

    def get(self, path: str) -> dict:
        return requests.get(self.url + path, timeout=10).json()

    def post(self, path: str, body: dict | None = None) -> requests.Response:
        return requests.post(self.url + path, json=body, timeout=30)


def _verified(path: Path) -> bool:
    audio = mutagen.File(path)
    return audio is not None and audio.info.length > 100 and bool(audio.tags.get("plexm8_source_id"))


def test_kill_9_mid_session_then_restart_resumes_and_ends_the_same(loop_env, tmp_path):
    env = loop_env
    env.slskd.transfer_s = 0.8
    backend = Backend(env, tmp_path)
    backend.start()
    try:
        task = backend.post("/api/sync/tasks", {"source_url": f"netease:{PLAYLIST_ID}",
                                                "playlist_title": "Night drive"}).json()["task"]
        run_id = backend.post(f"/api/sync/tasks/{task['id']}/run").json()["run_id"]
        deadline = time.monotonic() + 60
        while backend.get(f"/api/sync/runs/{run_id}")["run"]["status"] not in ("succeeded", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        settings = requests.put(backend.url + "/api/download/settings", timeout=10, json={
            "backend": "slskd", "base_url": env.slskd.url, "api_key": "fake-slskd-api-key",
            "download_dir": str(env.download_dir), "library_dir": str(env.library_dir),
            "plex_library_path": "/music", "max_concurrent": 2, "searches_per_minute": 60})
        assert settings.status_code == 200, settings.text
        session_id = backend.post("/api/download/missing", {"task_id": task["id"]}).json()["session"]["id"]

        deadline = time.monotonic() + 60
        while True:
            items = backend.get(f"/api/download/sessions/{session_id}")["session"]["items"]
            placed = sum(1 for i in items if i["state"] in ("placed", "scanning", "in_plex", "in_playlist"))
            busy = sum(1 for i in items if i["state"] in ("downloading", "verifying"))
            if placed >= 4 and busy:
                break
            assert time.monotonic() < deadline, items
            time.sleep(0.02)
        backend.kill9()
        # whatever the moment, the library holds only complete, verified, tagged files
        files = [p for p in env.library_dir.rglob("*") if p.is_file()]
        assert files and all(not p.name.startswith(".") and _verified(p) for p in files)

        backend.start()
        deadline = time.monotonic() + 120
        while True:
            session = backend.get(f"/api/download/sessions/{session_id}")["session"]
            if session["finished_at"]:
                break
            assert time.monotonic() < deadline, session
            time.sleep(0.1)
    finally:
        backend.stop()

    states = {i["title"]: i["state"] for i in session["items"]}
    assert [states[s.title] for s in MISSING] == ["in_playlist"] * 20
    assert states[LIVE_ONLY.title] == "failed" and states[WRONG_LENGTH.title] == "quarantined"
    files = [p for p in env.library_dir.rglob("*") if p.is_file()]
    assert len(files) == 20 and all(not p.name.startswith(".") and _verified(p) for p in files)
    # Plex holds each once, and the playlist is in source order
    by_title = {i["title"]: int(i["track_key"].rsplit("/", 1)[1]) for i in session["items"] if i["track_key"]}
    expected = [env.keys[s.number] if s.number in env.keys else by_title[s.title]
                for s in source_order() if s.number in env.keys or states.get(s.title) == "in_playlist"]
    assert env.playlist_keys("Night drive") == expected
    plex_files = [t.file for t in env.sim.library.tracks.values() if t.file.startswith("/music/")
                  and any(t.file.endswith(p.name) for p in files)]
    assert len(plex_files) == len(set(plex_files)) == 20
    assert all(r.path and not r.force for r in env.sim.refreshes)
