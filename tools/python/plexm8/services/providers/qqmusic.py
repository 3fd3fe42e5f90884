"""QQ Music playlists: the legacy ``fcg_ucc_getcdinfo`` endpoint, falling back to ``musicu.fcg`` paging."""
from __future__ import annotations

import logging
import re
from typing import Any

import requests

from plexm8.errors import APIError, NotFound, Unprocessable, UpstreamError
from plexm8.services.external import ExternalPlaylist, ExternalTrack
from plexm8.services.providers.config import ProviderSettings
from plexm8.services.providers.fields import artists_with_aliases, clean_names, seconds_to_ms
from plexm8.services.providers.httpclient import PlatformClient

log = logging.getLogger(__name__)

PLATFORM = "QQ Music"
MUSICU_PAGE_SIZE = 500
_MAX_PAGES = 100
_HEADERS = {
    "Referer": "https://y.qq.com/",
    "Origin": "https://y.qq.com",
    "User-Agent": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36"
    ),
}
_LEGACY_PARAMS = {
    "type": 1, "json": 1, "utf8": 1, "onlysong": 0, "format": "json", "g_tk": 5381, "loginUin": 0,
    "hostUin": 0, "inCharset": "utf8", "outCharset": "utf-8", "notice": 0, "platform": "yqq.json",
    "needNewCode": 0,
}
_JSONP = re.compile(r"^\s*[\w$.]+\s*\((.*)\)\s*;?\s*$", re.S)


class _LegacyUnavailable(Exception):
    """The legacy endpoint gave no usable (or no complete) answer; the reason is logged."""


