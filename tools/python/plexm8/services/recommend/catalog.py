"""The library snapshot recommendations work on: every track with its people, album, tags and decade,
indexed by each attribute, plus playlist co-occurrence; loaded with a few paged listings and cached."""
from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from plexm8.services.matching.normalize import normalize_text, parse_title, split_artists
from plexm8.services.plex_service import PlexService
from plexm8.services.plex_service.recommend import PlexRecommendCalls, TaggedParent, TaggedTrack

log = logging.getLogger(__name__)

VARIOUS_ARTISTS = frozenset({"various artists", "various", "va"})
CATALOG_TTL_S = 600.0
# How long after a load a missing seed is trusted to be really new, rather than triggering a reload.
RELOAD_GRACE_S = 30.0


@dataclass(slots=True, eq=False)
class CatalogTrack:
    """A track as the recommenders see it: display fields plus normalised keys for comparison."""

    rating_key: int
    title: str
    artist: str
    album: str
    album_key: int | None
    album_artist_key: int | None  # None for compilations ("Various Artists")
    artist_keys: frozenset[str]  # every credited artist, normalised, with the album artist
    primary_artist: str  # normalised first credited artist: the unit of per-artist caps
    song_key: tuple[str, str]  # (title without version words, primary artist): one song in any version
    genres: tuple[str, ...]
    styles: tuple[str, ...]
    moods: tuple[str, ...]
    decade: int | None
    analysed: bool
    view_count: int
    user_rating: float | None
    skip_count: int = 0
    last_viewed_at: int | None = None
    added_at: int | None = None
    last_rated_at: int | None = None
    listeners: int | None = None  # Plex's ratingCount: Last.fm listeners, when Plex's agent matched the track

    def summary(self) -> dict:
        """The API's short track shape."""
        return {"key": f"/library/metadata/{self.rating_key}", "ratingKey": str(self.rating_key),
                "title": self.title, "artist": self.artist, "album": self.album}


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def catalog_track(track: TaggedTrack, album: TaggedParent | None = None,
                  artist: TaggedParent | None = None) -> CatalogTrack:
    """Join a track with its album's and artist's tags (track tags first; artist genres only as a fallback)."""
    album_artist = normalize_text(track.album_artist)
    compilation = album_artist in VARIOUS_ARTISTS
    names = [n for n in (track.artist, *split_artists(track.artist)) if n]
    if not compilation and track.album_artist:
        names.append(track.album_artist)
    keys = frozenset(k for k in (normalize_text(n) for n in names) if k and k not in VARIOUS_ARTISTS)
    credited = split_artists(track.artist)
    primary = normalize_text(credited[0]) if credited else (album_artist or str(track.rating_key))
    genres = _unique((*track.genres, *(album.genres if album else ())))
    if not genres and artist is not None:
        genres = _unique(artist.genres)
    styles = _unique((*track.styles, *(album.styles if album else ()),
                      *(artist.styles if artist is not None and not compilation else ())))
    year = track.year or (album.year if album else None)
    return CatalogTrack(
        rating_key=track.rating_key, title=track.title, artist=track.artist, album=track.album,
        album_key=track.album_key, album_artist_key=None if compilation else track.album_artist_key,
        artist_keys=keys, primary_artist=primary,
        song_key=(normalize_text(parse_title(track.title).core), primary),
        genres=genres, styles=styles, moods=_unique((*track.moods, *(album.moods if album else ()))),
        decade=year // 10 * 10 if year else None, analysed=track.analysed, view_count=track.view_count,
        user_rating=track.user_rating, skip_count=track.skip_count, last_viewed_at=track.last_viewed_at,
        added_at=track.added_at, last_rated_at=track.last_rated_at, listeners=track.rating_count,
    )


