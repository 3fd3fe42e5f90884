"""Audio playlists in Plex: list, create, read, page through items, add, remove, move, rename, delete, export.

Every write checks its input first (track keys against Plex in batched lookups) so bad input changes nothing,
and a write that needs several Plex requests is undone when a later one fails.
"""
from __future__ import annotations

import logging
from typing import Any, Sequence

from plexm8.errors import APIError, Conflict, NotFound, Unprocessable
from plexm8.services.playlists import journal
from plexm8.services.playlists.export import ExportFile, export_file
from plexm8.services.plex_service import PlexService
from plexm8.services.plex_service.playlists import (
    PlaylistInfo,
    PlaylistItem,
    PlexPlaylistCalls,
)
from plexm8.services.tracks import parse_track_key, track_key

log = logging.getLogger(__name__)

EXPORT_PAGE_SIZE = 1000
SMART_REFUSAL = ("Smart playlists are edited through their rules (PUT /api/smart-playlists/{key}); "
                 "their items cannot be added, removed or moved one by one.")


# -- shapes ------------------------------------------------------------------------------------

def playlist_metadata(info: PlaylistInfo) -> dict[str, Any]:
    """The API's playlist shape (Plex's JSON field names, smart as 0/1, Plex epoch seconds)."""
    return {
        "ratingKey": str(info.rating_key),
        "key": f"/playlists/{info.rating_key}",
        "title": info.title,
        "type": "audio",
        "smart": int(info.smart),
        "summary": info.summary,
        "leafCount": info.leaf_count,
        "duration": info.duration_ms,
        "thumb": info.thumb,
        "addedAt": info.added_at,
        "updatedAt": info.updated_at,
    }


def item_metadata(item: PlaylistItem, index: int) -> dict[str, Any]:
    """The API's shape of one playlist entry; `index` is its 0-based position in the playlist."""
    return {
        "key": track_key(item.rating_key),
        "ratingKey": str(item.rating_key),
        "playlistItemID": item.playlist_item_id,
        "title": item.title,
        "artist": item.artist,
        "album": item.album,
        "duration": item.duration_ms,
        "userRating": item.user_rating,
        "thumb": item.thumb,
        "index": index,
    }


# -- input checks ------------------------------------------------------------------------------

def parse_track_keys(values: Sequence[str | int], field: str = "track_keys") -> list[int]:
    """ratingKeys from `/library/metadata/<key>` or bare keys, in order (422 naming `field` on a bad one)."""
    return [parse_track_key(value, field) for value in values]


def _title(value: str) -> str:
    title = value.strip()
    if not title:
        raise Unprocessable("title must not be blank.", field="title")
    return title


