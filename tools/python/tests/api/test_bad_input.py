"""Edge inputs found by attacking the running server: each is a 4xx JSON error naming the problem, nothing changed."""
from __future__ import annotations

import re

import pytest

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
