"""The provider interface, the registry of platforms and the one-call ``fetch_playlist``."""
from __future__ import annotations

import logging
from typing import Protocol

import requests

from plexm8.errors import Unprocessable
from plexm8.services.external import ExternalPlaylist
from plexm8.services.providers.config import ProviderSettings
from plexm8.services.providers.deezer import DeezerProvider
from plexm8.services.providers.httpclient import build_session
from plexm8.services.providers.netease import NetEaseProvider
from plexm8.services.providers.qqmusic import QQMusicProvider
from plexm8.services.providers.spotify import SpotifyProvider, SpotifyTokenCache
from plexm8.services.providers.urls import parse_playlist_url

log = logging.getLogger(__name__)


class Provider(Protocol):
    """A music platform that can return one of its playlists."""

    name: str

    def fetch(self, playlist_id: str) -> ExternalPlaylist:
        """The playlist with its tracks in source order."""
        ...


_PROVIDERS: dict[str, type] = {
    "netease": NetEaseProvider,
    "qqmusic": QQMusicProvider,
    "spotify": SpotifyProvider,
    "deezer": DeezerProvider,
}


def get_provider(name: str, settings: ProviderSettings, http: requests.Session | None = None,
                 spotify_tokens: SpotifyTokenCache | None = None) -> Provider:
    """The provider called ``name`` (netease, qqmusic, spotify, deezer); Spotify reuses `spotify_tokens`."""
    cls = _PROVIDERS.get(name)
    if cls is None:
        raise Unprocessable(
            f"Unknown music platform {name!r}; use one of {', '.join(_PROVIDERS)}.", field="source_url"
        )
    if cls is SpotifyProvider:
        return SpotifyProvider(settings, http, spotify_tokens)
    return cls(settings, http)


def fetch_playlist(url_or_ref: str, settings: ProviderSettings) -> ExternalPlaylist:
    """Parse a playlist link or ``provider:id`` and fetch that playlist."""
    with build_session(settings) as session:
        provider_name, playlist_id = parse_playlist_url(url_or_ref, http=session, settings=settings)
        playlist = get_provider(provider_name, settings, session).fetch(playlist_id)
    log.info("fetched %s playlist %s %r: %d tracks", provider_name, playlist_id, playlist.name, len(playlist.tracks))
    return playlist
