"""Turn recommendations into a regular Plex playlist (one request to create it)."""
from __future__ import annotations

import logging
from typing import Any

from plexm8.errors import Conflict, Unprocessable
from plexm8.services.playlists.journal import create_playlist
from plexm8.services.plex_service import PlexLibraryCalls, PlexService
from plexm8.services.recommend.catalog import CatalogCache
from plexm8.services.recommend.engine import based_on_ratings, similar
from plexm8.services.tracks import parse_track_key

log = logging.getLogger(__name__)


def check_playlist_request(source: str, title: str, track_key: str | int | None) -> tuple[str, int | None]:
    """(title, seed ratingKey) of a playlist request, or a 422 naming the field; asks Plex nothing."""
    name = title.strip()
    if not name:
        raise Unprocessable("title must not be blank.", field="title")
    if source != "similar":
        return name, None
    if track_key is None or str(track_key).strip() == "":
        raise Unprocessable("track_key is required when source is 'similar'.", field="track_key")
    return name, parse_track_key(track_key)


def create_recommendation_playlist(service: PlexService, name: str, seed: int | None, *, limit: int,
                                   min_rating: float, cache: CatalogCache) -> dict[str, Any]:
    """A playlist of tracks similar to `seed`, or (seed None) of based-on-ratings picks; 422 when there are none."""
    source = "similar" if seed is not None else "based-on-ratings"
    if seed is not None:
        recommendations = similar(service, seed, limit, cache).recommendations
    else:
        recommendations = based_on_ratings(service, min_rating, limit, cache).recommendations
    if not recommendations:
        raise Unprocessable("There is nothing to recommend from this source, so no playlist was created.",
                            field="source")
    calls = PlexLibraryCalls(service)
    if any(p.title == name for p in calls.audio_playlists()):
        raise Conflict(f"Plex already has a playlist named {name!r}; choose another title.")
    rating_keys = [r.track.rating_key for r in recommendations]
    playlist_key = create_playlist(calls, name, rating_keys)
    log.info("Created recommendation playlist %r (%s, %d tracks)", name, source, len(rating_keys))
    return {
        "success": True,
        "playlist": {"key": f"/playlists/{playlist_key}", "ratingKey": str(playlist_key), "title": name,
                     "type": "audio", "itemCount": len(rating_keys)},
        "recommendations": [r.to_dict() for r in recommendations],
    }
