"""Fake NetEase Cloud Music: ``/api/v6/playlist/detail`` and ``/api/v3/song/detail`` in the real shapes."""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from plexm8.devtools.fakes.catalog import CURATED, Song, songs
from plexm8.devtools.fakes.server import FakeServer, RecordedRequest, Reply

CJK_PLAYLIST_ID = "2829883282"  # the curated songs, with aliases and translations
BIG_PLAYLIST_ID = "7016347352"  # 2345 trackIds (3 song/detail batches); MISSING_SONG_NUMBERS have no song
BIG_PLAYLIST_SIZE = 2345
MISSING_SONG_NUMBERS = frozenset({15, 999, 1000, 1001, 1600, 2001, 2345})
PRIVATE_PLAYLIST_ID = "5105117051"
EMPTY_PLAYLIST_ID = "6600000001"
SONG_DETAIL_LIMIT = 1000
_CURATED_IDS = {1: 186016, 2: 449818741, 3: 1409311773, 4: 536622304, 5: 299757, 6: 461347998,
                7: 409650851, 8: 65766, 9: 1330348068, 10: 2061972}


def song_id(song: Song) -> int:
    """The NetEase id of a catalog song (real ids for the curated ones)."""
    return _CURATED_IDS.get(song.number, 1_900_000_000 + song.number)


def _artist_names(song: Song, i: int) -> list[str]:
    return list(song.artist_aliases[i]) if i < len(song.artist_aliases) else []


def song_json(song: Song) -> dict[str, Any]:
    """A song object as ``song/detail`` returns it (abridged only in the audio-quality blocks)."""
    sid = song_id(song)
    body: dict[str, Any] = {
        "name": song.title, "id": sid, "pst": 0, "t": 0,
        "ar": [{"id": 6452 + i * 17 + song.number, "name": name, "tns": _artist_names(song, i)[1:],
                "alias": _artist_names(song, i)[:1]} for i, name in enumerate(song.artists)],
        "alia": list(song.aliases), "pop": 100.0, "st": 0, "rt": "", "fee": 8, "v": 45, "crbt": None, "cf": "",
        "al": {"id": 18905 + song.number, "name": song.album,
               "picUrl": f"https://p1.music.126.net/fake{song.number}==/1099511627{song.number:05d}.jpg",
               "tns": [], "pic_str": f"1099511627{song.number:05d}", "pic": 109951162700000 + song.number},
        "dt": song.seconds * 1000 + song.number % 997,
        "h": {"br": 320000, "fid": 0, "size": song.seconds * 40000, "vd": -57020, "sr": 44100},
        "m": {"br": 192000, "fid": 0, "size": song.seconds * 24000, "vd": -54432, "sr": 44100},
        "l": {"br": 128000, "fid": 0, "size": song.seconds * 16000, "vd": -52822, "sr": 44100},
        "sq": {"br": 869000, "fid": 0, "size": song.seconds * 108000, "vd": -57057, "sr": 44100},
        "hr": None, "a": None, "cd": "01", "no": song.number % 12 + 1, "rtUrl": None, "ftype": 0, "rtUrls": [],
        "djId": 0, "copyright": 1, "s_id": 0, "mark": 8192, "originCoverType": 1, "originSongSimpleData": None,
        "tagPicList": None, "resourceState": True, "version": 23, "songJumpInfo": None, "entertainmentTags": None,
        "awardTags": None, "single": 0, "noCopyrightRcmd": None, "mv": 0, "rtype": 0, "rurl": None, "mst": 9,
        "cp": 7001, "publishTime": 1059580800000,
    }
    if song.translations:
        body["tns"] = list(song.translations)
    return body


def _privilege(sid: int) -> dict[str, Any]:
    return {"id": sid, "fee": 8, "payed": 0, "st": 0, "pl": 128000, "dl": 0, "sp": 7, "cp": 1, "subp": 1,
            "cs": False, "maxbr": 999000, "fl": 128000, "toast": False, "flag": 260, "preSell": False,
            "playMaxbr": 999000, "downloadMaxbr": 999000, "maxBrLevel": "lossless", "playMaxBrLevel": "lossless",
            "downloadMaxBrLevel": "lossless", "plLevel": "standard", "dlLevel": "none", "flLevel": "standard",
            "rscl": None, "freeTrialPrivilege": {"resConsumable": False, "userConsumable": False, "listenType": None},
            "rightSource": 0, "chargeInfoList": [{"rate": 128000, "chargeUrl": None, "chargeMessage": None, "chargeType": 0}]}


