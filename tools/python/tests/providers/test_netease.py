"""NetEase provider against the fake: fields, aliases, batching, missing songs, headers and error codes."""
from __future__ import annotations

import logging
import math

import pytest
from plexm8.devtools.fakes import FakeNetEase, Reply, fast_settings
from plexm8.devtools.fakes.catalog import CURATED, songs
from plexm8.devtools.fakes.netease import (
    BIG_PLAYLIST_ID,
    BIG_PLAYLIST_SIZE,
    CJK_PLAYLIST_ID,
    EMPTY_PLAYLIST_ID,
    MISSING_SONG_NUMBERS,
    PRIVATE_PLAYLIST_ID,
    song_id,
)
from plexm8.errors import NotFound, UpstreamError, UpstreamTimeout
from plexm8.services.providers.netease import NetEaseProvider


def provider(fake: FakeNetEase, **overrides) -> NetEaseProvider:
    return NetEaseProvider(fast_settings(netease_base_url=fake.url, **overrides))


def test_cjk_playlist_fields_order_and_aliases(fake_netease):
    playlist = provider(fake_netease).fetch(CJK_PLAYLIST_ID)

    assert (playlist.provider, playlist.playlist_id) == ("netease", CJK_PLAYLIST_ID)
    assert playlist.name == "华语·日语精选 | 深夜循环的歌"
    assert playlist.description == "收藏了一些深夜单曲循环的歌。"
    assert [t.title for t in playlist.tracks] == [s.title for s in CURATED]
    assert [t.position for t in playlist.tracks] == list(range(len(CURATED)))
    first = playlist.tracks[0]
    assert (first.external_id, first.artists, first.album, first.duration_ms) == ("186016", ("周杰伦",), "叶惠美", 269001)
    lemon = playlist.tracks[3]
    assert lemon.artists == ("米津玄師",)
    assert lemon.aliases == ("日剧《非自然死亡》主题曲", "柠檬")  # alia, then tns
    assert lemon.artist_aliases == (("Kenshi Yonezu", "ハチ", "米津玄师"),)  # ar[].alias, then ar[].tns
    assert first.artist_aliases == (("Jay Chou",),)
    assert playlist.tracks[5].artist_aliases == ()  # nobody has another name
    assert playlist.tracks[2].aliases == ("奔向夜晚",)
    assert playlist.tracks[5].artists == ("The Chainsmokers", "Coldplay")


def test_big_playlist_is_fetched_in_batches_of_at_most_1000(fake_netease):
    playlist = provider(fake_netease).fetch(BIG_PLAYLIST_ID)

    batches = fake_netease.song_detail_batches()
    assert len(batches) == math.ceil(BIG_PLAYLIST_SIZE / 1000)
    assert batches == [1000, 1000, BIG_PLAYLIST_SIZE - 2000]
    assert len(playlist.tracks) == BIG_PLAYLIST_SIZE - len(MISSING_SONG_NUMBERS)


def test_songs_without_details_are_skipped_keeping_order(fake_netease, caplog):
    with caplog.at_level(logging.INFO, logger="plexm8.services.providers.netease"):
        playlist = provider(fake_netease).fetch(BIG_PLAYLIST_ID)

    expected = [str(song_id(s)) for s in songs(BIG_PLAYLIST_SIZE) if s.number not in MISSING_SONG_NUMBERS]
    assert [t.external_id for t in playlist.tracks] == expected  # the fake answers in reverse: matched by id
    assert [t.position for t in playlist.tracks] == list(range(len(expected)))
    assert f"{len(MISSING_SONG_NUMBERS)} of {BIG_PLAYLIST_SIZE} songs have no details" in caplog.text


def test_sends_the_web_client_headers_and_the_users_cookie(fake_netease):
    provider(fake_netease, netease_cookie="MUSIC_U=abc123").fetch(CJK_PLAYLIST_ID)

    detail = fake_netease.requests_to("/api/v6/playlist/detail")[0]
    assert detail.query["id"] == [CJK_PLAYLIST_ID] and detail.query["n"] == ["100000"] and detail.query["s"] == ["0"]
    assert detail.header("Referer") == "https://music.163.com/"
    assert "Windows NT" in detail.header("User-Agent")
    cookie = detail.header("Cookie")
    assert "os=pc" in cookie and "appver=" in cookie and "MUSIC_U=abc123" in cookie
    song_detail = fake_netease.requests_to("/api/v3/song/detail")[0]
    assert song_detail.form()["c"].startswith('[{"id":186016}')


def test_empty_playlist_has_no_tracks_and_no_song_requests(fake_netease):
    playlist = provider(fake_netease).fetch(EMPTY_PLAYLIST_ID)
    assert playlist.tracks == [] and playlist.name == "空歌单"
    assert fake_netease.song_detail_batches() == []


def test_nonexistent_playlist_is_not_found(fake_netease):
    with pytest.raises(NotFound, match="NetEase playlist 123 does not exist"):
        provider(fake_netease).fetch("123")


def test_private_playlist_says_to_make_it_public(fake_netease):
    with pytest.raises(UpstreamError) as caught:
        provider(fake_netease).fetch(PRIVATE_PLAYLIST_ID)
    assert "private" in caught.value.message and "Make the playlist public" in caught.value.message


def test_rate_limit_code_in_a_200_body(fake_netease):
    fake_netease.script("GET", "/api/v6/playlist/detail",
                        Reply(200, {"code": -447, "message": "服务器忙碌，请稍后再试", "msg": "服务器忙碌，请稍后再试"}))
    with pytest.raises(UpstreamError, match=r"rate-limiting .*code -447.*服务器忙碌"):
        provider(fake_netease).fetch(CJK_PLAYLIST_ID)


def test_server_errors_are_retried(fake_netease):
    fake_netease.script("POST", "/api/v3/song/detail", Reply(503, "busy"), Reply(502, "bad gateway"))
    playlist = provider(fake_netease, retries=3).fetch(CJK_PLAYLIST_ID)
    assert len(playlist.tracks) == len(CURATED)
    assert len(fake_netease.requests_to("/api/v3/song/detail")) == 3


def test_slow_platform_times_out(fake_netease):
    fake_netease.delay = 2.0
    with pytest.raises(UpstreamTimeout, match="NetEase Cloud Music did not answer"):
        provider(fake_netease, timeout_s=0.2, retries=1).fetch(CJK_PLAYLIST_ID)
