"""Download settings: validation naming the field, the key write-only, encrypted and masked; health's feature."""
from __future__ import annotations

import logging
import sqlite3

from plexm8.devtools.fake_slskd import API_KEY, FakeSlskd


def test_bad_folders_are_refused_naming_the_field_and_nothing_changes(client, tmp_path):
    before = client.get("/api/download/settings").get_json()["settings"]
    response = client.put("/api/download/settings", json={"library_dir": str(tmp_path / "nope"), "quality": "high"})
    assert response.status_code == 422 and response.get_json()["field"] == "library_dir"
    response = client.put("/api/download/settings", json={"download_dir": "relative/path"})
    assert response.status_code == 422 and response.get_json()["field"] == "download_dir"
    response = client.put("/api/download/settings", json={"filename_template": "{artist}/{nope}.{ext}"})
    assert response.status_code == 422 and response.get_json()["field"] == "filename_template"
    response = client.put("/api/download/settings", json={"filename_template": "../{title}"})
    assert response.status_code == 422 and response.get_json()["field"] == "filename_template"
    response = client.put("/api/download/settings", json={"quality": "best"})
    assert response.status_code == 422 and response.get_json()["field"] == "quality"
    response = client.put("/api/download/settings", json={"base_url": "ftp://x"})
    assert response.status_code == 422 and response.get_json()["field"] == "base_url"
    assert client.get("/api/download/settings").get_json()["settings"] == before


def test_the_key_is_write_only_encrypted_and_masked(app, client, tmp_path, caplog):
    key = "slskd-key-that-must-never-leak-42"
    response = client.post("/api/download/settings", json={"backend": "slskd", "api_key": key,
                                                           "library_dir": str(tmp_path)})
    assert response.status_code == 200
    settings = response.get_json()["settings"]
    assert settings["api_key_set"] is True and "api_key" not in settings and key not in response.get_data(True)
    assert key not in client.get("/api/download/settings").get_data(as_text=True)
    raw = sqlite3.connect(app.extensions["plexm8"].data_dir / "plexm8.db")
    stored = raw.execute("SELECT api_key_encrypted FROM download_config").fetchone()[0]
    raw.close()
    assert stored and key not in stored
    with caplog.at_level(logging.INFO):
        logging.getLogger("plexm8.test").warning("calling slskd with %s", key)
    handler = app.extensions["plexm8"].log_handler
    handler.flush()
    logs = client.get("/api/logs?limit=20").get_json()["logs"]
    assert logs and all(key not in entry["message"] for entry in logs)
    cleared = client.put("/api/download/settings", json={"api_key": ""}).get_json()["settings"]
    assert cleared["api_key_set"] is False


def test_another_site_cannot_name_folders_on_this_computer(client, tmp_path):
    response = client.put("/api/download/settings", json={"library_dir": str(tmp_path)},
                          headers={"Origin": "https://plexm8.netlify.app"})
    assert response.status_code == 403
    assert client.get("/api/download/settings").get_json()["settings"]["library_dir"] is None
    same_origin = client.put("/api/download/settings", json={"library_dir": str(tmp_path)},
                             headers={"Origin": "http://localhost:5000"})
    assert same_origin.status_code == 200


def test_health_lists_download_only_when_a_backend_is_configured_and_reachable(client, tmp_path):
    assert "download" not in client.get("/api/health").get_json()["features"]
    assert client.post("/api/download/missing", json={"task_id": 1}).status_code == 404
    with FakeSlskd(tmp_path) as slskd:
        client.put("/api/download/settings", json={"backend": "slskd", "base_url": slskd.url, "api_key": "wrong",
                                                    "download_dir": str(tmp_path), "library_dir": str(tmp_path)})
        test = client.post("/api/download/settings/test").get_json()
        assert test["ok"] is False and "401" in test["error"]
        assert "download" not in client.get("/api/health").get_json()["features"]
        client.put("/api/download/settings", json={"api_key": API_KEY})
        test = client.post("/api/download/settings/test").get_json()
        assert (test["ok"], test["backend"], test["version"], test.get("error")) == (True, "slskd", "0.22.5", None)
        assert "download" in client.get("/api/health").get_json()["features"]
        status = client.get("/api/download/status").get_json()
        assert status["backend"] == {"kind": "slskd", "configured": True, "reachable": True}
    client.put("/api/download/settings", json={"backend": "none"})
    assert "download" not in client.get("/api/health").get_json()["features"]
