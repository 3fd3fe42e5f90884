"""`python app.py` as a user runs it: serves, refuses bad settings, explains a busy port."""
from __future__ import annotations

import socket
import subprocess
import sys
import time

import requests

from .backend_process import APP, backend_env, free_port


def test_bad_port_stops_start_up_naming_the_variable(tmp_path):
    result = subprocess.run(
        [sys.executable, str(APP)], env=backend_env(tmp_path, PORT="fifty"), capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "PORT" in result.stderr and "Traceback" not in result.stderr


def test_busy_port_exits_with_a_one_line_reason(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(APP), "--port", str(port)], env=backend_env(tmp_path), capture_output=True, text=True,
            timeout=60,
        )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "already in use" in lines[0] and str(port) in lines[0]


def test_port_5000_hint_mentions_airplay():
    from plexm8.serve import port_in_use_message

    assert "AirPlay" in port_in_use_message("127.0.0.1", 5000)
    assert "AirPlay" not in port_in_use_message("127.0.0.1", 5050)


def test_serves_health_with_waitress(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(APP), "--port", str(port)], env=backend_env(tmp_path), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    try:
        body = _wait_for_health(port)
        assert body["status"] == "ok" and body["plex"]["configured"] is False
        server_header = requests.get(f"http://127.0.0.1:{port}/api/health", timeout=5).headers.get("Server", "")
        assert "waitress" in server_header
    finally:
        process.terminate()
    assert process.wait(timeout=20) == 0  # SIGTERM stops the backend cleanly


def _wait_for_health(port: int, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return requests.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json()
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError("the backend did not answer /api/health")


def test_demo_mode_serves_a_reachable_simulated_plex_without_touching_user_settings(tmp_path):
    port = free_port()
    user_data = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, str(APP), "--demo", "--port", str(port)],
        env=backend_env(tmp_path, PLEX_SERVER_URL="http://10.9.9.9:32400", PLEX_TOKEN="users-real-token"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            body = _wait_for_health(port)
            if body["plex"]["checked_at"]:
                break
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert body["plex"]["reachable"] is True, body
        assert body["plex"]["server_name"] == "PlexM8 Demo"
        servers = requests.get(f"http://127.0.0.1:{port}/api/settings/servers", timeout=5).json()["servers"]
        assert "10.9.9.9" not in servers[0]["url"]
        state = requests.post(f"http://127.0.0.1:{port}/api/sync/library/refresh", json={}, timeout=60).json()
        assert state["track_count"] == 2000
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert not (user_data / "plexm8.db").exists()