@dataclass
class Catalog:
    """Every track of the music section, indexed by artist, album and tag, with playlist co-occurrence."""

    tracks: dict[int, CatalogTrack]
    playlists: list[tuple[int, ...]] = field(default_factory=list)
    loaded_at: float = field(default_factory=time.monotonic)
    by_artist: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_album: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_tag: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_decade: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    in_playlists: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    # Sonic neighbours asked of Plex per seed (analysis does not change while a snapshot lives).
    neighbours: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)  # what the ranker builds from this snapshot, kept with it
    # The latest lastViewedAt and lastRatedAt in the snapshot (server clock): newer plays and ratings are read afresh.
    played_until: int = 0
    rated_until: int = 0
    ratings: dict[int, float] = field(default_factory=dict)  # ratingKey → userRating, kept up to date

    def __post_init__(self) -> None:
        for track in self.tracks.values():
            self._index(track)
            self.played_until = max(self.played_until, track.last_viewed_at or 0)
            self.rated_until = max(self.rated_until, track.last_rated_at or 0)
            if track.user_rating is not None:
                self.ratings[track.rating_key] = track.user_rating
        for number, members in enumerate(self.playlists):
            for rating_key in set(members):
                self.in_playlists[rating_key].append(number)

    def _index(self, track: CatalogTrack) -> None:
        rk = track.rating_key
        for key in track.artist_keys:
            self.by_artist[key].append(rk)
        if track.album_key is not None:
            self.by_album[track.album_key].append(rk)
        for kind, values in (("genre", track.genres), ("style", track.styles), ("mood", track.moods)):
            for value in values:
                self.by_tag[(kind, value.casefold())].append(rk)
        if track.decade is not None:
            self.by_decade[track.decade].append(rk)

    def age_s(self) -> float:
        """Seconds since this snapshot was loaded."""
        return time.monotonic() - self.loaded_at



def build_catalog(tracks: Iterable[TaggedTrack], albums: Iterable[TaggedParent] = (),
                  artists: Iterable[TaggedParent] = (), playlists: Iterable[Iterable[int]] = ()) -> Catalog:
    """A Catalog from listed tracks, albums, artists and playlist memberships."""
    album_by_key = {a.rating_key: a for a in albums}
    artist_by_key = {a.rating_key: a for a in artists}
    joined = {
        t.rating_key: catalog_track(t, album_by_key.get(t.album_key or -1), artist_by_key.get(t.album_artist_key or -1))
        for t in tracks
    }
    members = [tuple(rk for rk in playlist if rk in joined) for playlist in playlists]
    return Catalog(joined, [m for m in members if len(m) > 1])


def load_catalog(calls: PlexRecommendCalls) -> Catalog:
    """Read the whole library with paged listings (tracks, albums, artists) and the regular playlists' members."""
    started = time.perf_counter()
    tracks = [t for page in calls.iter_tagged_tracks() for t in page]
    catalog = build_catalog(tracks, calls.tagged_albums(), calls.tagged_artists(), calls.playlist_members())
    log.info("Recommendation catalog: %d tracks, %d playlists in %.1f s", len(catalog.tracks),
             len(catalog.playlists), time.perf_counter() - started)
    return catalog


class CatalogCache:
    """One Catalog per Plex connection, reloaded when older than `ttl_s` or when asked."""

    def __init__(self, ttl_s: float = CATALOG_TTL_S,
                 loader: Callable[[PlexRecommendCalls], Catalog] = load_catalog) -> None:
        self.ttl_s = ttl_s
        self.loader = loader
        self._lock = threading.Lock()
        self._catalogs: weakref.WeakKeyDictionary[PlexService, Catalog] = weakref.WeakKeyDictionary()
        self._loading: weakref.WeakKeyDictionary[PlexService, threading.Lock] = weakref.WeakKeyDictionary()

    def get(self, service: PlexService, *, refresh: bool = False) -> Catalog:
        """The cached Catalog of this server, loading it when missing, stale or `refresh` is set."""
        with self._lock:
            load_lock = self._loading.setdefault(service, threading.Lock())
        with load_lock:  # one load per server at a time; callers waiting on it reuse its result
            with self._lock:
                catalog = self._catalogs.get(service)
            if catalog is not None and not refresh and catalog.age_s() < self.ttl_s:
                return catalog
            if catalog is not None and refresh and catalog.age_s() < 0.5:
                return catalog  # another caller reloaded it just now
            catalog = self.loader(PlexRecommendCalls(service))
            with self._lock:
                self._catalogs[service] = catalog
            return catalog

    def forget(self, service: PlexService) -> None:
        """Drop the cached Catalog of a server."""
        with self._lock:
            self._catalogs.pop(service, None)

