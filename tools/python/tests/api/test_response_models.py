"""Every documented operation, driven once against the simulator and the fakes: each success body is exactly
what its declared response model (the one OpenAPI publishes) makes of it."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from plexm8.models.entities import RatingsImport
from pydantic import BaseModel

from tests.fake_plextv import ACCOUNT_TOKEN, FakePlexTv
from tests.fakes.catalog import CURATED
from tests.fakes.netease import CJK_PLAYLIST_ID
from tests.sync.conftest import add_song

# Documented operations whose success is not a JSON body of a model: files, the UI, the OpenAPI document,
# and plex.tv's PIN JSON passed through as plex.tv shapes it.
NOT_MODELLED = {
    ("GET", "/api/playlists/<int:playlist_id>/export"), ("GET", "/api/openapi.json"), ("GET", "/"),
    ("GET", "/api/events"),  # a Server-Sent Events stream
    ("GET", "/<path:filename>"), ("POST", "/api/auth/createPin"), ("GET", "/api/auth/checkPin"),
}


@pytest.fixture
def plextv() -> Iterator[FakePlexTv]:
    fake = FakePlexTv()
    yield fake
    fake.close()


@pytest.fixture
def contract_app(make_app, plex_sim, fake_platforms, plextv) -> Flask:
    for song in CURATED:
        add_song(plex_sim.library, song)
    return make_app(plex_server_url=plex_sim.url, plex_token=plex_sim.token, plex_tv_url=plextv.url,
                    **fake_platforms.urls())


def _documented(app: Flask) -> dict[tuple[str, str], type[BaseModel] | None]:
    found = {}
    for rule in app.url_map.iter_rules():
        spec = getattr(app.view_functions[rule.endpoint], "endpoint_spec", None)
        if spec is not None:
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found[(method, rule.rule)] = spec.response
    return found


def _caller(app: Flask, checked: set[tuple[str, str]]) -> Callable[..., Any]:
    client: FlaskClient = app.test_client()
    documented = _documented(app)

    def call(method: str, rule: str, url: str | None = None, expect: int = 200, **kwargs: Any) -> Any:
        response = client.open(url or rule, method=method, **kwargs)
        assert response.status_code == expect, (method, url or rule, response.get_json())
        model = documented[(method, rule)]
        assert model is not None, f"{method} {rule} declares no response model"
        body = response.get_json()
        assert model.model_validate(body).model_dump(mode="json", by_alias=True) == body, (method, rule)
        checked.add((method, rule))
        return body

    return call


def test_every_documented_success_body_matches_its_model(contract_app, plex_sim, tmp_path):
    documented = _documented(contract_app)
    checked: set[tuple[str, str]] = set()
    call = _caller(contract_app, checked)

    track = sorted(plex_sim.library.tracks.values(), key=lambda t: t.rating_key)
    keys = [f"/library/metadata/{t.rating_key}" for t in track[:3]]

    call("GET", "/api/health")
    server = call("POST", "/api/settings/servers", expect=201,
                  json={"name": "Second", "url": plex_sim.url, "token": plex_sim.token})["server"]["id"]
    call("GET", "/api/settings/servers")
    call("GET", "/api/settings/servers/<int:server_id>", f"/api/settings/servers/{server}")
    call("PUT", "/api/settings/servers/<int:server_id>", f"/api/settings/servers/{server}", json={"name": "Spare"})
    call("POST", "/api/settings/servers/<int:server_id>/test", f"/api/settings/servers/{server}/test")
    call("DELETE", "/api/settings/servers/<int:server_id>", f"/api/settings/servers/{server}")
    call("POST", "/api/auth/resources", json={"token": ACCOUNT_TOKEN})

    created = call("POST", "/api/playlists", expect=201, json={"title": "Contract", "track_keys": keys})
    playlist = int(created["playlist"]["ratingKey"])
    call("GET", "/api/playlists")
    call("GET", "/api/playlists/<int:playlist_id>", f"/api/playlists/{playlist}")
    call("PUT", "/api/playlists/<int:playlist_id>", f"/api/playlists/{playlist}", json={"description": "d"})
    call("POST", "/api/playlists/<int:playlist_id>/items", f"/api/playlists/{playlist}/items",
         json={"track_keys": [keys[0]]})
    items = call("GET", "/api/playlists/<int:playlist_id>/items",
                 f"/api/playlists/{playlist}/items")["MediaContainer"]["Metadata"]
    first, second = items[0]["playlistItemID"], items[1]["playlistItemID"]
    call("PUT", "/api/playlists/<int:playlist_id>/items/<int:item_id>/move",
         f"/api/playlists/{playlist}/items/{first}/move", json={"after": second})
    call("DELETE", "/api/playlists/<int:playlist_id>/items/<int:item_id>",
         f"/api/playlists/{playlist}/items/{first}")
    call("DELETE", "/api/playlists/<int:playlist_id>", f"/api/playlists/{playlist}")
    m3u = "#EXTM3U\n" + "\n".join(t.file for t in track[:2]) + "\n"
    call("POST", "/api/playlists/import", expect=201, headers={"X-PlexM8-Upload": "1"},
         data={"file": (io.BytesIO(m3u.encode()), "Imported.m3u8")}, content_type="multipart/form-data")

    call("POST", "/api/ratings/rate", json={"track_key": keys[0], "rating": 8})
    call("GET", "/api/ratings/top-rated")
    export = tmp_path / "ratings.tsv"
    export.write_text("artist\ttitle\talbum\tpath\trating\n" + "".join(
        f"\t{t.title}\t\t{t.file}\t4\n" for t in track[3:6]), encoding="utf-8")
    synced = call("POST", "/api/ratings/sync",
                  json={"source": "foobar2000", "path": str(export), "dry_run": False, "policy": "overwrite"})
    RatingsImport.update(status="interrupted").where(RatingsImport.id == synced["import_id"]).execute()
    call("GET", "/api/ratings/imports")
    call("POST", "/api/ratings/imports/<int:import_id>/resume", f"/api/ratings/imports/{synced['import_id']}/resume")

    call("GET", "/api/recommendations/similar", f"/api/recommendations/similar?track_key={keys[0]}&limit=5")
    call("GET", "/api/recommendations/based-on-ratings")
    call("POST", "/api/recommendations/playlist", expect=201,
         json={"source": "similar", "track_key": keys[0], "title": "Like it", "limit": 5})

    call("GET", "/api/smart-playlists/fields")
    call("POST", "/api/smart-playlists/preview", json={
        "rules": [{"field": "userRating", "operator": ">=", "value": 8}]})
    smart = call("POST", "/api/smart-playlists", expect=201, json={
        "title": "Loved", "rules": [{"field": "userRating", "operator": ">=", "value": 8}]})["smart_playlist"]["id"]
    call("GET", "/api/smart-playlists")
    call("GET", "/api/smart-playlists/<int:playlist_id>", f"/api/smart-playlists/{smart}")
    call("PUT", "/api/smart-playlists/<int:playlist_id>", f"/api/smart-playlists/{smart}", json={"title": "Liked"})
    call("DELETE", "/api/smart-playlists/<int:playlist_id>", f"/api/smart-playlists/{smart}")

    call("POST", "/api/sync/preview", json={"url": f"netease:{CJK_PLAYLIST_ID}"})
    task = call("POST", "/api/sync/tasks", expect=201,
                json={"source_url": f"netease:{CJK_PLAYLIST_ID}", "playlist_title": "Synced"})["task"]["id"]
    call("GET", "/api/sync/tasks")
    call("GET", "/api/sync/tasks/<int:task_id>", f"/api/sync/tasks/{task}")
    call("PUT", "/api/sync/tasks/<int:task_id>", f"/api/sync/tasks/{task}", json={"name": "Renamed"})
    contract_app.extensions["plexm8"].sync.run_now(task)  # finished before its run is read
    run = call("GET", "/api/sync/tasks/<int:task_id>/runs", f"/api/sync/tasks/{task}/runs")["runs"][0]["id"]
    call("GET", "/api/sync/runs/<int:run_id>", f"/api/sync/runs/{run}")
    call("GET", "/api/sync/tasks/<int:task_id>/unmatched", f"/api/sync/tasks/{task}/unmatched")
    external = call("GET", "/api/sync/tasks/<int:task_id>/matches",
                    f"/api/sync/tasks/{task}/matches")["matches"][0]["external_id"]
    call("PUT", "/api/sync/tasks/<int:task_id>/matches", f"/api/sync/tasks/{task}/matches",
         json={"external_id": external, "track_key": None})
    call("POST", "/api/sync/tasks/<int:task_id>/run", f"/api/sync/tasks/{task}/run", expect=202)
    _wait_idle(contract_app, task)
    call("DELETE", "/api/sync/tasks/<int:task_id>", f"/api/sync/tasks/{task}")
    call("GET", "/api/sync/library")
    call("GET", "/api/library/search", "/api/library/search?q=a")
    call("POST", "/api/sync/library/refresh", json={})
    call("GET", "/api/logs")
    call("GET", "/api/sync/examples")  # empty outside --demo (tests/devtools/test_demo.py drives the demo's)

    modelled = {op for op in documented if op not in NOT_MODELLED and not op[1].startswith("/api/download")}
    assert modelled - checked == set(), "documented operations this test does not drive"
    assert len(checked) == len(modelled) > 40


def _wait_idle(app: Flask, task_id: int, timeout: float = 30) -> None:
    import time

    deadline = time.monotonic() + timeout
    sync = app.extensions["plexm8"].sync
    while sync.is_running(task_id):
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_view_producing_an_undeclared_field_fails_loudly_under_tests(make_app):
    from plexm8.api.schema import UndeclaredField, shape

    class Small(BaseModel):
        a: int

    with make_app().test_request_context(), pytest.raises(UndeclaredField):
        shape(Small, {"a": 1, "surprise": 2})


