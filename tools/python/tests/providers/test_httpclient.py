"""The shared HTTP helper against a plain fake: retries, Retry-After, timeouts, black holes, clear errors."""
from __future__ import annotations

import socket
import time

import pytest
from plexm8.devtools.fakes import FakeServer, Reply, fast_settings
from plexm8.errors import UpstreamError, UpstreamTimeout
from plexm8.services.providers.httpclient import PlatformClient, rebase_url


@pytest.fixture
def server():
    fake = FakeServer()
    fake.route("GET", r"/ok", lambda request, match: Reply(200, {"ok": True}))
    fake.route("GET", r"/html", lambda request, match: Reply(200, "<html>verify you are human</html>", content_type="text/html"))
    with fake:
        yield fake


def client(**overrides) -> PlatformClient:
    return PlatformClient("TestMusic", fast_settings(**overrides))


def test_retries_5xx_then_succeeds(server):
    server.script("GET", "/ok", Reply(500, "oops"), Reply(503, "busy"))
    response = client(retries=3).request("GET", f"{server.url}/ok")
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert len(server.requests_to("/ok")) == 3


def test_gives_up_after_the_configured_retries_with_a_clear_error(server):
    server.script("GET", "/ok", *[Reply(502, "bad gateway")] * 5)
    c = client(retries=2)
    response = c.request("GET", f"{server.url}/ok")
    assert len(server.requests_to("/ok")) == 3  # first try + 2 retries
    with pytest.raises(UpstreamError, match=r"TestMusic had a server error \(HTTP 502\)"):
        c.raise_for_status(response, "playlist 1")


def test_429_waits_for_retry_after(server):
    server.script("GET", "/ok", Reply(429, {"error": "slow down"}, headers={"Retry-After": "1"}))
    started = time.monotonic()
    response = client(retries=2, backoff_s=0).request("GET", f"{server.url}/ok")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.9
    assert len(server.requests_to("/ok")) == 2


def test_retry_after_longer_than_the_cap_fails_at_once_with_the_platforms_delay(server):
    server.script("GET", "/ok", Reply(429, {}, headers={"Retry-After": "3600"}))
    c = client(retries=3, max_retry_after_s=2)
    started = time.monotonic()
    response = c.request("GET", f"{server.url}/ok")
    assert time.monotonic() - started < 1
    assert len(server.requests_to("/ok")) == 1
    with pytest.raises(UpstreamError, match="rate-limiting.*wait 3600 s"):
        c.raise_for_status(response, "playlist 1")


def test_slow_answer_is_an_upstream_timeout_within_bounded_time(server):
    server.delay = 3.0
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout, match=r"TestMusic did not answer within 0.3 s"):
        client(timeout_s=0.3, retries=3).request("GET", f"{server.url}/ok")
    assert time.monotonic() - started < 2.0  # a timed-out read is retried once, not `retries` times


def test_black_hole_is_an_upstream_timeout(server):
    server.black_hole = True
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout) as caught:
        client(timeout_s=0.3, retries=0).request("GET", f"{server.url}/ok")
    assert caught.value.status == 504
    assert time.monotonic() - started < 1.5


def test_connection_refused_names_the_platform():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(UpstreamError) as caught:
        client(retries=1).request("GET", f"http://127.0.0.1:{port}/ok")
    assert caught.value.status == 502
    assert "Could not reach TestMusic (connection refused)" in caught.value.message


def test_a_page_instead_of_json_is_a_clear_upstream_error(server):
    c = client()
    response = c.request("GET", f"{server.url}/html")
    with pytest.raises(UpstreamError, match=r"not JSON \(HTTP 200, text/html"):
        c.json_of(response, "playlist 1")


def test_4xx_is_reported_as_refused(server):
    c = client()
    response = c.request("GET", f"{server.url}/missing-route")
    with pytest.raises(UpstreamError, match=r"refused the request for playlist 1 \(HTTP 404\)"):
        c.raise_for_status(response, "playlist 1")


@pytest.mark.parametrize(("url", "base", "expected"), [
    ("https://api.spotify.com/v1/playlists/x/tracks?offset=100&limit=100", "http://127.0.0.1:5000",
     "http://127.0.0.1:5000/v1/playlists/x/tracks?offset=100&limit=100"),
    ("https://api.deezer.com/playlist/1/tracks?index=100", "https://proxy.local/deezer/",
     "https://proxy.local/deezer/playlist/1/tracks?index=100"),
    ("https://proxy.local/deezer/playlist/1/tracks?index=100", "https://proxy.local/deezer",
     "https://proxy.local/deezer/playlist/1/tracks?index=100"),
])
def test_rebase_url_keeps_paging_on_the_configured_host(url, base, expected):
    assert rebase_url(url, base) == expected
