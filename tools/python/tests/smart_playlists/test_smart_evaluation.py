"""Done when: a smart playlist made through the API lists the tracks Plex's own filter would give.

Each case creates the playlist through the API, lists its items with the real plexapi client from the
simulator (which evaluates the filter Plex stores), and compares them with the tracks the test itself
selects from the library data (tests/smart_playlists/conftest.py: rule_holds).
"""
from __future__ import annotations

from typing import Any

import pytest

from .conftest import expected_keys, track_value

CASES: dict[str, tuple[list[dict[str, Any]], str]] = {
    "rating at least 8 and not pop": ([
        {"field": "userRating", "operator": ">=", "value": 8},
        {"field": "genre", "operator": "is_not", "value": "Pop"},
    ], "all"),
    "calm mood or played more than 20 times": ([
        {"field": "mood", "operator": "is", "value": "Calm"},
        {"field": "viewCount", "operator": ">", "value": 20},
    ], "any"),
    "jazz or rock, played in the last 2 years": ([
        {"field": "genre", "operator": "is", "value": ["Jazz", "rock"]},
        {"field": "lastViewedAt", "operator": "in_last", "value": "2y"},
    ], "all"),
    "not played in the last 6 months, added before 2023": ([
        {"field": "lastViewedAt", "operator": "not_in_last", "value": "6m"},
        {"field": "addedAt", "operator": "before", "value": "2023-01-01"},
    ], "all"),
    "added after mid 2023 or rated in the last 8 weeks": ([
        {"field": "addedAt", "operator": "after", "value": "2023-06-15T12:00:00Z"},
        {"field": "lastRatedAt", "operator": "in_last", "value": "8w"},
    ], "any"),
    "the 2000s, long tracks": ([
        {"field": "year", "operator": ">=", "value": 2000},
        {"field": "year", "operator": "<", "value": 2010},
        {"field": "duration", "operator": ">", "value": 240},
    ], "all"),
    "seventies or short": ([
        {"field": "decade", "operator": "=", "value": 1970},
        {"field": "duration", "operator": "<=", "value": 150.5},
    ], "any"),
    "rating is not 10 (unrated tracks count), at most 3 plays": ([
        {"field": "userRating", "operator": "!=", "value": 10},
        {"field": "viewCount", "operator": "<=", "value": 3},
        {"field": "year", "operator": "!=", "value": 1978},
    ], "all"),
    "text operators": ([
        {"field": "title", "operator": "contains", "value": ["love", "night", "the"]},
        {"field": "artist", "operator": "not_contains", "value": "a"},
        {"field": "album", "operator": "starts_with", "value": ["t", "s", "m"]},
    ], "any"),
    "ends with, is not, style": ([
        {"field": "title", "operator": "ends_with", "value": "e"},
        {"field": "album", "operator": "is_not", "value": "Blue"},
        {"field": "style", "operator": "is_not", "value": "Film Score"},
    ], "all"),
}


def _items(plex_server, playlist_id: int) -> list[int]:
    playlist = plex_server.fetchItem(f"/playlists/{playlist_id}")
    return [item.ratingKey for item in playlist.items()]


