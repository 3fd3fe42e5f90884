"""Sample source playlists for ``--demo``: NetEase-, QQ- and Spotify-shaped fakes serving songs of the demo library.

Most songs of each playlist are in the demo library (so a sync matches them); a few are not (so the match
review, pinning and downloads have something to show).
"""
from __future__ import annotations

import random
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from plexm8.config import SyncExample
from plexm8.devtools.fakes.catalog import Song
from plexm8.devtools.fakes.netease import FakeNetEase
from plexm8.devtools.fakes.platforms import platform_urls
from plexm8.devtools.fakes.qqmusic import FakeQQMusic
from plexm8.devtools.fakes.spotify import FakeSpotify, spotify_id
from plexm8.devtools.sample_library import Library, SimTrack
from plexm8.services.matching import normalize_text

NETEASE_ID = "9100000001"
QQ_ID = "9100000002"
SPOTIFY_ID = spotify_id("playlist", 9100000003)
FIRST_NUMBER = 50_000  # demo song numbers start here, clear of the fakes' own catalog (platform ids derive from them)

# Real songs a listener would have in a playlist; none of them is in the generated library (checked when built).
ABSENT_CJK: tuple[tuple[str, tuple[str, ...], str, int], ...] = (
    ("稻香", ("周杰伦",), "魔杰座", 223),
    ("夜曲", ("周杰伦",), "十一月的萧邦", 226),
    ("打上花火", ("DAOKO", "米津玄師"), "打上花火", 289),
    ("밤편지", ("아이유",), "팔레트", 253),
)
ABSENT_WESTERN: tuple[tuple[str, tuple[str, ...], str, int], ...] = (
    ("Bohemian Rhapsody", ("Queen",), "A Night at the Opera", 354),
    ("Dancing Queen", ("ABBA",), "Arrival", 231),
    ("Take Five", ("The Dave Brubeck Quartet",), "Time Out", 324),
)


@dataclass(frozen=True)
class DemoPlaylist:
    """One sample source playlist: where it is served and what it holds."""

    provider: str
    playlist_id: str
    name: str
    url: str
    songs: tuple[Song, ...]
    absent: frozenset[int]  # numbers of the songs that are not in the library

    def example(self) -> SyncExample:
        """The link as the Sync page lists it."""
        return SyncExample(name=self.name, url=self.url, provider=self.provider)


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


def _distinct_tracks(library: Library) -> tuple[list[SimTrack], list[SimTrack]]:
    """Tracks with one performer and a title no other track shares, split into CJK and western."""
    by_title: dict[str, list[SimTrack]] = {}
    for track in library.tracks.values():
        by_title.setdefault(normalize_text(track.title), []).append(track)
    cjk: list[SimTrack] = []
    western: list[SimTrack] = []
    for tracks in by_title.values():
        track = tracks[0]
        artist = library.artists[track.artist_key].title
        if len(tracks) > 1 or track.original_title or artist == "Various Artists":
            continue
        (cjk if _is_cjk(track.title + artist) else western).append(track)
    key = lambda t: t.rating_key  # noqa: E731
    return sorted(cjk, key=key), sorted(western, key=key)


def _song(library: Library, track: SimTrack, number: int) -> Song:
    album = library.albums[track.album_key].title
    return Song(number, track.title, (library.artists[track.artist_key].title,), album, track.duration_ms // 1000)


def demo_playlists(library: Library, seed: int = 2026) -> list[DemoPlaylist]:
    """The three sample playlists for ``library``: deterministic for the same library and seed."""
    rng = random.Random(seed)
    cjk, western = _distinct_tracks(library)
    known_titles = {normalize_text(t.title) for t in library.tracks.values()}
    numbers = iter(range(FIRST_NUMBER, FIRST_NUMBER + 10_000))

    def pick(pool: list[SimTrack], count: int) -> list[Song]:
        chosen = rng.sample(pool, min(count, len(pool)))
        for track in chosen:
            pool.remove(track)  # no song in two playlists: each sync shows its own matches
        return [_song(library, track, next(numbers)) for track in chosen]

    def absent(rows: tuple[tuple[str, tuple[str, ...], str, int], ...]) -> list[Song]:
        return [Song(next(numbers), title, artists, album, seconds)
                for title, artists, album, seconds in rows if normalize_text(title) not in known_titles]

    def build(provider: str, playlist_id: str, name: str, url: str, present: list[Song],
              missing: list[Song]) -> DemoPlaylist:
        songs = list(present)
        for offset, song in enumerate(missing):  # spread the missing songs through the playlist
            songs.insert(min(len(songs), 2 + offset * 4), song)
        return DemoPlaylist(provider, playlist_id, name, url, tuple(songs), frozenset(s.number for s in missing))

    return [
        build("netease", NETEASE_ID, "深夜华语 · Late-night Mandarin & J-pop",
              f"https://music.163.com/#/playlist?id={NETEASE_ID}", pick(cjk, 10), absent(ABSENT_CJK[:3])),
        build("qqmusic", QQ_ID, "华语与欧美 | Mixed favourites", f"https://y.qq.com/n/ryqq/playlist/{QQ_ID}",
              pick(cjk, 5) + pick(western, 6), absent(ABSENT_CJK[3:] + ABSENT_WESTERN[:1])),
        build("spotify", SPOTIFY_ID, "Indie & Classics", f"https://open.spotify.com/playlist/{SPOTIFY_ID}",
              pick(western, 10), absent(ABSENT_WESTERN[1:])),
    ]


class DemoPlatforms:
    """The fake NetEase, QQ Music and Spotify servers holding the demo playlists (a context manager)."""

    def __init__(self, library: Library, seed: int = 2026) -> None:
        self.playlists = demo_playlists(library, seed)
        self.netease = FakeNetEase()
        self.qqmusic = FakeQQMusic()
        self.spotify = FakeSpotify()
        self._stack = ExitStack()
        for playlist in self.playlists:
            songs = list(playlist.songs)
            if playlist.provider == "netease":
                self.netease.add_playlist(playlist.playlist_id, playlist.name, songs,
                                          description="PlexM8 demo: songs of the demo library, and three it lacks.")
            elif playlist.provider == "qqmusic":
                self.qqmusic.add_playlist(playlist.playlist_id, playlist.name, songs, desc="PlexM8 demo")
            else:
                self.spotify.add_playlist(playlist.playlist_id, playlist.name, songs, description="PlexM8 demo")

    def start(self) -> DemoPlatforms:
        """Start the three servers on free loopback ports."""
        for server in (self.netease, self.qqmusic, self.spotify):
            self._stack.enter_context(server)
        return self

    def stop(self) -> None:
        """Stop the servers."""
        self._stack.close()

    def __enter__(self) -> DemoPlatforms:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def settings_overrides(self) -> dict[str, Any]:
        """Settings fields aiming the backend's providers at these servers and listing the examples."""
        return {**platform_urls(self.netease, self.qqmusic, self.spotify),
                "sync_examples": tuple(p.example() for p in self.playlists)}