class FakeNetEase(FakeServer):
    """Playlists by id; songs known by id; answers with the real response envelopes and error codes."""

    def __init__(self) -> None:
        super().__init__()
        self.songs: dict[int, Song] = {}
        self.playlists: dict[str, dict[str, Any]] = {}
        self.private: set[str] = {PRIVATE_PLAYLIST_ID}
        self.add_playlist(CJK_PLAYLIST_ID, "华语·日语精选 | 深夜循环的歌", list(CURATED),
                          description="收藏了一些深夜单曲循环的歌。")
        big = songs(BIG_PLAYLIST_SIZE)
        self.add_playlist(BIG_PLAYLIST_ID, "超大歌单 2345 首", big,
                          missing=[s for s in big if s.number in MISSING_SONG_NUMBERS])
        self.add_playlist(EMPTY_PLAYLIST_ID, "空歌单", [])
        self.route("GET", r"/api/v6/playlist/detail", self._playlist_detail)
        self.route("POST", r"/api/v6/playlist/detail", self._playlist_detail)
        self.route("POST", r"/api/v3/song/detail", self._song_detail)

    def add_playlist(self, playlist_id: str, name: str, tracks: list[Song], *, description: str = "",
                     missing: Sequence[Song] = ()) -> None:
        """Serve ``tracks`` as playlist ``playlist_id``; songs in ``missing`` get no details."""
        gone = {song.number for song in missing}
        for song in tracks:
            if song.number not in gone:
                self.songs[song_id(song)] = song
        self.playlists[playlist_id] = {"name": name, "description": description, "tracks": tracks}

    def song_detail_batches(self) -> list[int]:
        """How many ids each ``song/detail`` call asked for, in order."""
        return [len(json.loads(r.form()["c"])) for r in self.requests_to(r"/api/v3/song/detail")]

    def _playlist_detail(self, request: RecordedRequest, _: re.Match[str]) -> Reply:
        playlist_id = request.arg("id") or request.form().get("id", "")
        if playlist_id in self.private:
            return Reply(200, {"code": 401, "message": "无权限访问", "msg": "无权限访问"})
        entry = self.playlists.get(playlist_id)
        if entry is None:
            return Reply(200, {"code": 404, "message": "歌单不存在", "msg": "歌单不存在"})
        tracks: list[Song] = entry["tracks"]
        known = [s for s in tracks if song_id(s) in self.songs]
        playlist = {
            "id": int(playlist_id), "name": entry["name"], "coverImgId": 109951163000000000,
            "coverImgUrl": "https://p1.music.126.net/cover==/109951163000000000.jpg",
            "coverImgId_str": "109951163000000000", "adType": 0, "userId": 32953014,
            "createTime": 1540000000000, "status": 0, "opRecommend": False, "highQuality": False,
            "newImported": False, "updateTime": 1700000000000, "trackCount": len(tracks), "specialType": 0,
            "privacy": 0, "trackUpdateTime": 1700000000001, "commentThreadId": f"A_PL_0_{playlist_id}",
            "playCount": 123456, "trackNumberUpdateTime": 1700000000000, "subscribedCount": 321,
            "cloudTrackCount": 0, "ordered": True, "description": entry["description"] or None,
            "tags": ["华语", "流行"], "updateFrequency": None, "backgroundCoverId": 0, "backgroundCoverUrl": None,
            "titleImage": 0, "titleImageUrl": None, "englishTitle": None, "officialPlaylistType": None,
            "copied": False, "relateResType": None, "subscribers": [], "subscribed": False,
            "creator": {"defaultAvatar": False, "province": 110000, "authStatus": 0, "followed": False,
                        "avatarUrl": "http://p1.music.126.net/avatar==/109951165.jpg", "accountStatus": 0,
                        "gender": 1, "city": 110101, "birthday": 0, "userId": 32953014, "userType": 0,
                        "nickname": "夜猫子", "signature": "", "description": "", "detailDescription": "",
                        "avatarImgId": 109951165, "backgroundImgId": 109951162, "authority": 0, "mutual": False,
                        "expertTags": None, "experts": None, "djStatus": 0, "vipType": 11, "remarkName": None},
            # Like the real API, "tracks" holds only the first songs; "trackIds" lists every one.
            "tracks": [song_json(s) for s in known[:10]],
            "videoIds": None, "videos": None,
            "trackIds": [{"id": song_id(s), "v": 23, "t": 0, "at": 1600000000000 + i, "alg": None,
                          "uid": 32953014, "rcmdReason": "", "rcmdReasonTitle": "", "sc": None, "f": None,
                          "sr": None, "dpr": None} for i, s in enumerate(tracks)],
            "shareCount": 12, "commentCount": 34, "remixVideo": None, "newDetailPageRemixVideo": None,
            "sharedUsers": None, "historySharedUsers": None, "gradeStatus": "NONE", "score": None,
            "algTags": None, "distributeTags": [], "trialMode": 10, "displayTags": None, "playlistType": "UGC",
        }
        return Reply(200, {"code": 200, "relatedVideos": None, "playlist": playlist, "urls": None,
                           "privileges": [_privilege(song_id(s)) for s in known[:10]], "sharedPrivilege": None,
                           "resEntrance": None, "fromUsers": None, "fromUserCount": 0, "songFromUsers": None})

    def _song_detail(self, request: RecordedRequest, _: re.Match[str]) -> Reply:
        try:
            wanted = [int(item["id"]) for item in json.loads(request.form()["c"])]
        except (KeyError, ValueError, TypeError):
            return Reply(200, {"code": 400, "message": "参数错误"})
        if len(wanted) > SONG_DETAIL_LIMIT:
            return Reply(200, {"code": 400, "message": f"最多查询 {SONG_DETAIL_LIMIT} 首歌曲"})
        found = [self.songs[i] for i in wanted if i in self.songs]
        found.reverse()  # the real API does not promise request order; clients must match by id
        return Reply(200, {"songs": [song_json(s) for s in found],
                           "privileges": [_privilege(song_id(s)) for s in found], "code": 200})
