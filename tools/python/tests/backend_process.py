"""Run `python app.py` as a user does, in its own process, for tests that need the real server."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

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


class BackendProcess:
    """app.py in its own process on one data folder, that a test can start, kill -9 and start again."""

    def __init__(self, tmp_path: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # its own data folder: not the one the in-process app fixtures use (tmp_path / "data")
        self.env = backend_env(tmp_path, **{"PLEXM8_DATA_DIR": str(tmp_path / "backend-data"), **env})
        self.log = tmp_path / f"backend-{self.port}.log"  # its stderr (a pipe nobody reads could fill and stall it)
        self.process: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> None:
        """Start it; with `wait`, until /api/health answers (failing with its log if it exits first)."""
        with self.log.open("a", encoding="utf-8") as log:
            self.process = subprocess.Popen([sys.executable, str(APP), "--port", str(self.port)], env=self.env,
                                            stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 60
        while wait:
            try:
                requests.get(f"{self.url}/api/health", timeout=2)
                return
            except requests.RequestException:
                assert self.process.poll() is None, self.log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "the backend did not answer /api/health"
                time.sleep(0.1)

    def kill9(self) -> None:
        """SIGKILL: no clean-up of any kind, as a crash or a power cut."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop it as Ctrl-C would, if it runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One HTTP request to it."""
        return requests.request(method, self.url + path, timeout=120, **kwargs)


@contextlib.contextmanager
def running_backend(tmp_path: Path, **env: str) -> Iterator[str]:
    """Start app.py on a free port, wait for /api/health, yield the base URL, then stop it."""
    backend = BackendProcess(tmp_path, **env)
    try:
        backend.start()
        yield backend.url
    finally:
        backend.stop()
