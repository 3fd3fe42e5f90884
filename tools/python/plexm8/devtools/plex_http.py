"""Request, response and error types of the Plex simulator's handlers."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from html import escape as html_escape
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, overload

if TYPE_CHECKING:
    from plexm8.devtools.plex_simulator import PlexSimulator

XML_CONTENT_TYPE = "text/xml;charset=utf-8"
REASONS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
           404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error"}


class PlexError(Exception):
    """An error answer (4xx) with a short reason shown in the HTML body, like Plex's."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Response:
    """What a handler answers; an empty body is sent as no body."""

    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = XML_CONTENT_TYPE


def error_response(status: int, message: str = "") -> Response:
    """Plex's small HTML error page."""
    reason = REASONS.get(status, "Error")
    detail = f"<p>{html_escape(message)}</p>" if message else ""
    body = f"<html><head><title>{reason}</title></head><body><h1>{status} {reason}</h1>{detail}</body></html>"
    return Response(status, body, content_type="text/html")


class Headers(Protocol):
    """Request headers as handlers read them: a case-insensitive ``get`` (http.server's Message) or a mapping."""

    def get(self, name: str, /) -> str | None: ...


class PageAttrs(TypedDict):
    """Container attributes of one page of a listing."""

    offset: int
    totalSize: int


@dataclass
class Request:
    """One parsed request as handlers see it."""

    method: str
    path: str
    query: list[tuple[str, str]]  # in order, repeated keys kept (filters depend on both)
    headers: Headers
    args: dict[str, str]  # path placeholders
    sim: PlexSimulator

    @cached_property
    def params(self) -> dict[str, str]:
        """Query parameters, the last value of a repeated key winning."""
        return dict(self.query)

    def param(self, name: str, default: str | None = None) -> str | None:
        """One query parameter."""
        return self.params.get(name, default)

    @overload
    def int_param(self, name: str, default: int, *, minimum: int | None = None) -> int: ...
    @overload
    def int_param(self, name: str, default: None = None, *, minimum: int | None = None) -> int | None: ...

    def int_param(self, name: str, default: int | None = None, *, minimum: int | None = None) -> int | None:
        """An integer query parameter; 400 when malformed or below ``minimum``."""
        raw = self.params.get(name)
        if raw is None or raw == "":
            return default
        value = parse_int(raw, name)
        if minimum is not None and value < minimum:
            raise PlexError(400, f"{name} must be at least {minimum}")
        return value

    @overload
    def float_param(self, name: str, default: float) -> float: ...
    @overload
    def float_param(self, name: str, default: None = None) -> float | None: ...

    def float_param(self, name: str, default: float | None = None) -> float | None:
        """A number query parameter; 400 when malformed."""
        raw = self.params.get(name)
        if raw is None or raw == "":
            return default
        try:
            return float(raw)
        except ValueError:
            raise PlexError(400, f"{name} must be a number, not {raw!r}") from None

    def bool_param(self, name: str, default: bool | None = None) -> bool | None:
        """A 0/1 query parameter; 400 for anything else."""
        raw = self.params.get(name)
        if raw is None or raw == "":
            return default
        if raw.lower() not in ("0", "1", "true", "false"):
            raise PlexError(400, f"{name} must be 0 or 1, not {raw!r}")
        return raw.lower() in ("1", "true")

    def id_arg(self, name: str) -> int:
        """A numeric path placeholder; 404 when it is not a number (no such item)."""
        raw = self.args[name]
        if not raw.isdigit():
            raise PlexError(404, f"no item {raw!r}")
        return int(raw)

    def paging(self) -> tuple[int, int | None]:
        """(start, size) from X-Plex-Container-Start/-Size headers or query parameters."""
        values = []
        for name in ("X-Plex-Container-Start", "X-Plex-Container-Size"):
            raw = self.headers.get(name)
            if raw is None:
                raw = self.params.get(name)
            values.append(None if raw in (None, "") else parse_int(raw, name))
        start, size = values
        if (start is not None and start < 0) or (size is not None and size < 0):
            raise PlexError(400, "X-Plex-Container-Start and -Size must not be negative")
        return start or 0, size


def parse_int(raw: str, name: str) -> int:
    """An integer, or a 400 naming the parameter."""
    try:
        return int(raw)
    except ValueError:
        raise PlexError(400, f"{name} must be an integer, not {raw!r}") from None


def paged(req: Request, items: Sequence[Any]) -> tuple[Sequence[Any], PageAttrs, dict[str, str]]:
    """The requested page of ``items``, its container attributes and response headers."""
    start, size = req.paging()
    chunk = items[start:] if size is None else items[start:start + size]
    total = len(items)
    return chunk, PageAttrs(offset=start, totalSize=total), {
        "X-Plex-Container-Start": str(start), "X-Plex-Container-Total-Size": str(total)}
