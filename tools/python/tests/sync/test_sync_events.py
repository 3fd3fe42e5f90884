"""A sync run publishes its progress, the index build and its log lines on /api/events."""
from __future__ import annotations

import time

from tests.events.sse import parse_sse
from tests.fakes.netease import CJK_PLAYLIST_ID


def test_sync_run_index_build_and_log_lines_are_published(sync_env):
    bus = sync_env.app.extensions["plexm8"].events
    start = bus.last_id()
    task = sync_env.create_task(source_url=f"netease:{CJK_PLAYLIST_ID}", playlist_title="Live")
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # "finished" is published just after the run reads as finished
        events = parse_sse(sync_env.client.get("/api/events", headers={"Last-Event-ID": str(start)})
                           .get_data(as_text=True))
        runs = [e["data"] for e in events if e["event"] == "run"]
        if runs and runs[-1]["event"] == "finished":
            break
        time.sleep(0.05)
    assert [r["event"] for r in runs][0] == "started" and runs[-1]["event"] == "finished"
    assert {r["stage"] for r in runs if r["event"] == "progress"} == {"matching", "writing"}
    assert runs[-1]["run"]["id"] == run["id"] and runs[-1]["run"]["matched"] == 8
    library = [e["data"] for e in events if e["event"] == "library"]
    assert library and library[-1]["status"] == "ready" and library[-1]["progress"]["done"] > 300
    logs = [e["data"] for e in events if e["event"] == "log"]
    assert any("Sync of 'Live'" in entry["message"] and entry["task_id"] == task["id"] for entry in logs)
