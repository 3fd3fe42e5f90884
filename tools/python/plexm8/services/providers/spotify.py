"""Spotify playlists through the Web API with an app's client-credentials token."""
from __future__ import annotations

import hashlib
import html
import logging
import re
import threading
import time
from typing import Any

import requests

from plexm8.errors import APIError, NotFound, Unprocessable, UpstreamError
from plexm8.services.external import ExternalPlaylist, ExternalTrack
from plexm8.services.providers.config import ProviderSettings
from plexm8.services.providers.fields import as_ms, clean_names
from plexm8.services.providers.httpclient import PlatformClient, rebase_url

log = logging.getLogger(__name__)

PLATFORM = "Spotify"
PAGE_SIZE = 100
_MAX_PAGES = 200  # 20 000 items, far above Spotify's 10 000-item playlist limit
_TRACK_FIELDS = (
    "items(is_local,track(id,uri,type,name,duration_ms,is_local,artists(name),album(name))),next,total"
)
_EXPIRY_MARGIN_S = 60.0


class SpotifyTokenCache:
    """Client-credentials tokens per (accounts URL, client id, secret), kept until shortly before expiry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, str, str], tuple[str, float]] = {}

    def get(self, key: tuple[str, str, str]) -> str | None:
        """The cached token for ``key`` if it is still valid."""
        with self._lock:
            entry = self._tokens.get(key)
        return entry[0] if entry and entry[1] > time.monotonic() else None

    def put(self, key: tuple[str, str, str], token: str, expires_in: float) -> None:
        """Remember ``token`` for ``expires_in`` seconds (minus a safety margin)."""
        with self._lock:
            self._tokens[key] = (token, time.monotonic() + max(expires_in - _EXPIRY_MARGIN_S, 0.0))

    def forget(self, key: tuple[str, str, str]) -> None:
        """Drop the token for ``key`` (Spotify said it is no longer valid)."""
        with self._lock:
            self._tokens.pop(key, None)


class SpotifyProvider:
    """Reads a Spotify playlist's name and every item, following ``next`` pages."""

    name = "spotify"

    def __init__(
        self, settings: ProviderSettings, http: requests.Session | None = None,
        tokens: SpotifyTokenCache | None = None,
    ) -> None:
        self._api = settings.spotify_api_url.rstrip("/")
        self._accounts = settings.spotify_accounts_url.rstrip("/")
        self._client_id = (settings.spotify_client_id or "").strip()
        self._secret = (settings.spotify_client_secret or "").strip()
        self._client = PlatformClient(PLATFORM, settings, http)
        self._tokens = tokens if tokens is not None else SpotifyTokenCache()
        # The secret enters the cache key only as a digest, so a changed secret gets a fresh token.
        digest = hashlib.sha256(self._secret.encode()).hexdigest()
        self._token_key = (self._accounts, self._client_id, digest)

    def fetch(self, playlist_id: str) -> ExternalPlaylist:
        """The playlist's tracks in order; episodes and removed tracks are skipped, local files kept."""
        if not self._client_id or not self._secret:
            raise APIError(
                "Spotify is not configured: set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET (create an app at "
                "https://developer.spotify.com/dashboard) and restart PlexM8.",
                status=503, error="Spotify not configured",
            )
        if not re.fullmatch(r"[0-9A-Za-z]+", playlist_id or ""):
            raise Unprocessable(f"{playlist_id!r} is not a Spotify playlist id.", field="source_url")
        meta = self._get(f"{self._api}/v1/playlists/{playlist_id}", {"fields": "name,description"}, playlist_id)
        items = self._items(playlist_id)
        tracks: list[ExternalTrack] = []
        skipped = 0
        for item in items:
            track = _track(item, len(tracks))
            if track is None:
                skipped += 1
            else:
                tracks.append(track)
        if skipped:
            log.info("Spotify playlist %s: skipped %d podcast episodes or unavailable items", playlist_id, skipped)
        return ExternalPlaylist(
            provider=self.name,
            playlist_id=playlist_id,
            name=meta.get("name") or f"Spotify playlist {playlist_id}",
            tracks=tracks,
            description=html.unescape(meta.get("description") or ""),
        )

    def _items(self, playlist_id: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        url: str | None = f"{self._api}/v1/playlists/{playlist_id}/tracks"
        params: dict[str, Any] | None = {"limit": PAGE_SIZE, "offset": 0, "fields": _TRACK_FIELDS}
        for _ in range(_MAX_PAGES):
            if url is None:
                break
            page = self._get(url, params, playlist_id)
            items.extend(item for item in page.get("items") or [] if isinstance(item, dict))
            following = page.get("next")
            url = rebase_url(following, self._api) if following else None
            params = None  # ``next`` already carries offset, limit and fields
        return items

    def _get(self, url: str, params: dict[str, Any] | None, playlist_id: str) -> dict[str, Any]:
        what = f"playlist {playlist_id}"
        response = self._client.request("GET", url, params=params, headers=self._auth())
        if response.status_code == 401:  # token revoked or expired early: get a new one, once
            self._tokens.forget(self._token_key)
            response = self._client.request("GET", url, params=params, headers=self._auth())
        status = response.status_code
        if status == 404:
            raise NotFound(
                f"Spotify says playlist {playlist_id} does not exist or is not visible to this app. "
                "Since 27 Nov 2024 apps in development mode cannot read Spotify-made playlists (editorial ones "
                "with ids starting 37i9dQZ, Discover Weekly, Daily Mix, Radio); copy its songs into a playlist "
                "you own and sync that one. Private playlists cannot be read either: make it public."
            )
        if status == 403:
            raise UpstreamError(
                f"Spotify refused access to playlist {playlist_id} (HTTP 403{_reason(response)}). Spotify limits what "
                "new apps may read: since Nov 2024 apps in development mode only get public, user-created playlists "
                "(not Spotify's editorial or algorithmic ones). Use a public playlist you own (copy the songs into "
                "it), or request extended quota for your app on https://developer.spotify.com/dashboard."
            )
        self._client.raise_for_status(response, what)
        body = self._client.json_of(response, what)
        if not isinstance(body, dict):
            raise UpstreamError(f"Spotify answered {what} with an unexpected JSON value. Try again later.")
        return body

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token()}"}

    def _token(self) -> str:
        cached = self._tokens.get(self._token_key)
        if cached:
            return cached
        response = self._client.request(
            "POST", f"{self._accounts}/api/token",
            data={"grant_type": "client_credentials"}, auth=(self._client_id, self._secret),
        )
        if response.status_code in (400, 401):
            raise UpstreamError(
                f"Spotify rejected the app credentials (HTTP {response.status_code}{_reason(response)}). Check "
                "SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET against your app on "
                "https://developer.spotify.com/dashboard."
            )
        self._client.raise_for_status(response, "an access token")
        body = self._client.json_of(response, "an access token")
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise UpstreamError("Spotify's token answer had no access_token. Try again later.")
        self._tokens.put(self._token_key, token, float(body.get("expires_in") or 3600))
        log.debug("obtained a Spotify access token")
        return token


