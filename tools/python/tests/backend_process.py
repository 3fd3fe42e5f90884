"""Run `python app.py` as a user does, in its own process, for tests that need the real server."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import requests

APP = Path(__file__).resolve().parents[1] / "app.py"


def backend_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a backend with its own data folder and none of the caller's Plex settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLEX", "PORT", "HOST", "CORS", "LOG_LEVEL"))}
    env.update({"PLEXM8_DATA_DIR": str(tmp_path / "data"), "PLEXAPI_CONFIG_PATH": str(tmp_path / "none.ini")})
    env.update(extra)
    return env


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_backend(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run app.py to its end (for start-up failures)."""
    return subprocess.run([sys.executable, str(APP), *args], env=backend_env(tmp_path, **env),
                          capture_output=True, text=True, timeout=60)


@contextlib.contextmanager
def running_backend(tmp_path: Path, **env: str) -> Iterator[str]:
    """Start app.py on a free port, wait for /api/health, yield the base URL, then stop it."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(APP), "--port", str(port)], env=backend_env(tmp_path, **env),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/api/health", timeout=2)
                break
            except requests.RequestException:
                assert process.poll() is None, process.stderr.read() if process.stderr else "exited"
                assert time.monotonic() < deadline, "the backend did not answer /api/health"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
