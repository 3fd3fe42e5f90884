"""Bulk library and playlist calls made through plexapi's own request path, thousands of items a page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from plexapi.utils import joinArgs

from plexm8.services.plex_service.connection import PlexService
from plexm8.services.plex_service.xml_attrs import attr_int


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
        duration_ms=attr_int(attrib.get("duration")),
        file_path=part.attrib.get("file") if part is not None else None,
        guids=" ".join(g for g in guids if g),
        added_at=attr_int(attrib.get("addedAt")),
        updated_at=attr_int(attrib.get("updatedAt")),
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

    def iter_track_pages(
        self, updated_after: int | None = None, page_size: int = 5000
    ) -> Iterator[tuple[list[TrackRow], int]]:
        """Pages of tracks (and the total), optionally only those updated after an epoch second."""
        for container, items in self._paged(self._tracks_key(updated_after), page_size):
            total = attr_int(container.attrib.get("totalSize")) or len(items)
            yield [_track_row(e) for e in items if e.tag == "Track"], total

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
