"""Bad smart playlist input is a 422 naming the field, the bad value and what is allowed; Plex hears nothing."""
from __future__ import annotations

import pytest

GOOD = {"field": "userRating", "operator": ">=", "value": 8}

# (body changes, field named, words the message must hold)
CASES = [
    ({"rules": [{"field": "rating", "operator": ">", "value": 5}]}, "rules.0.field",
     ["'rating'", "userRating", "lastViewedAt"]),
    ({"rules": [GOOD, {"field": "genre", "operator": ">", "value": "Jazz"}]}, "rules.1.operator",
     ["'>'", "genre", "is, is_not"]),
    ({"rules": [{"field": "title", "operator": ">=", "value": "x"}]}, "rules.0.operator",
     ["'>='", "contains", "starts_with"]),
    ({"rules": [{"field": "addedAt", "operator": "=", "value": "2024-01-01"}]}, "rules.0.operator",
     ["before", "in_last"]),
    ({"rules": [{"field": "userRating", "operator": ">", "value": "8"}]}, "rules.0.value", ["number", "text"]),
    ({"rules": [{"field": "userRating", "operator": ">", "value": True}]}, "rules.0.value", ["number", "boolean"]),
    ({"rules": [{"field": "viewCount", "operator": ">", "value": [1, 2]}]}, "rules.0.value", ["number"]),
    ({"rules": [{"field": "userRating", "operator": ">", "value": 11}]}, "rules.0.value", ["0 to 10", "11"]),
    ({"rules": [{"field": "viewCount", "operator": "=", "value": 2.5}]}, "rules.0.value", ["whole number"]),
    ({"rules": [{"field": "duration", "operator": ">", "value": -1}]}, "rules.0.value", ["duration"]),
    ({"rules": [{"field": "title", "operator": "contains", "value": 5}]}, "rules.0.value", ["text", "number"]),
    ({"rules": [{"field": "artist", "operator": "is", "value": None}]}, "rules.0.value", ["text", "null"]),
    ({"rules": [{"field": "artist", "operator": "is", "value": "  "}]}, "rules.0.value", ["1 to 200"]),
    ({"rules": [{"field": "artist", "operator": "is", "value": "Earth, Wind & Fire"}]}, "rules.0.value",
     ["comma", "list"]),
    ({"rules": [{"field": "title", "operator": "is", "value": "=x"}]}, "rules.0.value", ["'='"]),
    ({"rules": [{"field": "genre", "operator": "is", "value": []}]}, "rules.0.value", ["1 to 20"]),
    ({"rules": [{"field": "addedAt", "operator": "before", "value": "last week"}]}, "rules.0.value",
     ["YYYY-MM-DD", "30d", "'last week'"]),
    ({"rules": [{"field": "addedAt", "operator": "before", "value": "2024-13-01"}]}, "rules.0.value",
     ["YYYY-MM-DD"]),
    ({"rules": [{"field": "lastViewedAt", "operator": "in_last", "value": "2024-01-01"}]}, "rules.0.value",
     ["relative", "'2024-01-01'", "m"]),
    ({"rules": [{"field": "lastViewedAt", "operator": "in_last", "value": "0d"}]}, "rules.0.value", ["at least 1"]),
    ({"rules": [{"field": "lastViewedAt", "operator": "in_last", "value": 30}]}, "rules.0.value", ["relative"]),
    ({"rules": [{"field": "genre", "operator": "is", "value": "Jazz", "extra": 1}]}, "rules.0.extra", ["Extra"]),
    ({"rules": [{"field": "genre", "value": "Jazz"}]}, "rules.0.operator", ["required"]),
    ({"rules": [GOOD] * 51}, "rules", ["50"]),
    ({"rules": "userRating>8"}, "rules", ["list"]),
    ({"match": "either"}, "match", ["'all'", "'any'"]),
    ({"sort": "genre:desc"}, "sort", ["'genre'", "userRating", "random"]),
    ({"sort": "userRating:down"}, "sort", ["asc or desc", "'down'"]),
    ({"sort": {"field": "year", "direction": "up"}}, "sort.direction", ["asc or desc"]),
    ({"sort": [{"field": "year"}, {"field": "mood"}]}, "sort.1.field", ["'mood'"]),
    ({"sort": 5}, "sort", ["field:direction"]),
    ({"limit": 0}, "limit", ["greater than or equal to 1"]),
    ({"limit": 10_001}, "limit", ["10000"]),
    ({"limit": "20"}, "limit", ["integer"]),
    ({"title": ""}, "title", ["at least 1"]),
    ({"title": "   "}, "title", ["blank"]),
    ({"title": "Two\nlines"}, "title", ["control characters"]),
    ({"rules": [{"field": "album", "operator": "is", "value": "A\tB"}]}, "rules.0.value", ["control characters"]),
    ({"owner": "me"}, "owner", ["Extra"]),
]


@pytest.mark.parametrize(("changes", "field", "words"), CASES, ids=[c[1] + ":" + str(i) for i, c in enumerate(CASES)])
def test_invalid_input_is_422_and_nothing_reaches_plex(plex_client, plex_sim, changes, field, words):
    body = {"title": "Bad", "rules": [GOOD], **changes}
    plex_sim.reset_counters()
    response = plex_client.post("/api/smart-playlists", json=body)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()
    assert error["field"] == field and error["error"] and error["message"].startswith(field)
    for word in words:
        assert word in error["message"], (word, error["message"])
    assert plex_sim.request_count == 0, plex_sim.requests
    assert plex_sim.library.playlists == {}


def test_an_unknown_tag_is_422_after_reading_the_choices_only(plex_client, plex_sim):
    plex_sim.reset_counters()
    response = plex_client.post("/api/smart-playlists", json={"title": "Bad", "rules": [
        GOOD, {"field": "mood", "operator": "is", "value": ["Calm", "Grumpy"]}]})
    assert response.status_code == 422
    error = response.get_json()
    assert error["field"] == "rules.1.value" and "'Grumpy'" in error["message"] and "Calm" in error["message"]
    assert [m for m, _ in plex_sim.requests if m != "GET"] == []
    assert plex_sim.library.playlists == {}


def test_malformed_json_is_400(plex_client, plex_sim):
    plex_sim.reset_counters()
    response = plex_client.post("/api/smart-playlists", data="{nope", content_type="application/json")
    assert response.status_code == 400 and plex_sim.request_count == 0
