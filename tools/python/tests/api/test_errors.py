"""Every error is JSON of the shape {error, message}, never HTML or a traceback."""
from __future__ import annotations


def _is_json_error(response) -> bool:
    body = response.get_json(silent=True)
    return response.is_json and isinstance(body, dict) and set(body) >= {"error", "message"}


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/does-not-exist")
    assert response.status_code == 404
    assert _is_json_error(response)


def test_unknown_page_is_json_404(client):
    response = client.get("/nothing-here.html")
    assert response.status_code == 404 and _is_json_error(response)


def test_wrong_method_is_json_405_with_allow(client):
    response = client.delete("/api/health")
    assert response.status_code == 405
    assert _is_json_error(response)
    assert "GET" in response.headers["Allow"]


def test_malformed_json_is_400(client):
    response = client.post("/api/settings/servers", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert _is_json_error(response)


def test_json_that_is_not_an_object_is_422(client):
    response = client.post("/api/settings/servers", json=[1, 2])
    assert response.status_code == 422 and _is_json_error(response)


def test_unexpected_exception_is_json_500_without_traceback(app):
    @app.get("/api/_boom")
    def boom():
        raise RuntimeError("secret internals at line 42")

    response = app.test_client().get("/api/_boom")
    assert response.status_code == 500
    assert _is_json_error(response)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret internals" not in text
