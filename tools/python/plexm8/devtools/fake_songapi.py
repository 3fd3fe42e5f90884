"""A local fake of a song-URL service (API.md's "songapi"): by id with a quality code, or search by words.

Answers are HTTP 200 with {"code": 200, "data": …}, or {"code": 4xx|5xx, "message"} on errors (a rate limit
is code 429). Files are real small FLAC files served from /files/<platform>/<id>.flac.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from plexm8.devtools.audio_files import flac_bytes
from plexm8.devtools.fake_http import Answer, Call, FakeHTTPServer

QUALITY_NAMES = {"netease": {"1": "standard", "3": "high", "5": "lossless"},
                 "tencent": {"4": "standard", "8": "high", "10": "lossless"}}


def tiny_png() -> bytes:
    """A valid 1x1 PNG (a cover image)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xc0\x30\x30")) \
        + chunk(b"IEND", b"")


@dataclass
class Song:
    """A song the service can hand out."""

    platform: str  # "netease" | "tencent"
    song_id: str  # NetEase id, QQ mid
    title: str
    singer: str
    album: str
    duration_s: float
    data: bytes = b""

    def __post_init__(self) -> None:
        if not self.data:
            self.data = flac_bytes(self.duration_s, title=self.title, artist=self.singer, album=self.album)


class FakeSongApi(FakeHTTPServer):
    """The fake service; `answer_429` makes the next N lookups answer code 429."""

    def __init__(self, port: int = 0) -> None:
        super().__init__(port)
        self.songs: dict[tuple[str, str], Song] = {}
        self.answer_429 = 0
        self.cover = tiny_png()
        self.route("GET", r"/v2/music/(?P<platform>netease|tencent)", self._music)
        self.route("GET", r"/files/(?P<platform>[a-z]+)/(?P<id>[^/]+)\.flac", self._file)
        self.route("GET", r"/covers/(?P<name>[^/]+)\.png", lambda call: Answer(200, self.cover,
                                                                                content_type="image/png"))

    def add(self, platform: str, song_id: str, title: str, singer: str, album: str, duration_s: float) -> Song:
        """Make a song available."""
        song = Song(platform, song_id, title, singer, album, duration_s)
        self.songs[(platform, song_id)] = song
        return song

    def _data(self, song: Song, quality: str) -> dict:
        return {"id": song.song_id, "url": f"{self.url}/files/{song.platform}/{song.song_id}.flac",
                "song": song.title, "singer": song.singer, "album": song.album, "quality": quality,
                "interval": round(song.duration_s), "cover": f"{self.url}/covers/{song.song_id}.png"}

    def _music(self, call: Call) -> Answer:
        platform = call.groups["platform"]
        with self.lock:
            if self.answer_429 > 0:
                self.answer_429 -= 1
                return Answer(200, {"code": 429, "message": "too many requests, slow down"})
        word = call.arg("word")
        if word is not None:
            words = word.casefold().split()
            hits = [s for s in self.songs.values() if s.platform == platform
                    and all(w in f"{s.title} {s.singer} {s.album}".casefold() for w in words)]
            num = int(call.arg("num", "10") or 10)
            return Answer(200, {"code": 200, "data": [self._data(s, "") for s in hits[:num]]})
        song_id = call.arg("id") or call.arg("mid")
        quality = QUALITY_NAMES[platform].get(call.arg("quality") or "", None)
        if quality is None:
            return Answer(200, {"code": 400, "message": "unknown quality code"})
        song = self.songs.get((platform, song_id or ""))
        if song is None:
            return Answer(200, {"code": 404, "message": "song not found"})
        return Answer(200, {"code": 200, "data": self._data(song, quality)})

    def _file(self, call: Call) -> Answer:
        song = self.songs.get((call.groups["platform"], call.groups["id"]))
        if song is None:
            return Answer(404, b"", content_type="text/plain")
        return Answer(200, song.data, content_type="audio/flac")
