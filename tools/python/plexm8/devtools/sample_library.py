"""The simulated Plex music library: data model, thread-safe mutation methods, generator entry point.

Times are Plex epoch seconds. Every change goes through a ``Library`` method so the simulator's
caches (keyed by ``revision`` and per-item revisions) stay correct.
"""
from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

TAG_KINDS = ("genre", "mood", "style")


@dataclass(slots=True)
class SimArtist:
    rating_key: int
    title: str
    title_sort: str
    genres: list[str]
    added_at: int
    updated_at: int
    guid: str
    styles: list[str] = field(default_factory=list)
    moods: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SimAlbum:
    rating_key: int
    title: str
    artist_key: int
    year: int | None
    genres: list[str]
    styles: list[str]
    moods: list[str]
    added_at: int
    updated_at: int
    guid: str
    title_sort: str = ""
    studio: str | None = None


@dataclass(slots=True)
class SimTrack:
    rating_key: int
    title: str
    album_key: int
    artist_key: int  # the album artist (Plex's grandparent)
    index: int
    duration_ms: int
    file: str
    original_title: str | None  # the track artist when it differs from the album artist
    year: int | None
    genres: list[str]
    moods: list[str]
    styles: list[str]
    user_rating: float | None  # 0-10, stars x 2
    view_count: int
    last_viewed_at: int | None
    added_at: int
    updated_at: int
    guid: str
    sonic: tuple[float, ...] | None  # None = not analysed
    title_sort: str = ""
    last_rated_at: int | None = None
    disc: int = 1
    size_bytes: int = 0
    skip_count: int = 0  # times a player skipped it before the end (Plexamp reports these)
    rating_count: int | None = None  # Last.fm listeners, as Plex's music agent reports them (None: not matched)


@dataclass(slots=True)
class SimPlaylist:
    rating_key: int
    title: str
    summary: str
    smart: bool
    items: list[tuple[int, int]]  # (playlistItemID, track rating_key), in playlist order
    filter_uri: str | None  # smart playlists: server://<mid>/com.plexapp.plugins.library/library/sections/...
    added_at: int
    updated_at: int
    guid: str = ""
    view_count: int = 0
    last_viewed_at: int | None = None


def sort_title(title: str) -> str:
    """Plex-style sort title: leading English articles dropped."""
    for article in ("The ", "A ", "An "):
        if title.startswith(article) and len(title) > len(article):
            return title[len(article):]
    return title


def safe_path_part(name: str) -> str:
    """A name made safe to be one folder or file name."""
    return name.replace("/", "_").replace("\\", "_").strip() or "_"


