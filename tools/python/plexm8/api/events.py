"""GET /api/events: live progress as Server-Sent Events (sync runs, index builds, downloads, log lines)."""
from __future__ import annotations

from flask import Blueprint, Response, request
from pydantic import Field

from plexm8.api.schema import Query, endpoint
from plexm8.errors import BadRequest
from plexm8.runtime import runtime
from plexm8.services.events.bus import KINDS
from plexm8.services.events.stream import parse_last_event_id, sse_stream

bp = Blueprint("events", __name__, url_prefix="/api")
FEATURES = ("events",)


class EventsQuery(Query):
    kinds: str | None = Field(default=None, max_length=100,
                              description="comma-separated kinds to receive (run, library, download, log); all when absent")


@bp.get("/events")
@endpoint("Live progress as a Server-Sent Events stream; reconnect with Last-Event-ID to get what was missed",
          tag="events", query=EventsQuery, content_type="text/event-stream")
def events(query: EventsQuery):
    """Stream events after Last-Event-ID (or from now) for a bounded time; EventSource reconnects by itself."""
    kinds: frozenset[str] | None = None
    if query.kinds:
        kinds = frozenset(k.strip() for k in query.kinds.split(",") if k.strip())
        unknown = sorted(kinds - set(KINDS))
        if unknown:
            raise BadRequest(f"Query parameter kinds: unknown kind {unknown[0]!r}; use {', '.join(KINDS)}.",
                             error="Bad query parameter")
    rt = runtime()
    last_id = parse_last_event_id(request.headers.get("Last-Event-ID"))
    stream = sse_stream(rt.events, last_id, kinds, rt.settings.events_stream_s, rt.settings.events_keepalive_s)
    response = Response(stream, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response
