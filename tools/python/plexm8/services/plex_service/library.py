"""Bulk library and playlist calls made through plexapi's own request path, thousands of items a page."""
from __future__ import annotations

import queue
import re
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator, NamedTuple, Sequence
from xml.etree.ElementTree import fromstring

from plexapi import exceptions as plex_errors
from plexapi.utils import joinArgs

from plexm8.services.plex_service.connection import PlexService
from plexm8.services.plex_service.track_scan import scan_tracks
from plexm8.services.plex_service.xml_attrs import attr_int


class TrackRow(NamedTuple):
    """One track as listed by Plex, reduced to what the index keeps (a tuple: big listings build many)."""

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
    title_sort: str = ""  # only when it differs from the title
    artist_sort: str = ""  # the album artist's titleSort, only when it differs from its title


@dataclass(frozen=True)
class PlaylistInfo:
    """An audio playlist as Plex describes it (times in Plex epoch seconds, duration in ms)."""

    rating_key: int
    title: str
    summary: str
    smart: bool
    leaf_count: int
    duration_ms: int | None
    thumb: str | None
    added_at: int | None
    updated_at: int | None


def playlist_info(attrib: dict[str, str]) -> PlaylistInfo:
    """A PlaylistInfo from the attributes of a <Playlist> element."""
    return PlaylistInfo(
        rating_key=int(attrib["ratingKey"]),
        title=attrib.get("title", ""),
        summary=attrib.get("summary", ""),
        smart=attrib.get("smart") == "1",
        leaf_count=attr_int(attrib.get("leafCount")) or 0,
        duration_ms=attr_int(attrib.get("duration")),
        thumb=attrib.get("thumb") or attrib.get("composite"),
        added_at=attr_int(attrib.get("addedAt")),
        updated_at=attr_int(attrib.get("updatedAt")),
    )


def _is_audio_playlist(attrib: dict[str, str]) -> bool:
    return attrib.get("type") == "playlist" and attrib.get("playlistType") == "audio" and "ratingKey" in attrib



def _track_row(element: Any, artist_sorts: dict[str, str] | None = None) -> TrackRow:
    # The hot path of a full build: plain child loops instead of path searches.
    get = element.attrib.get
    file_path = None
    guid = get("guid")
    guids = [guid] if guid else []
    for child in element:
        tag = child.tag
        if tag == "Media" and file_path is None:
            for part in child:
                if part.tag == "Part":
                    file_path = part.attrib.get("file")
                    break
        elif tag == "Guid":
            other = child.attrib.get("id")
            if other:
                guids.append(other)
    title = get("title", "")
    title_sort = get("titleSort", "")
    return TrackRow(
        int(element.attrib["ratingKey"]),
        title,
        get("grandparentTitle", ""),
        get("originalTitle", ""),
        get("parentTitle", ""),
        attr_int(get("duration")),
        file_path,
        " ".join(guids),
        attr_int(get("addedAt")),
        attr_int(get("updatedAt")),
        title_sort if title_sort != title else "",
        artist_sorts.get(get("grandparentRatingKey", ""), "") if artist_sorts else "",
    )


_CONTAINER = re.compile(rb"<MediaContainer\b[^>]*>")
_SIZE = re.compile(rb'\ssize="(\d+)"')
_TOTAL = re.compile(rb'\stotalSize="(\d+)"')
_DONE = object()


def _container_counts(body: bytes) -> tuple[int, int | None]:
    """(size, totalSize) from the <MediaContainer> start tag at the head of a page."""
    head = _CONTAINER.search(body, 0, 4096)
    if head is None:
        return 0, None
    tag = head.group(0)
    size, total = _SIZE.search(tag), _TOTAL.search(tag)
    return (int(size.group(1)) if size else 0), (int(total.group(1)) if total else None)


