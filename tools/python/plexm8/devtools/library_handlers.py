"""Handlers for the server, library sections, metadata items, search, ratings and plays."""
from __future__ import annotations

import math
import unicodedata
from typing import NamedTuple

from plexm8.devtools import media_query as mq
from plexm8.devtools.plex_http import PlexError, Request, Response, paged, parse_int
from plexm8.devtools.plex_xml import (
    LIBRARY_IDENTIFIER,
    MEDIA_TAG_PREFIX,
    MEDIA_TAG_VERSION,
    container,
    element,
    with_attribute,
)
from plexm8.devtools.sample_library import SimAlbum, SimArtist, SimPlaylist, SimTrack


class SectionRefresh(NamedTuple):
    """One scan request the simulator received (``PlexSimulator.refreshes``)."""

    section_id: int
    path: str | None
    force: bool
    at: float


# -- server ----------------------------------------------------------------------------------

def server_root(req: Request) -> Response:
    """GET / — the server's own description (what plexapi's PlexServer reads)."""
    sim = req.sim
    directories = [element("Directory", (("count", 1), ("key", key), ("title", key)))
                   for key in ("hubs", "library", "playlists", "search")]
    return Response(200, container(
        directories, allowCameraUpload=False, allowChannelAccess=True, allowMediaDeletion=True,
        allowSharing=True, allowSync=True, backgroundProcessing=True, certificate=False,
        companionProxy=True, countryCode="usa", diagnostics="logs,databases,streaminglogs",
        eventStream=True, friendlyName=sim.server_name, hubSearch=True, itemClusters=True,
        livetv=7, machineIdentifier=sim.machine_identifier, mediaProviders=True, multiuser=True,
        musicAnalysis=2, myPlex=True, myPlexMappingState="mapped", myPlexSigninState="ok",
        myPlexSubscription=True, myPlexUsername="plexm8@example.invalid",
        ownerFeatures="music_analysis,pass,premium_music_metadata,sonic_analysis,webhooks",
        photoAutoTag=True, platform="Linux", platformVersion="6.1.0", pluginHost=True,
        pushNotifications=False, readOnlyLibraries=False, requestParametersInCookie=True,
        streamingBrainABRVersion=3, streamingBrainVersion=2, sync=True, transcoderActiveVideoSessions=0,
        transcoderAudio=True, transcoderLyrics=True, transcoderPhoto=True, transcoderSubtitles=True,
        transcoderVideo=True, updatedAt=int(sim.created_at), updater=True, version=sim.version,
        voiceSearch=True))


def identity(req: Request) -> Response:
    """GET /identity — public; what a client checks before signing in."""
    sim = req.sim
    return Response(200, container(claimed=True, machineIdentifier=sim.machine_identifier, version=sim.version))


def library_root(req: Request) -> Response:
    """GET /library — plexapi's ``server.library`` reads this first."""
    directories = [element("Directory", (("key", key), ("title", title))) for key, title in (
        ("sections", "Library Sections"), ("recentlyAdded", "Recently Added Content"), ("onDeck", "On Deck Content"))]
    return Response(200, container(
        directories, allowSync=False, art="/:/resources/library-art.png", content="",
        identifier=LIBRARY_IDENTIFIER, mediaTagPrefix=MEDIA_TAG_PREFIX, mediaTagVersion=MEDIA_TAG_VERSION,
        title1="Plex Library", title2=""))


def sections(req: Request) -> Response:
    """GET /library/sections (plexapi) and /library/sections/all (spec) — the one music section."""
    sim = req.sim
    with sim.library.lock:
        directory = sim.xml.section_directory(int(sim.created_at))
    return Response(200, container([directory], allowSync=False, title1="Plex Library"))


# -- section contents ------------------------------------------------------------------------

def _section(req: Request) -> int:
    section_id = req.id_arg("sectionId")
    if section_id != req.sim.library.section_id:
        raise PlexError(404, f"no library section {section_id}")
    return section_id


