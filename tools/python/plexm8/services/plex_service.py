"""PlexService: the only module that imports plexapi. Lazy connection, timeouts, errors mapped to ours."""
from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator, Sequence
from xml.etree.ElementTree import ParseError

import requests
from plexapi import exceptions as plex_errors
from plexapi.server import PlexServer

from ..errors import NotFound, PlexUnavailable, UpstreamError, UpstreamTimeout
from ..logging_setup import mask_secrets, register_secret

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
        """The connected plexapi server, connecting on first use."""
        with self._lock:
            if self._server is None:
                with plex_errors_mapped(self.connection.url, self.connection.timeout_s):
                    self._server = PlexServer(
                        self.connection.url,
                        self.connection.token,
                        session=self._session(),
                        timeout=self.connection.timeout_s,
                    )
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
        if self._section is not None:
            return self._section
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



@dataclass(frozen=True)
class TrackRow:
    """One track as listed by Plex, reduced to what the index keeps."""

    rating_key: int
    title: str
    artist: str
    original_title: str
    album: str
    duration_ms: int | None
    file_path: str | None
    guids: str
    added_at: int | None
    updated_at: int | None


@dataclass(frozen=True)
class PlaylistRef:
    """A Plex playlist: its ratingKey, title and whether it is smart."""

    rating_key: int
    title: str
    smart: bool
    leaf_count: int


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _track_row(element: Any) -> TrackRow:
    attrib = element.attrib
    part = element.find("Media/Part")
    guids = [g.attrib.get("id", "") for g in element.findall("Guid")]
    if attrib.get("guid"):
        guids.insert(0, attrib["guid"])
    return TrackRow(
        rating_key=int(attrib["ratingKey"]),
        title=attrib.get("title", ""),
        artist=attrib.get("grandparentTitle", ""),
        original_title=attrib.get("originalTitle", ""),
        album=attrib.get("parentTitle", ""),
        duration_ms=_int(attrib.get("duration")),
        file_path=part.attrib.get("file") if part is not None else None,
        guids=" ".join(g for g in guids if g),
        added_at=_int(attrib.get("addedAt")),
        updated_at=_int(attrib.get("updatedAt")),
    )


class PlexLibraryCalls:
    """Bulk calls made through plexapi's own request path, a page of thousands at a time."""

    def __init__(self, service: PlexService) -> None:
        self.service = service

    def _query(self, key: str, method: str = "get", **headers: str) -> Any:
        server = self.service.server()
        with self.service._errors():
            return server.query(key, method=getattr(server._session, method), headers=headers or None)

    def _paged(self, key: str, page_size: int) -> Iterator[Any]:
        start = 0
        while True:
            container = self._query(
                key, **{"X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(page_size)}
            )
            items = list(container) if container is not None else []
            yield container, items
            total = _int(container.attrib.get("totalSize")) if container is not None else None
            start += len(items)
            if not items or total is None or start >= total:
                return

    def machine_identifier(self) -> str:
        """The server's machineIdentifier."""
        return self.service.server().machineIdentifier

    def section_key(self) -> str:
        """The key of the music section."""
        return str(self.service.music_section().key)

    def _tracks_key(self, updated_after: int | None) -> str:
        key = f"/library/sections/{self.section_key()}/all?type=10&sort=addedAt"
        if updated_after is not None:
            key += f"&updatedAt>>={updated_after}"
        return key

    def count_tracks(self) -> int:
        """How many tracks the music section holds (one small request)."""
        container = self._query(
            self._tracks_key(None), **{"X-Plex-Container-Start": "0", "X-Plex-Container-Size": "0"}
        )
        return _int(container.attrib.get("totalSize")) or _int(container.attrib.get("size")) or 0

    def iter_track_pages(
        self, updated_after: int | None = None, page_size: int = 5000
    ) -> Iterator[tuple[list[TrackRow], int]]:
        """Pages of tracks (and the total), optionally only those updated after an epoch second."""
        for container, items in self._paged(self._tracks_key(updated_after), page_size):
            total = _int(container.attrib.get("totalSize")) or len(items)
            yield [_track_row(e) for e in items if e.tag == "Track"], total

    def audio_playlists(self) -> list[PlaylistRef]:
        """Every audio playlist on the server."""
        container = self._query("/playlists?playlistType=audio")
        return [
            PlaylistRef(int(e.attrib["ratingKey"]), e.attrib.get("title", ""), e.attrib.get("smart") == "1",
                        _int(e.attrib.get("leafCount")) or 0)
            for e in container
            if e.attrib.get("playlistType") == "audio"
        ]

    def playlist_entries(self, playlist_key: int, page_size: int = 5000) -> list[tuple[int, int]]:
        """(playlistItemID, ratingKey) of every item, in playlist order."""
        entries: list[tuple[int, int]] = []
        for _container, items in self._paged(f"/playlists/{playlist_key}/items", page_size):
            entries.extend(
                (int(e.attrib["playlistItemID"]), int(e.attrib["ratingKey"]))
                for e in items
                if e.attrib.get("playlistItemID")
            )
        return entries

    def _uri(self, rating_keys: Sequence[int]) -> str:
        server = self.service.server()
        return f"{server._uriRoot()}/library/metadata/{','.join(str(k) for k in rating_keys)}"

    def create_playlist(self, title: str, rating_keys: Sequence[int]) -> int:
        """Create an audio playlist holding `rating_keys` in order; returns its ratingKey."""
        from plexapi.utils import joinArgs

        args = {"uri": self._uri(rating_keys), "type": "audio", "title": title, "smart": 0}
        container = self._query(f"/playlists{joinArgs(args)}", method="post")
        return int(container[0].attrib["ratingKey"])

    def add_to_playlist(self, playlist_key: int, rating_keys: Sequence[int]) -> None:
        """Append `rating_keys` (in order) to a playlist in one request."""
        from plexapi.utils import joinArgs

        self._query(f"/playlists/{playlist_key}/items{joinArgs({'uri': self._uri(rating_keys)})}", method="put")

    def remove_playlist_item(self, playlist_key: int, item_id: int) -> None:
        """Remove one entry (by playlistItemID)."""
        self._query(f"/playlists/{playlist_key}/items/{item_id}", method="delete")

    def move_playlist_item(self, playlist_key: int, item_id: int, after_item_id: int | None) -> None:
        """Move an entry after another one (or to the top when `after_item_id` is None)."""
        key = f"/playlists/{playlist_key}/items/{item_id}/move"
        if after_item_id is not None:
            key += f"?after={after_item_id}"
        self._query(key, method="put")
