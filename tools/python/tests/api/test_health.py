"""GET /api/health answers from memory, fast, whatever Plex is doing."""
from __future__ import annotations

import threading
import time

import requests
from waitress.server import create_server

from tests.blackhole import BlackHoleServer
from tests.waitress_server import stop


def test_health_shape_without_plex(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["app"] == "plexm8"
    assert body["backend"] == "python-plexapi" and body["plex_api_version"] == "4.18.3"
    assert body["version"] and body["timestamp"].endswith("Z")
    assert isinstance(body["features"], list)
    assert body["plex"]["configured"] is False and body["plex"]["reachable"] is False
    assert set(body["plex"]) >= {"configured", "reachable", "server_name", "server_version", "checked_at"}
    assert body["scheduler"] == {"running": False, "jobs": 0}  # nothing started, nothing scheduled
    assert body["api_token_required"] is False


def _serve(app):
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def test_health_stays_fast_while_plex_black_holes_requests(make_app):
    with BlackHoleServer() as hole:
        app = make_app(plex_server_url=hole.url, plex_token="tok-blackhole-1", plex_timeout_s=3.0)
        runtime = app.extensions["plexm8"]
        runtime.start_workers()
        server, base = _serve(app)
        try:
            assert hole.accepted.wait(5), "the background check should be connecting to the black hole"
            timings = []
            for _ in range(20):
                started = time.perf_counter()
                response = requests.get(f"{base}/api/health", timeout=2)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
                assert response.json()["plex"]["configured"] is True
                assert response.json()["plex"]["reachable"] is False
            assert max(timings) < 100, timings
            # once the check times out, health says why
            assert runtime.plex_status.wait_for_check(6)
            assert "did not answer" in requests.get(f"{base}/api/health", timeout=2).json()["plex"]["error"]
        finally:
            stop(server)
            runtime.stop_workers()
