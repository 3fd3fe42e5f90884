"""Deezer provider against the fake: paging via ``next``, fields, and errors arriving in HTTP 200 bodies."""
from __future__ import annotations

import math

import pytest
from plexm8.devtools.fakes import FakeDeezer, Reply, fast_settings
from plexm8.devtools.fakes.catalog import CURATED
from plexm8.devtools.fakes.deezer import BIG_PLAYLIST_ID, BIG_SIZE, PRIVATE_PLAYLIST_ID, QUOTA_ERROR
from plexm8.errors import NotFound, UpstreamError
from plexm8.services.providers.deezer import PAGE_SIZE, DeezerProvider

TRACKS_PATH = f"/playlist/{BIG_PLAYLIST_ID}/tracks"


def provider(fake: FakeDeezer, **overrides) -> DeezerProvider:
    return DeezerProvider(fast_settings(deezer_base_url=fake.url, **overrides))


def test_big_playlist_pages_through_next(fake_deezer):
    playlist = provider(fake_deezer).fetch(BIG_PLAYLIST_ID)

    assert (playlist.provider, playlist.playlist_id, playlist.name) == ("deezer", BIG_PLAYLIST_ID, "Mandopop & J-Pop 精选")
    assert len(playlist.tracks) == BIG_SIZE
    assert [t.position for t in playlist.tracks] == list(range(BIG_SIZE))
    pages = fake_deezer.requests_to(TRACKS_PATH)
    assert len(pages) == math.ceil(BIG_SIZE / PAGE_SIZE)
    assert [p.arg("index") for p in pages] == ["0", "100", "200"]
    assert all(p.arg("limit") == "100" for p in pages)


def test_track_fields(fake_deezer):
    tracks = provider(fake_deezer).fetch(BIG_PLAYLIST_ID).tracks

    first = tracks[0]
    assert (first.external_id, first.title, first.artists, first.album, first.duration_ms) == (
        "3135501", "晴天", ("周杰伦",), "叶惠美", 269000)
    assert [t.title for t in tracks[:10]] == [s.title for s in CURATED]
    assert tracks[5].artists == ("The Chainsmokers", "Coldplay")  # from contributors
    live = tracks[9]
    assert live.title == "Björk Moment (Live)"  # the full title keeps the version (title_version "(Live)")
    assert live.artists == ("Sigur Rós", "Björk")


def test_no_data_error_in_a_200_body_is_not_found(fake_deezer):
    with pytest.raises(NotFound, match="Deezer playlist 42 does not exist"):
        provider(fake_deezer).fetch("42")


def test_private_playlist_is_explained(fake_deezer):
    with pytest.raises(UpstreamError, match="private.*Make it public"):
        provider(fake_deezer).fetch(PRIVATE_PLAYLIST_ID)


def test_quota_error_is_retried_then_succeeds(fake_deezer):
    fake_deezer.script("GET", TRACKS_PATH, Reply(200, QUOTA_ERROR), Reply(200, QUOTA_ERROR))
    playlist = provider(fake_deezer, retries=2).fetch(BIG_PLAYLIST_ID)
    assert len(playlist.tracks) == BIG_SIZE
    assert len(fake_deezer.requests_to(TRACKS_PATH)) == 2 + 3


def test_persistent_quota_error_is_an_upstream_error(fake_deezer):
    fake_deezer.script("GET", f"/playlist/{BIG_PLAYLIST_ID}", *[Reply(200, QUOTA_ERROR)] * 4)
    with pytest.raises(UpstreamError, match="rate-limiting"):
        provider(fake_deezer, retries=2).fetch(BIG_PLAYLIST_ID)
    assert len(fake_deezer.requests_to(f"/playlist/{BIG_PLAYLIST_ID}")) == 3


def test_http_500_is_retried(fake_deezer):
    fake_deezer.script("GET", TRACKS_PATH, Reply(500, "error"))
    assert len(provider(fake_deezer, retries=2).fetch(BIG_PLAYLIST_ID).tracks) == BIG_SIZE
