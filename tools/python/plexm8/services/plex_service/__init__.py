"""PlexService: the only package that imports plexapi. Everything else talks to Plex through it."""
from __future__ import annotations

from plexm8.services.plex_service.connection import (
    PlexConnection,
    PlexService,
    ServerIdentity,
    plex_api_version,
    plex_errors_mapped,
)
from plexm8.services.plex_service.library import PlaylistInfo, PlexLibraryCalls, TrackRow
from plexm8.services.plex_service.playlist_writer import Converged, PlaylistWriter
from plexm8.services.plex_service.playlists import ItemsPage, PlaylistItem, PlexPlaylistCalls
from plexm8.services.plex_service.ratings import PlexRatingCalls, RatedTrack
from plexm8.services.plex_service.recommend import PlexRecommendCalls, TaggedParent, TaggedTrack
from plexm8.services.plex_service.smart import PlexSmartPlaylists, SmartPlaylistRow, SmartQuery, TagChoice

__all__ = [
    "Converged",
    "PlaylistWriter",
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
