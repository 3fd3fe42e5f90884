"""Every playlist link form from API.md, share texts, rejections and short links against the fake redirector."""
from __future__ import annotations

import pytest
from plexm8.devtools.fakes import FakeShortLinks, fast_settings
from plexm8.errors import Unprocessable, UpstreamError
from plexm8.services.providers.urls import parse_playlist_url, resolve_short_link

SPOTIFY_ID = "37i9dQZF1DXcBWIGoYBM5M"


@pytest.mark.parametrize(("url", "expected"), [
    # NetEase
    ("https://music.163.com/#/playlist?id=2829883282", ("netease", "2829883282")),
    ("https://music.163.com/playlist?id=2829883282&userid=32953014", ("netease", "2829883282")),
    ("http://music.163.com/#/my/m/music/playlist?id=123456", ("netease", "123456")),
    ("https://y.music.163.com/m/playlist?id=2829883282&userid=1&creatorId=1", ("netease", "2829883282")),
    ("https://music.163.com/#/discover/toplist?id=3778678", ("netease", "3778678")),
    ("music.163.com/playlist?id=42", ("netease", "42")),
    # QQ Music
    ("https://y.qq.com/n/ryqq/playlist/7256912512", ("qqmusic", "7256912512")),
    ("https://y.qq.com/n/yqq/playlist/7256912512.html", ("qqmusic", "7256912512")),
    ("https://i.y.qq.com/n2/m/share/details/taoge.html?platform=11&appshare=android_qq&id=7256912512&ADTAG=qfshare",
     ("qqmusic", "7256912512")),
    ("https://c.y.qq.com/base/fcgi-bin/u?disstid=7256912512", ("qqmusic", "7256912512")),
    ("https://y.qq.com/w/taoge.html?id=8043526716", ("qqmusic", "8043526716")),
    # Spotify
    (f"https://open.spotify.com/playlist/{SPOTIFY_ID}", ("spotify", SPOTIFY_ID)),
    (f"https://open.spotify.com/playlist/{SPOTIFY_ID}?si=a1b2c3d4e5f64789&pi=x", ("spotify", SPOTIFY_ID)),
    (f"https://open.spotify.com/intl-de/playlist/{SPOTIFY_ID}", ("spotify", SPOTIFY_ID)),
    (f"https://open.spotify.com/user/spotify/playlist/{SPOTIFY_ID}", ("spotify", SPOTIFY_ID)),
    (f"https://open.spotify.com/embed/playlist/{SPOTIFY_ID}", ("spotify", SPOTIFY_ID)),
    (f"spotify:playlist:{SPOTIFY_ID}", ("spotify", SPOTIFY_ID)),
    (f"spotify:user:someone:playlist:{SPOTIFY_ID}", ("spotify", SPOTIFY_ID)),
    # Deezer
    ("https://www.deezer.com/fr/playlist/908622995", ("deezer", "908622995")),
    ("https://www.deezer.com/en-gb/playlist/908622995?utm_source=x", ("deezer", "908622995")),
    ("https://deezer.com/playlist/908622995", ("deezer", "908622995")),
    # bare provider:id
    ("netease:2829883282", ("netease", "2829883282")),
    ("qq:7256912512", ("qqmusic", "7256912512")),
    ("qqmusic:7256912512", ("qqmusic", "7256912512")),
    (f"spotify:{SPOTIFY_ID}", ("spotify", SPOTIFY_ID)),
    ("deezer:908622995", ("deezer", "908622995")),
    ("  Deezer:908622995  ", ("deezer", "908622995")),
    # share texts copied from the apps
    ("分享歌单: 华语精选 https://music.163.com/playlist?id=2829883282&userid=1 (来自@网易云音乐)", ("netease", "2829883282")),
    (f"Listen to this on Spotify: https://open.spotify.com/playlist/{SPOTIFY_ID}?si=abc", ("spotify", SPOTIFY_ID)),
])
def test_every_documented_form_parses(url, expected):
    assert parse_playlist_url(url) == expected


