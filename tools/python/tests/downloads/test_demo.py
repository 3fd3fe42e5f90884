"""--demo: the fake Soulseek network and a ready task let the whole loop be tried without any account."""
from __future__ import annotations

import time

from plexm8.devtools.demo import DEMO_MISSING, configure_demo_downloads, start_demo_downloads


def test_demo_task_downloads_its_missing_songs_into_the_playlist(make_app, plex_sim, tmp_path):
    demo = start_demo_downloads(plex_sim, tmp_path, transfer_s=0.1, search_s=0.02)
    try:
        app = make_app(plex_server_url=plex_sim.url, plex_token=plex_sim.token, download_poll_s=0.05)
        runtime = app.extensions["plexm8"]
        task_id = configure_demo_downloads(runtime, demo)
        client = app.test_client()
        assert client.post("/api/download/settings/test").get_json()["ok"] is True
        run = runtime.sync.run_now(task_id)
        assert (run.status, run.matched, run.unmatched) == ("succeeded", 4, len(DEMO_MISSING))
        runtime.downloads.start()
        session_id = client.post("/api/download/missing", json={"task_id": task_id}).get_json()["session"]["id"]
        deadline = time.monotonic() + 60
        while (session := client.get(f"/api/download/sessions/{session_id}").get_json()["session"])["finished_at"] \
                is None:
            assert time.monotonic() < deadline, session
            time.sleep(0.1)
        assert [i["state"] for i in session["items"]] == ["in_playlist"] * len(DEMO_MISSING)
        playlist = next(p for p in plex_sim.library.playlists.values() if p.title == "Demo: Night drive")
        assert len(playlist.items) == 4 + len(DEMO_MISSING)
    finally:
        demo.stop()
        runtime.downloads.stop()
        demo.scanner.join()
