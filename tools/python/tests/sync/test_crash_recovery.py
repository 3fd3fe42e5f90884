"""kill -9 in the middle of Plex writes, then start again: the backend finishes them by itself.

Plex is the simulator in its own process (so its playlists survive the backend); the backend is `app.py`
as a user runs it. Nothing is sent to the restarted backend until Plex already holds what was planned.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from plexm8.devtools.sample_library import generate_library

from ..backend_process import BackendProcess

APP = Path(__file__).resolve().parents[2] / "app.py"
TRACKS, SEED = 2500, 11
PLANNED = 2338


@dataclass
class Plex:
    """The simulator process, its URL and token, and the log of requests it received."""

    process: subprocess.Popen
    url: str
    token: str
    log: Path

    def get(self, path: str, **params: str) -> requests.Response:
        """A request to the simulator as a Plex client."""
        return requests.get(self.url + path, params=params, headers={"X-Plex-Token": self.token,
                                                                   "Accept": "application/xml"}, timeout=30)

    def playlist_keys(self, title: str) -> list[int] | None:
        """The ratingKeys of the regular playlist `title`, in order (None when there is none)."""
        import xml.etree.ElementTree as ET

        root = ET.fromstring(self.get("/playlists", playlistType="audio").text)
        found = [p.attrib["ratingKey"] for p in root if p.attrib.get("title") == title]
        if not found:
            return None
        items = ET.fromstring(self.get(f"/playlists/{found[0]}/items").text)
        return [int(e.attrib["ratingKey"]) for e in items]

    def requests_seen(self) -> list[tuple[str, str]]:
        """(method, path) of every request so far."""
        lines = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        return [tuple(line.split(" ", 1)) for line in lines if " " in line]  # type: ignore[misc]


@pytest.fixture
def plex(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Plex]:
    log = tmp_path / "plex-requests.log"
    latency = getattr(request, "param", 150)  # slow enough to kill -9 between two requests
    process = subprocess.Popen(
        [sys.executable, "-m", "plexm8.devtools.run_simulator", "--tracks", str(TRACKS), "--seed", str(SEED),
         "--latency-ms", str(latency), "--request-log", str(log)],
        cwd=APP.parent, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = process.stdout.readline()
        info = json.loads(line)
        yield Plex(process, info["url"], info["token"], log)
    finally:
        process.terminate()
        process.wait(timeout=20)


class Backend(BackendProcess):
    """`app.py` against the simulator, on one data folder across restarts."""

    def __init__(self, tmp_path: Path, plex: Plex) -> None:
        super().__init__(tmp_path, PLEX_SERVER_URL=plex.url, PLEX_TOKEN=plex.token, PLEXM8_SCHEDULER="false",
                         PLEXM8_PLEX_TIMEOUT="30")


@pytest.fixture
def backend(tmp_path: Path, plex: Plex) -> Iterator[Backend]:
    instance = Backend(tmp_path, plex)
    yield instance
    instance.stop()


def _kill_when(backend: Backend, plex: Plex, seen: callable, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not seen(plex.requests_seen()):
        assert time.monotonic() < deadline, "the moment to kill never came"
        time.sleep(0.005)
    backend.kill9()


def _wait_for_playlist(plex: Plex, title: str, wanted: list[int], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while plex.playlist_keys(title) != wanted:
        assert time.monotonic() < deadline, f"Plex's playlist is {len(plex.playlist_keys(title) or [])} tracks"
        time.sleep(0.25)


def _finished_run(backend: Backend, run_id: int, timeout: float = 30) -> dict:
    """The run's record once its end is stored (a moment after Plex's playlist is complete)."""
    deadline = time.monotonic() + timeout
    while (run := backend.api("GET", f"/api/sync/runs/{run_id}").json()["run"])["status"] == "running":
        assert time.monotonic() < deadline, run
        time.sleep(0.1)
    return run


def _run(backend: Backend, task_id: int) -> int:
    answer = backend.api("POST", f"/api/sync/tasks/{task_id}/run")
    assert answer.status_code == 202, answer.text
    return answer.json()["run_id"]


def test_kill_9_during_sync_runs_then_the_next_start_finishes_the_playlist(tmp_path, plex, backend):
    library = generate_library(TRACKS, seed=SEED)
    tracks = sorted(library.tracks.values(), key=lambda t: t.rating_key)[:PLANNED][::-1]
    source = tmp_path / "big.m3u8"
    source.write_text("#EXTM3U\n" + "\n".join(t.file for t in tracks) + "\n", encoding="utf-8")
    planned = [t.rating_key for t in tracks]

    backend.start()
    task = backend.api("POST", "/api/sync/tasks", json={"source_url": str(source), "playlist_title": "Big"}).json()
    run_id = _run(backend, task["task"]["id"])
    # the creation went out, the first of the four additions is on its way: kill -9
    _kill_when(backend, plex, lambda seen: any(m == "PUT" and p.startswith("/playlists/") for m, p in seen))
    half = plex.playlist_keys("Big")
    assert half is not None and len(half) < PLANNED, "the kill came too late to test anything"

    backend.start(wait=False)  # and no request: the backend finishes the playlist by itself
    _wait_for_playlist(plex, "Big", planned)
    run = _finished_run(backend, run_id)
    assert (run["status"], run["interrupted"], run["error"]) == ("succeeded", True, None)
    assert (run["total"], run["matched"], run["added"], run["removed"]) == (PLANNED, PLANNED, PLANNED, 0)
    assert run["plex_writes"] >= 4  # create + 3 additions at least (one more may have been in flight)

    # the source shrinks to 10: a mirror run clears and re-adds; kill -9 right after the clear went out
    kept = tracks[100:110]
    source.write_text("#EXTM3U\n" + "\n".join(t.file for t in kept) + "\n", encoding="utf-8")
    before = len(plex.requests_seen())
    run_id = _run(backend, task["task"]["id"])
    _kill_when(backend, plex, lambda seen: any(m == "DELETE" for m, _p in seen[before:]))
    assert plex.playlist_keys("Big") != [t.rating_key for t in kept]
    writes = [(m, p) for m, p in plex.requests_seen()[before:] if m in ("PUT", "POST", "DELETE")]
    assert len(writes) <= 2, "a mirror run shrinking 2,338 tracks to 10 must not remove them one by one"

    backend.start(wait=False)
    _wait_for_playlist(plex, "Big", [t.rating_key for t in kept])
    run = _finished_run(backend, run_id)
    assert (run["status"], run["interrupted"]) == ("succeeded", True)
    assert (run["total"], run["added"], run["removed"]) == (10, 0, PLANNED - 10)
    assert plex.playlist_keys("Big") == [t.rating_key for t in kept]


@pytest.mark.parametrize("plex", [15], indirect=True)
def test_kill_9_during_a_ratings_import_then_resume_writes_the_rest_once(tmp_path, plex, backend):
    library = generate_library(TRACKS, seed=SEED)
    tracks = [t for t in sorted(library.tracks.values(), key=lambda t: t.rating_key) if t.user_rating != 10.0]
    export = tmp_path / "foobar.tsv"
    export.write_text("artist\ttitle\talbum\tpath\trating\n" + "".join(
        f"\t{t.title}\t\t{t.file}\t5\n" for t in tracks[:1983]), encoding="utf-8")

    backend.start()
    body = {"source": "foobar2000", "path": str(export), "dry_run": False, "policy": "overwrite"}
    import threading

    threading.Thread(target=lambda: _swallow(backend.api, "POST", "/api/ratings/sync", json=body),
                     daemon=True).start()
    _kill_when(backend, plex, lambda seen: sum(1 for m, p in seen if p.startswith("/:/rate")) >= 300)

    backend.start()
    listed = backend.api("GET", "/api/ratings/imports").json()["imports"]
    assert len(listed) == 1
    record = listed[0]
    assert record["status"] == "interrupted" and record["planned"] == 1983
    assert 0 < record["written"] < 1983 and record["remaining"] == 1983 - record["written"]

    resumed = backend.api("POST", f"/api/ratings/imports/{record['id']}/resume")
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["import"]["status"] == "finished" and resumed.json()["import"]["written"] == 1983
    rated = Counter(int(parse_qs(urlsplit(p).query)["key"][0]) for m, p in plex.requests_seen()
                    if p.startswith("/:/rate"))
    assert set(rated) == {t.rating_key for t in tracks[:1983]}
    assert set(rated.values()) == {1}, "a rating was written twice"
    again = backend.api("POST", f"/api/ratings/imports/{record['id']}/resume")
    assert again.status_code == 409


def _swallow(func, *args, **kwargs) -> None:
    try:
        func(*args, **kwargs)
    except requests.RequestException:
        pass  # the backend was killed under this request
