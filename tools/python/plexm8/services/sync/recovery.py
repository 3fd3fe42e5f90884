"""Finishing, in the background after a start, the Plex playlist writes a stopped process left half-done."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from plexm8.models.db import AppDatabase, job_connection

log = logging.getLogger(__name__)


class WriteRecovery:
    """A thread that calls `finish` (which returns how many writes are still pending) until none is left.

    While Plex is unreachable it tries again every `retry_s` seconds, until stopped.
    """

    def __init__(self, finish: Callable[[], int], db: AppDatabase, retry_s: float = 15.0) -> None:
        self._finish = finish
        self.db = db
        self.retry_s = retry_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.pending: int | None = None  # None until the first attempt

    def start(self) -> None:
        """Start finishing interrupted writes (returns at once)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="write-recovery", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop retrying; a write in progress is finished first (up to `timeout`)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def run_once(self) -> int:
        """One attempt on the calling thread; returns how many writes are still pending."""
        try:
            with job_connection(self.db):
                self.pending = self._finish()
        except Exception:
            log.exception("Finishing interrupted Plex writes failed; trying again later")
            self.pending = -1
        return self.pending

    def _loop(self) -> None:
        while not self._stop.is_set():
            if self.run_once() == 0:
                return
            self._stop.wait(self.retry_s)
