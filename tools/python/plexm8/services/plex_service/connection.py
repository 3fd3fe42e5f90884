"""The connection to one Plex server: lazy, with timeouts, plexapi and requests errors mapped to ours."""
from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator
from xml.etree.ElementTree import ParseError

import requests
from plexapi import exceptions as plex_errors
from plexapi.server import PlexServer

from plexm8.errors import NotFound, PlexUnavailable, UpstreamError, UpstreamTimeout
from plexm8.logging_setup import mask_secrets, register_secret
from plexm8.services.servers.urls import display_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlexConnection:
    """Where a Plex server is and how to talk to it."""

    url: str
    token: str | None
    verify_ssl: bool = True
    timeout_s: float = 10.0
    music_section: str | None = None


@dataclass(frozen=True)
class ServerIdentity:
    """What a Plex server says about itself."""

    name: str
    version: str
    machine_identifier: str
    latency_ms: float


def plex_api_version() -> str:
    """The version of the plexapi client in use."""
    import plexapi

    return plexapi.VERSION


@contextlib.contextmanager
def plex_errors_mapped(url: str, timeout_s: float) -> Iterator[None]:
    """Turn plexapi and requests failures into the project's errors, with clear messages."""
    url = display_url(url)
    try:
        yield
    except plex_errors.Unauthorized:
        raise UpstreamError(
            f"Plex at {url} refused the token (401). Sign in again or update the token in Settings.",
            error="Plex rejected the token",
        ) from None
    except plex_errors.NotFound as exc:
        raise NotFound(f"Plex has no such item: {mask_secrets(str(exc))}") from None
    except (plex_errors.BadRequest, plex_errors.UnknownType, plex_errors.Unsupported, ParseError) as exc:
        raise UpstreamError(f"Plex at {url} answered badly: {mask_secrets(str(exc))}") from None
    except requests.exceptions.Timeout:
        raise UpstreamTimeout(f"Plex at {url} did not answer within {timeout_s:g} s.") from None
    except requests.exceptions.SSLError:
        raise PlexUnavailable(
            f"The TLS certificate of {url} was not accepted. Use the plex.direct URL or turn off verify_ssl.",
        ) from None
    except requests.exceptions.ConnectionError:
        raise PlexUnavailable(f"Cannot reach Plex at {url}. Is the server running and the URL right?") from None
    except requests.exceptions.RequestException as exc:
        raise UpstreamError(f"Talking to Plex at {url} failed: {mask_secrets(str(exc))}") from None


class PlexService:
    """A lazily connected Plex server and its music section."""

    def __init__(self, connection: PlexConnection) -> None:
        self.connection = connection
        register_secret(connection.token)
        self._lock = threading.Lock()
        self._server: PlexServer | None = None
        self._section: Any = None

    def _session(self) -> requests.Session:
        session = requests.Session()
        session.verify = self.connection.verify_ssl
        return session

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            with plex_errors_mapped(self.connection.url, self.connection.timeout_s):
                yield
        except (PlexUnavailable, UpstreamTimeout):
            self.reset()  # reconnect on the next call, when Plex may be back
            raise

    def reset(self) -> None:
        """Forget the connection so the next call connects again."""
        with self._lock:
            self._server = None
            self._section = None

    def server(self) -> PlexServer:
        """The connected plexapi server, connecting on first use (no lock is held while connecting)."""
        with self._lock:
            if self._server is not None:
                return self._server
        with plex_errors_mapped(self.connection.url, self.connection.timeout_s):
            server = PlexServer(
                self.connection.url, self.connection.token, session=self._session(), timeout=self.connection.timeout_s
            )
        with self._lock:
            if self._server is None:  # another caller may have connected meanwhile: keep the first
                self._server = server
            return self._server

    def check(self) -> ServerIdentity:
        """Connect afresh and report the server's identity and the latency (raises our errors on failure)."""
        started = time.perf_counter()
        with plex_errors_mapped(self.connection.url, self.connection.timeout_s):
            server = PlexServer(
                self.connection.url, self.connection.token, session=self._session(), timeout=self.connection.timeout_s
            )
        latency = (time.perf_counter() - started) * 1000
        with self._lock:
            self._server = server
        return ServerIdentity(server.friendlyName or "", server.version or "", server.machineIdentifier or "", latency)

    def music_section(self) -> Any:
        """The music library: PLEX_MUSIC_SECTION by title, else the first artist-type section."""
        section = self._section
        if section is not None:
            return section
        server = self.server()
        with self._errors():
            sections = [s for s in server.library.sections() if s.type == "artist"]
        wanted = self.connection.music_section
        if wanted:
            chosen = next((s for s in sections if s.title.casefold() == wanted.casefold()), None)
            if chosen is None:
                names = ", ".join(s.title for s in sections) or "none"
                raise PlexUnavailable(f"Plex has no music library named {wanted!r} (music libraries: {names}).")
        elif sections:
            chosen = sections[0]
        else:
            raise PlexUnavailable("This Plex server has no music library. Add one in Plex, or pick another server.")
        self._section = chosen
        return chosen

    def run(self, action: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a plexapi function with errors mapped; `action` names it in the debug log."""
        log.debug("Plex call: %s", action)
        with self._errors():
            return func(*args, **kwargs)