def _require_tracks(calls: PlexPlaylistCalls, rating_keys: Sequence[int]) -> None:
    known = calls.known_tracks(rating_keys)
    unknown = [k for k in dict.fromkeys(rating_keys) if k not in known]
    if unknown:
        shown = ", ".join(track_key(k) or "" for k in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise Unprocessable(
            f"track_keys names no track in Plex: {shown}{more}. Nothing was changed.", field="track_keys"
        )


def _regular(calls: PlexPlaylistCalls, rating_key: int) -> PlaylistInfo:
    info = calls.playlist(rating_key)
    if info.smart:
        raise Conflict(SMART_REFUSAL.format(key=rating_key), error="Smart playlist")
    return info


# -- reading -----------------------------------------------------------------------------------

def list_playlists(service: PlexService, smart: bool | None = None) -> dict[str, Any]:
    """Every audio playlist in the `MediaContainer` shape the hosted app reads."""
    metadata = [playlist_metadata(p) for p in PlexPlaylistCalls(service).audio_playlists(smart)]
    return {"MediaContainer": {"size": len(metadata), "Metadata": metadata}}


def get_playlist(service: PlexService, rating_key: int) -> dict[str, Any]:
    """One audio playlist (404 when there is none with that id)."""
    return {"playlist": playlist_metadata(PlexPlaylistCalls(service).playlist(rating_key))}


def list_items(service: PlexService, rating_key: int, offset: int, limit: int) -> dict[str, Any]:
    """One page of a playlist's entries in order, fetched with a single Plex request."""
    page = PlexPlaylistCalls(service).items_page(rating_key, offset, limit)
    metadata = [item_metadata(item, offset + i) for i, item in enumerate(page.items)]
    return {"MediaContainer": {"size": len(metadata), "totalSize": page.total, "offset": offset,
                               "Metadata": metadata}}


def all_items(calls: PlexPlaylistCalls, rating_key: int, start: int = 0,
              page_size: int = EXPORT_PAGE_SIZE) -> list[PlaylistItem]:
    """Every entry of a playlist from position `start` on, in order, read a page at a time."""
    items: list[PlaylistItem] = []
    offset = start
    while True:
        page = calls.items_page(rating_key, offset, page_size)
        items.extend(page.items)
        if page.next_offset == offset or page.next_offset >= page.total:
            return items
        offset = page.next_offset


def export_playlist(service: PlexService, rating_key: int, fmt: str) -> ExportFile:
    """The playlist as an M3U8, CSV or JSON file."""
    calls = PlexPlaylistCalls(service)
    info = calls.playlist(rating_key)
    return export_file(playlist_metadata(info), all_items(calls, rating_key), fmt)


# -- writing -----------------------------------------------------------------------------------

def create_playlist(service: PlexService, title: str, description: str | None = None,
                    track_keys: Sequence[str | int] = ()) -> dict[str, Any]:
    """Create an audio playlist (empty, or of these tracks in order); unknown tracks create nothing."""
    name = _title(title)
    rating_keys = parse_track_keys(track_keys)
    calls = PlexPlaylistCalls(service)
    if rating_keys:
        _require_tracks(calls, rating_keys)
    playlist_key = journal.create_playlist(calls, name, rating_keys)
    if description:
        try:
            calls.edit(playlist_key, summary=description)
        except APIError:
            journal.undo_creation(calls, playlist_key)
            raise
    log.info("Created playlist %r with %d tracks", name, len(rating_keys))
    return {"success": True, "playlist": {"key": f"/playlists/{playlist_key}", "ratingKey": str(playlist_key),
                                          "title": name, "type": "audio", "itemCount": len(rating_keys)}}


def add_items(service: PlexService, rating_key: int, track_keys: Sequence[str | int]) -> dict[str, Any]:
    """Append tracks in order; unknown tracks or a smart playlist change nothing."""
    rating_keys = parse_track_keys(track_keys)
    if not rating_keys:
        raise Unprocessable("track_keys must name at least one track.", field="track_keys")
    calls = PlexPlaylistCalls(service)
    before = _regular(calls, rating_key)
    _require_tracks(calls, rating_keys)
    # Even a first request that failed may have been applied (a timeout): undo by position, not by count.
    journal.add_to_playlist(calls, rating_key, before.title, before.leaf_count, rating_keys,
                            undo=lambda: _undo_additions(calls, rating_key, before.leaf_count))
    return {"success": True, "added": len(rating_keys), "playlist": playlist_metadata(calls.playlist(rating_key))}


def _undo_additions(calls: PlexPlaylistCalls, rating_key: int, kept: int) -> None:
    """Remove every entry after the first `kept` ones (what a failed multi-request addition appended)."""
    try:
        added = all_items(calls, rating_key, start=kept)
        for item in added:
            if item.playlist_item_id is not None:
                calls.remove_playlist_item(rating_key, item.playlist_item_id)
        if added:
            log.warning("Adding to playlist %s failed halfway; removed the %d entries already added",
                        rating_key, len(added))
    except APIError as exc:
        log.error("Adding to playlist %s failed halfway and the partial addition could not be undone: %s",
                  rating_key, exc.message)


def remove_item(service: PlexService, rating_key: int, item_id: int) -> dict[str, Any]:
    """Remove one entry by its playlistItemID."""
    calls = PlexPlaylistCalls(service)
    _regular(calls, rating_key)
    try:
        calls.remove_playlist_item(rating_key, item_id)
    except NotFound:
        raise NotFound(f"Playlist {rating_key} has no item with playlistItemID {item_id}.",
                       error="Playlist item not found") from None
    return {"success": True, "removed": item_id, "playlist": playlist_metadata(calls.playlist(rating_key))}


def move_item(service: PlexService, rating_key: int, item_id: int, after: int | None) -> dict[str, Any]:
    """Move an entry right after another one (`after` a playlistItemID), or to the top when `after` is None."""
    if after == item_id:
        raise Unprocessable("after must name another entry of the playlist (or be null for the top).",
                            field="after")
    calls = PlexPlaylistCalls(service)
    _regular(calls, rating_key)
    try:
        calls.move_playlist_item(rating_key, item_id, after)
    except NotFound:
        names = f"{item_id}" if after is None else f"{item_id} or {after}"
        raise NotFound(f"Playlist {rating_key} has no item with playlistItemID {names}.",
                       error="Playlist item not found") from None
    return {"success": True, "moved": item_id, "after": after,
            "playlist": playlist_metadata(calls.playlist(rating_key))}


def edit_playlist(service: PlexService, rating_key: int, title: str | None = None,
                  description: str | None = None) -> dict[str, Any]:
    """Rename a playlist and/or change its description (Plex's summary; "" clears it)."""
    if title is None and description is None:
        raise Unprocessable("Send a title and/or a description to change.", field="title")
    name = None if title is None else _title(title)
    calls = PlexPlaylistCalls(service)
    calls.edit(rating_key, title=name, summary=description)
    return {"success": True, "playlist": playlist_metadata(calls.playlist(rating_key))}


def delete_playlist(service: PlexService, rating_key: int) -> dict[str, Any]:
    """Delete a playlist (its tracks stay in the library)."""
    info = PlexPlaylistCalls(service).delete(rating_key)
    log.info("Deleted playlist %r (%s)", info.title, info.rating_key)
    return {"success": True, "deleted": {"key": f"/playlists/{info.rating_key}", "ratingKey": str(info.rating_key),
                                         "title": info.title}}