class Library:
    """The simulator's mutable state; every mutation goes through a method holding ``lock``."""

    def __init__(self, *, section_id: int = 1, section_title: str = "Music",
                 section_location: str = "/music", clock: Callable[[], float] = time.time) -> None:
        self.section_id = section_id
        self.section_title = section_title
        self.section_location = section_location.rstrip("/") or "/"
        self.clock = clock
        self.lock = threading.RLock()
        self.artists: dict[int, SimArtist] = {}
        self.albums: dict[int, SimAlbum] = {}
        self.tracks: dict[int, SimTrack] = {}
        self.playlists: dict[int, SimPlaylist] = {}
        self.revision = 0  # bumped on every change
        self._revs: dict[int, int] = {}  # rating key -> revision of its last change
        self._next_key = 1
        self._next_item_id = 1
        self._next_tag_id = 1
        self._album_tracks: dict[int, list[int]] = {}
        self._artist_albums: dict[int, list[int]] = {}
        self._artist_by_title: dict[str, int] = {}
        self._album_by_title: dict[tuple[int, str], int] = {}
        self._tag_ids: dict[tuple[str, str], int] = {}
        self._tag_names: dict[int, str] = {}

    # -- reading ------------------------------------------------------------------------------

    def now(self) -> int:
        """The library clock in epoch seconds."""
        return int(self.clock())

    def kind_of(self, rating_key: int) -> str | None:
        """'artist', 'album', 'track', 'playlist' or None for an unknown key."""
        if rating_key in self.tracks:
            return "track"
        if rating_key in self.albums:
            return "album"
        if rating_key in self.artists:
            return "artist"
        if rating_key in self.playlists:
            return "playlist"
        return None

    def item(self, rating_key: int) -> SimArtist | SimAlbum | SimTrack | SimPlaylist | None:
        """The object with this rating key, or None."""
        return (self.tracks.get(rating_key) or self.albums.get(rating_key)
                or self.artists.get(rating_key) or self.playlists.get(rating_key))

    def item_revision(self, rating_key: int) -> int:
        """Library revision of the last change to this item (for caches)."""
        return self._revs.get(rating_key, 0)

    def album_tracks(self, album_key: int) -> list[SimTrack]:
        """The album's tracks in disc/track order."""
        tracks = [self.tracks[k] for k in self._album_tracks.get(album_key, ())]
        tracks.sort(key=lambda t: (t.disc, t.index, t.rating_key))
        return tracks

    def artist_albums(self, artist_key: int) -> list[SimAlbum]:
        """The artist's albums, oldest first."""
        albums = [self.albums[k] for k in self._artist_albums.get(artist_key, ())]
        albums.sort(key=lambda a: (a.year or 0, a.title_sort.casefold(), a.rating_key))
        return albums

    def artist_tracks(self, artist_key: int) -> list[SimTrack]:
        """Every track of the artist's albums, album by album."""
        return [t for album in self.artist_albums(artist_key) for t in self.album_tracks(album.rating_key)]

    def leaf_tracks(self, rating_key: int) -> list[SimTrack]:
        """The tracks under any metadata item (a track is its own leaf)."""
        kind = self.kind_of(rating_key)
        if kind == "track":
            return [self.tracks[rating_key]]
        if kind == "album":
            return self.album_tracks(rating_key)
        if kind == "artist":
            return self.artist_tracks(rating_key)
        return []

    def artist_named(self, title: str) -> SimArtist | None:
        """The artist with exactly this title, if any."""
        key = self._artist_by_title.get(title)
        return self.artists.get(key) if key is not None else None

    def tag_id(self, kind: str, name: str) -> int:
        """The id of a genre/mood/style tag (assigned on first use; case-insensitive like Plex)."""
        with self.lock:
            norm = (kind, name.casefold())
            tag = self._tag_ids.get(norm)
            if tag is None:
                tag = self._next_tag_id
                self._next_tag_id += 1
                self._tag_ids[norm] = tag
                self._tag_names[tag] = name
            return tag

    def tag_name(self, tag_id: int) -> str | None:
        """The name of a tag id, or None."""
        return self._tag_names.get(tag_id)

    def find_tag(self, kind: str, name: str) -> int | None:
        """The id of an existing tag of this kind, or None."""
        return self._tag_ids.get((kind, name.casefold()))

    # -- library changes ---------------------------------------------------------------------

    def add_artist(self, title: str, *, title_sort: str | None = None, genres: Iterable[str] = (),
                   styles: Iterable[str] = (), moods: Iterable[str] = (), added_at: int | None = None,
                   guid: str | None = None) -> SimArtist:
        """Return the artist with this title, creating it if needed."""
        with self.lock:
            existing = self.artist_named(title)
            if existing is not None:
                return existing
            key = self._new_key()
            at = self.now() if added_at is None else added_at
            artist = SimArtist(key, title, title_sort or sort_title(title), [], at, at,
                               guid or f"plex://artist/{key:024x}")
            self._register_artist(artist)
            self._merge_tags(artist, genres, moods, styles)
            self._changed(key)
            return artist

    def add_album(self, title: str, artist: str | SimArtist, *, year: int | None = None,
                  genres: Iterable[str] = (), styles: Iterable[str] = (), moods: Iterable[str] = (),
                  added_at: int | None = None, guid: str | None = None) -> SimAlbum:
        """Return the artist's album with this title, creating album (and artist) if needed."""
        with self.lock:
            owner = artist if isinstance(artist, SimArtist) else self.add_artist(artist, added_at=added_at)
            existing = self._album_by_title.get((owner.rating_key, title))
            if existing is not None:
                return self.albums[existing]
            key = self._new_key()
            at = self.now() if added_at is None else added_at
            album = SimAlbum(key, title, owner.rating_key, year, [], [], [], at, at,
                             guid or f"plex://album/{key:024x}", title_sort=sort_title(title))
            self._register_album(album)
            self._merge_tags(album, genres, moods, styles)
            self._bump_updated(owner, at)
            self._changed(key, owner.rating_key)
            return album

    def add_track(self, title: str, artist: str, album: str, *, duration_ms: int = 240_000,
                  file: str | None = None, original_title: str | None = None,
                  genres: Iterable[str] = (), moods: Iterable[str] = (), styles: Iterable[str] = (),
                  year: int | None = None, index: int | None = None, disc: int = 1,
                  user_rating: float | None = None, view_count: int = 0,
                  last_viewed_at: int | None = None, added_at: int | None = None,
                  sonic: tuple[float, ...] | None = None, guid: str | None = None,
                  title_sort: str | None = None, artist_sort: str | None = None) -> SimTrack:
        """Add a track, creating its album artist and album as needed; bumps their updatedAt.

        `title_sort` / `artist_sort` set Plex's titleSort (a romaji or English name, say); by default the
        title without a leading article, as Plex does.
        """
        with self.lock:
            at = self.now() if added_at is None else added_at
            owner = self.add_artist(artist, title_sort=artist_sort, added_at=at)
            parent = self.add_album(album, owner, year=year, added_at=at)
            genres, moods, styles = list(genres), list(moods), list(styles)
            if index is None:
                index = 1 + max((self.tracks[k].index for k in self._album_tracks[parent.rating_key]
                                 if self.tracks[k].disc == disc), default=0)
            if file is None:
                file = (f"{self.section_location}/{safe_path_part(owner.title)}/"
                        f"{safe_path_part(parent.title)}/{index:02d} - {safe_path_part(title)}.flac")
            key = self._new_key()
            track = SimTrack(
                key, title, parent.rating_key, owner.rating_key, index, int(duration_ms), file,
                original_title, year if year is not None else parent.year, genres, moods, styles,
                user_rating, view_count, last_viewed_at, at, at,
                guid or f"plex://track/{key:024x}", sonic, title_sort=title_sort or sort_title(title), disc=disc,
                size_bytes=estimate_size(file, duration_ms))
            self._register_track(track)
            self._merge_tags(parent, genres, (), styles)
            self._merge_tags(owner, genres, (), ())
            self._bump_updated(parent, at)
            self._bump_updated(owner, at)
            self._changed(key, parent.rating_key, owner.rating_key)
            return track

    def update_track(self, rating_key: int, *, bump_updated: bool = True, **changes: object) -> SimTrack:
        """Change track fields (e.g. ``title=``, ``genres=``); bumps updatedAt unless told not to."""
        with self.lock:
            track = self.tracks[rating_key]
            for name, value in changes.items():
                if name in ("rating_key", "album_key", "artist_key") or not hasattr(track, name):
                    raise AttributeError(f"cannot change track field {name!r}")
                setattr(track, name, value)
            if "title" in changes and "title_sort" not in changes:
                track.title_sort = sort_title(track.title)
            for kind, values in (("genre", track.genres), ("mood", track.moods), ("style", track.styles)):
                for value in values:
                    self.tag_id(kind, value)
            if bump_updated:
                self._bump_updated(track, self.now())
            self._changed(rating_key)
            return track

    def remove_track(self, rating_key: int) -> None:
        """Delete a track (and its album/artist once empty); playlists lose their entries of it."""
        with self.lock:
            track = self.tracks.pop(rating_key)
            album_keys = self._album_tracks[track.album_key]
            album_keys.remove(rating_key)
            changed = [rating_key]
            if not album_keys:
                album = self.albums.pop(track.album_key)
                del self._album_tracks[album.rating_key]
                del self._album_by_title[(album.artist_key, album.title)]
                self._artist_albums[album.artist_key].remove(album.rating_key)
                changed.append(album.rating_key)
                if not self._artist_albums[album.artist_key]:
                    artist = self.artists.pop(album.artist_key)
                    del self._artist_albums[artist.rating_key]
                    del self._artist_by_title[artist.title]
                    changed.append(artist.rating_key)
            for playlist in self.playlists.values():
                if any(tk == rating_key for _, tk in playlist.items):
                    playlist.items = [(i, tk) for i, tk in playlist.items if tk != rating_key]
                    self._bump_updated(playlist, self.now())
                    changed.append(playlist.rating_key)
            self._changed(*changed)

    def touch(self, rating_key: int) -> None:
        """Bump an item's updatedAt, as a metadata edit in Plex would."""
        with self.lock:
            obj = self.item(rating_key)
            if obj is None:
                raise KeyError(rating_key)
            self._bump_updated(obj, self.now())
            self._changed(rating_key)

    # -- user state (Plex keeps these outside the metadata, so updatedAt does not move) -------

    def rate(self, rating_key: int, rating: float | None) -> SimTrack:
        """Set (0-10) or clear (None) a track's user rating."""
        with self.lock:
            track = self.tracks[rating_key]
            track.user_rating = None if rating is None else float(rating)
            track.last_rated_at = self.now()
            self._changed(rating_key)
            return track

    def scrobble(self, rating_key: int) -> list[SimTrack]:
        """Mark a track, or every track of an album/artist, as played once more."""
        with self.lock:
            tracks = self._leaves_or_raise(rating_key)
            at = self.now()
            for track in tracks:
                track.view_count += 1
                track.last_viewed_at = at
            self._changed(*(t.rating_key for t in tracks))
            return tracks

    def skip(self, rating_key: int) -> SimTrack:
        """Count one skip of a track (a player moved on before the end; no play is counted)."""
        with self.lock:
            track = self.tracks[rating_key]
            track.skip_count += 1
            self._changed(rating_key)
            return track

    def unscrobble(self, rating_key: int) -> list[SimTrack]:
        """Mark a track, or every track of an album/artist, as unplayed."""
        with self.lock:
            tracks = self._leaves_or_raise(rating_key)
            for track in tracks:
                track.view_count = 0
                track.last_viewed_at = None
            self._changed(*(t.rating_key for t in tracks))
            return tracks

    # -- playlists ----------------------------------------------------------------------------

    def create_playlist(self, title: str, track_keys: Iterable[int] = (), *, summary: str = "",
                        smart: bool = False, filter_uri: str | None = None) -> SimPlaylist:
        """Create a regular playlist of these tracks, or a smart one from ``filter_uri``."""
        with self.lock:
            key = self._new_key()
            at = self.now()
            playlist = SimPlaylist(key, title, summary, smart, [], filter_uri if smart else None, at, at,
                                   guid=f"com.plexapp.agents.none://{key:08x}-plexm8-sim")
            self.playlists[key] = playlist
            if not smart:
                self._append_items(playlist, track_keys)
            self._changed(key)
            return playlist

    def add_to_playlist(self, playlist_key: int, track_keys: Iterable[int]) -> list[int]:
        """Append tracks to a regular playlist; returns the new playlistItemIDs."""
        with self.lock:
            playlist = self._regular_playlist(playlist_key)
            new_ids = self._append_items(playlist, track_keys)
            self._bump_updated(playlist, self.now())
            self._changed(playlist_key)
            return new_ids

    def remove_playlist_item(self, playlist_key: int, item_id: int) -> None:
        """Remove one entry (by playlistItemID) from a regular playlist."""
        with self.lock:
            playlist = self._regular_playlist(playlist_key)
            position = self._item_position(playlist, item_id)
            del playlist.items[position]
            self._bump_updated(playlist, self.now())
            self._changed(playlist_key)

    def move_playlist_item(self, playlist_key: int, item_id: int, after_item_id: int | None) -> None:
        """Move an entry right after another one, or to the top when ``after_item_id`` is None."""
        with self.lock:
            playlist = self._regular_playlist(playlist_key)
            position = self._item_position(playlist, item_id)
            if after_item_id is not None:
                self._item_position(playlist, after_item_id)  # unknown id: fail before changing anything
            if after_item_id != item_id:
                entry = playlist.items.pop(position)
                target = 0 if after_item_id is None else self._item_position(playlist, after_item_id) + 1
                playlist.items.insert(target, entry)
            self._bump_updated(playlist, self.now())
            self._changed(playlist_key)

    def clear_playlist(self, playlist_key: int) -> None:
        """Remove every entry of a regular playlist."""
        with self.lock:
            playlist = self._regular_playlist(playlist_key)
            playlist.items = []
            self._bump_updated(playlist, self.now())
            self._changed(playlist_key)

    def edit_playlist(self, playlist_key: int, *, title: str | None = None, summary: str | None = None) -> SimPlaylist:
        """Change a playlist's title and/or summary."""
        with self.lock:
            playlist = self.playlists[playlist_key]
            if title is not None:
                playlist.title = title
            if summary is not None:
                playlist.summary = summary
            self._bump_updated(playlist, self.now())
            self._changed(playlist_key)
            return playlist

    def set_playlist_filter(self, playlist_key: int, filter_uri: str) -> SimPlaylist:
        """Replace a smart playlist's rules."""
        with self.lock:
            playlist = self.playlists[playlist_key]
            if not playlist.smart:
                raise ValueError("not a smart playlist")
            playlist.filter_uri = filter_uri
            self._bump_updated(playlist, self.now())
            self._changed(playlist_key)
            return playlist

    def delete_playlist(self, playlist_key: int) -> None:
        """Delete a playlist."""
        with self.lock:
            del self.playlists[playlist_key]
            self._changed(playlist_key)

    # -- copying ------------------------------------------------------------------------------

    def copy(self) -> Library:
        """An independent deep copy (same clock), e.g. a fresh library per test."""
        with self.lock:
            clone = Library.__new__(Library)
            state = {k: v for k, v in self.__dict__.items() if k not in ("lock", "clock")}
            clone.__dict__.update(copy.deepcopy(state))
            clone.lock = threading.RLock()
            clone.clock = self.clock
            return clone

    # -- internals (callers hold the lock) ----------------------------------------------------

    def _new_key(self) -> int:
        key = self._next_key
        self._next_key += 1
        return key

    def _changed(self, *rating_keys: int) -> None:
        self.revision += 1
        for key in rating_keys:
            self._revs[key] = self.revision

    @staticmethod
    def _bump_updated(obj: SimArtist | SimAlbum | SimTrack | SimPlaylist, at: int) -> None:
        obj.updated_at = max(at, obj.updated_at + 1)

    def _merge_tags(self, obj: SimArtist | SimAlbum, genres: Iterable[str], moods: Iterable[str],
                    styles: Iterable[str]) -> None:
        for kind, target, values in (("genre", obj.genres, genres), ("mood", obj.moods, moods),
                                     ("style", obj.styles, styles)):
            for value in values:
                self.tag_id(kind, value)
                if value not in target:
                    target.append(value)

    def _register_artist(self, artist: SimArtist) -> None:
        self.artists[artist.rating_key] = artist
        self._artist_albums.setdefault(artist.rating_key, [])
        self._artist_by_title[artist.title] = artist.rating_key
        self._next_key = max(self._next_key, artist.rating_key + 1)

    def _register_album(self, album: SimAlbum) -> None:
        self.albums[album.rating_key] = album
        self._album_tracks.setdefault(album.rating_key, [])
        self._artist_albums[album.artist_key].append(album.rating_key)
        self._album_by_title[(album.artist_key, album.title)] = album.rating_key
        self._next_key = max(self._next_key, album.rating_key + 1)

    def _register_track(self, track: SimTrack) -> None:
        self.tracks[track.rating_key] = track
        self._album_tracks[track.album_key].append(track.rating_key)
        self._next_key = max(self._next_key, track.rating_key + 1)

    def _leaves_or_raise(self, rating_key: int) -> list[SimTrack]:
        tracks = self.leaf_tracks(rating_key)
        if not tracks and self.kind_of(rating_key) not in ("album", "artist"):
            raise KeyError(rating_key)
        return tracks

    def _regular_playlist(self, playlist_key: int) -> SimPlaylist:
        playlist = self.playlists[playlist_key]
        if playlist.smart:
            raise ValueError("smart playlists have no editable items")
        return playlist

    @staticmethod
    def _item_position(playlist: SimPlaylist, item_id: int) -> int:
        for position, (entry_id, _) in enumerate(playlist.items):
            if entry_id == item_id:
                return position
        raise KeyError(item_id)

    def _append_items(self, playlist: SimPlaylist, track_keys: Iterable[int]) -> list[int]:
        new_ids = []
        for track_key in track_keys:
            if track_key not in self.tracks:
                raise KeyError(track_key)
            new_ids.append(self._next_item_id)
            playlist.items.append((self._next_item_id, track_key))
            self._next_item_id += 1
        return new_ids


_BYTES_PER_SECOND = {"flac": 112_000, "mp3": 40_000, "m4a": 32_000, "ogg": 24_000, "wav": 176_400}


def estimate_size(file: str, duration_ms: int) -> int:
    """A plausible file size for the container and duration."""
    extension = file.rsplit(".", 1)[-1].lower()
    return _BYTES_PER_SECOND.get(extension, 40_000) * max(duration_ms, 1000) // 1000


def generate_library(n_tracks: int, seed: int = 0) -> Library:
    """A deterministic, realistic sample library of exactly ``n_tracks`` tracks."""
    from plexm8.devtools.sample_generator import build_library

    return build_library(n_tracks, seed)
