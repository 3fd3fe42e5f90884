"""Fake QQ Music: the legacy ``fcg_ucc_getcdinfo_byids_cp.fcg`` (JSON or JSONP) and ``musicu.fcg``."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from plexm8.devtools.fakes.catalog import CURATED, Song, songs
from plexm8.devtools.fakes.server import FakeServer, RecordedRequest, Reply

LEGACY_PATH = "/qzone/fcg-bin/fcg_ucc_getcdinfo_byids_cp.fcg"
MUSICU_PATH = "/cgi-bin/musicu.fcg"

OLD_SHAPE_ID = "7256912512"  # legacy works; old song shape (songmid/songname/albumname); MusicJsonCallback(...)
NEW_SHAPE_ID = "8043526716"  # legacy works; new song shape (mid/name/album{}); jsonCallback(...)
FALLBACK_ID = "9188888888"  # legacy answers an error code: musicu.fcg, 1234 songs over several pages
FALLBACK_SIZE = 1234
TRUNCATED_ID = "3100000001"  # legacy returns only the first 30 of 120 songs: musicu.fcg must be used
BROKEN_ID = "3100000002"  # legacy answers HTTP 500, musicu.fcg works


@dataclass
class QQPlaylist:
    """A playlist and how the legacy endpoint treats it."""

    title: str
    songs: list[Song]
    legacy: str = "ok"  # ok | error-code | truncated | http500
    old_shape: bool = False
    jsonp: str | None = None  # callback name wrapping the legacy answer
    desc: str = ""


def song_mid(song: Song) -> str:
    """A 14-character QQ song mid, stable per song."""
    return f"00{song.number:07d}Qx{'ABCDEFGHJK'[song.number % 10]}Yh"


def new_song(song: Song) -> dict[str, Any]:
    """A song in the current shape (musicu.fcg and newer legacy answers)."""
    mid = song_mid(song)
    return {
        "id": 97700 + song.number, "type": 0, "songtype": 0, "mid": mid, "name": song.title, "title": song.title,
        "subtitle": song.aliases[0] if song.aliases else "",
        "singer": [{"id": 4558 + i, "mid": f"0025NhlN2y{i:04d}", "name": n, "title": n, "type": 0, "uin": 0, "pmid": ""}
                   for i, n in enumerate(song.artists)],
        "album": {"id": 8220 + song.number, "mid": f"000MkMni{song.number:06d}", "name": song.album,
                  "title": song.album, "subtitle": "", "time_public": "2003-07-31", "pmid": f"000MkMni{song.number:06d}_1"},
        "mv": {"id": 0, "vid": "", "name": "", "title": "", "vt": 0},
        "interval": song.seconds, "isonly": 0, "language": 0, "genre": 1, "index_cd": 0,
        "index_album": song.number % 12 + 1, "time_public": "2003-07-31", "status": 0, "fnote": 4009,
        "file": {"media_mid": mid, "size_24aac": 0, "size_48aac": 1641580, "size_96aac": 3302285,
                 "size_192ogg": 5756734, "size_192aac": 6515005, "size_128mp3": song.seconds * 16000,
                 "size_320mp3": song.seconds * 40000, "size_ape": 0, "size_flac": song.seconds * 110000,
                 "size_dts": 0, "size_try": 960887, "try_begin": 52158, "try_end": 81424, "url": "",
                 "size_hires": 0, "hires_sample": 0, "hires_bitdepth": 0, "b_30s": 0, "e_30s": 0},
        "pay": {"pay_month": 1, "price_track": 200, "price_album": 0, "pay_play": 1, "pay_down": 1,
                "pay_status": 0, "time_free": 0},
        "action": {"switch": 17413891, "msgid": 13, "alert": 2, "icons": 8527740, "msgshare": 0, "msgfav": 0,
                   "msgdown": 0, "msgpay": 6, "switch2": 0, "icon2": 0},
        "ksong": {"id": 4009, "mid": mid}, "volume": {"gain": -7.568, "peak": 1.017, "lra": 9.337},
        "label": "4611686018431582336", "url": "", "bpm": 69, "version": 0, "trace": "", "data_type": 0,
        "modify_stamp": 0, "pingpong": "", "aid": 0, "ppurl": "", "tid": 0, "ov": 0, "sa": 0, "es": "",
    }


def old_song(song: Song) -> dict[str, Any]:
    """A song in the old legacy shape."""
    return {
        "albumdesc": "", "albumid": 8220 + song.number, "albummid": f"000MkMni{song.number:06d}",
        "albumname": song.album, "alertid": 2, "belongCD": 0, "cdIdx": 2, "interval": song.seconds, "isonly": 0,
        "label": "4611686018431582336", "msgid": 13,
        "pay": {"payalbum": 0, "payalbumprice": 0, "paydownload": 1, "payinfo": 1, "payplay": 1,
                "paytrackmouth": 1, "paytrackprice": 200},
        "preview": {"trybegin": 52158, "tryend": 81424, "trysize": 960887}, "rate": 31,
        "singer": [{"id": 4558 + i, "mid": f"0025NhlN2y{i:04d}", "name": n} for i, n in enumerate(song.artists)],
        "size128": song.seconds * 16000, "size320": song.seconds * 40000, "size5_1": 0, "sizeape": 0,
        "sizeflac": song.seconds * 110000, "sizeogg": 5756734, "songid": 97700 + song.number,
        "songmid": song_mid(song), "songname": song.title, "songorig": song.title, "songtype": 0,
        "strMediaMid": song_mid(song), "stream": 13, "switch": 17413891, "type": 0, "vid": "",
    }


class FakeQQMusic(FakeServer):
    """Both QQ hosts on one server (point qqmusic_base_url and qqmusic_u_base_url at it)."""

    def __init__(self) -> None:
        super().__init__()
        self.playlists: dict[str, QQPlaylist] = {
            OLD_SHAPE_ID: QQPlaylist("周杰伦 · 华语经典", list(CURATED[:6]), old_shape=True, jsonp="MusicJsonCallback",
                                     desc="经典老歌"),
            NEW_SHAPE_ID: QQPlaylist("日系与华语 | 新歌单", list(CURATED), jsonp="jsonCallback"),
            FALLBACK_ID: QQPlaylist("千首歌单", songs(FALLBACK_SIZE), legacy="error-code"),
            TRUNCATED_ID: QQPlaylist("截断的歌单", songs(120), legacy="truncated"),
            BROKEN_ID: QQPlaylist("旧接口坏了", list(CURATED[:3]), legacy="http500"),
        }
        self.route("GET", LEGACY_PATH, self._legacy)
        self.route("POST", MUSICU_PATH, self._musicu)

    def add_playlist(self, disstid: str, title: str, tracks: list[Song], *, desc: str = "") -> None:
        """Serve ``tracks`` as playlist ``disstid`` (legacy endpoint, current song shape)."""
        self.playlists[disstid] = QQPlaylist(title, list(tracks), desc=desc)

    def musicu_pages(self) -> list[tuple[int, int]]:
        """``(song_begin, song_num)`` of every musicu.fcg call, in order."""
        params = [r.json()["req_0"]["param"] for r in self.requests_to(MUSICU_PATH)]
        return [(p["song_begin"], p["song_num"]) for p in params]

    def _legacy(self, request: RecordedRequest, _: re.Match[str]) -> Reply:
        if "y.qq.com" not in (request.header("Referer") or ""):
            return Reply(200, {"code": -1, "subcode": -1, "msg": "referer check failed"})
        entry = self.playlists.get(request.arg("disstid") or "")
        if entry is None:
            body: dict[str, Any] = {"code": 0, "subcode": 0, "accessed_plaza_cache": 0, "cdnum": 0, "cdlist": [], "realcdnum": 0}
        elif entry.legacy == "http500":
            return Reply(500, "<html><body>500 Internal Server Error</body></html>", content_type="text/html")
        elif entry.legacy == "error-code":
            body = {"code": 4000, "subcode": 4000, "msg": "", "cdlist": []}
        else:
            shown = entry.songs[:30] if entry.legacy == "truncated" else entry.songs
            render = old_song if entry.old_shape else new_song
            body = {"code": 0, "subcode": 0, "accessed_plaza_cache": 1, "accessed_favbase": 1, "login": "",
                    "cdnum": 1, "realcdnum": 1,
                    "cdlist": [self._cd(request.arg("disstid") or "", entry, [render(s) for s in shown])]}
        text = json.dumps(body, ensure_ascii=False)
        if entry is not None and entry.jsonp:
            text = f"{entry.jsonp}({text})"
        return Reply(200, text, content_type="text/html; charset=utf-8")  # as the real endpoint labels it

    @staticmethod
    def _cd(disstid: str, entry: QQPlaylist, songlist: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "disstid": disstid, "dir_show": 1, "owndir": 0, "dirid": 201, "coveradurl": "", "dissid": int(disstid),
            "login": "", "uin": "", "encrypt_uin": "owKPoe4s7iEiNn**", "dissname": entry.title,
            "logo": "http://qpic.y.qq.com/music_cover/fake/300?n=1", "pic_mid": "", "album_pic_mid": "", "pic_dpi": 0,
            "isAd": 0, "desc": entry.desc, "ctime": 1600000000, "mtime": 1700000000,
            "headurl": "http://thirdqq.qlogo.cn/g?b=sdk&k=fake&s=140", "ifpicurl": "", "nick": "小Q", "nickname": "小Q",
            "type": 0, "singerid": 0, "singermid": "", "isvip": 0, "isdj": 0,
            "tags": [{"id": 6, "name": "华语", "pid": 1}], "songnum": len(entry.songs),
            "songids": ",".join(str(97700 + s.number) for s in entry.songs[:50]), "songtypes": "", "disstype": 0,
            "dir_pic_url2": "", "song_update_time": 1700000000, "song_update_num": 0,
            "total_song_num": len(entry.songs), "song_begin": 0, "cur_song_num": len(songlist), "songlist": songlist,
            "visitnum": 4321, "cmtnum": 5, "buynum": 0, "scoreavage": "0.0", "scoreusercount": 0,
        }

    def _musicu(self, request: RecordedRequest, _: re.Match[str]) -> Reply:
        req = request.json().get("req_0", {})
        param = req.get("param", {})
        if req.get("module") != "music.srfDissInfo.DissInfo" or req.get("method") != "CgiGetDiss":
            return Reply(200, {"code": 0, "req_0": {"code": 500001, "data": {}}})
        disstid = str(param.get("disstid", ""))
        begin, count = int(param.get("song_begin", 0)), int(param.get("song_num", 10))
        entry = self.playlists.get(disstid)
        envelope = {"code": 0, "ts": 1700000000123, "start_ts": 1700000000100, "traceid": "0a1b2c3d4e5f"}
        if entry is None:
            data: dict[str, Any] = {"code": 0, "subcode": 0, "msg": "", "dirinfo": {}, "songlist": [],
                                    "total_song_num": 0, "songlist_size": 0}
            return Reply(200, {**envelope, "req_0": {"code": 0, "data": data}})
        page = entry.songs[begin:begin + count]
        data = {
            "code": 0, "subcode": 0, "msg": "", "accessed_plaza_cache": 0, "accessed_byfav": 0, "optype": 0,
            "filter_song_num": 0,
            "dirinfo": {"id": int(disstid), "host_uin": 0, "status": 1, "title": entry.title,
                        "picurl": "http://qpic.y.qq.com/music_cover/fake/300?n=1", "picid": 0, "desc": entry.desc,
                        "vec_tagid": [6], "vec_tagname": ["华语"], "ctime": 1600000000, "mtime": 1700000000,
                        "listennum": 4321, "ordernum": 12, "piccnt": 0, "pic_status": 0, "songnum": len(entry.songs),
                        "ordertime": 0, "edge_mark": "", "layer_url": "", "tag": [{"id": 6, "name": "华语", "pid": 1}],
                        "creator": {"musicid": 0, "type": 0, "singerid": 0, "nick": "小Q",
                                    "headurl": "http://thirdqq.qlogo.cn/g?b=sdk&k=fake&s=140", "ifpicurl": "",
                                    "encrypt_uin": "owKPoe4s7iEiNn**", "isVip": 0, "follow": 0, "is_owner": 0},
                        "dirid": 201, "dirtype": 0},
            "songlist_from": begin, "songlist_size": len(page), "songlist": [new_song(s) for s in page],
            "total_song_num": len(entry.songs), "orderlist": [], "cmtURL_bykey": {}, "invalid_song": [],
            "namedflag": 0,
        }
        return Reply(200, {**envelope, "req_0": {"code": 0, "data": data}})
