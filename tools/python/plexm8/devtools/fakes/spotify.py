"""Fake Spotify: accounts ``/api/token`` (client credentials) and Web API playlists with paging."""
from __future__ import annotations

import base64
import hashlib
import itertools
import re
from typing import Any
from urllib.parse import urlencode

from plexm8.devtools.fakes.catalog import Song, songs
from plexm8.devtools.fakes.server import FakeServer, RecordedRequest, Reply

CLIENT_ID = "5f1e2d3c4b5a69788796a5b4c3d2e1f0"
CLIENT_SECRET = "0fe1d2c3b4a59687786950a4b3c2d1ef"
BIG_PLAYLIST_ID = "3cEYpjA9oz9GiPac4AsH4n"  # 260 items: 257 tracks + a removed track, an episode, a local file
BIG_TRACK_COUNT = 257
REMOVED_AT, EPISODE_AT, LOCAL_AT = 4, 6, 8  # item indexes of the special entries
EDITORIAL_PLAYLIST_ID = "37i9dQZF1DXcBWIGoYBM5M"  # 404 for development-mode apps since Nov 2024
FORBIDDEN_PLAYLIST_ID = "1mJhSx6aYQmINsZ8dG4gzV"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
REAL_API = "https://api.spotify.com"


def spotify_id(kind: str, number: int) -> str:
    """A stable 22-character base62 id."""
    value = int.from_bytes(hashlib.sha256(f"{kind}:{number}".encode()).digest()[:17], "big")
    chars = []
    for _ in range(22):
        value, rest = divmod(value, 62)
        chars.append(_ALPHABET[rest])
    return "".join(chars)


def _artist(name: str, number: int) -> dict[str, Any]:
    aid = spotify_id("artist", number)
    return {"external_urls": {"spotify": f"https://open.spotify.com/artist/{aid}"},
            "href": f"{REAL_API}/v1/artists/{aid}", "id": aid, "name": name, "type": "artist",
            "uri": f"spotify:artist:{aid}"}


