"""A small threaded HTTP server for tests: routes, a request log and scriptable failures."""
from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

BLACK_HOLE_MAX_S = 30.0


@dataclass
class Reply:
    """What the fake answers: a status, a body (bytes, str or JSON value), headers, an optional delay.

    ``black_hole`` holds the connection open without answering (until the server stops).
    """

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str | None = None
    black_hole: bool = False

    def encoded(self) -> tuple[bytes, str]:
        """The body bytes and their content type."""
        if isinstance(self.body, bytes):
            return self.body, self.content_type or "application/octet-stream"
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), self.content_type or "text/plain; charset=utf-8"
        text = json.dumps(self.body, ensure_ascii=False)
        return text.encode("utf-8"), self.content_type or "application/json; charset=utf-8"


@dataclass
class RecordedRequest:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first query-string value of ``name``."""
        values = self.query.get(name)
        return values[0] if values else default

    def form(self) -> dict[str, str]:
        """The urlencoded form body (first value per field)."""
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8")).items()}

    def json(self) -> Any:
        """The JSON body."""
        return json.loads(self.body or b"null")

    def header(self, name: str) -> str | None:
        """A request header, case-insensitively."""
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


Handler = Callable[[RecordedRequest, "re.Match[str]"], Reply]


_Fake = TypeVar("_Fake", bound="FakeServer")

class FakeServer:
    """ThreadingHTTPServer on 127.0.0.1:<free port>; subclasses register routes in ``__init__``."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.delay = 0.0  # added to every answer
        self.black_hole = False  # when True, no request is ever answered
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._scripts: dict[tuple[str, str], deque[Reply]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- configuration -------------------------------------------------------------------------
    def route(self, method: str, pattern: str, handler: Handler) -> None:
        """Answer ``method`` requests whose path fully matches the regex ``pattern`` with ``handler``."""
        self._routes.append((method.upper(), re.compile(pattern), handler))

    def script(self, method: str, path: str, *replies: Reply) -> None:
        """Answer the next requests to exactly ``path`` with ``replies``, in order, before the normal route."""
        with self._lock:
            self._scripts.setdefault((method.upper(), path), deque()).extend(replies)

    def requests_to(self, path_pattern: str, method: str | None = None) -> list[RecordedRequest]:
        """Logged requests whose path fully matches ``path_pattern``."""
        pattern = re.compile(path_pattern)
        with self._lock:
            return [r for r in self.requests if pattern.fullmatch(r.path) and (method is None or r.method == method)]

    # -- life cycle ----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    def start(self: _Fake) -> _Fake:
        """Start serving in a daemon thread."""
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self)

            do_POST = do_HEAD = do_PUT = do_DELETE = do_GET

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name=type(self).__name__, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release black-holed connections and stop the server."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self: _Fake) -> _Fake:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request handling ----------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        request = RecordedRequest(
            method=handler.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=dict(handler.headers.items()),
            body=handler.rfile.read(length) if length else b"",
        )
        with self._lock:
            self.requests.append(request)
            scripted = self._scripts.get((request.method, request.path))
            reply = scripted.popleft() if scripted else None
        if reply is None:
            reply = self._route(request)
        if self.black_hole or reply.black_hole:
            self._stopping.wait(BLACK_HOLE_MAX_S)
            return
        if reply.delay or self.delay:
            self._stopping.wait(reply.delay + self.delay)
        body, content_type = reply.encoded()
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Connection", "close")
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            if request.method != "HEAD":
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) before the answer

    def _route(self, request: RecordedRequest) -> Reply:
        for method, pattern, handler in self._routes:
            if method != request.method and not (request.method == "HEAD" and method == "GET"):
                continue
            match = pattern.fullmatch(request.path)
            if match:
                return handler(request, match)
        return Reply(404, {"error": f"fake: no route for {request.method} {request.path}"})
