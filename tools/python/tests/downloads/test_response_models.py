"""Every documented download operation, driven once: each success body is what its response model makes of it."""
from __future__ import annotations

from tests.api.test_response_models import _caller, _documented


def test_every_documented_download_body_matches_its_model(loop_env):
    env = loop_env
    checked: set[tuple[str, str]] = set()
    call = _caller(env.app, checked)
    call("GET", "/api/download/settings")
    env.configure()
    call("PUT", "/api/download/settings", json={"quality": "high"})
    call("POST", "/api/download/settings", json={"quality": "lossless"})
    call("POST", "/api/download/settings/test")
    task = env.task()
    session = call("POST", "/api/download/missing", expect=202, json={"task_id": task["id"]})["session"]["id"]
    call("GET", "/api/download/sessions")
    call("GET", "/api/download/sessions/<int:session_id>", f"/api/download/sessions/{session}")
    items = call("POST", "/api/download/sessions/<int:session_id>/cancel",
                 f"/api/download/sessions/{session}/cancel")["session"]["items"]
    call("POST", "/api/download/items/<int:item_id>/retry", f"/api/download/items/{items[0]['id']}/retry")
    call("POST", "/api/download/single", expect=202, json={"title": "Song", "artists": ["Someone"]})
    call("GET", "/api/download/status")
    documented = {op for op in _documented(env.app) if op[1].startswith("/api/download")}
    assert documented - checked == set(), "documented download operations this test does not drive"
