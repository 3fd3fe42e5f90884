"""A local plex.tv answering the PIN and resources calls with the real JSON shapes."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ACCOUNT_TOKEN = "plextv-account-token-123"


class FakePlexTv:
    """plex.tv v2 pins and resources; `approve(pin_id)` plays the user approving the PIN."""

    def __init__(self) -> None:
        self.pins: dict[int, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.fail_with: int | None = None
        self._next = 1000
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_GET(self) -> None:
                fake._handle(self, "GET")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def approve(self, pin_id: int) -> None:
        """The user signed in and approved the PIN."""
        self.pins[pin_id]["authToken"] = ACCOUNT_TOKEN

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        self.requests.append((method, handler.path, dict(handler.headers)))
        client = handler.headers.get("X-Plex-Client-Identifier")
        if self.fail_with:
            return self._send(handler, self.fail_with, {"errors": [{"code": 1000, "message": "fail"}]})
        if not client:
            return self._send(handler, 400, {"errors": [{"code": 1000, "message": "X-Plex-Client-Identifier is missing"}]})
        if method == "POST" and parts.path == "/api/v2/pins":
            self._next += 1
            strong = parse_qs(parts.query).get("strong") == ["true"]
            pin = {
                "id": self._next, "code": "ABCDEFGHIJKLMNOPQRSTUVWXY"[: 25 if strong else 4], "product": "PlexM8",
                "trusted": False, "qr": f"https://plex.tv/api/v2/pins/qr/{self._next}", "clientIdentifier": client,
                "location": {"code": "DE", "country": "Germany"}, "expiresIn": 1800,
                "createdAt": "2026-11-20T12:00:00Z", "expiresAt": "2026-11-20T12:30:00Z",
                "authToken": None, "newRegistration": None,
            }
            self.pins[self._next] = pin
            return self._send(handler, 201, pin)
        if method == "GET" and parts.path.startswith("/api/v2/pins/"):
            pin = self.pins.get(int(parts.path.rsplit("/", 1)[1]))
            if pin is None or pin["clientIdentifier"] != client:
                return self._send(handler, 404, {"errors": [{"code": 1020, "message": "Code not found or expired"}]})
            return self._send(handler, 200, pin)
        if method == "GET" and parts.path == "/api/v2/resources":
            if handler.headers.get("X-Plex-Token") != ACCOUNT_TOKEN:
                return self._send(handler, 401, {"errors": [{"code": 1001, "message": "User could not be authenticated"}]})
            return self._send(handler, 200, RESOURCES)
        return self._send(handler, 404, {"errors": [{"code": 1002, "message": "not found"}]})


RESOURCES = [
    {
        "name": "Living Room", "product": "Plex Media Server", "productVersion": "1.41.0.8994-f2c27da23",
        "platform": "Linux", "platformVersion": "6.1", "device": "PC", "clientIdentifier": "abc123machine",
        "createdAt": "2020-01-01T00:00:00Z", "lastSeenAt": "2026-11-20T11:59:00Z", "provides": "server",
        "ownerId": None, "sourceTitle": None, "publicAddress": "203.0.113.7", "accessToken": "server-access-token-xyz",
        "owned": True, "home": False, "synced": False, "relay": True, "presence": True, "httpsRequired": False,
        "publicAddressMatches": True, "dnsRebindingProtection": False, "natLoopbackSupported": True,
        "connections": [
            {"protocol": "https", "address": "192.168.1.20", "port": 32400,
             "uri": "https://192-168-1-20.abc.plex.direct:32400", "local": True, "relay": False, "IPv6": False},
            {"protocol": "https", "address": "203.0.113.7", "port": 32400,
             "uri": "https://203-0-113-7.abc.plex.direct:32400", "local": False, "relay": False, "IPv6": False},
        ],
    },
    {
        "name": "iPhone", "product": "Plex for iOS", "productVersion": "8.40", "platform": "iOS",
        "clientIdentifier": "phone-1", "provides": "client,player,pubsub-player", "accessToken": None,
        "owned": True, "presence": False, "connections": [],
    },
]
