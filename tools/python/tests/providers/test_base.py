"""The registry and ``fetch_playlist`` end to end: link in, playlist out, through every fake platform."""
from __future__ import annotations

import dataclasses

import pytest
from plexm8.errors import Unprocessable
from plexm8.services.providers.base import fetch_playlist, get_provider
from plexm8.services.providers.config import ProviderSettings


@pytest.mark.parametrize("name", ["netease", "qqmusic", "spotify", "deezer"])
def test_get_provider_returns_a_provider_with_that_name(name):
    assert get_provider(name, ProviderSettings()).name == name


def test_unknown_provider_is_unprocessable():
    with pytest.raises(Unprocessable, match="netease, qqmusic, spotify, deezer"):
        get_provider("tidal", ProviderSettings())


@pytest.mark.parametrize(("url", "provider", "count"), [
    ("https://music.163.com/#/playlist?id=2829883282", "netease", 10),
    ("https://163cn.tv/xPq7Ab", "netease", 10),
    ("https://y.qq.com/n/ryqq/playlist/9188888888", "qqmusic", 1234),
    ("https://c6.y.qq.com/base/fcgi-bin/u?__=Qz3Ab", "qqmusic", 6),
    ("https://open.spotify.com/playlist/3cEYpjA9oz9GiPac4AsH4n?si=x", "spotify", 258),
    ("https://www.deezer.com/en/playlist/908622995", "deezer", 234),
    ("https://deezer.page.link/Ab12Cd", "deezer", 234),
])
def test_fetch_playlist_from_a_link(fake_platforms, url, provider, count):
    playlist = fetch_playlist(url, fake_platforms.settings())
    assert playlist.provider == provider
    assert len(playlist.tracks) == count
    assert playlist.tracks[0].title == "晴天"


def test_settings_hide_secrets_and_stay_hashable():
    settings = ProviderSettings(spotify_client_secret="top-secret", netease_cookie="MUSIC_U=private",
                                short_link_base_urls={"163cn.tv": "http://127.0.0.1:1"})
    assert "top-secret" not in repr(settings) and "MUSIC_U" not in repr(settings)
    assert hash(settings) == hash(dataclasses.replace(settings, short_link_base_urls={}))
