"""Deterministic generator of realistic sample music libraries (see ``generate_library``)."""
from __future__ import annotations

import math
import random
import zlib

from plexm8.devtools import sample_names as names
from plexm8.devtools.sample_library import (
    Library,
    SimAlbum,
    SimArtist,
    SimTrack,
    estimate_size,
    safe_path_part,
    sort_title,
)

# "Now" for generated data, so the output never depends on the wall clock: 2025-01-01T00:00:00Z.
GENERATED_AT = 1_735_689_600
SONIC_DIMS = 8
_DAY = 86_400
_CULTURES = ("western", "zh-hans", "zh-hant", "ja", "ko")
_CULTURE_WEIGHTS = (55, 12, 10, 12, 11)
_FAMOUS = {
    "western": names.FAMOUS_WESTERN, "zh-hans": names.FAMOUS_ZH_HANS, "zh-hant": names.FAMOUS_ZH_HANT,
    "ja": names.FAMOUS_JA, "ko": names.FAMOUS_KO,
}
_GENRES = {
    "western": names.WESTERN_GENRES, "zh-hans": names.ZH_GENRES, "zh-hant": names.ZH_GENRES,
    "ja": names.JA_GENRES, "ko": names.KO_GENRES,
}
_VERSIONS = {
    "western": names.VERSION_SUFFIXES_EN, "zh-hans": names.VERSION_SUFFIXES_ZH,
    "zh-hant": names.VERSION_SUFFIXES_ZH, "ja": names.VERSION_SUFFIXES_JA, "ko": names.VERSION_SUFFIXES_KO,
}
VARIOUS_ARTISTS = "Various Artists"


def build_library(n_tracks: int, seed: int = 0) -> Library:
    """Build a library of exactly ``n_tracks`` tracks; the same arguments give the same library."""
    if n_tracks < 0:
        raise ValueError("n_tracks must be >= 0")
    library = Library()
    _Generator(library, random.Random(f"plexm8-sample-library:{seed}")).run(n_tracks)
    _add_skips(library, random.Random(f"plexm8-sample-skips:{seed}"))
    _add_listeners(library, random.Random(f"plexm8-sample-listeners:{seed}"))
    return library


def _add_skips(library: Library, rng: random.Random) -> None:
    """Skip counts, drawn apart from the main sequence so adding them changed no other generated value:
    a fifth of the played tracks were skipped now and then, a few unplayed ones skipped every time."""
    for rating_key in sorted(library.tracks):
        track = library.tracks[rating_key]
        if track.view_count and rng.random() < 0.2:
            track.skip_count = 1 + int(rng.expovariate(1 / 2))
        elif not track.view_count and rng.random() < 0.05:
            track.skip_count = 1 + int(rng.expovariate(1.0))


def _add_listeners(library: Library, rng: random.Random) -> None:
    """Last.fm listener counts (Plex's `ratingCount`), drawn apart from the main sequence: famous artists have
    more, every track varies around its artist, and Plex's agent matched about half of the tracks."""
    fame: dict[int, float] = {}
    for rating_key in sorted(library.tracks):
        track = library.tracks[rating_key]
        artist_fame = fame.setdefault(track.artist_key, rng.gauss(0, 1))
        if rng.random() < 0.5:
            track.rating_count = max(1, round(math.exp(8 + 1.5 * artist_fame + rng.gauss(0, 1))))