def section_all(req: Request) -> Response:
    """GET /library/sections/{id}/all — artists, albums or tracks, filtered, sorted and paged."""
    _section(req)
    sim = req.sim
    with sim.library.lock:
        query = sim.parse_query(req.query)
        items = sim.query_items(query, req.query)
        chunk, page_attrs, headers = paged(req, items)
        level = query.level or "artist"
        meta = sim.xml.meta() if req.bool_param("includeMeta") else ""
        body = container([sim.xml.item(o) for o in chunk], meta=meta, **page_attrs, **sim.xml.section_attrs(),
                         title1=sim.library.section_title, title2=f"All {mq.LEVEL_TITLES[level]}", viewGroup=level,
                         nocache=True)
    return Response(200, body, headers)


def section_albums(req: Request) -> Response:
    """GET /library/sections/{id}/albums — every album (MusicSection.albums())."""
    _section(req)
    sim = req.sim
    with sim.library.lock:
        chunk, page_attrs, headers = paged(req, mq.default_order(sim.library, "album"))
        body = container([sim.xml.album(a) for a in chunk], **page_attrs, **sim.xml.section_attrs(),
                         title1=sim.library.section_title, title2="By Album", viewGroup="album")
    return Response(200, body, headers)


def section_collections(req: Request) -> Response:
    """GET /library/sections/{id}/collections — the simulator holds no collections."""
    _section(req)
    start, _ = req.paging()
    return Response(200, container(offset=start, totalSize=0, **req.sim.xml.section_attrs()),
                    {"X-Plex-Container-Start": str(start), "X-Plex-Container-Total-Size": "0"})


def filter_choices(req: Request) -> Response:
    """GET /library/sections/{id}/genre|mood|style?type= — values plexapi turns tag filters into."""
    _section(req)
    kind = req.path.rsplit("/", 1)[-1]
    level = mq.LEVEL_OF_TYPE.get(req.int_param("type", 8))
    if level is None:
        raise PlexError(400, "type must be 8, 9 or 10 in a music section")
    sim = req.sim
    section = sim.library.section_id
    with sim.library.lock:
        choices = mq.tag_choices(sim.library, kind, level)
    directories = [element("Directory", (
        ("fastKey", f"/library/sections/{section}/all?type={mq.TYPE_NUMBER[level]}&{kind}={tag_id}"),
        ("key", tag_id), ("title", name), ("type", kind))) for tag_id, name in choices]
    return Response(200, container(directories, allowSync=False, content="secondary",
                                   identifier=LIBRARY_IDENTIFIER, title1=sim.library.section_title,
                                   title2=f"By {kind.capitalize()}", viewGroup="secondary"))


def section_refresh(req: Request) -> Response:
    """GET (plexapi) / POST (spec) /library/sections/{id}/refresh — recorded, then ``on_refresh``."""
    section_id = _section(req)
    refresh = SectionRefresh(section_id, req.param("path"), bool(req.bool_param("force", False)),
                             req.sim.library.clock())
    req.sim.record_refresh(refresh)
    return Response(200)


def activities(req: Request) -> Response:
    """GET /activities — what the server is busy with (the folder scanner reports its scans here)."""
    with req.sim.activity_lock:
        running = list(req.sim.activities.values())
    items = [element("Activity", (("uuid", a["uuid"]), ("type", a["type"]), ("cancellable", 0), ("userID", 1),
                                  ("title", a["title"]), ("subtitle", a["subtitle"]), ("progress", a["progress"])))
             for a in running]
    return Response(200, container(items))


# -- metadata items --------------------------------------------------------------------------

def _ids(req: Request) -> list[int]:
    raw = req.args["ids"]
    try:
        return [int(part) for part in raw.split(",") if part != ""]
    except ValueError:
        raise PlexError(400, f"ids must be comma-separated rating keys, not {raw!r}") from None


