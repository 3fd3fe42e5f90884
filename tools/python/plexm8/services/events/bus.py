"""An in-process event bus: a bounded ring of events with increasing ids, and a cap on the streams reading it."""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

KINDS = ("run", "library", "download", "log")


@dataclass(frozen=True)
class Event:
    """One published change."""

    id: int
    kind: str
    data: dict[str, Any]

    def to_sse(self) -> str:
        """The event as a Server-Sent Events message."""
        payload = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"), default=str)
        return f"id: {self.id}\nevent: {self.kind}\ndata: {payload}\n\n"


class EventBus:
    """Publishers append events; readers wait for the ones after an id. Never blocks a publisher for long."""

    def __init__(self, capacity: int = 2000, max_streams: int = 4) -> None:
        self.capacity = capacity
        self.max_streams = max_streams
        # Ids continue across restarts (they start at the clock in ms), so a browser's Last-Event-ID from
        # before a restart reads as "older than the buffer" and is answered with a gap, not with silence.
        self._last = int(time.time() * 1000)
        self._events: deque[Event] = deque(maxlen=capacity)
        self._cond = threading.Condition(threading.Lock())
        self._streams = 0
        self._closed = False

    def publish(self, kind: str, data: dict[str, Any]) -> int:
        """Append an event and wake every waiting reader; returns its id."""
        with self._cond:
            self._last += 1
            event = Event(self._last, kind, data)
            self._events.append(event)
            self._cond.notify_all()
        return event.id

    def last_id(self) -> int:
        """The id of the newest event (one below the next id when there is none)."""
        with self._cond:
            return self._last

    def since(self, last_id: int | None) -> tuple[list[Event], bool]:
        """Events after `last_id` still in the buffer, and whether some after it were already dropped."""
        with self._cond:
            return self._after(last_id)

    def _after(self, last_id: int | None) -> tuple[list[Event], bool]:
        if last_id is None or not self._events:
            return [], False
        oldest = self._events[0].id
        if last_id < oldest - 1:
            return list(self._events), True
        if last_id >= self._events[-1].id:
            return [], False
        return [e for e in self._events if e.id > last_id], False

    def wait(self, last_id: int, timeout: float) -> tuple[list[Event], bool]:
        """Like `since`, but waits up to `timeout` seconds for something new."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                events, gap = self._after(last_id)
                remaining = deadline - time.monotonic()
                if events or self._closed or remaining <= 0:
                    return events, gap
                self._cond.wait(remaining)

    def acquire_stream(self) -> bool:
        """Take one of `max_streams` slots; False when none is free (or the bus is closed)."""
        with self._cond:
            if self._streams >= self.max_streams or self._closed:
                return False
            self._streams += 1
            return True

    def release_stream(self) -> None:
        """Give back a slot taken by acquire_stream."""
        with self._cond:
            self._streams = max(0, self._streams - 1)

    @property
    def open_streams(self) -> int:
        """How many streams are being served."""
        return self._streams

    def close(self) -> None:
        """Wake and end every stream (at shutdown)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        """Whether the bus was closed."""
        return self._closed
