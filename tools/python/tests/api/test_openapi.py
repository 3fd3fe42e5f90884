"""The OpenAPI 3.1 document covers every route and is generated from the validating models."""
from __future__ import annotations

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from tests.fake_plextv import FakePlexTv


def _document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_document_is_valid_openapi_3_1(client):
    document = _document(client)
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_registered_route_is_documented(app, client):
    document = _document(client)
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        assert hasattr(view, "endpoint_spec"), f"{rule.rule} has no @endpoint declaration"
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        assert path in document["paths"], path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], (method, path)


def test_request_bodies_come_from_the_validating_models(client):
    document = _document(client)
    body = document["paths"]["/api/settings/servers"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[1]
    schema = document["components"]["schemas"][name]
    assert set(schema["required"]) == {"name", "url"}
    assert schema["additionalProperties"] is False
    # the same model refuses what the document forbids
    response = client.post("/api/settings/servers", json={"name": "x", "url": "http://h:32400", "nope": 1})
    assert response.status_code == 422 and response.get_json()["field"] == "nope"


@pytest.fixture
def plextv():
    fake = FakePlexTv()
    yield fake
    fake.close()


# Operations that take a URL are not fuzzed (a generated link or short link would make the backend contact
# arbitrary hosts); their validation has tests of its own.
NOT_FUZZED = re.compile(r"^/api/settings/servers|^/api/download/settings|^/api/sync/preview|^/api/sync/tasks$|^/api/sync/tasks/\{task_id\}$")


def test_fuzzed_requests_never_cause_a_500_and_errors_are_json(make_app, plextv, plex_sim, fake_platforms):
    app = make_app(plex_tv_url=plextv.url, plex_server_url=plex_sim.url, plex_token=plex_sim.token,
                   **fake_platforms.urls())
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if NOT_FUZZED.match(operation.path) and operation.method.upper() != "GET":
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=int(os.environ.get("PLEXM8_FUZZ_EXAMPLES", "25")), deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call()
            assert response.status_code != 500, (case.method, case.formatted_path, response.text)
            if response.status_code >= 400:
                assert set(response.json()) >= {"error", "message"}, (case.method, case.formatted_path)

        check()
        checked += 1
    assert checked >= 5
