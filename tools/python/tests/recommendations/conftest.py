"""Fixtures for recommendations: the simulator's library, seeds chosen from it, and helpers reading its state."""
from __future__ import annotations

from typing import Any

import pytest
from plexm8.devtools.library_handlers import sonic_distance
from plexm8.devtools.sample_library import Library, SimTrack
from plexm8.services.matching.normalize import (
    normalize_text,
    parse_title,
    split_artists,
)

MAX_DISTANCE = 0.25


@pytest.fixture
def lib(plex_sim) -> Library:
    """The simulator's library (its state, for arranging and checking)."""
    return plex_sim.library


def neighbours(lib: Library, seed: SimTrack) -> list[SimTrack]:
    """Analysed tracks within Plex's default sonic distance of the seed."""
    return [t for t in lib.tracks.values()
            if t.sonic is not None and t.rating_key != seed.rating_key
            and sonic_distance(seed.sonic, t.sonic) <= MAX_DISTANCE]


def analysed_seed(lib: Library, minimum: int) -> SimTrack:
    """An analysed track with at least `minimum` sonic neighbours."""
    return next(t for t in sorted(lib.tracks.values(), key=lambda t: t.rating_key)
                if t.sonic is not None and len(neighbours(lib, t)) >= minimum)


def unanalysed_seed(lib: Library, same_artist_at_least: int = 4) -> SimTrack:
    """A track without sonic analysis whose album artist has several other tracks."""
    return next(t for t in sorted(lib.tracks.values(), key=lambda t: t.rating_key)
                if t.sonic is None and len(lib.artist_tracks(t.artist_key)) > same_artist_at_least
                and lib.artists[t.artist_key].title != "Various Artists")


def song(item: dict[str, Any]) -> tuple[str, str]:
    """(title without version words, first credited artist) of an API track: one song in any version."""
    track = item.get("track", item)
    artists = split_artists(track["artist"]) or [track["artist"]]
    return normalize_text(parse_title(track["title"]).core), normalize_text(artists[0])


def rating_key(item: dict[str, Any]) -> int:
    """The ratingKey of an API recommendation."""
    return int(item["track"]["ratingKey"])


def clear_ratings(lib: Library) -> None:
    """Unrate every track (through the library's own method, as a user clearing stars would)."""
    for track in list(lib.tracks.values()):
        if track.user_rating is not None:
            lib.rate(track.rating_key, None)