class QQMusicProvider:
    """Reads a QQ Music playlist (歌单) by its ``disstid``."""

    name = "qqmusic"

    def __init__(self, settings: ProviderSettings, http: requests.Session | None = None) -> None:
        self._legacy_base = settings.qqmusic_base_url.rstrip("/")
        self._u_base = settings.qqmusic_u_base_url.rstrip("/")
        self._client = PlatformClient(PLATFORM, settings, http)

    def fetch(self, playlist_id: str) -> ExternalPlaylist:
        """The playlist's songs in order, from whichever endpoint answers completely."""
        if not str(playlist_id).isdigit():
            raise Unprocessable(f"QQ Music playlist ids are numbers, not {playlist_id!r}.", field="source_url")
        try:
            name, description, songs = self._legacy(playlist_id)
        except (_LegacyUnavailable, APIError) as exc:
            reason = exc.message if isinstance(exc, APIError) else str(exc)
            log.info("QQ Music legacy endpoint unusable for playlist %s (%s); trying musicu.fcg", playlist_id, reason)
            name, description, songs = self._musicu(playlist_id)
        tracks = [_track(song, position) for position, song in enumerate(s for s in songs if isinstance(s, dict))]
        return ExternalPlaylist(
            provider=self.name,
            playlist_id=str(playlist_id),
            name=name or f"QQ Music playlist {playlist_id}",
            tracks=tracks,
            description=description,
        )

    def _legacy(self, playlist_id: str) -> tuple[str, str, list[Any]]:
        response = self._client.request(
            "GET", f"{self._legacy_base}/qzone/fcg-bin/fcg_ucc_getcdinfo_byids_cp.fcg",
            params={**_LEGACY_PARAMS, "disstid": playlist_id}, headers=_HEADERS,
        )
        what = f"playlist {playlist_id}"
        self._client.raise_for_status(response, what)
        body = self._client.parse_json(strip_jsonp(response.content.decode("utf-8", "replace")), response, what)
        if not isinstance(body, dict):
            raise _LegacyUnavailable("unexpected JSON")
        if body.get("code", 0) != 0:
            raise _LegacyUnavailable(f"code {body.get('code')}, subcode {body.get('subcode')}")
        cdlist = body.get("cdlist") or []
        if not cdlist or not isinstance(cdlist[0], dict):
            raise _LegacyUnavailable("empty cdlist")
        cd = cdlist[0]
        songs = cd.get("songlist")
        if songs is None:
            songs = body.get("songlist") or []
        total = _int(cd.get("total_song_num")) or _int(cd.get("songnum"))
        if total > len(songs):
            raise _LegacyUnavailable(f"only {len(songs)} of {total} songs")
        return cd.get("dissname") or "", cd.get("desc") or "", list(songs)

    def _musicu(self, playlist_id: str) -> tuple[str, str, list[Any]]:
        songs: list[Any] = []
        title = description = ""
        total = 0
        for _ in range(_MAX_PAGES):
            data = self._musicu_page(playlist_id, len(songs))
            dirinfo = data.get("dirinfo") or {}
            title, description = dirinfo.get("title") or title, dirinfo.get("desc") or description
            page = data.get("songlist") or []
            total = _int(data.get("total_song_num")) or _int(dirinfo.get("songnum"))
            songs.extend(page)
            if not page or len(songs) >= total:
                break
        if not songs and not title:
            raise NotFound(f"QQ Music playlist {playlist_id} does not exist or is not public. Check the link.")
        if len(songs) < total:
            log.info("QQ Music playlist %s: got %d of %d songs", playlist_id, len(songs), total)
        return title, description, songs

    def _musicu_page(self, playlist_id: str, begin: int) -> dict[str, Any]:
        payload = {
            "comm": {"ct": 24, "cv": 0},
            "req_0": {
                "module": "music.srfDissInfo.DissInfo",
                "method": "CgiGetDiss",
                "param": {"disstid": int(playlist_id), "userinfo": 1, "tag": 1, "is_pc": 1,
                          "song_begin": begin, "song_num": MUSICU_PAGE_SIZE},
            },
        }
        response = self._client.request("POST", f"{self._u_base}/cgi-bin/musicu.fcg", json=payload, headers=_HEADERS)
        what = f"playlist {playlist_id}"
        self._client.raise_for_status(response, what)
        body = self._client.parse_json(strip_jsonp(response.content.decode("utf-8", "replace")), response, what)
        req = body.get("req_0") if isinstance(body, dict) else None
        if not isinstance(req, dict) or body.get("code", 0) != 0 or req.get("code", 0) != 0:
            code = req.get("code") if isinstance(req, dict) else body.get("code") if isinstance(body, dict) else "?"
            raise UpstreamError(
                f"QQ Music could not return playlist {playlist_id} (code {code}). If the playlist is private, make it "
                "public in QQ Music; otherwise try again later."
            )
        data = req.get("data")
        return data if isinstance(data, dict) else {}


def strip_jsonp(text: str) -> str:
    """The JSON inside ``callback({...})``; plain JSON is returned unchanged."""
    match = _JSONP.match(text)
    return match.group(1) if match and not text.lstrip().startswith(("{", "[")) else text


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _track(song: dict[str, Any], position: int) -> ExternalTrack:
    """One song in either the old (songmid/songname/albumname) or the new (mid/name/album) shape."""
    title = str(song.get("songname") or song.get("title") or song.get("name") or "").strip()
    album = song.get("albumname") or (song.get("album") or {}).get("name") or (song.get("album") or {}).get("title")
    external_id = song.get("songmid") or song.get("mid") or song.get("songid") or song.get("id") or ""
    # "name" and "title" may differ ("晴天" / "晴天 (Live)"): whichever is not the title is another name of it;
    # a singer's "title" may name it otherwise than its "name".
    variants = [song.get(k) for k in ("songname", "name", "title", "subtitle", "songorig")]
    artists, artist_aliases = artists_with_aliases(song.get("singer") or [], "name", ("title",))
    return ExternalTrack(
        external_id=str(external_id),
        title=title,
        artists=artists,
        album=str(album or "").strip(),
        duration_ms=seconds_to_ms(song.get("interval")),
        aliases=clean_names(variants, exclude=title),
        artist_aliases=artist_aliases,
        position=position,
    )
