"""GET /api/events: Server-Sent Events of runs, index builds and log lines, replay after Last-Event-ID, bounded."""
from __future__ import annotations

import json
import logging
import threading
import time

import requests
from plexm8.services.events.bus import EventBus
from waitress import create_server

from tests.events.sse import parse_sse
from tests.waitress_server import stop

TOKEN = "a-long-enough-api-token-1234"


def test_bus_ids_increase_and_a_client_behind_the_buffer_is_told_of_the_gap():
    bus = EventBus(capacity=3)
    ids = [bus.publish("log", {"n": n}) for n in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    events, gap = bus.since(ids[2])
    assert [e.data["n"] for e in events] == [3, 4] and not gap
    events, gap = bus.since(ids[0])
    assert [e.data["n"] for e in events] == [2, 3, 4] and gap
    assert bus.since(ids[4]) == ([], False)


def test_stream_replays_what_came_after_last_event_id(client, app):
    bus = app.extensions["plexm8"].events
    first = bus.publish("download", {"item": 1, "state": "queued"})
    bus.publish("download", {"item": 1, "state": "searching"})
    bus.publish("run", {"event": "started"})
    response = client.get("/api/events", headers={"Last-Event-ID": str(first)})
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    assert body.startswith("retry: ")
    events = parse_sse(body)
    assert [(e["event"], e["data"]) for e in events] == [
        ("download", {"item": 1, "state": "searching"}), ("run", {"event": "started"})]
    assert int(events[0]["id"]) > first

    only_runs = client.get("/api/events?kinds=run", headers={"Last-Event-ID": str(first)})
    assert [e["event"] for e in parse_sse(only_runs.get_data(as_text=True))] == ["run"]
    bad = client.get("/api/events?kinds=run,nope")
    assert bad.status_code == 400 and "nope" in bad.get_json()["message"]


def test_a_new_client_gets_only_what_happens_after_it_connected(client, app):
    bus = app.extensions["plexm8"].events
    bus.publish("log", {"message": "old"})
    assert parse_sse(client.get("/api/events").get_data(as_text=True)) == []


def test_stream_needs_the_api_token_like_every_other_call(make_app):
    app = make_app(api_token=TOKEN)
    client = app.test_client()
    assert client.get("/api/events").status_code == 401
    assert client.get("/api/events?token=" + TOKEN).status_code == 401  # never a token in the URL
    assert client.get("/api/events", headers={"X-PlexM8-Token": TOKEN}).status_code == 200


def test_log_lines_are_masked_on_the_stream(make_app):
    app = make_app(plex_token="secret-plex-token-value", plex_server_url="http://127.0.0.1:9")
    bus = app.extensions["plexm8"].events
    start = bus.last_id()
    logging.getLogger("plexm8.test").warning("token is secret-plex-token-value here")
    events = parse_sse(app.test_client().get("/api/events", headers={"Last-Event-ID": str(start)})
                       .get_data(as_text=True))
    messages = [e["data"]["message"] for e in events if e["event"] == "log"]
    assert messages and all("secret-plex-token-value" not in m for m in messages)


def _serve(app):
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def test_over_waitress_events_arrive_at_once_streams_end_and_are_capped(make_app):
    app = make_app(events_stream_s=3.0, events_keepalive_s=0.5, events_max_streams=1)
    bus = app.extensions["plexm8"].events
    server, url = _serve(app)
    try:
        with requests.get(url + "/api/events", stream=True, timeout=10) as stream:
            lines = stream.iter_lines(decode_unicode=True)
            assert next(lines).startswith("retry:")
            # the only slot is taken: a second stream is told to come back later, and the server still answers
            busy = requests.get(url + "/api/events", timeout=5)
            assert busy.status_code == 200 and "busy" in busy.text and "retry: 15000" in busy.text
            assert requests.get(url + "/api/health", timeout=5).status_code == 200
            sent = time.monotonic()
            bus.publish("download", {"item": 7, "state": "in_playlist"})
            seen = []
            for line in lines:
                seen.append(line)
                if line.startswith("data:"):
                    break
            assert time.monotonic() - sent < 1.0  # not held in a buffer
            assert "event: download" in seen and json.loads(seen[-1][5:]) == {"item": 7, "state": "in_playlist"}
            began = time.monotonic()
            rest = list(lines)  # the server ends the response by itself
            assert time.monotonic() - began < 5
            assert ": keep-alive" in rest
        deadline = time.monotonic() + 3
        while bus.open_streams and time.monotonic() < deadline:
            time.sleep(0.05)
        assert bus.open_streams == 0  # the slot is free again
    finally:
        stop(server)
