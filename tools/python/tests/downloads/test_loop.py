"""Issue 9's "done when", end to end: unmatched songs of a sync task end in the Plex playlist, in source order."""
from __future__ import annotations

import time

import mutagen
from plexm8.services.tracks import track_key

from .conftest import LIVE_ONLY, MISSING, PRESENT, WRONG_LENGTH, source_order


def _wanted_order(env, session) -> list[int]:
    by_title = {i["title"]: i for i in session["items"]}
    keys = []
    for song in source_order():
        if song.number in env.keys:
            keys.append(env.keys[song.number])
        elif song.title in by_title and by_title[song.title]["state"] == "in_playlist":
            keys.append(int(by_title[song.title]["track_key"].rsplit("/", 1)[1]))
    return keys


def test_missing_songs_reach_the_playlist_in_source_order_with_partial_scans_only(loop_env):
    env = loop_env
    task = env.task()
    unmatched = env.client.get(f"/api/sync/tasks/{task['id']}/unmatched").get_json()
    assert unmatched["count"] == 22
    env.configure()
    env.app.extensions["plexm8"].downloads.start()

    response = env.client.post("/api/download/missing", json={"task_id": task["id"]})
    assert response.status_code == 202, response.get_json()
    started = response.get_json()["session"]
    assert started["total"] == 22 and started["status"] == "running"
    assert env.client.post("/api/download/missing", json={"task_id": task["id"]}).status_code == 409

    session = env.wait_session(started["id"])
    states = {i["title"]: i for i in session["items"]}
    assert session["status"] == "completed"
    assert [i["state"] for i in session["items"] if i["title"] in {s.title for s in MISSING}] == ["in_playlist"] * 20
    live = states[LIVE_ONLY.title]
    assert live["state"] == "failed" and "live" in live["error"].lower()
    short = states[WRONG_LENGTH.title]
    assert short["state"] == "quarantined" and "duration" in short["error"]
    assert (session["done"], session["failed"], session["in_plex"]) == (20, 2, 20)
    assert 2 <= env.slskd.max_transfers_in_flight <= 3  # transfers overlap, never beyond max_concurrent

    # the playlist: present tracks and downloaded ones, in source order
    assert env.playlist_keys("Night drive") == _wanted_order(env, session)
    assert len(env.playlist_keys("Night drive")) == len(PRESENT) + 20

    # Plex was asked only for partial scans of the folders written, one per album folder, never forced
    folders = {f.parent for f in env.library_files()}
    assert env.sim.refreshes and all(r.path and not r.force for r in env.sim.refreshes)
    assert len(env.sim.refreshes) <= len(folders)
    assert len({r.path for r in env.sim.refreshes}) == len(env.sim.refreshes)

    # only complete, verified, tagged files in the library; the quarantined one kept aside
    files = env.library_files()
    assert len(files) == 20 and all(f.suffix == ".flac" for f in files)
    for item in session["items"]:
        if item["state"] == "in_playlist":
            audio = mutagen.File(item["file"])
            assert audio.info.length > 100
            assert audio["title"] == [item["title"]] and audio["plexm8_source_id"][0].startswith("netease:")
    assert not short["file"].startswith(str(env.library_dir))
    assert mutagen.File(short["file"]).info.length < 60

    # the review list now names the downloaded tracks
    matches = env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()["matches"]
    downloaded = {i["external_id"]: i["track_key"] for i in session["items"] if i["state"] == "in_playlist"}
    for match in matches:
        if match["external_id"] in downloaded:
            assert match["track_key"] == downloaded[match["external_id"]]

    # written through sync's journalled writer, and every journal entry finished
    from plexm8.models.entities import PlaylistWrite
    writes = list(PlaylistWrite.select().where(PlaylistWrite.kind == "download"))
    assert writes and {w.status for w in writes} == {"done"} and writes[-1].mode == "append"

    # slskd 0.26+: every enqueue went through the batch endpoint
    enqueues = [path for method, path in env.slskd.requests if method == "POST" and "/transfers/" in path]
    assert enqueues and set(enqueues) == {"/api/v0/transfers/downloads/batches"}

    # a second "missing" downloads nothing
    enqueued = len(env.slskd.enqueued)
    again = env.client.post("/api/download/missing", json={"task_id": task["id"]}).get_json()["session"]
    finished = env.wait_session(again["id"])
    assert finished["total"] == 2  # only the two decoys are still unmatched
    assert len(env.slskd.enqueued) == enqueued  # the live one is never a substitute, the bad file not fetched again
    assert all(i["state"] == "failed" for i in finished["items"])
    assert len(env.library_files()) == 20


def test_a_song_plex_already_has_is_skipped_not_downloaded(loop_env):
    env = loop_env
    env.configure()
    present = PRESENT[0]
    downloads = env.app.extensions["plexm8"].downloads
    server, service = env.app.extensions["plexm8"].servers.resolve()
    env.app.extensions["plexm8"].library.refresh(server.id, service)
    response = env.client.post("/api/download/single", json={"title": present.title, "artists": list(present.artists),
                                                             "album": present.album,
                                                             "duration_ms": present.seconds * 1000})
    assert response.status_code == 202
    downloads.start()
    session = env.wait_session(response.get_json()["session"]["id"])
    item = session["items"][0]
    assert item["state"] == "skipped" and item["track_key"] == track_key(env.keys[present.number])
    assert env.slskd.search_posts == 0 and env.slskd.enqueued == []


def test_auto_download_starts_a_session_after_a_sync_and_missing_waits_for_a_running_sync(loop_env):
    env = loop_env
    env.configure(auto_download=True)
    env.app.extensions["plexm8"].downloads.start()
    response = env.client.post("/api/sync/tasks", json={"source_url": "netease:7000000001",
                                                         "playlist_title": "Night drive"})
    task = response.get_json()["task"]
    run_id = env.client.post(f"/api/sync/tasks/{task['id']}/run").get_json()["run_id"]
    early = env.client.post("/api/download/missing", json={"task_id": task["id"]})
    assert early.status_code == 409  # its unmatched list is being rebuilt
    deadline = time.monotonic() + 60
    while env.client.get(f"/api/sync/runs/{run_id}").get_json()["run"]["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    while not (sessions := env.client.get("/api/download/sessions").get_json()["sessions"]):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    session = env.wait_session(sessions[0]["id"])
    assert session["task_id"] == task["id"] and session["in_plex"] == 20
