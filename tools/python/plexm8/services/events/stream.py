"""The Server-Sent Events stream of an EventBus: replay after Last-Event-ID, keep-alives, a bounded lifetime."""
from __future__ import annotations

import json
import time
from typing import Iterator

from plexm8.services.events.bus import EventBus

RETRY_MS = 2000
BUSY_RETRY_MS = 15000


def parse_last_event_id(raw: str | None) -> int | None:
    """The numeric Last-Event-ID, or None when absent or not ours."""
    if raw is None:
        return None
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def sse_stream(
    bus: EventBus,
    last_id: int | None,
    kinds: frozenset[str] | None,
    duration_s: float,
    keepalive_s: float,
) -> Iterator[str]:
    """Yield SSE text until `duration_s` has passed; the browser then reconnects with Last-Event-ID."""
    if not bus.acquire_stream():
        # Answered, not refused: EventSource gives up for good on an error status, but retries after this.
        yield f"retry: {BUSY_RETRY_MS}\n: busy, too many open streams; reconnect later\n\n"
        return
    try:
        yield f"retry: {RETRY_MS}\n: connected\n\n"
        cursor = bus.last_id() if last_id is None else last_id
        now = time.monotonic()
        deadline, quiet_since = now + duration_s, now
        events, gap = bus.since(cursor)
        while True:
            if gap:
                yield "event: gap\ndata: " + json.dumps({"after": cursor}) + "\n\n"
            if events:
                cursor = events[-1].id
                text = "".join(e.to_sse() for e in events if kinds is None or e.kind in kinds)
                if text:
                    yield text
                    quiet_since = time.monotonic()
            now = time.monotonic()
            if now - quiet_since >= keepalive_s:
                yield ": keep-alive\n\n"
                quiet_since = now
            remaining = deadline - now
            if remaining <= 0 or bus.closed:
                break
            events, gap = bus.wait(cursor, min(keepalive_s - (now - quiet_since), remaining))
    finally:
        bus.release_stream()