def _one_item(req: Request) -> SimArtist | SimAlbum | SimTrack | SimPlaylist:
    ids = _ids(req)
    if len(ids) != 1:
        raise PlexError(400, "exactly one rating key is expected here")
    obj = req.sim.library.item(ids[0])
    if obj is None:
        raise PlexError(404, f"no metadata item {ids[0]}")
    return obj


def metadata(req: Request) -> Response:
    """GET /library/metadata/{ids} — one or more items (unknown ones skipped; none known: 404)."""
    sim = req.sim
    ids = _ids(req)
    with sim.library.lock:
        found = [o for o in (sim.library.item(i) for i in ids) if o is not None]
        if not found:
            raise PlexError(404, f"no metadata item {req.args['ids']}")
        chunk, page_attrs, headers = paged(req, found)
        elements = [sim.playlist_xml(o) if isinstance(o, SimPlaylist) else sim.xml.item(o) for o in chunk]
        body = container(elements, **page_attrs, **sim.xml.section_attrs())
    return Response(200, body, headers)


def children(req: Request) -> Response:
    """GET /library/metadata/{id}/children — an artist's albums or an album's tracks."""
    sim = req.sim
    with sim.library.lock:
        parent = _one_item(req)
        if isinstance(parent, SimArtist):
            items, extra = sim.library.artist_albums(parent.rating_key), {"viewGroup": "album"}
        elif isinstance(parent, SimAlbum):
            artist = sim.library.artists[parent.artist_key]
            items = sim.library.album_tracks(parent.rating_key)
            extra = {"viewGroup": "track", "parentTitle": parent.title, "grandparentTitle": artist.title,
                     "parentYear": parent.year}
        else:
            items, extra = [], {}
        chunk, page_attrs, headers = paged(req, items)
        body = container([sim.xml.item(o) for o in chunk], **page_attrs, **sim.xml.section_attrs(),
                         key=parent.rating_key, parentRatingKey=parent.rating_key, title1=parent.title, **extra)
    return Response(200, body, headers)


def all_leaves(req: Request) -> Response:
    """GET /library/metadata/{id}/allLeaves — every track under an artist or album."""
    sim = req.sim
    with sim.library.lock:
        parent = _one_item(req)
        tracks = [] if isinstance(parent, SimPlaylist) else sim.library.leaf_tracks(parent.rating_key)
        chunk, page_attrs, headers = paged(req, tracks)
        body = container([sim.xml.track(t) for t in chunk], **page_attrs, **sim.xml.section_attrs(),
                         key=parent.rating_key, title1=parent.title, viewGroup="track")
    return Response(200, body, headers)


