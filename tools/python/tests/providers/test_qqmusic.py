"""QQ Music provider against the fake: both song shapes, JSONP, and the musicu.fcg fallback with paging."""
from __future__ import annotations

import math

import pytest
from plexm8.devtools.fakes import FakeQQMusic, Reply, fast_settings
from plexm8.devtools.fakes.catalog import CURATED
from plexm8.devtools.fakes.qqmusic import (
    BROKEN_ID,
    FALLBACK_ID,
    FALLBACK_SIZE,
    LEGACY_PATH,
    MUSICU_PATH,
    NEW_SHAPE_ID,
    OLD_SHAPE_ID,
    TRUNCATED_ID,
    song_mid,
)
from plexm8.errors import NotFound, UpstreamError
from plexm8.services.providers.qqmusic import MUSICU_PAGE_SIZE, QQMusicProvider, strip_jsonp


def provider(fake: FakeQQMusic, **overrides) -> QQMusicProvider:
    return QQMusicProvider(fast_settings(qqmusic_base_url=fake.url, qqmusic_u_base_url=fake.url, **overrides))


def test_old_shape_in_music_json_callback(fake_qqmusic):
    playlist = provider(fake_qqmusic).fetch(OLD_SHAPE_ID)

    assert (playlist.provider, playlist.playlist_id, playlist.name) == ("qqmusic", OLD_SHAPE_ID, "周杰伦 · 华语经典")
    assert playlist.description == "经典老歌"
    assert [t.title for t in playlist.tracks] == [s.title for s in CURATED[:6]]
    first = playlist.tracks[0]
    assert first.external_id == song_mid(CURATED[0])  # songmid preferred over the numeric songid
    assert (first.artists, first.album, first.duration_ms) == (("周杰伦",), "叶惠美", 269000)
    assert playlist.tracks[5].artists == ("The Chainsmokers", "Coldplay")
    assert fake_qqmusic.requests_to(MUSICU_PATH) == []


def test_new_shape_in_json_callback_with_subtitle_alias(fake_qqmusic):
    playlist = provider(fake_qqmusic).fetch(NEW_SHAPE_ID)

    assert len(playlist.tracks) == len(CURATED)
    assert [t.position for t in playlist.tracks] == list(range(len(CURATED)))
    assert playlist.tracks[1].aliases == ("电影《太空旅客（Passengers）》中国区主题曲",)
    assert playlist.tracks[2].title == "夜に駆ける" and playlist.tracks[2].album == "夜に駆ける"
    request = fake_qqmusic.requests_to(LEGACY_PATH)[0]
    assert request.header("Referer") == "https://y.qq.com/"
    assert request.arg("disstid") == NEW_SHAPE_ID and request.arg("format") == "json" and request.arg("g_tk") == "5381"


def test_legacy_error_code_falls_back_to_musicu_with_paging(fake_qqmusic):
    playlist = provider(fake_qqmusic).fetch(FALLBACK_ID)

    assert playlist.name == "千首歌单"
    assert len(playlist.tracks) == FALLBACK_SIZE
    assert [t.position for t in playlist.tracks] == list(range(FALLBACK_SIZE))
    assert playlist.tracks[-1].title == f"测试歌曲 {FALLBACK_SIZE:04d}"
    pages = fake_qqmusic.musicu_pages()
    assert len(pages) == math.ceil(FALLBACK_SIZE / MUSICU_PAGE_SIZE)
    assert [begin for begin, _ in pages] == list(range(0, FALLBACK_SIZE, MUSICU_PAGE_SIZE))
    body = fake_qqmusic.requests_to(MUSICU_PATH)[0].json()
    assert body["comm"] == {"ct": 24, "cv": 0}
    assert body["req_0"]["param"]["disstid"] == int(FALLBACK_ID)


def test_truncated_legacy_answer_uses_musicu(fake_qqmusic):
    playlist = provider(fake_qqmusic).fetch(TRUNCATED_ID)
    assert len(playlist.tracks) == 120
    assert len(fake_qqmusic.requests_to(MUSICU_PATH)) == 1


def test_legacy_http_error_falls_back(fake_qqmusic):
    playlist = provider(fake_qqmusic).fetch(BROKEN_ID)
    assert [t.title for t in playlist.tracks] == [s.title for s in CURATED[:3]]
    assert len(fake_qqmusic.requests_to(LEGACY_PATH)) == 3  # retried before falling back


def test_nonexistent_playlist_is_not_found(fake_qqmusic):
    with pytest.raises(NotFound, match="QQ Music playlist 1234567 does not exist"):
        provider(fake_qqmusic).fetch("1234567")


def test_musicu_error_code_is_an_upstream_error(fake_qqmusic):
    fake_qqmusic.script("POST", MUSICU_PATH, Reply(200, {"code": 0, "req_0": {"code": 2000, "data": {}}}))
    with pytest.raises(UpstreamError, match=r"code 2000.*make it public"):
        provider(fake_qqmusic).fetch(FALLBACK_ID)


@pytest.mark.parametrize(("text", "expected"), [
    ('MusicJsonCallback({"code":0})', '{"code":0}'),
    ('jsonCallback({"a":[1,2]});', '{"a":[1,2]}'),
    ('  callback_1.x ( {"a":"(b)"} )\n', ' {"a":"(b)"} '),
    ('{"code":0}', '{"code":0}'),
])
def test_strip_jsonp(text, expected):
    assert strip_jsonp(text) == expected


def test_song_title_variants_and_singer_titles_become_aliases():
    from plexm8.services.providers.qqmusic import _track

    song = {"mid": "001", "name": "晴天", "title": "晴天 (Live)", "subtitle": "", "interval": 294,
            "singer": [{"name": "周杰伦", "title": "周杰倫 (Jay Chou)"}, {"name": "五月天", "title": "五月天"}],
            "album": {"name": "2004无与伦比演唱会"}}
    track = _track(song, 0)
    assert track.title == "晴天 (Live)" and track.aliases == ("晴天",)  # "title" first, as before
    assert track.artists == ("周杰伦", "五月天")
    assert track.artist_aliases == (("周杰倫 (Jay Chou)",), ())
