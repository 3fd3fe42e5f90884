"""The songapi backend: songs fetched by the source's own id at the chosen quality, tagged with the cover."""
from __future__ import annotations

import json

import mutagen

from tests.events.sse import parse_sse
from tests.fakes.netease import song_id

from .conftest import LIVE_ONLY, MISSING


def test_songapi_downloads_by_netease_id_and_the_loop_reports_every_step_live(loop_env):
    env = loop_env
    for song in MISSING:
        env.songapi.add("netease", str(song_id(song)), song.title, song.artists[0], song.album, song.seconds)
    env.songapi.answer_429 = 2
    env.configure(backend="songapi", base_url=env.songapi.url, api_key="")
    task = env.task()
    bus = env.app.extensions["plexm8"].events
    start = bus.last_id()
    env.app.extensions["plexm8"].downloads.start()
    session_id = env.client.post("/api/download/missing", json={"task_id": task["id"]}).get_json()["session"]["id"]
    session = env.wait_session(session_id)
    states = {i["title"]: i for i in session["items"]}
    assert [states[s.title]["state"] for s in MISSING] == ["in_playlist"] * 20
    assert states[LIVE_ONLY.title]["state"] == "failed"
    lookups = [path for method, path in env.songapi.requests if path == "/v2/music/netease"]
    assert lookups  # by id, with the lossless code
    first = states[MISSING[0].title]
    audio = mutagen.File(first["file"])
    assert audio["plexm8_source_id"] == [f"netease:{song_id(MISSING[0])}"] and audio.pictures
    assert first["candidate"]["source"] == "songapi"

    events = parse_sse(env.client.get("/api/events?kinds=download", headers={"Last-Event-ID": str(start)})
                       .get_data(as_text=True))
    seen = [e["data"]["item"]["state"] for e in events if e["data"]["type"] == "item"
            and e["data"]["item"]["id"] == first["id"]]
    order = ["searching", "downloading", "verifying", "placed", "scanning", "in_plex", "in_playlist"]
    assert [s for s in dict.fromkeys(seen) if s in order] == order
    sessions = [e["data"]["session"] for e in events if e["data"]["type"] == "session"]
    assert sessions[-1]["status"] == "completed" and sessions[-1]["in_plex"] == 20
    assert json.dumps(events).count("api_key") == 0