def _create(client, title: str, **body) -> dict:
    response = client.post("/api/smart-playlists", json={"title": title, **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["smart_playlist"]


@pytest.mark.parametrize("name", list(CASES))
def test_smart_playlist_lists_what_the_rules_select(plex_client, plex_server, plex_sim, name):
    rules, match = CASES[name]
    lib = plex_sim.library
    expected = expected_keys(lib, rules, match)
    assert 0 < len(expected) < len(lib.tracks), "the case should select some tracks, not none or all"

    created = _create(plex_client, name, rules=rules, match=match)
    keys = _items(plex_server, created["id"])

    assert sorted(keys) == sorted(expected)
    assert len(keys) == len(set(keys))
    assert created["leafCount"] == len(expected)
    fetched = plex_client.get(f"/api/smart-playlists/{created['id']}").get_json()["smart_playlist"]
    assert fetched["leafCount"] == len(expected)


def test_one_rule_and_a_substring_taken_from_the_library(plex_client, plex_server, plex_sim):
    lib = plex_sim.library
    some_track = sorted(lib.tracks.values(), key=lambda t: t.rating_key)[17]
    rules = [{"field": "title", "operator": "is", "value": some_track.title.upper()}]
    created = _create(plex_client, "exact title", rules=rules)
    assert set(_items(plex_server, created["id"])) == expected_keys(lib, rules) >= {some_track.rating_key}


@pytest.mark.parametrize(("sort", "field", "descending"), [
    ({"field": "userRating", "direction": "desc"}, "userRating", True),
    ("duration:asc", "duration", False),
    ("addedAt", "addedAt", True),  # dates sort newest first unless told otherwise
    ([{"field": "viewCount", "direction": "desc"}], "viewCount", True),
])
def test_sort_and_limit_keep_the_first_tracks_in_that_order(plex_client, plex_server, plex_sim, sort, field,
                                                             descending):
    lib = plex_sim.library
    rules = [{"field": "viewCount", "operator": ">=", "value": 1}]
    matching = expected_keys(lib, rules)
    limit = 12
    assert len(matching) > limit

    created = _create(plex_client, f"top {field}", rules=rules, sort=sort, limit=limit)
    keys = _items(plex_server, created["id"])

    assert len(keys) == limit and set(keys) <= matching
    values = [track_value(lib, lib.tracks[k], field) or 0 for k in keys]
    assert values == sorted(values, reverse=descending)
    # nothing left out ranks before the last track kept
    last = values[-1]
    for key in matching - set(keys):
        other = track_value(lib, lib.tracks[key], field) or 0
        assert (other <= last) if descending else (other >= last)
    assert created["sort"][0] == {"field": field, "direction": "desc" if descending else "asc"}
    assert created["limit"] == limit


def test_no_rules_with_a_limit_is_the_most_recently_added(plex_client, plex_server, plex_sim):
    lib = plex_sim.library
    created = _create(plex_client, "recently added", rules=[], sort="addedAt:desc", limit=5)
    keys = _items(plex_server, created["id"])
    newest = sorted((t.added_at for t in lib.tracks.values()), reverse=True)[:5]
    assert [lib.tracks[k].added_at for k in keys] == newest
    assert created["rules"] == [] and created["rules_readable"] is True


def test_a_new_matching_track_joins_the_playlist_by_itself(plex_client, plex_server, plex_sim):
    lib = plex_sim.library
    rules = [{"field": "genre", "operator": "is", "value": "Jazz"},
             {"field": "userRating", "operator": ">=", "value": 9}]
    created = _create(plex_client, "best jazz", rules=rules)
    before = set(_items(plex_server, created["id"]))
    assert before == expected_keys(lib, rules)

    new = lib.add_track("Blue in Green (Take 3)", "Miles Ahead Quartet", "Kind of Late", genres=["Jazz"],
                        user_rating=10, duration_ms=337_000)
    ignored = lib.add_track("Not Jazz", "Someone Else", "Other Album", genres=["Rock"], user_rating=10)

    after = set(_items(plex_server, created["id"]))
    assert after == before | {new.rating_key}
    assert ignored.rating_key not in after
    fetched = plex_client.get(f"/api/smart-playlists/{created['id']}").get_json()["smart_playlist"]
    assert fetched["leafCount"] == len(before) + 1


@pytest.mark.parametrize("name", ["rating at least 8 and not pop", "calm mood or played more than 20 times", "the 2000s, long tracks"])
def test_preview_counts_what_the_rules_would_select_and_creates_nothing(plex_client, plex_sim, name):
    rules, match = CASES[name]
    expected = expected_keys(plex_sim.library, rules, match)
    playlists_before = plex_client.get("/api/smart-playlists").get_json()["count"]
    answer = plex_client.post("/api/smart-playlists/preview", json={"rules": rules, "match": match})
    assert answer.status_code == 200 and answer.get_json() == {"count": len(expected)}
    limited = plex_client.post("/api/smart-playlists/preview", json={"rules": rules, "match": match, "limit": 3})
    assert limited.get_json() == {"count": min(3, len(expected))}
    assert plex_client.get("/api/smart-playlists").get_json()["count"] == playlists_before


def test_preview_rejects_bad_rules_naming_them(plex_client):
    answer = plex_client.post("/api/smart-playlists/preview",
                              json={"rules": [{"field": "userRating", "operator": "contains", "value": 3}]})
    assert answer.status_code == 422 and "rules.0" in answer.get_json()["message"]
