"""A background check of the default Plex server, so /api/health never waits on Plex."""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from plexm8.errors import APIError, PlexUnavailable, UpstreamTimeout
from plexm8.models.db import AppDatabase, job_connection
from plexm8.services.servers.registry import ServerRegistry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlexStatus:
    """The last known state of the default Plex server."""

    configured: bool = False
    reachable: bool = False
    server_name: str | None = None
    server_version: str | None = None
    checked_at: str | None = None
    latency_ms: float | None = None
    error: str | None = None
    server_id: int | None = None  # which stored server was checked (not shown in health)
    failure_status: int | None = None  # the HTTP status of the failure, when the check failed

    def to_dict(self) -> dict[str, Any]:
        """The `plex` object of /api/health."""
        body = asdict(self)
        del body["server_id"], body["failure_status"]
        return body


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class PlexStatusMonitor:
    """Owns a thread that checks Plex every `interval_s` seconds, or at once when asked."""

    RETRY_S = 5.0  # how soon a failed check is retried, so requests stop failing fast soon after Plex is back

    def __init__(self, registry: ServerRegistry, interval_s: float, db: AppDatabase) -> None:
        self.registry = registry
        self.db = db
        self.interval_s = interval_s
        self.hung_after_s = max(2.0, registry.settings.plex_timeout_s / 2)
        self._in_flight: tuple[int, float] | None = None  # (server id, monotonic start) of the check under way
        self._status = PlexStatus()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._checked = threading.Event()

    @property
    def status(self) -> PlexStatus:
        """The latest status (read without waiting)."""
        return self._status

    def check_now(self) -> PlexStatus:
        """Check Plex on the calling thread and record the result."""
        with job_connection(self.db):
            server = self.registry.default()
            if server is None:
                self._status = PlexStatus(configured=False, checked_at=_now())
                return self._status
            if not self._status.configured:
                self._status = PlexStatus(configured=True, error="first check in progress")
            self._in_flight = (server.id, time.monotonic())
            try:
                identity = self.registry.service_for(self.registry.connection(server)).check()
            except APIError as exc:
                self._status = PlexStatus(configured=True, reachable=False, checked_at=_now(), error=exc.message,
                                          server_id=server.id, failure_status=exc.status)
            else:
                self._status = PlexStatus(
                    configured=True,
                    reachable=True,
                    server_name=identity.name,
                    server_version=identity.version,
                    checked_at=_now(),
                    latency_ms=round(identity.latency_ms, 1),
                    server_id=server.id,
                )
            finally:
                self._in_flight = None
        return self._status

    def failure(self, server_id: int) -> APIError | None:
        """The error a request to this server should fail with at once, when the monitor knows Plex is down or hung."""
        in_flight = self._in_flight
        if in_flight is not None and in_flight[0] == server_id:
            waited = time.monotonic() - in_flight[1]
            if waited >= self.hung_after_s:
                return UpstreamTimeout(
                    f"Plex has not answered the status check for {waited:.0f} s; it looks hung. "
                    "Try again when it answers (GET /api/health shows its state).",
                    error="Plex not answering",
                )
        status = self._status
        if status.server_id == server_id and not status.reachable and status.failure_status in (503, 504):
            error = PlexUnavailable if status.failure_status == 503 else UpstreamTimeout
            return error(f"{status.error} (checked at {status.checked_at}; retried every {self.RETRY_S:g} s)")
        return None

    def trigger(self) -> None:
        """Ask the thread for a check now (after the servers changed); requests stop failing fast meanwhile."""
        self._status = PlexStatus(configured=self._status.configured, error="check in progress")
        self._wake.set()

    def wait_for_check(self, timeout: float) -> bool:
        """Block until the thread completed at least one check (for start-up and tests)."""
        return self._checked.wait(timeout)

    def start(self) -> None:
        """Start the checking thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="plex-status", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the thread; a check in flight is abandoned (it is a daemon and ends by its timeout)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        """Whether the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.check_now()
            except Exception:  # the loop must outlive any bug in a check
                log.exception("Plex status check failed")
            self._checked.set()
            reachable = self._status.reachable or not self._status.configured
            self._wake.wait(self.interval_s if reachable else min(self.interval_s, self.RETRY_S))
