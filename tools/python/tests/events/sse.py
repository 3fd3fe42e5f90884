"""Reading a Server-Sent Events body in tests."""
from __future__ import annotations

import json


def parse_sse(text: str) -> list[dict]:
    """The events of an SSE body: [{"id", "event", "data"}] (comments and retry lines skipped)."""
    events = []
    for block in text.split("\n\n"):
        fields: dict = {}
        for line in block.splitlines():
            if line.startswith(":") or ":" not in line:
                continue
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
        if "data" in fields:
            events.append({"id": fields.get("id"), "event": fields.get("event", "message"),
                           "data": json.loads(fields["data"])})
    return events
