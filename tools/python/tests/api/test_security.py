"""Browser safety as API.md specifies it: Host, Origin, preflight, content types, token, body size."""
from __future__ import annotations

import pytest

HOSTED = "https://plexm8.netlify.app"


API_HEADERS = ("Content-Type", "X-Plex-Token", "X-Plex-Client-Identifier", "X-Plex-Product", "X-Plex-Version",
               "X-Plex-Platform", "X-Plex-Platform-Version", "X-Plex-Device", "X-Plex-Device-Name", "X-PlexM8-Token",
               "X-PlexM8-Upload")


def test_preflight_from_hosted_app_with_private_network(client):
    # a browser asks for the headers it will send (lower-case); the answer allows each one API.md lists
    response = client.options(
        "/api/health",
        headers={
            "Origin": HOSTED,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": ",".join(h.lower() for h in API_HEADERS),
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == HOSTED
    assert "Origin" in response.headers["Vary"]
    assert response.headers["Access-Control-Allow-Private-Network"] == "true"
    methods = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
    headers = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert headers == {h.lower() for h in API_HEADERS}
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_preflight_allows_only_the_listed_headers(client):
    response = client.options("/api/playlists", headers={
        "Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-plex-device-name, x-evil, cookie"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert allowed == {"content-type", "x-plex-device-name"}
    assert response.headers.get_all("Vary") == ["Origin"]


def test_simple_request_gets_cors_headers_and_no_credentials(client):
    response = client.get("/api/health", headers={"Origin": HOSTED})
    assert response.headers["Access-Control-Allow-Origin"] == HOSTED
    assert "Origin" in response.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers  # only preflights list them
    without = client.get("/api/health")
    assert "Access-Control-Allow-Origin" not in without.headers and "Origin" in without.headers["Vary"]


def test_an_origin_that_only_starts_like_an_allowed_one_gets_no_cors_headers(make_app):
    client = make_app(cors_origins=("https://my.example",)).test_client()
    for origin in ("https://my.example.evil.example", "https://myXexample", "HTTPS://MY.EXAMPLE.evil"):
        response = client.get("/api/health", headers={"Origin": origin})
        assert response.status_code == 403 and "Access-Control-Allow-Origin" not in response.headers


def test_preflight_without_private_network_request_omits_that_header(client):
    response = client.options("/api/health", headers={"Origin": HOSTED, "Access-Control-Request-Method": "GET"})
    assert response.status_code == 204
    assert "Access-Control-Allow-Private-Network" not in response.headers


@pytest.mark.parametrize(
    "origin",
    ["http://localhost:5000", "http://127.0.0.1:5000", "http://localhost:5173", "http://127.0.0.1:5173", HOSTED],
)
def test_allowed_origins_get_their_origin_back(client, origin):
    response = client.get("/api/health", headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "null", "https://plexm8.netlify.app.evil.example", "http://localhost:5001"]
)
def test_foreign_origin_is_refused_and_changes_nothing(client, origin):
    for method, path in (("OPTIONS", "/api/health"), ("GET", "/api/health"), ("POST", "/api/settings/servers")):
        response = client.open(
            path, method=method, headers={"Origin": origin}, json={"name": "x", "url": "http://1.2.3.4:32400"}
        )
        assert response.status_code == 403, (method, path)
        assert response.get_json()["error"] == "Origin not allowed"
        assert "Access-Control-Allow-Origin" not in response.headers
    assert client.get("/api/settings/servers").get_json()["servers"] == []


def test_extra_origin_from_settings_is_allowed(make_app):
    client = make_app(cors_origins=("https://my.example",)).test_client()
    assert client.get("/api/health", headers={"Origin": "https://my.example"}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5000", "192.168.1.10:5000", "localhost.evil.example"])
def test_foreign_host_is_refused_before_any_view(client, host):
    response = client.get("/api/health", headers={"Host": host})
    assert response.status_code in (400, 403)
    assert response.is_json and response.get_json()["error"] == "Host not allowed"


@pytest.mark.parametrize("host", ["localhost:5000", "127.0.0.1:8080", "[::1]:5000", "localhost"])
def test_local_hosts_are_accepted(client, host):
    assert client.get("/api/health", headers={"Host": host}).status_code == 200


def test_allowed_hosts_setting_adds_names(make_app):
    client = make_app(allowed_hosts=("music-box.lan",)).test_client()
    assert client.get("/api/health", headers={"Host": "music-box.lan:5000"}).status_code == 200


def test_text_plain_post_is_415_and_creates_nothing(client):
    response = client.post(
        "/api/settings/servers", data='{"name": "a", "url": "http://10.0.0.2:32400"}', content_type="text/plain"
    )
    assert response.status_code == 415
    assert response.get_json()["error"] == "Unsupported media type"
    assert client.get("/api/settings/servers").get_json()["servers"] == []


def test_form_post_is_415(client):
    response = client.post("/api/settings/servers", data={"name": "a"})
    assert response.status_code == 415


def test_multipart_without_upload_header_is_415(client):
    import io

    response = client.post("/api/settings/servers", data={"file": (io.BytesIO(b"x"), "a.txt")})
    assert response.status_code == 415


def test_body_over_the_limit_is_413(make_app):
    client = make_app(max_upload_mb=0.001).test_client()
    response = client.post("/api/settings/servers", data=b"{" + b" " * 5000 + b"}", content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == "Payload too large"


def test_api_token_required_when_configured(make_app):
    client = make_app(api_token="s3cret-token-0123456789").test_client()
    health = client.get("/api/health")
    assert health.status_code == 200  # health stays open for detection, and says a token is needed
    assert health.get_json()["api_token_required"] is True and "s3cret" not in health.get_data(as_text=True)
    denied = client.get("/api/settings/servers")
    assert denied.status_code == 401
    assert "s3cret-token-0123456789" not in denied.get_data(as_text=True)
    assert client.get("/api/settings/servers", headers={"X-PlexM8-Token": "wrong"}).status_code == 401
    assert client.get("/api/settings/servers", headers={"X-PlexM8-Token": "s3cret-token-0123456789"}).status_code == 200
    preflight = client.options("/api/settings/servers", headers={"Origin": HOSTED, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204


def test_security_headers_on_every_answer(client):
    response = client.get("/api/health")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