def _reason(response: requests.Response) -> str:
    """Spotify's own short error text (never echoes credentials), prefixed for inclusion in a message."""
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        text = str(error.get("message") or "")
    else:
        description = body.get("error_description") if isinstance(body, dict) else None
        text = " – ".join(str(v) for v in (error, description) if v)
    return f": {text[:200]}" if text else ""


def _track(item: dict[str, Any], position: int) -> ExternalTrack | None:
    track = item.get("track")
    if not isinstance(track, dict) or track.get("type") == "episode" or track.get("episode") is True:
        return None
    is_local = bool(item.get("is_local") or track.get("is_local"))
    title = (track.get("name") or "").strip()
    artists = clean_names(a.get("name") for a in track.get("artists") or [] if isinstance(a, dict))
    if is_local:
        uri = track.get("uri") or ""
        # Local files have no id; their URI (spotify:local:artist:album:title:seconds) is stable.
        suffix = uri.split("spotify:local:", 1)[1] if "spotify:local:" in uri else f"{':'.join(artists)}:{title}"
        external_id = "local:" + suffix
    elif track.get("id"):
        external_id = str(track["id"])
    else:
        return None  # a track Spotify no longer has: nothing to match it by
    return ExternalTrack(
        external_id=external_id,
        title=title,
        artists=artists,
        album=((track.get("album") or {}).get("name") or "").strip(),
        duration_ms=as_ms(track.get("duration_ms")),
        position=position,
    )
