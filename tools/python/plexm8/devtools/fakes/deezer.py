"""Fake Deezer API: ``/playlist/<id>`` and paged ``/playlist/<id>/tracks``, errors inside HTTP 200 bodies."""
from __future__ import annotations

import re
from typing import Any

from plexm8.devtools.fakes.catalog import Song, songs
from plexm8.devtools.fakes.server import FakeServer, RecordedRequest, Reply

BIG_PLAYLIST_ID = "908622995"  # 234 tracks: three pages of 100
BIG_SIZE = 234
PRIVATE_PLAYLIST_ID = "1111111111"
REAL_API = "https://api.deezer.com"
QUOTA_ERROR = {"error": {"type": "Exception", "message": "Quota limit exceeded", "code": 4}}
NO_DATA_ERROR = {"error": {"type": "DataException", "message": "no data", "code": 800}}


def track_id(song: Song) -> int:
    """The Deezer id of a catalog song."""
    return 3_135_500 + song.number


def track_json(song: Song) -> dict[str, Any]:
    """A track as playlist track lists return it; live versions carry ``title_version``."""
    short, version = song.title, ""
    live = re.match(r"^(.*?)\s*(\((?:Live|Remix|Acoustic)[^)]*\))$", song.title)
    if live:
        short, version = live.group(1), live.group(2)
    tid, album_id = track_id(song), 302_127 + song.number // 12
    md5 = f"{song.number:032x}"
    body: dict[str, Any] = {
        "id": tid, "readable": True, "title": song.title, "title_short": short, "title_version": version,
        "link": f"https://www.deezer.com/track/{tid}", "duration": song.seconds, "rank": 956_167 - song.number,
        "explicit_lyrics": False, "explicit_content_lyrics": 0, "explicit_content_cover": 0,
        "preview": f"https://cdnt-preview.dzcdn.net/api/1/1/a/1/fake{tid}.mp3", "md5_image": md5,
        "time_add": 1_546_300_800 + song.number,
        "artist": {"id": 27 + song.number, "name": song.artists[0], "link": f"https://www.deezer.com/artist/{27 + song.number}",
                   "tracklist": f"{REAL_API}/artist/{27 + song.number}/top?limit=50", "type": "artist"},
        "album": {"id": album_id, "title": song.album, "cover": f"{REAL_API}/album/{album_id}/image",
                  "cover_small": f"https://e-cdns-images.dzcdn.net/images/cover/{md5}/56x56-000000-80-0-0.jpg",
                  "cover_medium": f"https://e-cdns-images.dzcdn.net/images/cover/{md5}/250x250-000000-80-0-0.jpg",
                  "cover_big": f"https://e-cdns-images.dzcdn.net/images/cover/{md5}/500x500-000000-80-0-0.jpg",
                  "cover_xl": f"https://e-cdns-images.dzcdn.net/images/cover/{md5}/1000x1000-000000-80-0-0.jpg",
                  "md5_image": md5, "tracklist": f"{REAL_API}/album/{album_id}/tracks", "type": "album"},
        "type": "track",
    }
    if len(song.artists) > 1:
        body["contributors"] = [{"id": 27 + song.number + i, "name": name, "link": "", "share": "", "picture": "",
                                 "radio": True, "tracklist": "", "type": "artist", "role": "Main"}
                                for i, name in enumerate(song.artists)]
    return body


class FakeDeezer(FakeServer):
    """Public playlists by id; unknown ids answer DataException 800, private ones OAuthException, in HTTP 200."""

    def __init__(self) -> None:
        super().__init__()
        self.playlists: dict[str, tuple[str, list[Song]]] = {BIG_PLAYLIST_ID: ("Mandopop & J-Pop 精选", songs(BIG_SIZE))}
        self.route("GET", r"/playlist/(?P<id>\d+)", self._playlist)
        self.route("GET", r"/playlist/(?P<id>\d+)/tracks", self._tracks)

    def _error(self, playlist_id: str) -> Reply | None:
        if playlist_id == PRIVATE_PLAYLIST_ID:
            return Reply(200, {"error": {"type": "OAuthException", "code": 200, "message":
                                         "An active access token must be used to query information about the current user"}})
        if playlist_id not in self.playlists:
            return Reply(200, NO_DATA_ERROR)
        return None

    def _playlist(self, request: RecordedRequest, match: re.Match[str]) -> Reply:
        playlist_id = match["id"]
        error = self._error(playlist_id)
        if error:
            return error
        title, tracks = self.playlists[playlist_id]
        return Reply(200, {
            "id": int(playlist_id), "title": title, "description": "每周更新", "duration": sum(s.seconds for s in tracks),
            "public": True, "is_loved_track": False, "collaborative": False, "nb_tracks": len(tracks), "fans": 1234,
            "link": f"https://www.deezer.com/playlist/{playlist_id}",
            "share": f"https://www.deezer.com/playlist/{playlist_id}?utm_source=deezer&utm_content=playlist-{playlist_id}",
            "picture": f"{REAL_API}/playlist/{playlist_id}/image", "checksum": "a3b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5",
            "tracklist": f"{REAL_API}/playlist/{playlist_id}/tracks", "creation_date": "2019-05-15 12:00:00",
            "add_date": "2019-05-15 12:00:00", "mod_date": "2024-06-01 08:00:00",
            "md5_image": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "picture_type": "playlist",
            "creator": {"id": 2529, "name": "Deezer Editor", "tracklist": f"{REAL_API}/user/2529/flow", "type": "user"},
            "type": "playlist",
            "tracks": {"data": [track_json(s) for s in tracks[:25]], "checksum": "a3b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"},
        })

    def _tracks(self, request: RecordedRequest, match: re.Match[str]) -> Reply:
        playlist_id = match["id"]
        error = self._error(playlist_id)
        if error:
            return error
        _, tracks = self.playlists[playlist_id]
        index, limit = int(request.arg("index", "0") or 0), int(request.arg("limit", "25") or 25)
        body: dict[str, Any] = {"data": [track_json(s) for s in tracks[index:index + limit]],
                                "checksum": "a3b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5", "total": len(tracks)}
        if index + limit < len(tracks):
            body["next"] = f"{REAL_API}/playlist/{playlist_id}/tracks?limit={limit}&index={index + limit}"
        if index > 0:
            body["prev"] = f"{REAL_API}/playlist/{playlist_id}/tracks?limit={limit}&index={max(index - limit, 0)}"
        return Reply(200, body)