def sonic_distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Distance between two sonic vectors, scaled to 0..1."""
    return math.dist(a, b) / math.sqrt(len(a))


def nearest(req: Request) -> Response:
    """GET /library/metadata/{id}/nearest — sonically similar tracks (analysed tracks only)."""
    sim = req.sim
    limit = req.int_param("limit", 50, minimum=0)
    max_distance = req.float_param("maxDistance", 0.25)
    exclude_parent = req.int_param("excludeParentID")
    exclude_grandparent = req.int_param("excludeGrandparentID")
    with sim.library.lock:
        seed = _one_item(req)
        found: list[tuple[float, SimTrack]] = []
        if isinstance(seed, SimTrack) and seed.sonic is not None:
            for track in sim.library.tracks.values():
                if (track.sonic is None or track.rating_key == seed.rating_key
                        or track.album_key == exclude_parent or track.artist_key == exclude_grandparent):
                    continue
                distance = sonic_distance(seed.sonic, track.sonic)
                if distance <= max_distance:
                    found.append((distance, track))
        found.sort(key=lambda pair: (pair[0], pair[1].rating_key))
        elements = [with_attribute(sim.xml.track(t), "distance", round(d, 4)) for d, t in found[:limit]]
        body = container(elements, **sim.xml.section_attrs())
    return Response(200, body)


# -- search ----------------------------------------------------------------------------------

def fold(text: str) -> str:
    """Case- and accent-insensitive form used by search (``beyonce`` finds ``Beyoncé``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def hub_search(req: Request) -> Response:
    """GET /hubs/search — artist, album, track and playlist hubs of title matches."""
    sim = req.sim
    query = req.param("query")
    if not query or not query.strip():
        raise PlexError(400, "query is required")
    limit = req.int_param("limit", 3, minimum=1)  # the spec: 3 per hub unless told
    section = req.int_param("sectionId")
    if section is not None and section != sim.library.section_id:
        raise PlexError(404, f"no library section {section}")
    needle = fold(query.strip())
    lib = sim.library
    hubs = []
    with lib.lock:
        for hub_type, title, pool in (("artist", "Artists", lib.artists.values()),
                                      ("album", "Albums", lib.albums.values()),
                                      ("track", "Tracks", lib.tracks.values()),
                                      ("playlist", "Playlists", lib.playlists.values())):
            ranked = sorted(((rank, o) for o in pool if (rank := _match_rank(o, needle)) is not None),
                            key=lambda pair: (pair[0], fold(pair[1].title), pair[1].rating_key))
            shown = [o for _, o in ranked[:limit]]
            items = [sim.playlist_xml(o) if isinstance(o, SimPlaylist) else sim.xml.item(o) for o in shown]
            hubs.append(element("Hub", (
                ("hubKey", f"/library/metadata/{','.join(str(o.rating_key) for o in shown)}" if shown else None),
                ("type", hub_type), ("hubIdentifier", hub_type), ("context", f"hub.{hub_type}"),
                ("size", len(shown)), ("more", len(ranked) > len(shown)), ("style", "shelf"), ("title", title)),
                "".join(f"\n{item}" for item in items)))
    return Response(200, container(hubs))


def _match_rank(obj: SimArtist | SimAlbum | SimTrack | SimPlaylist, needle: str) -> int | None:
    title = fold(obj.title)
    if title == needle:
        return 0
    if title.startswith(needle):
        return 1
    if needle in title:
        return 2
    original = getattr(obj, "original_title", None)
    if original and needle in fold(original):
        return 3
    return None


# -- ratings and plays -----------------------------------------------------------------------

def _library_key(req: Request) -> int:
    raw = req.param("key")
    if not raw:
        raise PlexError(400, "key is required")
    identifier = req.param("identifier", LIBRARY_IDENTIFIER)
    if identifier != LIBRARY_IDENTIFIER:
        raise PlexError(400, f"identifier must be {LIBRARY_IDENTIFIER}")
    key = parse_int(raw.rsplit("/", 1)[-1], "key")  # a bare ratingKey or /library/metadata/<ratingKey>
    if req.sim.library.kind_of(key) is None:
        raise PlexError(404, f"no metadata item {key}")
    return key


def rate(req: Request) -> Response:
    """PUT /:/rate — set a track's rating 0-10; -1 clears it."""
    key = _library_key(req)
    rating = req.float_param("rating")
    if rating is None:
        raise PlexError(400, "rating is required")
    if rating != -1 and not 0 <= rating <= 10:
        raise PlexError(400, "rating must be between 0 and 10, or -1 to clear")
    if req.sim.library.kind_of(key) != "track":
        raise PlexError(400, "the simulator rates tracks only")
    req.sim.library.rate(key, None if rating == -1 else rating)
    return Response(200)


def scrobble(req: Request) -> Response:
    """GET (plexapi) / PUT (spec) /:/scrobble — one more play of a track, album or artist."""
    key = _library_key(req)
    if req.sim.library.kind_of(key) == "playlist":
        raise PlexError(400, "playlists cannot be scrobbled")
    req.sim.library.scrobble(key)
    return Response(200)


def unscrobble(req: Request) -> Response:
    """GET (plexapi) / PUT (spec) /:/unscrobble — mark a track, album or artist unplayed."""
    key = _library_key(req)
    if req.sim.library.kind_of(key) == "playlist":
        raise PlexError(400, "playlists cannot be unscrobbled")
    req.sim.library.unscrobble(key)
    return Response(200)
