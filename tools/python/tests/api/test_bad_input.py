"""Edge inputs found by attacking the running server: each is a 4xx JSON error naming the problem, nothing changed."""
from __future__ import annotations

import re

import pytest

from tests.waitress_server import stop

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000


def _json_operations(app) -> list[tuple[str, str]]:
    operations = []
    for rule in app.url_map.iter_rules():
        spec = getattr(app.view_functions[rule.endpoint], "endpoint_spec", None)
        if spec is None or spec.body is None:
            continue
        path = re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH"}):
            operations.append((method, path))
    return operations


def test_json_nested_100000_deep_is_a_400_on_every_json_endpoint(plex_app):
    client = plex_app.test_client()
    operations = _json_operations(plex_app)
    assert len(operations) >= 15
    for method, path in operations:
        for body in (DEEP, DEEP_OBJECT):
            response = client.open(path, method=method, data=body, content_type="application/json")
            assert response.status_code == 400, (method, path, response.status_code, response.get_data()[:200])
            assert response.get_json()["error"] == "Malformed JSON"
    assert client.get("/api/settings/servers").get_json()["servers"][0]["name"] == "Plex (from .env.local)"
    assert len(client.get("/api/settings/servers").get_json()["servers"]) == 1


@pytest.mark.parametrize("body, field", [
    ({"name": "A", "url": "http://10.0.0.1:32400", "verify_ssl": 1}, "verify_ssl"),
    ({"name": "A", "url": "http://10.0.0.1:32400", "is_default": 0}, "is_default"),
    ({"name": "A", "url": "http://10.0.0.1:32400", "is_default": "true"}, "is_default"),
    ({"name": 5, "url": "http://10.0.0.1:32400"}, "name"),
])
def test_server_fields_take_their_json_types_only(client, body, field):
    response = client.post("/api/settings/servers", json=body)
    assert response.status_code == 422 and response.get_json()["field"] == field
    assert client.get("/api/settings/servers").get_json()["servers"] == []


@pytest.mark.parametrize("key", [True, " 100", "１００", "/library/metadata/１", "1" * 5000, 10**400])
def test_track_keys_are_ascii_digits_of_sane_length(plex_client, key):
    for method, path, body in (
        ("POST", "/api/ratings/rate", {"track_key": key, "rating": 8}),
        ("POST", "/api/playlists", {"title": "Edge", "track_keys": [key]}),
    ):
        response = plex_client.open(path, method=method, json=body)
        assert 400 <= response.status_code < 500 and response.status_code != 404, (path, key, response.get_json())
        assert response.get_json()["field"].startswith("track_key"), response.get_json()
    titles = [p["title"] for p in plex_client.get("/api/playlists").get_json()["MediaContainer"]["Metadata"]]
    assert "Edge" not in titles


def _raw_request(base: str, head: bytes, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    header_text, _, payload = data.partition(b"\r\n\r\n")
    lines = header_text.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return int(lines[0].split()[1]), headers, payload


@pytest.mark.parametrize("declared", [51 * 1024 * 1024, 1024**3, 5 * 1024**3])
def test_a_body_over_the_limit_is_a_json_413_whatever_its_size(make_app, declared):
    import json

    from plexm8.wsgi_server import make_server

    app = make_app()
    server = make_server(app, host="127.0.0.1", port=0, threads=2, max_body_bytes=app.config["MAX_CONTENT_LENGTH"])
    import threading

    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.effective_port}"
        head = (f"POST /api/settings/servers HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                f"Content-Length: {declared}\r\n\r\n").encode()
        status, headers, payload = _raw_request(base, head, b'{"name": "x", ')
        assert status == 413 and headers["content-type"].startswith("application/json")
        assert json.loads(payload)["message"] == "The request body is too large."
    finally:
        stop(server, thread)
    assert app.test_client().get("/api/settings/servers").get_json()["servers"] == []


@pytest.mark.parametrize("url", [
    "http://10.0.0.1:32400/?X-Plex-Token=abcdefgh12345678",
    "http://10.0.0.1:32400?X-Plex-Token=abcdefgh12345678",
    "http://admin:hunter2secret@10.0.0.1:32400",
    "http://token@10.0.0.1:32400",
    "http://10.0.0.1:32400/#X-Plex-Token=abcdefgh12345678",
])
def test_a_server_url_carrying_credentials_is_refused(client, url):
    for method, path in (("POST", "/api/settings/servers"), ("PUT", None)):
        if path is None:
            server = client.post("/api/settings/servers", json={"name": "Ok", "url": "http://10.0.0.9:32400"})
            path = f"/api/settings/servers/{server.get_json()['server']['id']}"
        response = client.open(path, method=method, json={"name": "Leaky", "url": url})
        assert response.status_code == 422 and response.get_json()["field"] == "url", response.get_json()
        for secret in ("abcdefgh12345678", "hunter2secret"):
            assert secret not in response.get_data(as_text=True)
    assert [s["url"] for s in client.get("/api/settings/servers").get_json()["servers"]] == ["http://10.0.0.9:32400"]


def test_a_credential_url_stored_by_an_older_version_is_never_shown(app):
    from plexm8.models.entities import PlexServer

    client = app.test_client()
    with app.extensions["plexm8"].db.bound():
        PlexServer.create(name="Old", url="http://admin:hunter2secret@10.0.0.1:32400/?X-Plex-Token=abcdefgh12345678")
    listed = client.get("/api/settings/servers")
    one = client.get(f"/api/settings/servers/{listed.get_json()['servers'][0]['id']}")
    for response in (listed, one, client.get("/api/health"),
                     client.post(f"/api/settings/servers/{listed.get_json()['servers'][0]['id']}/test")):
        text = response.get_data(as_text=True)
        assert "hunter2secret" not in text and "abcdefgh12345678" not in text and "admin" not in text, text


LONG_COMPONENT = "/tmp/" + "a" * 300 + "/list.m3u8"


@pytest.mark.parametrize("path", [LONG_COMPONENT, "/" + "b/" * 3000 + "list.m3u8", "/proc/1/root",
                                  "/proc/self/mem", "/proc/self/root/etc/passwd.m3u", "/dev/zero", "/dev/stdin"])
def test_odd_local_paths_are_4xx_never_500(plex_client, path):
    for body, where in (({"path": path}, "/api/playlists/import"),
                        ({"source": "itunes", "path": path}, "/api/ratings/sync"),
                        ({"source": "tags", "path": path}, "/api/ratings/sync"),
                        ({"url": path}, "/api/sync/preview")):
        response = plex_client.post(where, json=body)
        assert 400 <= response.status_code < 500, (where, path, response.status_code, response.get_data()[:300])
        assert response.get_json()["message"]
        assert "root:" not in response.get_data(as_text=True)
