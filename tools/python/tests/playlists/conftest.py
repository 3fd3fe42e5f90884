"""Fixtures for the playlists API: playlists made in the simulator's library, and helpers reading its state."""
from __future__ import annotations

from typing import Any

import pytest

SMART_URI = ("server://{mid}/com.plexapp.plugins.library/library/sections/{section}/all"
             "?type=10&sort=titleSort&limit=30")


def entries(plex_sim: Any, playlist_key: int | str) -> list[tuple[int, int]]:
    """(playlistItemID, track ratingKey) of a simulator playlist, in order."""
    return list(plex_sim.library.playlists[int(playlist_key)].items)


def track_keys(plex_sim: Any, playlist_key: int | str) -> list[int]:
    """The track ratingKeys of a simulator playlist, in order."""
    return [rating_key for _item, rating_key in entries(plex_sim, playlist_key)]


def writes(plex_sim: Any) -> list[tuple[str, str]]:
    """The writing requests Plex received since the counters were reset."""
    return [(method, path) for method, path in plex_sim.requests if method in ("POST", "PUT", "DELETE")]


@pytest.fixture
def library_keys(plex_sim) -> list[int]:
    """Every track ratingKey of the simulator's library, in a stable order."""
    return sorted(plex_sim.library.tracks)


@pytest.fixture
def regular(plex_sim, library_keys) -> int:
    """A regular playlist of 120 tracks (more than two pages of 50), in a shuffled but known order."""
    chosen = library_keys[5:245:2]
    order = chosen[1::2] + chosen[::2]
    playlist = plex_sim.library.create_playlist("Road trip", order, summary="for the car")
    return playlist.rating_key


@pytest.fixture
def smart(plex_sim) -> int:
    """A smart playlist: the first 30 tracks by title."""
    uri = SMART_URI.format(mid=plex_sim.machine_identifier, section=plex_sim.library.section_id)
    return plex_sim.library.create_playlist("First thirty", smart=True, filter_uri=uri).rating_key


@pytest.fixture
def connected(plex_client, plex_sim):
    """The client after one call, so the backend's Plex connection is open and the counters are zero."""
    assert plex_client.get("/api/playlists").status_code == 200
    plex_sim.reset_counters()
    return plex_client
