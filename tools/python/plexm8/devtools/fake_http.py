"""A minimal threaded JSON HTTP server that the fake download backends (slskd, songapi) build on."""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class Answer:
    """A status, a body (JSON value or bytes) and headers."""

    def __init__(self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None,
                 content_type: str | None = None) -> None:
        self.status, self.body, self.headers, self.content_type = status, body, headers or {}, content_type

    def encoded(self) -> tuple[bytes, str]:
        """Body bytes and content type."""
        if isinstance(self.body, bytes):
            return self.body, self.content_type or "application/octet-stream"
        if self.body is None:
            return b"", self.content_type or "application/json"
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"


class Call:
    """One request as a route handler sees it."""

    def __init__(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                 body: bytes, groups: dict[str, str]) -> None:
        self.method, self.path, self.query, self.headers, self.body, self.groups = (
            method, path, query, headers, body, groups)

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first query value of `name`."""
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        """The JSON body (None when empty or malformed)."""
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


Route = tuple[str, "re.Pattern[str]", Callable[[Call], Answer]]


class FakeHTTPServer:
    """Serves registered routes on 127.0.0.1:<port> from a daemon thread; counts requests per route."""

    def __init__(self, port: int = 0) -> None:
        self.routes: list[Route] = []
        self.requests: list[tuple[str, str]] = []
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.lock = threading.RLock()

    def route(self, method: str, pattern: str, handler: Callable[[Call], Answer]) -> None:
        """Answer `method` requests whose path fully matches `pattern` (named groups become call.groups)."""
        self.routes.append((method, re.compile(pattern), handler))

    @property
    def url(self) -> str:
        """Base URL once started."""
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeHTTPServer":
        """Serve in the background; returns self."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                answer = fake.dispatch(self.command, parts.path, parse_qs(parts.query),
                                       {k: v for k, v in self.headers.items()}, body)
                data, content_type = answer.encoded()
                self.send_response(answer.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"{type(self).__name__}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeHTTPServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def dispatch(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                 body: bytes) -> Answer:
        """Route one request (also callable directly)."""
        with self.lock:
            self.requests.append((method, path))
        for route_method, pattern, handler in self.routes:
            found = pattern.fullmatch(path)
            if found and route_method == method:
                try:
                    return handler(Call(method, path, query, headers, body, found.groupdict()))
                except Exception as exc:  # a fake's bug must show up as a 500, not a hung client
                    return Answer(500, {"error": repr(exc)})
        return Answer(404, {"error": f"no route {method} {path}"})
