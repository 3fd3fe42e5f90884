"""Handlers for /playlists: regular and smart audio playlists."""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote, urlsplit

from plexm8.devtools import media_query as mq
from plexm8.devtools.plex_http import PlexError, Request, Response, paged
from plexm8.devtools.plex_xml import LIBRARY_IDENTIFIER, container, with_attribute
from plexm8.devtools.sample_library import SimPlaylist, SimTrack

if TYPE_CHECKING:
    from plexm8.devtools.plex_simulator import PlexSimulator

_PLAYLIST_SORTS = {"titleSort": lambda p: p.title.casefold(), "title": lambda p: p.title.casefold(),
                   "addedAt": lambda p: p.added_at, "updatedAt": lambda p: p.updated_at,
                   "lastViewedAt": lambda p: p.last_viewed_at or 0, "viewCount": lambda p: p.view_count}


# -- content URIs ----------------------------------------------------------------------------

def split_content_uri(sim: PlexSimulator, uri: str) -> tuple[str, str]:
    """(path, query) of a server:// (plexapi) or library:// (Plex Web) content URI; path "" names nothing."""
    server_prefix = f"server://{sim.machine_identifier}/{LIBRARY_IDENTIFIER}"
    if uri.startswith("server://"):
        if not (uri == server_prefix or uri.startswith(server_prefix + "/")):
            raise PlexError(400, f"uri must start with {server_prefix}")
        rest = uri[len(server_prefix):]
    elif uri.startswith("library://"):
        parts = uri[len("library://"):].split("/", 2)
        if len(parts) != 3 or parts[1] not in ("item", "directory"):
            raise PlexError(400, "library:// uri must be library://<uuid>/item|directory/<path>")
        rest = unquote(parts[2])
    else:
        raise PlexError(400, "uri must be a server:// or library:// content URI")
    split = urlsplit(rest)
    return split.path.rstrip("/"), split.query


def tracks_of_uri(sim: PlexSimulator, uri: str) -> list[SimTrack]:
    """The tracks a content URI names: items (albums and artists expand to their tracks) or a search."""
    lib = sim.library
    path, query = split_content_uri(sim, uri)
    if path in ("", "/library/metadata"):
        return []
    if path.startswith("/library/metadata/"):
        tracks = []
        for raw in path[len("/library/metadata/"):].split(","):
            if not raw.isdigit() or lib.kind_of(int(raw)) not in ("track", "album", "artist"):
                raise PlexError(400, f"uri names no track, album or artist {raw!r}")
            tracks += lib.leaf_tracks(int(raw))
        return tracks
    items = sim.query_items(smart_query(sim, path, query), parse_qsl(query, keep_blank_values=True))
    return [t for o in items for t in lib.leaf_tracks(o.rating_key)]


def smart_query(sim: PlexSimulator, path: str, query: str) -> mq.MediaQuery:
    """The media query of a section search URI (400 unless it targets this music section)."""
    if path != f"/library/sections/{sim.library.section_id}/all":
        raise PlexError(400, f"uri must search /library/sections/{sim.library.section_id}/all")
    return sim.parse_query(parse_qsl(query, keep_blank_values=True), default_level="track")


def playlist_tracks(sim: PlexSimulator, playlist: SimPlaylist) -> list[tuple[int | None, SimTrack]]:
    """(playlistItemID, track) of a playlist in order; smart items have no playlistItemID."""
    lib = sim.library
    if not playlist.smart:
        return [(item_id, lib.tracks[key]) for item_id, key in playlist.items]
    path, query = split_content_uri(sim, playlist.filter_uri or "")
    items = sim.query_items(smart_query(sim, path, query), parse_qsl(query, keep_blank_values=True))
    return [(None, t) for o in items for t in lib.leaf_tracks(o.rating_key)]


# -- handlers --------------------------------------------------------------------------------

def _playlist(req: Request) -> SimPlaylist:
    playlist = req.sim.library.playlists.get(req.id_arg("playlistId"))
    if playlist is None:
        raise PlexError(404, f"no playlist {req.args['playlistId']}")
    return playlist


def _one_playlist_response(req: Request, playlist: SimPlaylist) -> Response:
    return Response(200, container([req.sim.playlist_xml(playlist)]))


def list_playlists(req: Request) -> Response:
    """GET /playlists — audio playlists (``playlistType``, ``smart``, ``title``, ``sort`` honoured)."""
    sim = req.sim
    kind = req.param("playlistType")
    if kind not in (None, "audio", "video", "photo"):
        raise PlexError(400, "playlistType must be audio, video or photo")
    smart = req.bool_param("smart")
    section = req.int_param("sectionID")
    title = (req.param("title") or "").casefold()
    wanted_type = req.int_param("type")
    with sim.library.lock:
        playlists = list(sim.library.playlists.values())
        if kind in ("video", "photo") or wanted_type not in (None, 15) or section not in (None, sim.library.section_id):
            playlists = []
        playlists = [p for p in playlists if (smart is None or p.smart == smart) and title in p.title.casefold()]
        playlists.sort(key=lambda p: (p.title.casefold(), p.rating_key))
        for part in reversed((req.param("sort") or "").split(",") if req.param("sort") else []):
            name, _, direction = part.partition(":")
            if name not in _PLAYLIST_SORTS or direction not in ("", "asc", "desc"):
                raise PlexError(400, f"cannot sort playlists by {part!r}")
            playlists.sort(key=_PLAYLIST_SORTS[name], reverse=direction == "desc")
        chunk, page_attrs, headers = paged(req, playlists)
        body = container([sim.playlist_xml(p) for p in chunk], **page_attrs)
    return Response(200, body, headers)


