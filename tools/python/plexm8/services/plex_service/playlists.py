"""Plex calls for audio playlists: read one, list them, page their items, create, edit, add, remove, move, delete."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from plexapi.playlist import Playlist

from plexm8.errors import NotFound
from plexm8.services.plex_service.library import PlaylistInfo, PlexLibraryCalls, playlist_info
from plexm8.services.plex_service.xml_attrs import attr_float, attr_int

KEYS_PER_REQUEST = 500  # ratingKeys per URL (lookups, creation, additions): URLs stay well under server limits


@dataclass(frozen=True)
class PlaylistItem:
    """One entry of a playlist: the track and, for regular playlists, its playlistItemID."""

    rating_key: int
    playlist_item_id: int | None
    title: str
    artist: str
    album: str
    duration_ms: int | None
    user_rating: float | None
    thumb: str | None
    file_path: str | None


@dataclass(frozen=True)
class ItemsPage:
    """One page of a playlist's items and where it sits in the whole list."""

    items: list[PlaylistItem]
    offset: int
    next_offset: int  # offset + the number of entries Plex returned
    total: int
    smart: bool
    title: str



def _playlist_item(element: Any) -> PlaylistItem:
    attrib = element.attrib
    part = element.find("Media/Part")
    return PlaylistItem(
        rating_key=int(attrib["ratingKey"]),
        playlist_item_id=attr_int(attrib.get("playlistItemID")),
        title=attrib.get("title", ""),
        artist=attrib.get("originalTitle") or attrib.get("grandparentTitle", ""),
        album=attrib.get("parentTitle", ""),
        duration_ms=attr_int(attrib.get("duration")),
        user_rating=attr_float(attrib.get("userRating")),
        thumb=attrib.get("thumb") or attrib.get("parentThumb"),
        file_path=part.attrib.get("file") if part is not None else None,
    )


class PlexPlaylistCalls(PlexLibraryCalls):
    """Audio playlist calls: plexapi objects for single-playlist edits, `server.query` for listings and bulk work."""

    # -- reading ---------------------------------------------------------------------------------

    def _playlist_object(self, rating_key: int) -> Playlist:
        server = self.service.server()
        try:
            with self.service._errors():
                playlist = server.fetchItem(f"/playlists/{rating_key}", cls=Playlist, maxresults=1)
        except NotFound:
            playlist = None
        if playlist is None or playlist.playlistType != "audio":
            raise NotFound(f"There is no audio playlist {rating_key} on Plex.", error="Playlist not found")
        return playlist

    def playlist(self, rating_key: int) -> PlaylistInfo:
        """One audio playlist (404 for an unknown id or anything that is not an audio playlist)."""
        return playlist_info(self._playlist_object(rating_key)._data.attrib)

    def items_page(self, rating_key: int, offset: int, limit: int) -> ItemsPage:
        """One page of a playlist's items in order: a single request, whatever the playlist's size."""
        try:
            container = self._query(
                f"/playlists/{rating_key}/items",
                **{"X-Plex-Container-Start": str(offset), "X-Plex-Container-Size": str(limit)},
            )
        except NotFound:
            raise NotFound(f"There is no audio playlist {rating_key} on Plex.", error="Playlist not found") from None
        attrib = container.attrib
        if attrib.get("playlistType", "audio") != "audio":
            raise NotFound(f"There is no audio playlist {rating_key} on Plex.", error="Playlist not found")
        elements = list(container)
        items = [_playlist_item(e) for e in elements if (e.attrib.get("ratingKey") or "").isdigit()]
        total = attr_int(attrib.get("totalSize"))
        if total is None:
            total = attr_int(attrib.get("leafCount"))
        return ItemsPage(items, offset, offset + len(elements),
                         total if total is not None else offset + len(elements),
                         attrib.get("smart") == "1", attrib.get("title", ""))

    def known_tracks(self, rating_keys: Sequence[int]) -> set[int]:
        """Which of these ratingKeys are tracks in Plex (one batched request per 500 keys)."""
        wanted = list(dict.fromkeys(rating_keys))
        found: set[int] = set()
        for start in range(0, len(wanted), KEYS_PER_REQUEST):
            chunk = wanted[start:start + KEYS_PER_REQUEST]
            try:
                container = self._query(
                    f"/library/metadata/{','.join(str(k) for k in chunk)}",
                    **{"X-Plex-Container-Start": "0", "X-Plex-Container-Size": str(len(chunk))},
                )
            except NotFound:  # Plex answers 404 when none of them exists
                continue
            found.update(int(e.attrib["ratingKey"]) for e in container
                         if e.attrib.get("type") == "track" and (e.attrib.get("ratingKey") or "").isdigit())
        return found & set(wanted)

    # -- writing ---------------------------------------------------------------------------------

    def edit(self, rating_key: int, title: str | None = None, summary: str | None = None) -> None:
        """Change the title and/or summary in one request."""
        playlist = self._playlist_object(rating_key)
        playlist.batchEdits()
        if title is not None:
            playlist.editTitle(title)
        if summary is not None:
            playlist.editSummary(summary)
        self.service.run("edit playlist", playlist.saveEdits)

    def delete(self, rating_key: int) -> PlaylistInfo:
        """Delete an audio playlist (the tracks stay in the library); returns what it was."""
        playlist = self._playlist_object(rating_key)
        self.service.run("delete playlist", playlist.delete)
        return playlist_info(playlist._data.attrib)
