"""Spotify provider against the fake: token handling, paging via ``next``, special items and error messages."""
from __future__ import annotations

import logging
import math
import time

import pytest
from plexm8.devtools.fakes import FakeSpotify, Reply, fast_settings
from plexm8.devtools.fakes.catalog import CURATED
from plexm8.devtools.fakes.spotify import (
    BIG_PLAYLIST_ID,
    BIG_TRACK_COUNT,
    CLIENT_ID,
    CLIENT_SECRET,
    EDITORIAL_PLAYLIST_ID,
    FORBIDDEN_PLAYLIST_ID,
    spotify_id,
)
from plexm8.errors import APIError, NotFound, UpstreamError
from plexm8.services.providers.spotify import SpotifyProvider, SpotifyTokenCache

TRACKS_PATH = f"/v1/playlists/{BIG_PLAYLIST_ID}/tracks"


def provider(fake: FakeSpotify, tokens: SpotifyTokenCache | None = None, **overrides) -> SpotifyProvider:
    settings = fast_settings(spotify_api_url=fake.url, spotify_accounts_url=fake.url, spotify_client_id=CLIENT_ID,
                             spotify_client_secret=CLIENT_SECRET, **overrides)
    return SpotifyProvider(settings, tokens=tokens if tokens is not None else SpotifyTokenCache())


def test_big_playlist_pages_through_next_on_the_configured_host(fake_spotify):
    playlist = provider(fake_spotify).fetch(BIG_PLAYLIST_ID)

    assert (playlist.provider, playlist.playlist_id) == ("spotify", BIG_PLAYLIST_ID)
    assert playlist.name == "華語 & J-Pop: 2024 favourites"
    assert playlist.description == "Songs I'm into & more"  # HTML entities decoded
    pages = fake_spotify.requests_to(TRACKS_PATH)
    assert len(pages) == math.ceil((BIG_TRACK_COUNT + 3) / 100)
    assert [p.arg("offset") for p in pages] == ["0", "100", "200"]
    assert all(p.arg("fields") for p in pages)  # the fields filter survives paging
    # every removed track and episode skipped, the local file kept
    assert len(playlist.tracks) == BIG_TRACK_COUNT + 1
    assert [t.position for t in playlist.tracks] == list(range(len(playlist.tracks)))


def test_track_fields_and_order(fake_spotify):
    tracks = provider(fake_spotify).fetch(BIG_PLAYLIST_ID).tracks

    first = tracks[0]
    assert first.external_id == spotify_id("track", 1)
    assert (first.title, first.artists, first.album, first.duration_ms) == ("晴天", ("周杰伦",), "叶惠美", 269001)
    # items 0-3 are songs 1-4, item 4 removed, item 5 song 5, item 6 an episode, item 7 song 6, item 8 local
    assert [t.title for t in tracks[:8]] == [s.title for s in CURATED[:6]] + ["Garage Song", CURATED[6].title]
    assert tracks[5].artists == ("The Chainsmokers", "Coldplay")


def test_local_file_is_kept_with_a_local_id(fake_spotify):
    local = provider(fake_spotify).fetch(BIG_PLAYLIST_ID).tracks[6]
    assert local.external_id == "local:Local+Band:Demo+Tapes:Garage+Song:201"
    assert (local.title, local.artists, local.album, local.duration_ms) == ("Garage Song", ("Local Band",), "Demo Tapes", 201000)


def test_token_is_cached_between_fetches(fake_spotify):
    tokens = SpotifyTokenCache()
    provider(fake_spotify, tokens).fetch(BIG_PLAYLIST_ID)
    provider(fake_spotify, tokens).fetch(BIG_PLAYLIST_ID)
    assert len(fake_spotify.requests_to("/api/token")) == 1
    token_request = fake_spotify.requests_to("/api/token")[0]
    assert token_request.form() == {"grant_type": "client_credentials"}
    assert token_request.header("Authorization").startswith("Basic ")


def test_revoked_token_is_refreshed_once(fake_spotify):
    tokens = SpotifyTokenCache()
    provider(fake_spotify, tokens).fetch(BIG_PLAYLIST_ID)
    fake_spotify.revoke_tokens()
    playlist = provider(fake_spotify, tokens).fetch(BIG_PLAYLIST_ID)
    assert len(playlist.tracks) == BIG_TRACK_COUNT + 1
    assert len(fake_spotify.requests_to("/api/token")) == 2


def test_rate_limit_honours_retry_after(fake_spotify):
    fake_spotify.script("GET", TRACKS_PATH, Reply(429, {"error": {"status": 429, "message": "API rate limit exceeded"}},
                                                  headers={"Retry-After": "1"}))
    started = time.monotonic()
    playlist = provider(fake_spotify).fetch(BIG_PLAYLIST_ID)
    assert time.monotonic() - started >= 0.9
    assert len(playlist.tracks) == BIG_TRACK_COUNT + 1


def test_long_rate_limit_fails_fast_with_the_wait(fake_spotify):
    fake_spotify.script("GET", TRACKS_PATH, Reply(429, {"error": {"status": 429}}, headers={"Retry-After": "86400"}))
    with pytest.raises(UpstreamError, match="wait 86400 s"):
        provider(fake_spotify).fetch(BIG_PLAYLIST_ID)


def test_403_explains_the_development_mode_limits(fake_spotify):
    with pytest.raises(UpstreamError) as caught:
        provider(fake_spotify).fetch(FORBIDDEN_PLAYLIST_ID)
    message = caught.value.message
    assert caught.value.status == 502
    assert "HTTP 403" in message and "development mode" in message and "extended quota" in message
    assert "public playlist you own" in message


def test_editorial_playlist_404_says_why(fake_spotify):
    with pytest.raises(NotFound) as caught:
        provider(fake_spotify).fetch(EDITORIAL_PLAYLIST_ID)
    assert "37i9dQZ" in caught.value.message and "27 Nov 2024" in caught.value.message


def test_missing_credentials_is_a_503_naming_the_settings(fake_spotify):
    settings = fast_settings(spotify_api_url=fake_spotify.url, spotify_accounts_url=fake_spotify.url)
    with pytest.raises(APIError) as caught:
        SpotifyProvider(settings, tokens=SpotifyTokenCache()).fetch(BIG_PLAYLIST_ID)
    assert (caught.value.status, caught.value.error) == (503, "Spotify not configured")
    assert "SPOTIFY_CLIENT_ID" in caught.value.message and "SPOTIFY_CLIENT_SECRET" in caught.value.message
    assert fake_spotify.requests == []


def test_wrong_secret_is_reported_without_leaking_it(fake_spotify, caplog):
    settings = fast_settings(spotify_api_url=fake_spotify.url, spotify_accounts_url=fake_spotify.url,
                             spotify_client_id=CLIENT_ID, spotify_client_secret="wrong-secret-value-123")
    with caplog.at_level(logging.DEBUG), pytest.raises(UpstreamError) as caught:
        SpotifyProvider(settings, tokens=SpotifyTokenCache()).fetch(BIG_PLAYLIST_ID)
    assert "rejected the app credentials" in caught.value.message and "invalid_client" in caught.value.message
    assert "wrong-secret-value-123" not in caught.value.message
    assert "wrong-secret-value-123" not in caplog.text
    assert "wrong-secret-value-123" not in repr(settings)


def test_tokens_never_reach_the_logs(fake_spotify, caplog):
    with caplog.at_level(logging.DEBUG):
        provider(fake_spotify).fetch(BIG_PLAYLIST_ID)
    assert not any(token in caplog.text for token in fake_spotify.valid_tokens)
    assert CLIENT_SECRET not in caplog.text
