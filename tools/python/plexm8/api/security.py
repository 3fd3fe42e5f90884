"""Browser safety enforced by the server: Host and Origin allowlists, preflight, JSON-only writes, API token.

The checks here run before every view and refuse what is not allowed; the CORS response headers themselves
(allowed origin, methods, headers, Private Network Access, Vary) come from flask-cors, configured from the
same lists.
"""
from __future__ import annotations

import hmac
import re
from typing import Iterable

from flask import Flask, Response, request
from flask_cors import CORS

from plexm8.config import Settings
from plexm8.errors import Forbidden, PayloadTooLarge, Unauthorized, UnsupportedMediaType

HOSTED_APP_ORIGIN = "https://plexm8.netlify.app"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
ALLOWED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
ALLOWED_HEADERS = (
    "Content-Type", "X-Plex-Token", "X-Plex-Client-Identifier", "X-Plex-Product", "X-Plex-Version",
    "X-Plex-Platform", "X-Plex-Platform-Version", "X-Plex-Device", "X-Plex-Device-Name",
    "X-PlexM8-Token", "X-PlexM8-Upload",
)
PREFLIGHT_MAX_AGE_S = 600
WRITE_METHODS = ("POST", "PUT", "PATCH")
OPEN_PATHS = ("/api/health",)


def allowed_origins(settings: Settings) -> frozenset[str]:
    """The exact origins a browser may call from."""
    origins = {HOSTED_APP_ORIGIN, "http://localhost:5173", "http://127.0.0.1:5173"}
    for host in ("localhost", "127.0.0.1", "[::1]"):
        origins.add(f"http://{host}:{settings.port}")
    origins.update(settings.cors_origins)
    return frozenset(origins)


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """Host names (without port) accepted in the Host header."""
    return frozenset(h.lower() for h in (*LOCAL_HOSTS, *settings.allowed_hosts))


def _host_name(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def _exact(values: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns that match exactly these strings (flask-cors would read a plain string with `.` loosely)."""
    return [re.compile(re.escape(value) + r"\Z") for value in sorted(values)]


def _init_cors(app: Flask, origins: frozenset[str]) -> None:
    CORS(
        app,
        resources={r"/.*": {}},
        origins=_exact(origins),
        methods=list(ALLOWED_METHODS),
        allow_headers=list(ALLOWED_HEADERS),
        supports_credentials=False,
        max_age=PREFLIGHT_MAX_AGE_S,
        allow_private_network=True,
        vary_header=True,
        send_wildcard=False,
        automatic_options=False,  # preflights are answered by check_request below, after the Host/Origin checks
    )


def init_app(app: Flask, settings: Settings, upload_endpoints: Iterable[str] = ()) -> None:
    """Install the checks that run before every view and the headers added to every answer."""
    origins = allowed_origins(settings)
    hosts = allowed_hosts(settings)
    max_bytes = settings.max_body_bytes()
    app.config["MAX_CONTENT_LENGTH"] = max_bytes

    @app.before_request
    def check_request() -> Response | None:
        if _host_name(request.host) not in hosts:
            raise Forbidden(
                "This Host is not allowed. Use http://localhost, or add the name to PLEXM8_ALLOWED_HOSTS.",
                error="Host not allowed",
            )
        origin = request.headers.get("Origin")
        if origin is not None and origin not in origins:
            raise Forbidden(
                f"Requests from origin {origin!r} are not allowed. Add it to CORS_ORIGINS if you trust it.",
                error="Origin not allowed",
            )
        if request.method == "OPTIONS":  # flask-cors adds the Access-Control-* headers of the preflight
            return Response(status=204, headers=None if origin else {"Allow": ", ".join(ALLOWED_METHODS)})
        if settings.api_token and request.path.startswith("/api/") and request.path not in OPEN_PATHS:
            given = request.headers.get("X-PlexM8-Token", "")
            if not hmac.compare_digest(given.encode(), settings.api_token.encode()):
                raise Unauthorized("Send the API token in the X-PlexM8-Token header.", error="API token required")
        if request.content_length is not None and request.content_length > max_bytes:
            raise PayloadTooLarge(f"The request body is larger than {settings.max_upload_mb:g} MB.")
        if request.method in WRITE_METHODS and _has_body():
            _check_content_type(app)
        return None

    @app.after_request
    def add_headers(response: Response) -> Response:
        if "origin" not in {v.strip().lower() for h in response.headers.getlist("Vary") for v in h.split(",")}:
            response.vary.add("Origin")  # also on answers without CORS headers: they differ by Origin too
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.mimetype == "text/html":
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
            )
        return response

    _init_cors(app, origins)  # registered last, so its headers are set before add_headers looks at Vary


def _check_content_type(app: Flask) -> None:
    mimetype = request.mimetype
    if mimetype == "application/json":
        return
    view = app.view_functions.get(request.endpoint or "")
    spec = getattr(view, "endpoint_spec", None)
    if mimetype == "multipart/form-data" and spec is not None and spec.upload:
        if request.headers.get("X-PlexM8-Upload") == "1":
            return
        raise UnsupportedMediaType("File uploads must carry the header X-PlexM8-Upload: 1.")
    raise UnsupportedMediaType(
        f"Send the body as JSON with Content-Type: application/json (got {mimetype or 'none'}).",
    )
