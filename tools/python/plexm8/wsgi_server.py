"""The waitress server of the backend: the app's body limit, and waitress's own errors answered as JSON."""
from __future__ import annotations

import json
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

WAITRESS_MESSAGES = {
    413: "The request body is too large.",
    431: "The request headers are too large.",
}


class JsonErrorTask(ErrorTask):
    """What waitress answers by itself (a body over the limit, a malformed request) in the API's error shape."""

    def execute(self) -> None:
        error = self.request.error
        message = WAITRESS_MESSAGES.get(error.code, f"The request could not be read: {error.body}")
        body = json.dumps({"error": error.reason, "message": message}).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class JsonErrorChannel(HTTPChannel):
    """A waitress channel whose own error responses are JSON."""

    error_task_class = JsonErrorTask


def make_server(app: Any, *, host: str, port: int, threads: int, max_body_bytes: int, **options: Any) -> Any:
    """A waitress server for `app` that refuses bodies over `max_body_bytes` at once, with a JSON 413."""
    server = create_server(app, host=host, port=port, threads=threads, max_request_body_size=max_body_bytes,
                           **options)
    server.channel_class = JsonErrorChannel
    return server
