"""Track ratings in Plex: rate or clear one track, and read many ratings with one paged, filtered listing."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from plexapi.utils import joinArgs

from plexm8.errors import NotFound
from plexm8.services.plex_service.library import PlexLibraryCalls
from plexm8.services.plex_service.xml_attrs import attr_float

LIBRARY_IDENTIFIER = "com.plexapp.plugins.library"
CLEAR = -1  # what /:/rate takes to remove a rating
RATED_SORT = "userRating:desc,lastRatedAt:desc"


@dataclass(frozen=True)
class RatedTrack:
    """A track as a ratings listing shows it (userRating on Plex's 0–10 scale)."""

    rating_key: int
    title: str
    artist: str
    album: str
    user_rating: float | None
    thumb: str | None



def _rated_track(element: Any) -> RatedTrack:
    attrib = element.attrib
    return RatedTrack(
        rating_key=int(attrib["ratingKey"]),
        title=attrib.get("title", ""),
        artist=attrib.get("originalTitle") or attrib.get("grandparentTitle", ""),
        album=attrib.get("parentTitle", ""),
        user_rating=attr_float(attrib.get("userRating")),
        thumb=attrib.get("thumb"),
    )


def _above(min_rating: float) -> int:
    # Plex's `>>=` is "greater than" and an integer keeps the query plain: ask for a little more
    # than needed (ratings above ceil(min) - 1) and drop the few below min_rating afterwards.
    return math.ceil(min_rating) - 1


class PlexRatingCalls(PlexLibraryCalls):
    """Rating calls made through plexapi's request path."""

    def track(self, rating_key: int) -> RatedTrack:
        """One track by ratingKey; 404 when Plex has no such track."""
        container = self._query(f"/library/metadata/{rating_key}")
        element = next(iter(container), None) if container is not None else None
        if element is None or element.attrib.get("type") != "track":
            raise NotFound(f"There is no track with ratingKey {rating_key} in Plex.")
        return _rated_track(element)

    def rate(self, rating_key: int, rating: float | None) -> None:
        """Set a track's rating (0–10) or clear it (None) with one request."""
        value = CLEAR if rating is None else rating
        args = {"key": rating_key, "identifier": LIBRARY_IDENTIFIER, "rating": f"{value:g}"}
        self._query(f"/:/rate{joinArgs(args)}", method="put")

    def _rated_key(self, above: int, sort: str) -> str:
        return f"/library/sections/{self.section_key()}/all?type=10&userRating>>={above}&sort={sort}"

    def rated_tracks(self, page_size: int = 5000) -> dict[int, float]:
        """ratingKey → userRating of every rated track: one listing filtered by rating, paged."""
        ratings: dict[int, float] = {}
        for _container, items in self._paged(self._rated_key(CLEAR, RATED_SORT), page_size):
            for element in items:
                rating = attr_float(element.attrib.get("userRating"))
                if element.tag == "Track" and rating is not None:
                    ratings[int(element.attrib["ratingKey"])] = rating
        return ratings

    def top_rated(self, min_rating: float, limit: int) -> list[RatedTrack]:
        """Tracks rated at least `min_rating`, highest first (most recently rated first among equals)."""
        container = self._query(
            self._rated_key(_above(min_rating), RATED_SORT),
            **{"X-Plex-Container-Start": "0", "X-Plex-Container-Size": str(limit)},
        )
        tracks = [_rated_track(e) for e in container if e.tag == "Track"] if container is not None else []
        return [t for t in tracks if t.user_rating is not None and t.user_rating >= min_rating][:limit]
