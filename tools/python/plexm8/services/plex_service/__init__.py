"""PlexService: the only package that imports plexapi. Everything else talks to Plex through it."""
from __future__ import annotations

from .connection import (
    PlexConnection,
    PlexService,
    ServerIdentity,
    plex_api_version,
    plex_errors_mapped,
)
from .library import PlaylistInfo, PlexLibraryCalls, TrackRow
from .playlists import ItemsPage, PlaylistItem, PlexPlaylistCalls
from .ratings import PlexRatingCalls, RatedTrack
from .recommend import PlexRecommendCalls, TaggedParent, TaggedTrack
from .smart import PlexSmartPlaylists, SmartPlaylistRow, SmartQuery, TagChoice

__all__ = [
    "ItemsPage",
    "PlaylistInfo",
    "PlaylistItem",
    "PlexPlaylistCalls",
    "PlexConnection",
    "PlexLibraryCalls",
    "PlexRatingCalls",
    "PlexRecommendCalls",
    "PlexService",
    "PlexSmartPlaylists",
    "RatedTrack",
    "ServerIdentity",
    "SmartPlaylistRow",
    "SmartQuery",
    "TagChoice",
    "TaggedParent",
    "TaggedTrack",
    "TrackRow",
    "plex_api_version",
    "plex_errors_mapped",
]
