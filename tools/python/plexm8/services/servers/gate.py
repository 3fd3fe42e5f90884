"""Bounded concurrency for requests that need Plex, so a slow or hung Plex can never take every server thread."""
from __future__ import annotations

import threading

from plexm8.errors import APIError


class PlexBusy(APIError):
    """Every Plex slot is taken: the caller should retry shortly."""

    status, error = 503, "Plex busy"


class PlexGate:
    """At most `slots` Plex-bound requests at once and `waiters` more waiting up to `wait_s` for one; the rest get 503.

    Waiting requests hold a server thread too, so slots + waiters stays below the server's thread count and
    health, the UI's files and store-only requests always find a free thread.
    """

    def __init__(self, slots: int, waiters: int, wait_s: float) -> None:
        self.slots = max(1, slots)
        self.waiters = max(0, waiters)
        self.wait_s = wait_s
        self._slots = threading.BoundedSemaphore(self.slots)
        self._waiting = threading.BoundedSemaphore(self.waiters) if self.waiters else None
        self._count_lock = threading.Lock()
        self._in_use = 0

    @classmethod
    def for_threads(cls, threads: int, wait_s: float = 1.0) -> "PlexGate":
        """A gate for a server with `threads` threads: half for Plex, two kept free for everything else."""
        slots = max(1, threads // 2)
        return cls(slots, max(0, threads - slots - 2), wait_s)

    @property
    def in_use(self) -> int:
        """How many slots are taken now."""
        return self._in_use

    def acquire(self) -> None:
        """Take a slot, waiting briefly when a waiting place is free; PlexBusy otherwise."""
        if not self._slots.acquire(blocking=False):
            if self._waiting is None or not self._waiting.acquire(blocking=False):
                raise self._busy()
            try:
                if not self._slots.acquire(timeout=self.wait_s):
                    raise self._busy()
            finally:
                self._waiting.release()
        with self._count_lock:
            self._in_use += 1

    def release(self) -> None:
        """Give a slot back."""
        with self._count_lock:
            self._in_use -= 1
        self._slots.release()

    def _busy(self) -> PlexBusy:
        return PlexBusy(
            f"{self.slots} requests are already waiting on Plex; try again in a moment "
            "(if this persists, Plex is slow: check the server).",
        )