def track_json(song: Song) -> dict[str, Any]:
    """A full track object as the Web API returns it."""
    tid, album_id = spotify_id("track", song.number), spotify_id("album", song.number // 12)
    artists = [_artist(name, song.number * 10 + i) for i, name in enumerate(song.artists)]
    return {
        "album": {"album_type": "album", "artists": artists[:1], "available_markets": ["HK", "JP", "TW", "US"],
                  "external_urls": {"spotify": f"https://open.spotify.com/album/{album_id}"},
                  "href": f"{REAL_API}/v1/albums/{album_id}", "id": album_id,
                  "images": [{"height": 640, "url": f"https://i.scdn.co/image/ab67616d0000b273{album_id}", "width": 640},
                             {"height": 300, "url": f"https://i.scdn.co/image/ab67616d00001e02{album_id}", "width": 300}],
                  "name": song.album, "release_date": "2003-07-31", "release_date_precision": "day",
                  "total_tracks": 12, "type": "album", "uri": f"spotify:album:{album_id}"},
        "artists": artists, "available_markets": ["HK", "JP", "TW", "US"], "disc_number": 1,
        "duration_ms": song.seconds * 1000 + song.number % 1000, "episode": False, "explicit": False,
        "external_ids": {"isrc": f"TWK97{song.number:07d}"},
        "external_urls": {"spotify": f"https://open.spotify.com/track/{tid}"}, "href": f"{REAL_API}/v1/tracks/{tid}",
        "id": tid, "is_local": False, "name": song.title, "popularity": 61, "preview_url": None, "track": True,
        "track_number": song.number % 12 + 1, "type": "track", "uri": f"spotify:track:{tid}",
    }


def _local_track() -> dict[str, Any]:
    return {
        "album": {"album_type": None, "artists": [], "available_markets": [], "external_urls": {}, "href": None,
                  "id": None, "images": [], "name": "Demo Tapes", "release_date": None,
                  "release_date_precision": None, "type": "album", "uri": None},
        "artists": [{"external_urls": {}, "href": None, "id": None, "name": "Local Band", "type": "artist", "uri": None}],
        "available_markets": [], "disc_number": 0, "duration_ms": 201000, "explicit": False, "external_ids": {},
        "external_urls": {}, "href": None, "id": None, "is_local": True, "name": "Garage Song", "popularity": 0,
        "preview_url": None, "track_number": 0, "type": "track", "uri": "spotify:local:Local+Band:Demo+Tapes:Garage+Song:201",
    }


def _episode() -> dict[str, Any]:
    eid = spotify_id("episode", 1)
    return {"audio_preview_url": None, "description": "A podcast episode", "duration_ms": 3120000, "episode": True,
            "explicit": False, "external_urls": {"spotify": f"https://open.spotify.com/episode/{eid}"},
            "href": f"{REAL_API}/v1/episodes/{eid}", "id": eid, "is_local": False, "name": "Episode 12: Music Talk",
            "release_date": "2024-05-01", "show": {"name": "Music Talk", "id": spotify_id("show", 1)},
            "track": False, "type": "episode", "uri": f"spotify:episode:{eid}"}


def _item(track: dict[str, Any] | None, index: int, *, is_local: bool = False) -> dict[str, Any]:
    return {"added_at": f"2024-01-{index % 28 + 1:02d}T03:04:05Z",
            "added_by": {"external_urls": {"spotify": "https://open.spotify.com/user/plexm8user"},
                         "href": f"{REAL_API}/v1/users/plexm8user", "id": "plexm8user", "type": "user",
                         "uri": "spotify:user:plexm8user"},
            "is_local": is_local, "primary_color": None, "track": track, "video_thumbnail": {"url": None}}


def big_playlist_items() -> list[dict[str, Any]]:
    """The big playlist: catalog tracks with a removed track, an episode and a local file among them."""
    catalog = iter(songs(BIG_TRACK_COUNT))
    items: list[dict[str, Any]] = []
    for index in itertools.count():
        if index == REMOVED_AT:
            items.append(_item(None, index))
        elif index == EPISODE_AT:
            items.append(_item(_episode(), index))
        elif index == LOCAL_AT:
            items.append(_item(_local_track(), index, is_local=True))
        else:
            song = next(catalog, None)
            if song is None:
                break
            items.append(_item(track_json(song), index))
    return items


class FakeSpotify(FakeServer):
    """Accounts and Web API on one server (point both spotify URLs at it)."""

    def __init__(self) -> None:
        super().__init__()
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET
        self.valid_tokens: set[str] = set()
        self._token_numbers = itertools.count(1)
        self.playlists: dict[str, dict[str, Any]] = {
            BIG_PLAYLIST_ID: {"name": "華語 & J-Pop: 2024 favourites",
                              "description": "Songs I&#x27;m into &amp; more", "items": big_playlist_items()},
        }
        self.route("POST", r"/api/token", self._token)
        self.route("GET", r"/v1/playlists/(?P<id>[^/]+)", self._playlist)
        self.route("GET", r"/v1/playlists/(?P<id>[^/]+)/tracks", self._tracks)

    def add_playlist(self, playlist_id: str, name: str, tracks: list[Song], *, description: str = "") -> None:
        """Serve ``tracks`` as playlist ``playlist_id``."""
        self.playlists[playlist_id] = {"name": name, "description": description,
                                       "items": [_item(track_json(song), i) for i, song in enumerate(tracks)]}

    def revoke_tokens(self) -> None:
        """Make every issued token invalid (Spotify answers 401 until a new one is fetched)."""
        self.valid_tokens.clear()

    def _token(self, request: RecordedRequest, _: re.Match[str]) -> Reply:
        expected = "Basic " + base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.header("Authorization") != expected:
            return Reply(401, {"error": "invalid_client", "error_description": "Invalid client secret"})
        if request.form().get("grant_type") != "client_credentials":
            return Reply(400, {"error": "unsupported_grant_type", "error_description": "grant_type parameter is missing"})
        token = f"BQ{next(self._token_numbers):04d}fakeAccessToken"
        self.valid_tokens.add(token)
        return Reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def _authorised(self, request: RecordedRequest) -> Reply | None:
        auth = request.header("Authorization") or ""
        if not auth.startswith("Bearer "):
            return Reply(401, {"error": {"status": 401, "message": "No token provided"}})
        if auth.removeprefix("Bearer ") not in self.valid_tokens:
            return Reply(401, {"error": {"status": 401, "message": "The access token expired"}})
        return None

    def _lookup(self, request: RecordedRequest, playlist_id: str) -> tuple[dict[str, Any] | None, Reply | None]:
        denied = self._authorised(request)
        if denied:
            return None, denied
        if playlist_id == FORBIDDEN_PLAYLIST_ID:
            return None, Reply(403, {"error": {"status": 403, "message": "Forbidden"}})
        entry = self.playlists.get(playlist_id)
        if entry is None:
            return None, Reply(404, {"error": {"status": 404, "message": "Resource not found"}})
        return entry, None

    def _playlist(self, request: RecordedRequest, match: re.Match[str]) -> Reply:
        entry, error = self._lookup(request, match["id"])
        if error:
            return error
        assert entry is not None
        return Reply(200, {"name": entry["name"], "description": entry["description"]})

    def _tracks(self, request: RecordedRequest, match: re.Match[str]) -> Reply:
        playlist_id = match["id"]
        entry, error = self._lookup(request, playlist_id)
        if error:
            return error
        assert entry is not None
        offset, limit = int(request.arg("offset", "0") or 0), int(request.arg("limit", "100") or 100)
        if not 1 <= limit <= 100:
            return Reply(400, {"error": {"status": 400, "message": "Invalid limit"}})
        items = entry["items"]
        fields = request.arg("fields")

        def page_url(at: int) -> str:
            query = {"offset": at, "limit": limit, **({"fields": fields} if fields else {})}
            return f"{REAL_API}/v1/playlists/{playlist_id}/tracks?{urlencode(query)}"

        return Reply(200, {
            "href": page_url(offset), "items": items[offset:offset + limit], "limit": limit,
            "next": page_url(offset + limit) if offset + limit < len(items) else None, "offset": offset,
            "previous": page_url(max(offset - limit, 0)) if offset else None, "total": len(items),
        })