def create_playlist(req: Request) -> Response:
    """POST /playlists — a regular playlist of the uri's items (none: blank), or a smart one."""
    sim = req.sim
    title = req.param("title")
    if not title:
        raise PlexError(400, "title is required")
    if req.param("type") != "audio":
        raise PlexError(400, "type must be audio (the simulator holds a music library only)")
    if req.param("playQueueID"):
        raise PlexError(400, "the simulator cannot create playlists from play queues")
    smart = bool(req.bool_param("smart", False))
    uri = req.param("uri") or ""
    with sim.library.lock:
        if smart:
            path, query = split_content_uri(sim, uri)
            smart_query(sim, path, query)  # validate the rules now: a bad filter is a 400, not a broken playlist
            playlist = sim.library.create_playlist(title, smart=True, filter_uri=uri)
        else:
            tracks = tracks_of_uri(sim, uri) if uri else []
            playlist = sim.library.create_playlist(title, [t.rating_key for t in tracks])
        return _one_playlist_response(req, playlist)


def get_playlist(req: Request) -> Response:
    """GET /playlists/{playlistId}."""
    with req.sim.library.lock:
        return _one_playlist_response(req, _playlist(req))


def edit_playlist(req: Request) -> Response:
    """PUT /playlists/{playlistId} — ``title``/``summary`` (or plexapi's ``title.value``/``summary.value``)."""
    with req.sim.library.lock:
        playlist = _playlist(req)
        title = req.param("title.value", req.param("title"))
        summary = req.param("summary.value", req.param("summary"))
        if title is not None and not title.strip():
            raise PlexError(400, "a playlist title cannot be empty")
        req.sim.library.edit_playlist(playlist.rating_key, title=title, summary=summary)
    return Response(204)


def delete_playlist(req: Request) -> Response:
    """DELETE /playlists/{playlistId}."""
    with req.sim.library.lock:
        req.sim.library.delete_playlist(_playlist(req).rating_key)
    return Response(204)


def playlist_items(req: Request) -> Response:
    """GET /playlists/{playlistId}/items — tracks in order (``type=9``/``8``: their albums/artists)."""
    sim = req.sim
    lib = sim.library
    level = mq.LEVEL_OF_TYPE.get(req.int_param("type", 10))
    with lib.lock:
        playlist = _playlist(req)
        entries = playlist_tracks(sim, playlist)
        tracks = [t for _, t in entries]
        if level in ("album", "artist"):
            parents = dict.fromkeys(lib.albums[t.album_key] if level == "album" else lib.artists[t.artist_key]
                                    for t in tracks)
            chunk, page_attrs, headers = paged(req, list(parents))
            elements = [sim.xml.item(o) for o in chunk]
        else:
            chunk, page_attrs, headers = paged(req, entries if level == "track" else [])
            elements = [sim.xml.track(t) if item_id is None
                        else with_attribute(sim.xml.track(t), "playlistItemID", item_id) for item_id, t in chunk]
        composite = f"/playlists/{playlist.rating_key}/composite/{playlist.updated_at}"
        body = container(elements, **page_attrs, composite=composite,
                         duration=sum(t.duration_ms for t in tracks) // 1000, leafCount=len(tracks),
                         playlistType="audio", ratingKey=playlist.rating_key, smart=playlist.smart,
                         title=playlist.title)
    return Response(200, body, headers)


def add_playlist_items(req: Request) -> Response:
    """PUT /playlists/{playlistId}/items?uri= — append items, or replace a smart playlist's rules."""
    sim = req.sim
    uri = req.param("uri")
    if not uri:
        raise PlexError(400, "uri is required")
    with sim.library.lock:
        playlist = _playlist(req)
        if playlist.smart:
            path, query = split_content_uri(sim, uri)
            smart_query(sim, path, query)
            sim.library.set_playlist_filter(playlist.rating_key, uri)
        else:
            tracks = tracks_of_uri(sim, uri)
            if not tracks:
                raise PlexError(400, "uri names no tracks to add")
            sim.library.add_to_playlist(playlist.rating_key, [t.rating_key for t in tracks])
        return _one_playlist_response(req, playlist)


def clear_playlist(req: Request) -> Response:
    """DELETE /playlists/{playlistId}/items — empty a regular playlist."""
    with req.sim.library.lock:
        playlist = _regular(req)
        req.sim.library.clear_playlist(playlist.rating_key)
        return _one_playlist_response(req, playlist)


def remove_playlist_item(req: Request) -> Response:
    """DELETE /playlists/{playlistId}/items/{playlistItemId}."""
    with req.sim.library.lock:
        playlist = _regular(req)
        item_id = req.id_arg("playlistItemId")
        try:
            req.sim.library.remove_playlist_item(playlist.rating_key, item_id)
        except KeyError:
            raise PlexError(404, f"playlist {playlist.rating_key} has no item {item_id}") from None
        return _one_playlist_response(req, playlist)


def move_playlist_item(req: Request) -> Response:
    """PUT /playlists/{playlistId}/items/{playlistItemId}/move?after= — no ``after``: to the top."""
    with req.sim.library.lock:
        playlist = _regular(req)
        item_id = req.id_arg("playlistItemId")
        after = req.int_param("after")
        try:
            req.sim.library.move_playlist_item(playlist.rating_key, item_id, after)
        except KeyError as missing:
            raise PlexError(404, f"playlist {playlist.rating_key} has no item {missing.args[0]}") from None
        return _one_playlist_response(req, playlist)


def _regular(req: Request) -> SimPlaylist:
    playlist = _playlist(req)
    if playlist.smart:
        raise PlexError(400, "a smart playlist's items follow its rules and cannot be edited")
    return playlist
