"""A simulated Plex Media Server on 127.0.0.1 that the real plexapi client talks to.

It serves the routes of ``plex_routes.ROUTES`` (checked against the reference OpenAPI spec) over a
``Library``, answers XML the way Plex does, checks the token on every non-public route, and can
add latency, count requests or go offline for tests and benchmarks.
"""
from __future__ import annotations

import hmac
import logging
import re
import socket
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, unquote, urlsplit

from plexm8.devtools import media_query as mq
from plexm8.devtools.library_handlers import SectionRefresh
from plexm8.devtools.playlist_handlers import playlist_tracks
from plexm8.devtools.plex_http import PlexError, Request, Response, error_response
from plexm8.devtools.plex_routes import find_route
from plexm8.devtools.plex_xml import PlexXml
from plexm8.devtools.sample_library import Library, SimPlaylist, generate_library

log = logging.getLogger(__name__)

_TOKEN_IN_QUERY = re.compile(r"(X-Plex-Token=)[^&]*", re.IGNORECASE)
_REQUEST_LOG_SIZE = 10_000
_QUERY_CACHE_SIZE = 64


class PlexSimulator:
    """A Plex Media Server simulator serving one music library section over HTTP."""

    def __init__(self, library: Library | None = None, *, token: str = "sim-token", latency_ms: float = 0.0,
                 host: str = "127.0.0.1", port: int = 0, server_name: str = "PlexM8 Simulator",
                 version: str = "1.41.0.8994-f2c27da23", machine_identifier: str = "plexm8-sim-0001") -> None:
        self.token = token
        self.latency_ms = latency_ms
        self.host = host
        self.port = port
        self.server_name = server_name
        self.version = version
        self.machine_identifier = machine_identifier
        self.section_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"plexm8-sim/{machine_identifier}/section"))
        self._query_cache: OrderedDict[tuple, list] = OrderedDict()
        self.library = library if library is not None else generate_library(300, seed=0)
        self.created_at = self.library.clock()
        self.refreshes: list[SectionRefresh] = []
        self.on_refresh: Callable[[SectionRefresh], None] | None = None  # e.g. add the downloaded file
        self.on_request: Callable[[str, str], None] | None = None  # tests: change state as a request arrives
        self.activities: dict[str, dict[str, object]] = {}  # uuid → activity (GET /activities)
        self.activity_lock = threading.Lock()
        self._lock = threading.Lock()
        self._request_count = 0
        self._requests: deque[tuple[str, str]] = deque(maxlen=_REQUEST_LOG_SIZE)
        self._server: _SimHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._offline = False

    @property
    def library(self) -> Library:
        """The library served; assigning another one swaps it in (caches are rebuilt)."""
        return self._library

    @library.setter
    def library(self, library: Library) -> None:
        self._library = library
        self.xml = PlexXml(library, self.section_uuid)
        self._query_cache.clear()

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321`` (the port is known once started)."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> PlexSimulator:
        """Serve on a background thread; returns self."""
        if self._server is not None:
            return self
        self._server = _SimHTTPServer((self.host, self.port), _Handler, self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"plex-simulator:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join(timeout=5)

    def set_offline(self, offline: bool = True) -> None:
        """Refuse connections (like a Plex server that is down) or come back on the same port."""
        if offline and not self._offline:
            self._offline = True
            self.stop()
        elif not offline and self._offline:
            self._offline = False
            self.start()

    @property
    def offline(self) -> bool:
        """True while ``set_offline(True)`` is in effect."""
        return self._offline

    def __enter__(self) -> PlexSimulator:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- counters ----------------------------------------------------------------------------

    @property
    def request_count(self) -> int:
        """Number of HTTP requests received since start or ``reset_counters()``."""
        with self._lock:
            return self._request_count

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(method, path with query) of the last 10,000 requests, tokens masked."""
        with self._lock:
            return list(self._requests)

    def reset_counters(self) -> None:
        """Zero ``request_count`` and clear ``requests`` and ``refreshes``."""
        with self._lock:
            self._request_count = 0
            self._requests.clear()
            self.refreshes.clear()

    # -- serving -----------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str]) -> Response:
        """Answer one request (counted, delayed by ``latency_ms``, then dispatched)."""
        with self._lock:
            self._request_count += 1
            self._requests.append((method, _TOKEN_IN_QUERY.sub(r"\1***", target)))
        if self.on_request is not None:
            self.on_request(method, target)
        if self.latency_ms > 0:
            time.sleep(self.latency_ms / 1000)
        return self.dispatch(method, target, headers)

    def dispatch(self, method: str, target: str, headers: Mapping[str, str]) -> Response:
        """Route a request through the route table, token check and handler."""
        split = urlsplit(target)
        path = unquote(split.path)
        if len(path) > 1:
            path = path.rstrip("/") or "/"
        query = parse_qsl(split.query, keep_blank_values=True)
        route, args, allowed = find_route(method, path)
        if route is None:
            if allowed:
                response = error_response(405, f"{path} accepts {', '.join(sorted(set(allowed)))}")
                response.headers["Allow"] = ", ".join(sorted(set(allowed)))
                return response
            return error_response(404, f"no such endpoint {path}")
        if not route.public and not self._authorised(headers, query):
            return error_response(401)
        try:
            response = route.handler(Request(method, path, query, headers, args, self))
        except PlexError as error:
            response = error_response(error.status, error.message)
        except Exception:  # a simulator bug: say so loudly rather than hide it
            log.exception("plex simulator failed on %s %s", method, path)
            return error_response(500, "simulator bug, see the log")
        if response.status not in route.statuses:
            log.error("plex simulator answered undeclared status %s on %s %s", response.status, method, route.path)
            return error_response(500, f"simulator bug: undeclared status {response.status}")
        return response

    def _authorised(self, headers: Mapping[str, str], query: list[tuple[str, str]]) -> bool:
        given = headers.get("X-Plex-Token") or dict(query).get("X-Plex-Token") or ""
        return hmac.compare_digest(given.encode(), self.token.encode())

    # -- helpers for handlers (callers hold library.lock) -------------------------------------

    def parse_query(self, pairs: Iterable[tuple[str, str]], *, default_level: str = "artist") -> mq.MediaQuery:
        """A media query from request pairs; malformed ones answer 400."""
        try:
            return mq.parse_media_query(pairs, self.library, default_level=default_level)
        except mq.QueryError as error:
            raise PlexError(400, str(error)) from None

    def query_items(self, query: mq.MediaQuery, pairs: Iterable[tuple[str, str]]) -> list:
        """The items of a query, cached per library revision (paging through 50,000 tracks stays cheap)."""
        now = self.library.now()
        shaping = tuple((k, v) for k, v in pairs if not k.startswith(("X-Plex-", "include")))
        key = (query.level, shaping, self.library.revision, now if query.has_relative_dates else None)
        with self._lock:
            cached = self._query_cache.get(key)
            if cached is not None:
                self._query_cache.move_to_end(key)
                return cached
        items = query.run(self.library, now)
        with self._lock:
            self._query_cache[key] = items
            while len(self._query_cache) > _QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return items

    def playlist_xml(self, playlist: SimPlaylist) -> str:
        """The <Playlist> element with its current leafCount and duration."""
        return self.xml.playlist(playlist, [t for _, t in playlist_tracks(self, playlist)])

    def record_refresh(self, refresh: SectionRefresh) -> None:
        """Remember a scan request and run the ``on_refresh`` hook."""
        with self._lock:
            self.refreshes.append(refresh)
        if self.on_refresh is not None:
            self.on_refresh(refresh)


class _SimHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler],
                 simulator: PlexSimulator) -> None:
        self.simulator = simulator
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def close_connections(self) -> None:
        """Drop kept-alive client connections so a stopped simulator is really unreachable."""
        with self.connections_lock:
            open_sockets = list(self.connections)
            self.connections.clear()
        for sock in open_sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as plexapi's requests.Session expects
    server_version = "PlexMediaServer"
    sys_version = ""
    timeout = 60
    server: _SimHTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the client's delayed
        # ACK hold every response with a body for ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def _serve(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length > 0:
            self.rfile.read(length)  # Plex takes parameters in the query; a body is read and ignored
        if length < 0:
            self.close_connection = True
            response = error_response(400, "malformed Content-Length")
        else:
            response = self.server.simulator.handle(self.command, self.path, self.headers)
        body = response.body.encode("utf-8")
        self.send_response(response.status)
        if body:
            self.send_header("Content-Type", response.content_type)
        self.send_header("X-Plex-Protocol", "1.0")
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status != 204:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.debug("plex simulator: %s", _TOKEN_IN_QUERY.sub(r"\1***", format % args))
