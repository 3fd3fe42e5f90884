"""Plex servers: stored with encrypted tokens, the default from the environment, a test that reports latency."""
from __future__ import annotations


def test_default_server_from_environment_is_listed_without_its_token(plex_client, plex_sim):
    servers = plex_client.get("/api/settings/servers").get_json()["servers"]
    assert len(servers) == 1
    server = servers[0]
    assert server["url"] == plex_sim.url and server["is_default"] is True and server["token_set"] is True
    assert set(server) >= {"id", "name", "url", "is_default", "verify_ssl", "token_set", "created_at"}
    assert plex_sim.token not in plex_client.get("/api/settings/servers").get_data(as_text=True)


def test_test_endpoint_reports_name_version_and_latency(plex_client, plex_sim):
    server_id = plex_client.get("/api/settings/servers").get_json()["servers"][0]["id"]
    result = plex_client.post(f"/api/settings/servers/{server_id}/test").get_json()
    assert result["ok"] is True
    assert result["server_name"] == "PlexM8 Simulator" and result["version"]
    assert 0 < result["latency_ms"] < 5000


def test_test_endpoint_reports_a_wrong_token(client, plex_sim):
    created = client.post("/api/settings/servers", json={"name": "Wrong", "url": plex_sim.url, "token": "not-the-token"})
    result = client.post(f"/api/settings/servers/{created.get_json()['server']['id']}/test").get_json()
    assert result["ok"] is False and "token" in result["error"]
    assert "not-the-token" not in result["error"]


def test_test_endpoint_reports_an_unreachable_server(client):
    created = client.post("/api/settings/servers", json={"name": "Gone", "url": "http://127.0.0.1:9", "token": "abcd"})
    result = client.post(f"/api/settings/servers/{created.get_json()['server']['id']}/test").get_json()
    assert result["ok"] is False and "Cannot reach Plex" in result["error"]


def test_crud_and_default_handover(client):
    first = client.post("/api/settings/servers", json={"name": "A", "url": "http://10.0.0.1:32400/"}).get_json()["server"]
    second = client.post(
        "/api/settings/servers", json={"name": "B", "url": "https://b.example:32400", "token": "tok-b-123"}
    ).get_json()["server"]
    assert first["is_default"] is True and second["is_default"] is False and first["url"] == "http://10.0.0.1:32400"

    made_default = client.put(f"/api/settings/servers/{second['id']}", json={"is_default": True}).get_json()["server"]
    assert made_default["is_default"] is True
    assert client.get(f"/api/settings/servers/{first['id']}").get_json()["server"]["is_default"] is False

    cleared = client.put(f"/api/settings/servers/{second['id']}", json={"token": ""}).get_json()["server"]
    assert cleared["token_set"] is False
    assert client.delete(f"/api/settings/servers/{second['id']}").status_code == 200
    remaining = client.get("/api/settings/servers").get_json()["servers"]
    assert [(s["name"], s["is_default"]) for s in remaining] == [("A", True)]
    assert client.get(f"/api/settings/servers/{second['id']}").status_code == 404


def test_invalid_server_input_is_422_and_stores_nothing(client):
    for body, field in (
        ({"name": "x", "url": "not a url"}, "url"),
        ({"name": "", "url": "http://h:32400"}, "name"),
        ({"url": "http://h:32400"}, "name"),
        ({"name": "x", "url": "http://h:32400", "verify_ssl": "sometimes"}, "verify_ssl"),
    ):
        response = client.post("/api/settings/servers", json=body)
        assert response.status_code == 422, body
        assert response.get_json()["field"] == field
    assert client.get("/api/settings/servers").get_json()["servers"] == []
