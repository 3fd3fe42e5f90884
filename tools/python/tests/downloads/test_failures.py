"""A hostile network: 429s, rejected, timed-out, errored and stalled transfers; cancel and retry."""
from __future__ import annotations

import time

from .conftest import MISSING, share


def test_429_rejects_and_stalls_end_with_every_song_placed_one_search_at_a_time(loop_env):
    env = loop_env
    # faster peers that will fail are tried first for half of the songs; the honest copy is the fallback
    behaviours = ["reject", "stall", "timeout", "error"]
    for n, song in enumerate(MISSING[:8]):
        share(env.slskd, song, user=f"bad{n}", behaviour=behaviours[n % 4], speed=90_000_000)
    env.slskd.answer_429 = 3
    env.configure()
    task = env.task()
    env.app.extensions["plexm8"].downloads.start()
    session_id = env.client.post("/api/download/missing", json={"task_id": task["id"]}).get_json()["session"]["id"]
    session = env.wait_session(session_id, timeout=120)
    states = {i["title"]: i for i in session["items"]}
    assert [states[s.title]["state"] for s in MISSING] == ["in_playlist"] * 20
    assert env.slskd.max_searches_in_flight == 1
    assert env.slskd.answer_429 == 0  # every 429 was met and the client came back after it
    # each of the eight first tried the failing peer, then the good one
    tried_bad = [f for f in env.slskd.enqueued if "@@bad" in f]
    assert len(tried_bad) == 8
    assert all(states[s.title]["attempts"] == 0 for s in MISSING)
    stalled = [t for t in env.slskd.transfers.values() if t.file.behaviour == "stall"]
    assert stalled == [] or all(t.cancelled for t in stalled)  # a stalled transfer is cancelled on slskd


def test_cancel_keeps_what_finished_and_retry_brings_an_item_back(loop_env):
    env = loop_env
    env.slskd.transfer_s = 0.6
    env.configure(max_concurrent=1)
    task = env.task()
    downloads = env.app.extensions["plexm8"].downloads
    downloads.start()
    session_id = env.client.post("/api/download/missing", json={"task_id": task["id"]}).get_json()["session"]["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        session = env.client.get(f"/api/download/sessions/{session_id}").get_json()["session"]
        if sum(1 for i in session["items"] if i["state"] in ("placed", "scanning", "in_plex", "in_playlist")) >= 2:
            break
        time.sleep(0.05)
    cancelled = env.client.post(f"/api/download/sessions/{session_id}/cancel").get_json()["session"]
    assert cancelled["status"] == "cancelled"
    session = env.wait_session(session_id)
    finished = [i for i in session["items"] if i["state"] == "in_playlist"]
    assert len(finished) >= 2
    assert all(i["state"] in ("in_playlist", "cancelled", "failed", "quarantined") for i in session["items"])
    files = env.library_files()
    assert len(files) == len(finished) and all(f.suffix == ".flac" for f in files)

    item = next(i for i in session["items"] if i["state"] == "cancelled")
    response = env.client.post(f"/api/download/items/{item['id']}/retry")
    assert response.status_code == 200 and response.get_json()["item"]["state"] == "queued"
    assert env.client.post(f"/api/download/items/{finished[0]['id']}/retry").status_code == 409
    again = env.wait_session(session_id)
    assert next(i for i in again["items"] if i["id"] == item["id"])["state"] == "in_playlist"
