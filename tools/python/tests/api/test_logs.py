"""/api/logs serves stored log records, newest first, filtered by level and task."""
from __future__ import annotations

import logging

from plexm8.services.logs.store import task_context


def test_logs_are_stored_filtered_and_masked(app, client):
    log = logging.getLogger("plexm8.services.sync.service")
    register = app.extensions["plexm8"].secrets.encrypt  # registers the value as a secret
    register("hidden-token-4242")
    log.info("first message")
    with task_context(7):
        log.warning("task seven had trouble with hidden-token-4242")
    log.error("an error", extra={"task_id": 9})

    body = client.get("/api/logs").get_json()
    messages = [entry["message"] for entry in body["logs"]]
    assert messages[:3] == ["an error", "task seven had trouble with ****", "first message"]
    assert body["total"] >= 3
    assert all(entry["ts"].endswith("Z") for entry in body["logs"])

    warnings = client.get("/api/logs?level=warning").get_json()["logs"]
    assert {e["level"] for e in warnings} <= {"WARNING", "ERROR", "CRITICAL"} and len(warnings) == 2
    only_seven = client.get("/api/logs?task_id=7").get_json()
    assert only_seven["total"] == 1 and only_seven["logs"][0]["task_id"] == 7
    page = client.get("/api/logs?limit=1&offset=1").get_json()["logs"]
    assert [e["message"] for e in page] == ["task seven had trouble with ****"]


def test_bad_log_filters_are_400(client):
    assert client.get("/api/logs?level=LOUD").status_code == 400
    assert client.get("/api/logs?limit=0").status_code == 400
