"""Deezer playlists through the public API (no sign-in; public playlists only)."""
from __future__ import annotations

import logging
import time
from typing import Any

import requests

from plexm8.errors import NotFound, Unprocessable, UpstreamError
from plexm8.services.external import ExternalPlaylist, ExternalTrack
from plexm8.services.providers.config import ProviderSettings
from plexm8.services.providers.fields import clean_names, seconds_to_ms
from plexm8.services.providers.httpclient import PlatformClient, rebase_url

log = logging.getLogger(__name__)

PLATFORM = "Deezer"
PAGE_SIZE = 100
_MAX_PAGES = 200
_QUOTA_CODE = 4
_NO_DATA_CODE = 800


class DeezerProvider:
    """Reads a public Deezer playlist, following ``next`` pages of its tracks."""

    name = "deezer"

    def __init__(self, settings: ProviderSettings, http: requests.Session | None = None) -> None:
        self._base = settings.deezer_base_url.rstrip("/")
        self._client = PlatformClient(PLATFORM, settings, http)
        self._retries = max(settings.retries, 0)
        self._backoff = settings.backoff_s

    def fetch(self, playlist_id: str) -> ExternalPlaylist:
        """The playlist's tracks in order."""
        if not str(playlist_id).isdigit():
            raise Unprocessable(f"Deezer playlist ids are numbers, not {playlist_id!r}.", field="source_url")
        meta = self._get(f"{self._base}/playlist/{playlist_id}", None, playlist_id)
        expected = meta.get("nb_tracks")
        songs: list[dict[str, Any]] = []
        url: str | None = f"{self._base}/playlist/{playlist_id}/tracks"
        params: dict[str, Any] | None = {"index": 0, "limit": PAGE_SIZE}
        for _ in range(_MAX_PAGES):
            if url is None:
                break
            page = self._get(url, params, playlist_id)
            data = [song for song in page.get("data") or [] if isinstance(song, dict)]
            songs.extend(data)
            total = page.get("total", expected)
            following = page.get("next")
            done = not data or not following or (isinstance(total, int) and len(songs) >= total)
            url, params = (None, None) if done or not following else (rebase_url(following, self._base), None)
        if isinstance(expected, int) and len(songs) < expected:
            log.info("Deezer playlist %s: got %d of %d tracks", playlist_id, len(songs), expected)
        return ExternalPlaylist(
            provider=self.name,
            playlist_id=str(playlist_id),
            name=meta.get("title") or f"Deezer playlist {playlist_id}",
            tracks=[_track(song, position) for position, song in enumerate(songs)],
            description=meta.get("description") or "",
        )

    def _get(self, url: str, params: dict[str, Any] | None, playlist_id: str) -> dict[str, Any]:
        """One API answer; Deezer reports errors inside HTTP 200 bodies, and its quota error is retried here."""
        what = f"playlist {playlist_id}"
        for attempt in range(self._retries + 1):
            response = self._client.request("GET", url, params=params)
            self._client.raise_for_status(response, what)
            body = self._client.json_of(response, what)
            if not isinstance(body, dict):
                raise UpstreamError(f"Deezer answered {what} with an unexpected JSON value. Try again later.")
            error = body.get("error")
            if not error:
                return body
            if not isinstance(error, dict):
                error = {"message": str(error)}
            code, kind, message = error.get("code"), error.get("type") or "", error.get("message") or ""
            if code == _QUOTA_CODE or kind == "QuotaException":
                if attempt < self._retries:
                    delay = self._backoff * (2 ** attempt)
                    log.info("Deezer quota exceeded; retrying in %.2f s", delay)
                    time.sleep(delay)
                    continue
                raise UpstreamError(
                    "Deezer is rate-limiting requests (quota exceeded: 50 requests per 5 seconds). "
                    "Wait a minute and try again."
                )
            if code == _NO_DATA_CODE or kind == "DataException":
                raise NotFound(f"Deezer playlist {playlist_id} does not exist or was deleted. Check the link.")
            if kind == "OAuthException" or code in (200, 300):
                raise UpstreamError(
                    f"Deezer refused access to playlist {playlist_id} ({message or kind}): it is probably private. "
                    "Make it public in Deezer and try again."
                )
            raise UpstreamError(
                f"Deezer could not return playlist {playlist_id} ({kind} {code}: {message}). Try again later."
            )
        raise AssertionError("unreachable")  # the loop always returns or raises


def _track(song: dict[str, Any], position: int) -> ExternalTrack:
    title = (song.get("title") or "").strip()
    if not title:
        title = " ".join(p for p in (song.get("title_short"), song.get("title_version")) if p).strip()
    contributors = clean_names(c.get("name") for c in song.get("contributors") or [] if isinstance(c, dict))
    artist = (song.get("artist") or {}).get("name")
    return ExternalTrack(
        external_id=str(song.get("id", "")),
        title=title,
        artists=contributors or clean_names([artist]),
        album=((song.get("album") or {}).get("title") or "").strip(),
        duration_ms=seconds_to_ms(song.get("duration")),
        position=position,
    )
