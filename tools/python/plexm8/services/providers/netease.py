"""NetEase Cloud Music playlists through the web client's unencrypted ``/api`` endpoints."""
from __future__ import annotations

import json
import logging
from typing import Any

import requests

from plexm8.errors import NotFound, Unprocessable, UpstreamError
from plexm8.services.external import ExternalPlaylist, ExternalTrack
from plexm8.services.providers.config import ProviderSettings
from plexm8.services.providers.fields import artists_with_aliases, as_ms, clean_names
from plexm8.services.providers.httpclient import PlatformClient

log = logging.getLogger(__name__)

PLATFORM = "NetEase Cloud Music"
SONG_BATCH = 1000  # song/detail accepts at most 1000 ids per call
_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)
_CLIENT_COOKIE = "os=pc; appver=2.10.13"


class NetEaseProvider:
    """Reads a NetEase playlist: every id from ``trackIds``, then song details in batches."""

    name = "netease"

    def __init__(self, settings: ProviderSettings, http: requests.Session | None = None) -> None:
        self._base = settings.netease_base_url.rstrip("/")
        self._client = PlatformClient(PLATFORM, settings, http)
        cookie = _CLIENT_COOKIE + (f"; {settings.netease_cookie.strip()}" if settings.netease_cookie else "")
        self._headers = {
            "Referer": "https://music.163.com/",
            "User-Agent": _USER_AGENT,
            "Accept": "application/json, text/plain, */*",
            "Cookie": cookie,
        }

    def fetch(self, playlist_id: str) -> ExternalPlaylist:
        """The playlist with every available song, in playlist order."""
        if not str(playlist_id).isdigit():
            raise Unprocessable(f"NetEase playlist ids are numbers, not {playlist_id!r}.", field="source_url")
        playlist = self._playlist_detail(playlist_id)
        ids = [str(item["id"]) for item in playlist.get("trackIds") or [] if item.get("id") is not None]
        if not ids:  # very old answers only carry "tracks"
            ids = [str(song["id"]) for song in playlist.get("tracks") or [] if song.get("id") is not None]
        songs = self._songs(ids)
        tracks = [_track(songs[i], position) for position, i in enumerate(i for i in ids if i in songs)]
        missing = len(ids) - len(tracks)
        if missing:
            log.info("NetEase playlist %s: %d of %d songs have no details (removed or unavailable), skipped",
                     playlist_id, missing, len(ids))
        return ExternalPlaylist(
            provider=self.name,
            playlist_id=str(playlist_id),
            name=playlist.get("name") or f"NetEase playlist {playlist_id}",
            tracks=tracks,
            description=playlist.get("description") or "",
        )

    def _playlist_detail(self, playlist_id: str) -> dict[str, Any]:
        response = self._client.request(
            "GET", f"{self._base}/api/v6/playlist/detail",
            params={"id": playlist_id, "n": 100000, "s": 0}, headers=self._headers,
        )
        what = f"playlist {playlist_id}"
        self._client.raise_for_status(response, what)
        body = self._client.json_of(response, what)
        _check_code(body, playlist_id)
        playlist = body.get("playlist") if isinstance(body, dict) else None
        if not isinstance(playlist, dict):
            raise NotFound(f"NetEase playlist {playlist_id} does not exist or was deleted. Check the link.")
        return playlist

    def _songs(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        songs: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), SONG_BATCH):
            batch = ids[start:start + SONG_BATCH]
            payload = json.dumps([{"id": int(i)} for i in batch], separators=(",", ":"))
            response = self._client.request(
                "POST", f"{self._base}/api/v3/song/detail", data={"c": payload}, headers=self._headers,
            )
            what = f"song details ({len(batch)} songs)"
            self._client.raise_for_status(response, what)
            body = self._client.json_of(response, what)
            _check_code(body, None)
            for song in body.get("songs") or []:
                if isinstance(song, dict) and song.get("id") is not None:
                    songs[str(song["id"])] = song
        return songs


def _check_code(body: Any, playlist_id: str | None) -> None:
    """NetEase reports failures in the JSON ``code`` of an HTTP 200 answer."""
    if not isinstance(body, dict):
        raise UpstreamError(f"{PLATFORM} answered with an unexpected JSON value. Try again later.")
    code = body.get("code", 200)
    if code == 200:
        return
    said = body.get("message") or body.get("msg") or ""
    said = f" ({said})" if said else ""
    subject = f"playlist {playlist_id}" if playlist_id else "the song details"
    if code == 404 and playlist_id:
        raise NotFound(f"NetEase playlist {playlist_id} does not exist or was deleted{said}. Check the link.")
    if code in (401, 403, 20001):
        raise UpstreamError(
            f"NetEase refused access to {subject}{said}: it is private or needs a signed-in account. "
            "Make the playlist public in NetEase Cloud Music, or set a NetEase sign-in cookie "
            "(PLEXM8_NETEASE_COOKIE)."
        )
    if code in (-447, -460, 405, 406):
        raise UpstreamError(
            f"NetEase is rate-limiting or blocking automated requests (code {code}){said}. "
            "Wait a few minutes and try again; a NetEase sign-in cookie (PLEXM8_NETEASE_COOKIE) helps."
        )
    raise UpstreamError(f"NetEase could not return {subject} (code {code}){said}. Try again later.")


def _track(song: dict[str, Any], position: int) -> ExternalTrack:
    title = (song.get("name") or "").strip()
    # Each artist's "alias" and "tns" lists (and "trans" where given) name it in other scripts: 米津玄師 is
    # also "Kenshi Yonezu", 아이유 "IU".
    artists, artist_aliases = artists_with_aliases(song.get("ar") or [], "name", ("alias", "tns", "trans"))
    return ExternalTrack(
        external_id=str(song["id"]),
        title=title,
        artists=artists,
        album=((song.get("al") or {}).get("name") or "").strip(),
        duration_ms=as_ms(song.get("dt")),
        aliases=clean_names([*(song.get("alia") or []), *(song.get("tns") or [])], exclude=title),
        artist_aliases=artist_aliases,
        position=position,
    )
