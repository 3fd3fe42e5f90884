"""Plex PIN sign-in proxied to a local plex.tv over real HTTP."""
from __future__ import annotations

import pytest

from tests.fake_plextv import ACCOUNT_TOKEN, FakePlexTv


@pytest.fixture
def plextv():
    fake = FakePlexTv()
    yield fake
    fake.close()


@pytest.fixture
def auth_client(make_app, plextv):
    return make_app(plex_tv_url=plextv.url).test_client()


def test_pin_flow_until_the_user_approves(auth_client, plextv):
    created = auth_client.post("/api/auth/createPin?clientId=web-client-1")
    assert created.status_code == 200
    pin = created.get_json()
    assert pin["id"] and pin["code"] and pin["authToken"] is None
    method, path, headers = plextv.requests[-1]
    assert (method, headers["X-Plex-Client-Identifier"], headers["X-Plex-Product"]) == ("POST", "web-client-1", "PlexM8")

    waiting = auth_client.get(f"/api/auth/checkPin?clientId=web-client-1&pinId={pin['id']}").get_json()
    assert waiting["authToken"] is None
    plextv.approve(pin["id"])
    approved = auth_client.get(f"/api/auth/checkPin?clientId=web-client-1&pinId={pin['id']}").get_json()
    assert approved["authToken"] == ACCOUNT_TOKEN


def test_unknown_pin_is_404(auth_client):
    response = auth_client.get("/api/auth/checkPin?clientId=web-client-1&pinId=999999")
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not found"


def test_missing_client_id_is_400(auth_client):
    assert auth_client.post("/api/auth/createPin").status_code == 400
    assert auth_client.get("/api/auth/checkPin?clientId=a&pinId=abc").status_code == 400


def test_resources_lists_servers_with_connections(auth_client):
    response = auth_client.post("/api/auth/resources", json={"token": ACCOUNT_TOKEN, "clientId": "web-client-1"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["count"] == 1
    server = body["servers"][0]
    assert server["name"] == "Living Room" and server["owned"] is True
    assert [c["uri"] for c in server["connections"]] == [
        "https://192-168-1-20.abc.plex.direct:32400",
        "https://203-0-113-7.abc.plex.direct:32400",
    ]


def test_resources_with_a_bad_token_is_502_without_echoing_it(auth_client):
    response = auth_client.post("/api/auth/resources", json={"token": "wrong-token-abc"})
    assert response.status_code == 502
    assert "wrong-token-abc" not in response.get_data(as_text=True)


def test_plextv_down_is_a_clear_502(make_app):
    client = make_app(plex_tv_url="http://127.0.0.1:9").test_client()
    response = client.post("/api/auth/createPin?clientId=x")
    assert response.status_code == 502
    assert "plex.tv" in response.get_json()["message"]
