"""Rating tracks in Plex (0–10, halves allowed) and listing the top-rated ones."""
from __future__ import annotations

import logging
from typing import Any

from plexm8.errors import Unprocessable
from plexm8.services.plex_service import PlexRatingCalls, RatedTrack
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.tracks import track_key

log = logging.getLogger(__name__)


def is_valid_rating(value: float) -> bool:
    """True for Plex ratings this API accepts: 0, 0.5, 1, … 10."""
    return 0 <= value <= 10 and float(value * 2).is_integer()


def check_rating(value: Any, field: str = "rating") -> float | None:
    """A rating to send to Plex: None (clear) for null or -1, else 0–10 in steps of 0.5 (422 naming `field`)."""
    if value is None or (not isinstance(value, bool) and value == -1):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not is_valid_rating(value):
        raise Unprocessable(
            f"{field} must be a number from 0 to 10 in steps of 0.5 (stars × 2), or null / -1 to clear; "
            f"got {value!r}.",
            field=field,
        )
    return float(value)


def rating_text(rating: float) -> str:
    """8.0 → "8", 7.5 → "7.5"."""
    return f"{rating:g}"


def rate_track(servers: ServerRegistry, rating_key: int, rating: float | None) -> dict[str, Any]:
    """Set or clear one track's rating; 404 when Plex has no such track (nothing is sent then)."""
    rating = check_rating(rating)
    calls = PlexRatingCalls(servers.resolve().service)
    track = calls.track(rating_key)
    calls.rate(rating_key, rating)
    if rating is None:
        message = "Rating cleared"
    else:
        message = f"Track rated: {rating_text(rating)}/10"
    log.info("Rated %r (%s): %s", track.title, rating_key, message)
    return {"success": True, "message": message, "track_key": track_key(rating_key), "rating": rating}


def rated_track_dict(track: RatedTrack) -> dict[str, Any]:
    """A rated track in the API's shape."""
    return {
        "key": track_key(track.rating_key),
        "ratingKey": str(track.rating_key),
        "title": track.title,
        "artist": track.artist,
        "album": track.album,
        "userRating": track.user_rating,
        "thumb": track.thumb,
    }


def top_rated(servers: ServerRegistry, min_rating: float, limit: int) -> dict[str, Any]:
    """The highest-rated tracks, at least `min_rating`, from one filtered and sorted Plex listing."""
    tracks = PlexRatingCalls(servers.resolve().service).top_rated(min_rating, limit)
    return {"tracks": [rated_track_dict(t) for t in tracks], "count": len(tracks), "min_rating": min_rating}