def _parse_page(body: bytes, row: Any) -> tuple[list[Any], int | None]:
    """`row(element)` of each item of a page, and totalSize.

    One page is parsed whole by ElementTree's C parser: pull-parsing it event by event cost three times the
    CPU, and a page is all that is ever held (the next one is still on the wire).
    """
    root = fromstring(body)
    rows = [item for item in map(row, root) if item is not None]
    total = attr_int(root.attrib.get("totalSize")) or attr_int(root.attrib.get("size"))
    root.clear()
    return rows, total


class _PageFetcher:
    """Fetches and parses the pages of a listing on two threads, ahead of the caller storing them.

    A pipeline of three stages, one page in each (and at most one waiting between stages), so memory stays
    bounded by a few pages: the "plex-listing" thread fetches page n+2 (waiting on the socket, without the
    GIL) while "plex-listing-parse" parses page n+1 and the caller stores page n (SQLite works without the
    GIL too). The first error of any stage reaches the caller, in its own thread.
    """

    def __init__(self, calls: PlexLibraryCalls, key: str, page_size: int,
                 parse: Callable[[bytes], tuple[list[Any], int | None]]) -> None:
        self.calls, self.key, self.page_size, self.parse = calls, key, page_size, parse
        self.bodies: queue.Queue[Any] = queue.Queue(maxsize=1)
        self.pages: queue.Queue[Any] = queue.Queue(maxsize=1)
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._fetch, name="plex-listing", daemon=True),
                        threading.Thread(target=self._parse, name="plex-listing-parse", daemon=True)]

    def _put(self, into: queue.Queue[Any], item: Any) -> bool:
        while not self.stop.is_set():
            try:
                into.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _get(self, source: queue.Queue[Any]) -> Any:
        while not self.stop.is_set():
            try:
                return source.get(timeout=0.1)
            except queue.Empty:
                continue
        return _DONE

    def _fetch(self) -> None:
        try:
            start = 0
            while not self.stop.is_set():
                body = self.calls._page_bytes(self.key, start, self.page_size)
                size, total = _container_counts(body)
                if not self._put(self.bodies, body):
                    return
                start += size
                if not size or total is None or start >= total:
                    break
            self._put(self.bodies, _DONE)
        except BaseException as exc:  # handed on to the caller, which raises it in its own thread
            self._put(self.bodies, exc)

    def _parse(self) -> None:
        while True:
            body = self._get(self.bodies)
            if body is _DONE or isinstance(body, BaseException):
                self._put(self.pages, body)
                return
            try:
                with self.calls.service._errors():
                    parsed = self.parse(body)
            except BaseException as exc:
                self._put(self.pages, exc)
                return
            del body
            if not self._put(self.pages, parsed):
                return

    def __iter__(self) -> Iterator[tuple[list[Any], int | None]]:
        for thread in self.threads:
            thread.start()
        try:
            while True:
                item = self.pages.get()
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stop.set()
            for thread in self.threads:
                thread.join()


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
            total = attr_int(container.attrib.get("totalSize")) if container is not None else None
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
        return attr_int(container.attrib.get("totalSize")) or attr_int(container.attrib.get("size")) or 0

    def _page_bytes(self, key: str, start: int, size: int) -> bytes:
        """The raw XML of one page of a listing (errors mapped as plexapi's own requests are)."""
        server = self.service.server()
        headers = server._headers(**{"X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(size)})
        with self.service._errors():
            response = server._session.get(server.url(key), headers=headers, timeout=server._timeout, stream=True)
            with response:
                if response.status_code != 200:
                    message = f"({response.status_code}) {response.url} {response.text[:200]}"
                    raise (plex_errors.Unauthorized if response.status_code == 401 else
                           plex_errors.NotFound if response.status_code == 404 else plex_errors.BadRequest)(message)
                # One read of the whole body: reading in small chunks needs the GIL for each one, and the
                # caller's thread holds it while it parses the previous page.
                return bytes(response.raw.read(decode_content=True))

    def _paged_rows(self, key: str, page_size: int, row: Any,
                    scan: Callable[[bytes], tuple[list[Any], int] | None] | None = None,
                    ) -> Iterator[tuple[list[Any], int | None]]:
        """Pages of `row(element)`; `scan(body)`, when given, reads a page faster or answers None for ElementTree."""
        def parse(body: bytes) -> tuple[list[Any], int | None]:
            return (scan(body) if scan is not None else None) or _parse_page(body, row)

        return iter(_PageFetcher(self, key, page_size, parse))

    def artist_sorts(self, page_size: int = 5000) -> dict[str, str]:
        """ratingKey → titleSort of every album artist whose titleSort differs from its name."""
        key = f"/library/sections/{self.section_key()}/all?type=8"

        def row(e: Any) -> tuple[str, str] | None:
            sort = e.attrib.get("titleSort", "")
            return (e.attrib.get("ratingKey", ""), sort) if sort and sort != e.attrib.get("title") else None

        sorts: dict[str, str] = {}
        for rows, _total in self._paged_rows(key, page_size, row):
            sorts.update(rows)
        return sorts

    def iter_track_pages(
        self, updated_after: int | None = None, page_size: int = 5000, artist_sorts: dict[str, str] | None = None
    ) -> Iterator[tuple[list[TrackRow], int]]:
        """Pages of tracks (and the total), optionally only those updated after an epoch second.

        Pages are requested and parsed on helper threads, ahead of the caller storing this one.
        """
        def row(e: Any) -> TrackRow | None:
            return _track_row(e, artist_sorts) if e.tag == "Track" else None

        def scan(body: bytes) -> tuple[list[TrackRow], int] | None:
            return scan_tracks(body, TrackRow, artist_sorts)

        for rows, total in self._paged_rows(self._tracks_key(updated_after), page_size, row, scan):
            yield rows, total or len(rows)

    def audio_playlists(self, smart: bool | None = None) -> list[PlaylistInfo]:
        """Every audio playlist, optionally only the smart (True) or regular (False) ones, in Plex's order."""
        args: dict[str, Any] = {"playlistType": "audio"}
        if smart is not None:
            args["smart"] = int(smart)
        container = self._query(f"/playlists{joinArgs(args)}")
        found = [playlist_info(e.attrib) for e in container if _is_audio_playlist(e.attrib)]
        return [p for p in found if smart is None or p.smart == smart]

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
        args = {"uri": self._uri(rating_keys), "type": "audio", "title": title, "smart": 0}
        container = self._query(f"/playlists{joinArgs(args)}", method="post")
        return int(container[0].attrib["ratingKey"])

    def create_empty_playlist(self, title: str) -> int:
        """Create an empty audio playlist; returns its ratingKey."""
        # plexapi refuses empty playlists client-side; Plex itself accepts a creation without uri.
        container = self._query(f"/playlists{joinArgs({'type': 'audio', 'title': title, 'smart': 0})}",
                                method="post")
        return int(container[0].attrib["ratingKey"])

    def delete_playlist(self, playlist_key: int) -> None:
        """Delete a playlist (its tracks stay in the library)."""
        self._query(f"/playlists/{playlist_key}", method="delete")

    def clear_playlist(self, playlist_key: int) -> None:
        """Remove every entry of a regular playlist in one request (its ratingKey stays)."""
        self._query(f"/playlists/{playlist_key}/items", method="delete")

    def add_to_playlist(self, playlist_key: int, rating_keys: Sequence[int]) -> None:
        """Append `rating_keys` (in order) to a playlist in one request."""
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

    def scan_folder(self, plex_path: str) -> None:
        """Ask Plex to scan one folder of the music section (a partial scan; never forced)."""
        self._query(f"/library/sections/{self.section_key()}/refresh{joinArgs({'path': plex_path})}")

    def scanning(self) -> bool:
        """Whether Plex reports a library scan among its activities."""
        container = self._query("/activities")
        return any(str(e.attrib.get("type", "")).startswith("library.update") for e in container
                   if e.tag == "Activity")