class _Generator:
    """Fills a Library artist by artist; internal to ``build_library``."""

    def __init__(self, library: Library, rng: random.Random) -> None:
        self.lib = library
        self.rng = rng
        self.remaining = 0
        self.famous_left = {culture: list(pool) for culture, pool in _FAMOUS.items()}
        for pool in self.famous_left.values():
            rng.shuffle(pool)
        self.centroids = {genre: tuple(rng.uniform(0.15, 0.85) for _ in range(SONIC_DIMS))
                          for genre in names.GENRES}
        self.artist_titles: list[str] = []
        self.romaji: dict[str, str] = {}  # Japanese/Korean title → the romanised name a tagger puts in titleSort
        self.songs: list[tuple[str, str, list[str]]] = []  # (title, artist, genres) for compilations

    def run(self, n_tracks: int) -> None:
        self.remaining = n_tracks
        while self.remaining > 0:
            if len(self.artist_titles) >= 8 and self.rng.random() < 0.04:
                self.compilation()
            else:
                self.artist()

    # -- artists and albums -------------------------------------------------------------------

    def artist(self) -> None:
        rng = self.rng
        culture = rng.choices(_CULTURES, _CULTURE_WEIGHTS)[0]
        title = self.artist_name(culture)
        genres = rng.sample(_GENRES[culture], k=rng.choice((1, 1, 2)))
        albums = rng.choices((1, 2, 3, 4, 5), (30, 28, 20, 12, 10))[0]
        first_added = rng.randint(GENERATED_AT - 6 * 365 * _DAY, GENERATED_AT - 30 * _DAY)
        artist = SimArtist(self.lib._new_key(), title, names.ARTIST_SORT.get(title) or sort_title(title), [],
                           first_added, first_added, self.guid("artist"))
        self.lib._register_artist(artist)
        self.tag(artist.genres, "genre", genres)
        self.tag(artist.styles, "style", [self.rng.choice(names.GENRES[genres[0]][0])])
        self.artist_titles.append(title)
        offset = tuple(rng.uniform(-0.08, 0.08) for _ in range(SONIC_DIMS))
        year = rng.randint(1965, 2022)
        added = first_added
        own_songs: list[str] = []
        for _ in range(albums):
            if self.remaining <= 0:
                break
            self.album(artist, culture, genres, year, added, offset, own_songs)
            year = min(2024, year + rng.randint(1, 4))
            added = min(GENERATED_AT - _DAY, added + rng.randint(1, 200) * _DAY)

    def album(self, artist: SimArtist, culture: str, genres: list[str], year: int, added_at: int,
              offset: tuple[float, ...], own_songs: list[str]) -> None:
        rng = self.rng
        live = bool(own_songs) and rng.random() < 0.06
        title = ("Live at " + rng.choice(("Budokan", "Wembley", "the Royal Albert Hall", "台北小巨蛋"))
                 if live else self.title(culture))
        if not live and rng.random() < 0.08:
            title += rng.choice(names.ALBUM_SUFFIXES)
        album = SimAlbum(self.lib._new_key(), title, artist.rating_key, year if rng.random() > 0.03 else None,
                         [], [], [], added_at, self.updated(added_at), self.guid("album"),
                         title_sort=sort_title(title))
        self.lib._register_album(album)
        self.tag(album.genres, "genre", genres)
        styles, moods = names.GENRES[genres[0]]
        self.tag(album.styles, "style", rng.sample(styles, k=1))
        self.tag(album.moods, "mood", rng.sample(moods, k=1))
        self.grow(artist, album)
        extension = rng.choices(("flac", "mp3", "m4a"), (60, 30, 10))[0]
        count = min(self.remaining, rng.randint(8, 14))
        two_discs = count >= 12 and rng.random() < 0.2
        analysed = rng.random() < 0.7
        folder = f"{self.lib.section_location}/{safe_path_part(artist.title)}/{safe_path_part(title)}"
        for number in range(1, count + 1):
            disc, index = (2, number - 7) if two_discs and number > 7 else (1, number)
            song, original = self.song(culture, artist.title, own_songs, live)
            stem = f"{disc}-{index:02d}" if two_discs else f"{index:02d}"
            self.track(album, artist.rating_key, song, original, disc, index,
                       f"{folder}/{stem} - {safe_path_part(song)}.{extension}",
                       self.sonic(genres[0], offset) if analysed else None, classical="Classical" in genres)
            own_songs.append(song)
            self.songs.append((song, original or artist.title, album.genres))

    def compilation(self) -> None:
        rng = self.rng
        artist = self.lib.artist_named(VARIOUS_ARTISTS)
        added_at = rng.randint(GENERATED_AT - 4 * 365 * _DAY, GENERATED_AT - _DAY)
        if artist is None:
            artist = SimArtist(self.lib._new_key(), VARIOUS_ARTISTS, VARIOUS_ARTISTS, [], added_at, added_at,
                               self.guid("artist"))
            self.lib._register_artist(artist)
        year = rng.randint(1995, 2024)
        title = rng.choice(names.COMPILATION_TITLES).format(n=rng.randint(1, 99), y=year)
        if (artist.rating_key, title) in self.lib._album_by_title:
            title += f" ({rng.randint(2, 9)} CD)"
        picks = rng.sample(self.songs, k=min(len(self.songs), rng.randint(8, 14), self.remaining))
        genres = sorted({g for _, _, gs in picks for g in gs})[:3] or ["Pop"]
        album = SimAlbum(self.lib._new_key(), title, artist.rating_key, year, [], [], [], added_at,
                         self.updated(added_at), self.guid("album"), title_sort=sort_title(title))
        self.lib._register_album(album)
        self.tag(album.genres, "genre", genres)
        self.grow(artist, album)
        folder = f"{self.lib.section_location}/{VARIOUS_ARTISTS}/{safe_path_part(title)}"
        for index, (song, song_artist, _) in enumerate(picks, start=1):
            if rng.random() < 0.15:
                song += rng.choice((" (Radio Edit)", " (Remastered)", " - Single Version"))
            path = f"{folder}/{index:02d} - {safe_path_part(song_artist)} - {safe_path_part(song)}.mp3"
            self.track(album, artist.rating_key, song, song_artist, 1, index, path,
                       self.sonic(genres[0], (0.0,) * SONIC_DIMS) if rng.random() < 0.7 else None)

    def grow(self, artist: SimArtist, album: SimAlbum) -> None:
        """Extend the artist's added/updated span to cover a new album."""
        artist.added_at = min(artist.added_at, album.added_at)
        artist.updated_at = max(artist.updated_at, album.updated_at)

    # -- tracks -------------------------------------------------------------------------------

    def track(self, album: SimAlbum, artist_key: int, title: str, original: str | None, disc: int,
              index: int, path: str, sonic: tuple[float, ...] | None, classical: bool = False) -> None:
        rng = self.rng
        seconds = rng.uniform(240, 600) if classical else min(600.0, max(90.0, rng.gauss(230, 55)))
        duration = int(seconds * 1000) + rng.randrange(1000)
        added = album.added_at + index
        rating = rng.choice((2.0, 4.0, 6.0, 6.0, 8.0, 8.0, 10.0, 7.0, 9.0)) if rng.random() < 0.15 else None
        plays, last_played = 0, None
        if rng.random() < 0.4:
            plays = 1 + int(rng.expovariate(1 / 8))
            last_played = rng.randint(added, GENERATED_AT)
        moods = rng.sample(names.GENRES.get(album.genres[0], ((), ("Calm",)))[1], k=rng.choice((0, 1, 1, 2)))
        track = SimTrack(
            self.lib._new_key(), title, album.rating_key, artist_key, index, duration, path, original,
            album.year, list(album.genres), moods, list(album.styles), rating, plays, last_played,
            added, max(added, album.updated_at - rng.randint(0, 3) * _DAY), self.guid("track"), sonic,
            title_sort=self.title_sort(title), disc=disc, size_bytes=estimate_size(path, duration),
            last_rated_at=rng.randint(added, GENERATED_AT) if rating is not None else None)
        for mood in moods:
            self.lib.tag_id("mood", mood)
        self.lib._register_track(track)
        self.remaining -= 1

    def song(self, culture: str, artist: str, own_songs: list[str], live: bool) -> tuple[str, str | None]:
        """A track title and, for featured artists, the track artist (Plex's originalTitle)."""
        rng = self.rng
        if live and own_songs:
            return rng.choice(own_songs).split(" (")[0] + " (Live)", None
        if own_songs and rng.random() < 0.05:
            title = own_songs[rng.randrange(len(own_songs))].split(" (")[0] + rng.choice(_VERSIONS[culture])
        else:
            title = self.title(culture)
            if rng.random() < 0.07:
                title += rng.choice(_VERSIONS[culture])
        original = None
        if len(self.artist_titles) > 1 and rng.random() < 0.08:
            guest = rng.choice(self.artist_titles)
            if guest != artist:
                if culture == "western":
                    original = f"{artist} feat. {guest}"
                    if rng.random() < 0.3:
                        title += f" (feat. {guest})"
                else:
                    original = f"{artist}{rng.choice(('、', ' & ', ' feat. ', ' x '))}{guest}"
        return title, original

    def sonic(self, genre: str, offset: tuple[float, ...]) -> tuple[float, ...]:
        """A sonic vector near the genre centroid, shifted by the artist's offset."""
        rng = self.rng
        centre = self.centroids.get(genre) or self.centroids["Pop"]
        return tuple(round(min(1.0, max(0.0, c + o + rng.uniform(-0.04, 0.04))), 4)
                     for c, o in zip(centre, offset))

    # -- names --------------------------------------------------------------------------------

    def artist_name(self, culture: str) -> str:
        rng = self.rng
        famous = self.famous_left[culture]
        if famous and rng.random() < 0.35:
            candidate = famous.pop()
            if self.lib.artist_named(candidate) is None:
                return candidate
        for _ in range(8):
            candidate = self.made_up_artist(culture)
            if self.lib.artist_named(candidate) is None:
                return candidate
        return f"{candidate} {rng.randint(2, 999)}"

    def made_up_artist(self, culture: str) -> str:
        rng = self.rng
        if culture == "western":
            if rng.random() < 0.5:
                return f"{rng.choice(names.WESTERN_FIRST)} {rng.choice(names.WESTERN_LAST)}"
            prefix = "The " if rng.random() < 0.4 else ""
            return f"{prefix}{rng.choice(names.BAND_ADJECTIVES)} {rng.choice(names.BAND_NOUNS)}"
        if culture == "zh-hans":
            return rng.choice(names.ZH_HANS_SURNAMES) + "".join(rng.sample(names.ZH_HANS_GIVEN, k=rng.choice((1, 2))))
        if culture == "zh-hant":
            return rng.choice(names.ZH_HANT_SURNAMES) + "".join(rng.sample(names.ZH_HANT_GIVEN, k=rng.choice((1, 2))))
        if culture == "ja":
            return rng.choice(names.JA_FAMILY) + rng.choice(names.JA_GIVEN)
        return rng.choice(names.KO_FAMILY) + rng.choice(names.KO_GIVEN)

    def title(self, culture: str) -> str:
        rng = self.rng
        if culture == "western":
            a, b = rng.sample(names.EN_TITLE_WORDS, k=2)
            return rng.choice(names.EN_TITLE_PATTERNS).format(a=a, b=b)
        words = {"zh-hans": names.ZH_HANS_WORDS, "zh-hant": names.ZH_HANT_WORDS,
                 "ja": names.JA_WORDS, "ko": names.KO_WORDS}[culture]
        a, b = rng.sample(words, k=2)
        joiner = {"zh-hans": ("", "的", "之"), "zh-hant": ("", "的", "之"), "ja": ("", "の", "と"),
                  "ko": (" ", " 그리고 ", "의 ")}[culture]
        if rng.random() < 0.25:
            title, parts = a, [a]
        else:
            join = rng.choice(joiner)
            title, parts = f"{a}{join}{b}", [a, *join.split(), b]
        if culture in ("ja", "ko"):
            self.romaji.setdefault(title, " ".join(names.ROMAJI[w] for w in parts))
        return title

    def title_sort(self, title: str) -> str:
        """Plex's titleSort: a third of Japanese/Korean titles carry their romanised name (chosen by a
        checksum, so the random sequence, and every library generated before, stays the same)."""
        name, cut, suffix = title.partition(" (")
        roman = self.romaji.get(name)
        if roman and zlib.crc32(title.encode()) % 3 == 0:
            return roman + cut + suffix
        return sort_title(title)

    def guid(self, kind: str) -> str:
        return f"plex://{kind}/{self.rng.getrandbits(96):024x}"

    def updated(self, added_at: int) -> int:
        return min(GENERATED_AT, added_at + self.rng.randint(0, 60) * _DAY)

    def tag(self, target: list[str], kind: str, values: list[str]) -> None:
        for value in values:
            self.lib.tag_id(kind, value)
            if value not in target:
                target.append(value)
