"""One search in flight at a time, at most N per minute, and backoff when the service answers 429."""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable


class SearchGate:
    """Serialises searches and spaces them: a sliding one-minute window, plus a pause after a 429."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.per_minute = max(1, per_minute)
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()  # held for the whole search: one in flight
        self._started: deque[float] = deque()
        self._paused_until = 0.0
        self._backoff = 0.0

    def __enter__(self) -> "SearchGate":
        self._lock.acquire()
        while True:
            now = self._clock()
            while self._started and now - self._started[0] >= 60.0:
                self._started.popleft()
            wait = max(self._paused_until - now,
                       (self._started[0] + 60.0 - now) if len(self._started) >= self.per_minute else 0.0)
            if wait <= 0:
                break
            self._sleep(min(wait, 1.0))
        self._started.append(self._clock())
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def exclusive(self) -> threading.Lock:
        """The lock alone (no spacing): for other requests that must not overlap a search, e.g. an enqueue."""
        return self._lock

    def throttled(self, retry_after: float | None = None) -> float:
        """Record a 429: pause all searches (doubling each time, from Retry-After or 1 s); returns the pause."""
        self._backoff = min(60.0, max(retry_after or 0.0, self._backoff * 2 or 1.0))
        self._paused_until = self._clock() + self._backoff
        return self._backoff

    def pause_remaining(self) -> float:
        """Seconds left of the pause after a 429."""
        return max(0.0, self._paused_until - self._clock())

    def succeeded(self) -> None:
        """A request went through: the backoff starts over."""
        self._backoff = 0.0
