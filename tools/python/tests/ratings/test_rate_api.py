"""POST /api/ratings/rate and GET /api/ratings/top-rated against the simulator."""
from __future__ import annotations

import pytest


def _track(plex_sim, index=0):
    return sorted(plex_sim.library.tracks.values(), key=lambda t: t.rating_key)[index]


@pytest.mark.parametrize("rating, stored, message", [
    (8, 8.0, "Track rated: 8/10"),
    (7.5, 7.5, "Track rated: 7.5/10"),
    (0, 0.0, "Track rated: 0/10"),
    (10, 10.0, "Track rated: 10/10"),
])
def test_rate_sets_the_rating_in_plex(plex_client, plex_sim, rating, stored, message):
    track = _track(plex_sim)
    response = plex_client.post("/api/ratings/rate",
                                json={"track_key": f"/library/metadata/{track.rating_key}", "rating": rating})
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"success": True, "message": message,
                                   "track_key": f"/library/metadata/{track.rating_key}", "rating": stored}
    assert plex_sim.library.tracks[track.rating_key].user_rating == stored


@pytest.mark.parametrize("clear", [None, -1])
def test_null_or_minus_one_clears(plex_client, plex_sim, clear):
    track = _track(plex_sim, 1)
    plex_sim.library.rate(track.rating_key, 6)
    response = plex_client.post("/api/ratings/rate", json={"track_key": str(track.rating_key), "rating": clear})
    assert response.status_code == 200
    assert response.get_json()["message"] == "Rating cleared" and response.get_json()["rating"] is None
    assert plex_sim.library.tracks[track.rating_key].user_rating is None


@pytest.mark.parametrize("rating", [7.3, 11, -0.5, -2, 10.5, "8", True, [8], {"v": 8}])
def test_invalid_ratings_are_422_and_nothing_reaches_plex(plex_client, plex_sim, rating):
    track = _track(plex_sim)
    before = track.user_rating
    plex_sim.reset_counters()
    response = plex_client.post("/api/ratings/rate", json={"track_key": track.rating_key, "rating": rating})
    assert response.status_code == 422
    assert response.get_json()["field"] == "rating"
    assert plex_sim.request_count == 0
    assert plex_sim.library.tracks[track.rating_key].user_rating == before


def test_missing_rating_or_bad_key_is_422(plex_client, plex_sim):
    plex_sim.reset_counters()
    missing = plex_client.post("/api/ratings/rate", json={"track_key": "1"})
    assert missing.status_code == 422 and missing.get_json()["field"] == "rating"
    bad_key = plex_client.post("/api/ratings/rate", json={"track_key": "/library/sections/1", "rating": 4})
    assert bad_key.status_code == 422 and bad_key.get_json()["field"] == "track_key"
    assert plex_sim.request_count == 0


def test_unknown_track_is_404_and_nothing_is_written(plex_client, plex_sim):
    plex_sim.reset_counters()
    response = plex_client.post("/api/ratings/rate", json={"track_key": "/library/metadata/987654", "rating": 4})
    assert response.status_code == 404
    assert not [r for r in plex_sim.requests if r[0] == "PUT"]


def test_an_album_is_not_a_track(plex_client, plex_sim):
    album_key = next(iter(plex_sim.library.albums))
    response = plex_client.post("/api/ratings/rate", json={"track_key": album_key, "rating": 4})
    assert response.status_code == 404
    assert not [r for r in plex_sim.requests if r[0] == "PUT"]


def test_plex_down_is_503(plex_client, plex_sim):
    track = _track(plex_sim)
    plex_sim.set_offline(True)
    try:
        response = plex_client.post("/api/ratings/rate", json={"track_key": track.rating_key, "rating": 4})
        top = plex_client.get("/api/ratings/top-rated")
    finally:
        plex_sim.set_offline(False)
    assert response.status_code == 503 and top.status_code == 503


def test_no_plex_configured_is_503(client):
    assert client.post("/api/ratings/rate", json={"track_key": 1, "rating": 4}).status_code == 503


def _expected_top(plex_sim, min_rating):
    rated = [t for t in plex_sim.library.tracks.values() if t.user_rating is not None and t.user_rating >= min_rating]
    return sorted(rated, key=lambda t: -t.user_rating)


@pytest.mark.parametrize("min_rating", [7, 7.5, 9, 0])
def test_top_rated_is_highest_first_from_one_listing(plex_client, plex_sim, min_rating):
    tracks = sorted(plex_sim.library.tracks.values(), key=lambda t: t.rating_key)
    plex_sim.library.rate(tracks[0].rating_key, 7.5)  # a half value between the sample's whole ones
    plex_sim.library.rate(tracks[1].rating_key, 6.5)
    plex_client.get("/api/ratings/top-rated?limit=1")  # connect first; count only the real work below
    plex_sim.reset_counters()
    response = plex_client.get(f"/api/ratings/top-rated?min_rating={min_rating}&limit=1000")
    assert response.status_code == 200
    body = response.get_json()
    expected = _expected_top(plex_sim, min_rating)
    assert body["count"] == len(expected) == len(body["tracks"]) and body["min_rating"] == min_rating
    ratings = [t["userRating"] for t in body["tracks"]]
    assert ratings == sorted(ratings, reverse=True) == [t.user_rating for t in expected]
    assert all(r >= min_rating for r in ratings)
    assert plex_sim.request_count == 1
    first = body["tracks"][0]
    sim_track = plex_sim.library.tracks[int(first["ratingKey"])]
    assert first["key"] == f"/library/metadata/{sim_track.rating_key}" and first["title"] == sim_track.title
    assert set(first) == {"key", "ratingKey", "title", "artist", "album", "userRating", "thumb"}


def test_top_rated_limit(plex_client, plex_sim):
    body = plex_client.get("/api/ratings/top-rated?min_rating=2&limit=3").get_json()
    assert body["count"] == 3
    assert [t["userRating"] for t in body["tracks"]] == [t.user_rating for t in _expected_top(plex_sim, 2)[:3]]


def test_top_rated_sees_a_rating_just_made(plex_client, plex_sim):
    track = _track(plex_sim, 5)
    plex_client.post("/api/ratings/rate", json={"track_key": track.rating_key, "rating": 10})
    keys = [t["ratingKey"] for t in plex_client.get("/api/ratings/top-rated?min_rating=10").get_json()["tracks"]]
    assert str(track.rating_key) in keys


@pytest.mark.parametrize("query", ["min_rating=11", "min_rating=-1", "min_rating=x", "limit=0", "limit=5000"])
def test_bad_top_rated_query_is_400(plex_client, query):
    response = plex_client.get(f"/api/ratings/top-rated?{query}")
    assert response.status_code == 400


def test_health_lists_the_ratings_features(client):
    features = client.get("/api/health").get_json()["features"]
    assert "ratings" in features and "ratings-sync" in features


def test_the_openapi_document_describes_the_ratings_routes(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"/api/ratings/rate", "/api/ratings/top-rated", "/api/ratings/sync"} <= set(paths)
    sync = paths["/api/ratings/sync"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(sync)
