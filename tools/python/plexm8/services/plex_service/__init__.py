"""PlexService: the only package that imports plexapi. Everything else talks to Plex through it."""
from __future__ import annotations

from .connection import (
    PlexConnection,
    PlexService,
    ServerIdentity,
    plex_api_version,
    plex_errors_mapped,
)
from .library import PlaylistRef, PlexLibraryCalls, TrackRow

__all__ = [
    "PlaylistRef",
    "PlexConnection",
    "PlexLibraryCalls",
    "PlexService",
    "ServerIdentity",
    "TrackRow",
    "plex_api_version",
    "plex_errors_mapped",
]
