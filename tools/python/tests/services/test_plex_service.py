"""PlexService against the simulator: lazy connection, errors mapped, reconnection, the music section."""
from __future__ import annotations

import pytest
from plexm8.errors import NotFound, PlexUnavailable, UpstreamError
from plexm8.services.plex_service import PlexConnection, PlexLibraryCalls, PlexService


def test_connects_lazily(plex_sim):
    plex_sim.reset_counters()
    service = PlexService(PlexConnection(plex_sim.url, plex_sim.token, timeout_s=5))
    assert plex_sim.request_count == 0
    assert service.music_section().title == "Music"
    assert plex_sim.request_count > 0


def test_wrong_token_is_a_clear_upstream_error(plex_sim):
    service = PlexService(PlexConnection(plex_sim.url, "wrong-token-123", timeout_s=5))
    with pytest.raises(UpstreamError) as info:
        service.music_section()
    assert info.value.status == 502 and "token" in info.value.message
    assert "wrong-token-123" not in info.value.message


def test_unknown_item_is_not_found(plex_sim):
    service = PlexService(PlexConnection(plex_sim.url, plex_sim.token, timeout_s=5))
    with pytest.raises(NotFound):
        service.run("fetch", service.server().fetchItem, 987654321)


def test_reconnects_when_plex_comes_back(plex_sim):
    service = PlexService(PlexConnection(plex_sim.url, plex_sim.token, timeout_s=2))
    calls = PlexLibraryCalls(service)
    total = calls.count_tracks()
    plex_sim.set_offline(True)
    with pytest.raises(PlexUnavailable):
        calls.count_tracks()
    plex_sim.set_offline(False)
    assert calls.count_tracks() == total


def test_named_music_section_and_a_missing_one(plex_sim):
    service = PlexService(PlexConnection(plex_sim.url, plex_sim.token, music_section="music"))
    assert service.music_section().title == "Music"
    missing = PlexService(PlexConnection(plex_sim.url, plex_sim.token, music_section="Audiobooks"))
    with pytest.raises(PlexUnavailable) as info:
        missing.music_section()
    assert "Audiobooks" in info.value.message and "Music" in info.value.message


def test_health_reports_plex_reachable_then_down_then_back(plex_app, plex_sim):
    runtime = plex_app.extensions["plexm8"]
    client = plex_app.test_client()
    runtime.plex_status.check_now()
    plex = client.get("/api/health").get_json()["plex"]
    assert plex["configured"] and plex["reachable"] and plex["server_name"] == "PlexM8 Simulator"
    plex_sim.set_offline(True)
    runtime.plex_status.check_now()
    assert client.get("/api/health").get_json()["plex"]["reachable"] is False
    plex_sim.set_offline(False)
    runtime.plex_status.check_now()
    assert client.get("/api/health").get_json()["plex"]["reachable"] is True
