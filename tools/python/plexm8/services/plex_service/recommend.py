"""Plex calls the recommenders need: paged listings of tracks, albums and artists with their tags,
the rated tracks, sonic neighbours and the members of the user's regular playlists."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from plexapi.utils import joinArgs

from plexm8.errors import NotFound
from plexm8.services.plex_service.library import PlexLibraryCalls
from plexm8.services.plex_service.xml_attrs import attr_float, attr_int


@dataclass(frozen=True, slots=True)
class TaggedTrack:
    """One track with what recommendations compare: people, album, tags, year and the user's state."""

    rating_key: int
    title: str
    artist: str  # the track artist (originalTitle), else the album artist
    album_artist: str
    album_artist_key: int | None
    album: str
    album_key: int | None
    year: int | None
    genres: tuple[str, ...]
    styles: tuple[str, ...]
    moods: tuple[str, ...]
    user_rating: float | None
    view_count: int
    analysed: bool
    skip_count: int = 0
    last_viewed_at: int | None = None  # epoch seconds of the last play
    added_at: int | None = None
    last_rated_at: int | None = None
    rating_count: int | None = None  # Last.fm listeners (Plex's music agent); None when not matched


@dataclass(frozen=True, slots=True)
class TaggedParent:
    """An album or artist with its tags (genres usually live here, not on tracks)."""

    rating_key: int
    year: int | None
    genres: tuple[str, ...]
    styles: tuple[str, ...]
    moods: tuple[str, ...]


def _tags(element: Any, tag: str) -> tuple[str, ...]:
    return tuple(t for t in (e.attrib.get("tag", "") for e in element.findall(tag)) if t)



def tagged_track(element: Any) -> TaggedTrack:
    """A TaggedTrack from a <Track> element."""
    a = element.attrib
    album_artist = a.get("grandparentTitle", "")
    analysis = a.get("musicAnalysisVersion")
    return TaggedTrack(
        rating_key=int(a["ratingKey"]),
        title=a.get("title", ""),
        artist=a.get("originalTitle") or album_artist,
        album_artist=album_artist,
        album_artist_key=attr_int(a.get("grandparentRatingKey")),
        album=a.get("parentTitle", ""),
        album_key=attr_int(a.get("parentRatingKey")),
        year=attr_int(a.get("year")) or attr_int(a.get("parentYear")),
        genres=_tags(element, "Genre"),
        styles=_tags(element, "Style"),
        moods=_tags(element, "Mood"),
        user_rating=attr_float(a.get("userRating")),
        view_count=attr_int(a.get("viewCount")) or 0,
        analysed=analysis not in (None, "", "0"),
        skip_count=attr_int(a.get("skipCount")) or 0,
        last_viewed_at=attr_int(a.get("lastViewedAt")),
        added_at=attr_int(a.get("addedAt")),
        last_rated_at=attr_int(a.get("lastRatedAt")),
        rating_count=attr_int(a.get("ratingCount")),
    )


def _tagged_parent(element: Any) -> TaggedParent:
    return TaggedParent(int(element.attrib["ratingKey"]), attr_int(element.attrib.get("year")),
                        _tags(element, "Genre"), _tags(element, "Style"), _tags(element, "Mood"))


class PlexRecommendCalls(PlexLibraryCalls):
    """Reads for recommendations: a handful of paged listings for the whole library, one request per neighbour query."""

    def _listing(self, type_number: int, extra: str = "") -> str:
        return f"/library/sections/{self.section_key()}/all?type={type_number}{extra}"

    def iter_tagged_tracks(self, page_size: int = 5000) -> Iterator[list[TaggedTrack]]:
        """Every track of the music section with its tags, a page at a time."""
        for _container, items in self._paged(self._listing(10), page_size):
            yield [tagged_track(e) for e in items if e.tag == "Track"]

    def tagged_albums(self, page_size: int = 5000) -> list[TaggedParent]:
        """Every album with its year and genre/style/mood tags."""
        return [_tagged_parent(e) for _c, items in self._paged(self._listing(9), page_size)
                for e in items if e.attrib.get("type") == "album"]

    def tagged_artists(self, page_size: int = 5000) -> list[TaggedParent]:
        """Every artist with its genre/style tags."""
        return [_tagged_parent(e) for _c, items in self._paged(self._listing(8), page_size)
                for e in items if e.attrib.get("type") == "artist"]

    def rated_tracks(self, page_size: int = 5000) -> dict[int, float]:
        """ratingKey → userRating (0–10) of every rated track, read afresh (ratings do not move updatedAt)."""
        ratings: dict[int, float] = {}
        key = self._listing(10, "&" + "track.userRating>>=-1")  # a rating of 0 is still a rating
        for _container, items in self._paged(key, page_size):
            for e in items:
                rating = attr_float(e.attrib.get("userRating"))
                if e.tag == "Track" and rating is not None:
                    ratings[int(e.attrib["ratingKey"])] = rating
        return ratings

    def listening_changes(self, played_since: int, rated_since: int, page_size: int = 5000) -> list[TaggedTrack]:
        """The tracks played after `played_since` or rated (or unrated) after `rated_since` (epoch seconds, server
        clock), in one paged listing: neither plays nor ratings move updatedAt, so a snapshot cannot see them."""
        key = self._listing(10, f"&push=1&track.lastViewedAt>>={played_since}&or=1"
                                f"&track.lastRatedAt>>={rated_since}&pop=1")
        return [tagged_track(e) for _c, items in self._paged(key, page_size) for e in items if e.tag == "Track"]

    def tagged_track(self, rating_key: int) -> TaggedTrack | None:
        """One item by ratingKey: a TaggedTrack, None when it is not a track; 404 when Plex has no such item."""
        container = self._query(f"/library/metadata/{rating_key}")
        element = next(iter(container), None) if container is not None else None
        if element is None:
            raise NotFound(f"Plex has no item {rating_key}.")
        return tagged_track(element) if element.tag == "Track" else None

    def sonic_neighbours(self, rating_key: int, limit: int, max_distance: float) -> list[tuple[TaggedTrack, float]]:
        """Sonically similar tracks (Plex's `nearest`) with their distance 0–1, nearest first."""
        args = {"limit": limit, "maxDistance": f"{max_distance:g}"}
        container = self._query(f"/library/metadata/{rating_key}/nearest{joinArgs(args)}")
        found = []
        for e in container if container is not None else ():
            distance = attr_float(e.attrib.get("distance"))
            if e.tag == "Track" and distance is not None:
                found.append((tagged_track(e), distance))
        found.sort(key=lambda pair: pair[1])
        return found

    def playlist_members(self, max_playlists: int = 200, max_items: int = 1000) -> list[list[int]]:
        """The ratingKeys of each regular audio playlist (smart and oversized ones skipped: they say little)."""
        chosen = [p for p in self.audio_playlists() if not p.smart and 1 < p.leaf_count <= max_items]
        return [[rk for _item, rk in self.playlist_entries(p.rating_key)] for p in chosen[:max_playlists]]