@pytest.mark.parametrize(("url", "says"), [
    ("", "empty"),
    ("   ", "empty"),
    ("hello world", "not a playlist link"),
    ("https://example.com/playlist?id=1", "not a playlist link"),
    ("https://music.163.com/#/song?id=186016", "song link"),
    ("https://y.qq.com/n/ryqq/songDetail/0039MnYb0qxYhV", "song link"),
    (f"https://open.spotify.com/album/{SPOTIFY_ID}", "an album link"),
    (f"https://open.spotify.com/track/{SPOTIFY_ID}", "track link"),
    ("https://open.spotify.com/playlist/short", "not a playlist link"),
    ("https://www.deezer.com/en/album/302127", "album link"),
    ("netease:abc", "must be a number"),
    ("spotify:playlist:tooShort", "22-character"),
    ("ftp://music.163.com/playlist?id=1", "not a playlist link"),
])
def test_anything_else_is_unprocessable_naming_source_url(url, says):
    with pytest.raises(Unprocessable) as caught:
        parse_playlist_url(url)
    error = caught.value
    assert error.field == "source_url" and error.status == 422
    assert says in error.message
    assert "playlist link such as" in error.message  # tells the user what to paste instead


def test_unknown_bare_prefix_is_rejected():
    with pytest.raises(Unprocessable):
        parse_playlist_url("tidal:12345")


# ---------------------------------------------------------------- short links (through the fake redirector)

@pytest.fixture
def short_settings(fake_shortlinks: FakeShortLinks):
    return fast_settings(short_link_base_urls=fake_shortlinks.base_urls())


@pytest.mark.parametrize(("url", "expected"), [
    ("https://163cn.tv/xPq7Ab", ("netease", "2829883282")),
    ("163cn.tv/xPq7Ab", ("netease", "2829883282")),
    ("分享歌单《深夜循环》: https://163cn.tv/xPq7Ab (来自@网易云音乐)", ("netease", "2829883282")),
    ("https://link.deezer.com/s/30ABCdeFgH", ("deezer", "908622995")),
    ("https://deezer.page.link/Ab12Cd", ("deezer", "908622995")),  # two hops through two short hosts
    ("https://c6.y.qq.com/base/fcgi-bin/u?__=Qz3Ab", ("qqmusic", "7256912512")),
    ("https://163cn.tv/rel9", ("netease", "2829883282")),  # relative Location
])
def test_short_links_resolve_through_redirects(url, expected, short_settings, fake_shortlinks):
    assert parse_playlist_url(url, settings=short_settings) == expected
    assert fake_shortlinks.requests, "the short link was resolved over HTTP"
    assert all(r.method == "HEAD" for r in fake_shortlinks.requests)  # no page bodies downloaded


def test_short_link_without_head_support_falls_back_to_get(short_settings, fake_shortlinks):
    assert parse_playlist_url("https://163cn.tv/noHead1", settings=short_settings) == ("netease", "2829883282")
    assert [r.method for r in fake_shortlinks.requests] == ["HEAD", "GET"]


def test_redirect_loop_stops_after_five_hops(short_settings, fake_shortlinks):
    with pytest.raises(Unprocessable, match="more than 5 times"):
        parse_playlist_url("https://163cn.tv/loop1", settings=short_settings)
    assert len(fake_shortlinks.requests) == 5


def test_redirect_to_an_unknown_host_is_not_followed(short_settings, fake_shortlinks):
    with pytest.raises(Unprocessable, match="evil.example.com"):
        parse_playlist_url("https://163cn.tv/evil", settings=short_settings)
    assert len(fake_shortlinks.requests) == 1


def test_short_link_to_a_song_is_rejected(short_settings):
    with pytest.raises(Unprocessable, match="not a playlist"):
        parse_playlist_url("https://163cn.tv/song7", settings=short_settings)


def test_dead_short_link_says_to_paste_the_full_address(short_settings):
    with pytest.raises(Unprocessable, match="HTTP 404") as caught:
        parse_playlist_url("https://163cn.tv/doesNotExist", settings=short_settings)
    assert "full address" in caught.value.message


def test_unreachable_short_link_service_is_an_upstream_error(fake_shortlinks):
    settings = fast_settings(short_link_base_urls=fake_shortlinks.base_urls(), retries=0)
    fake_shortlinks.stop()  # nothing listens on that port any more
    with pytest.raises(UpstreamError, match="163cn.tv"):
        resolve_short_link("https://163cn.tv/xPq7Ab", settings=settings)
