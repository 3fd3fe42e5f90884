"""The built web UI served at / : client-side routes, hashed assets cached, CSP kept, nothing outside web/dist."""
from __future__ import annotations

import re

from plexm8.api.web import web_root


def _assets() -> list[str]:
    html = (web_root() / "index.html").read_text(encoding="utf-8")
    return re.findall(r'(?:src|href)="/(assets/[^"]+)"', html)


def test_start_page_and_client_routes_serve_the_ui_with_its_csp(client):
    for path in ("/", "/sync", "/sync/12", "/playlists/5", "/settings"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.mimetype == "text/html" and b'<div id="root">' in answer.data
        assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["Cache-Control"] == "no-cache"


def test_every_asset_of_the_start_page_is_served_with_a_long_cache(client):
    assets = _assets()
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        answer = client.get(f"/{asset}")
        assert answer.status_code == 200, asset
        assert "immutable" in answer.headers["Cache-Control"] and "max-age=31536000" in answer.headers["Cache-Control"]


def test_the_ui_loads_no_inline_script_the_csp_would_block(client):
    html = client.get("/").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "style=" not in html


def test_missing_files_and_api_routes_are_json_404s_not_the_ui(client):
    for path in ("/assets/nope-123.js", "/api/nope", "/favicon-missing.svg"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.is_json and answer.get_json()["message"], path


def test_build_metadata_and_files_outside_the_build_are_never_served(client):
    assert (web_root() / ".sources.sha256").read_bytes().strip() not in client.get("/.sources.sha256").data
    for path in ("/../setup.py", "/..%2fsetup.py", "/assets/..%2f..%2fpackage.json"):
        answer = client.get(path)
        assert b"def main" not in answer.data and b"devDependencies" not in answer.data, path
