"""POST /api/recommendations/playlist: a Plex playlist of recommendations, checked in the simulator's state."""
from __future__ import annotations

from tests.recommendations.conftest import (
    analysed_seed,
    clear_ratings,
    rating_key,
    unanalysed_seed,
)


def _writes(plex_sim) -> list[tuple[str, str]]:
    return [(m, p) for m, p in plex_sim.requests if m in ("POST", "PUT", "DELETE")]


def _playlist(lib, title):
    return next((p for p in lib.playlists.values() if p.title == title), None)


def test_similar_playlist_is_created_in_one_request_with_the_tracks_in_order(plex_client, lib, plex_sim):
    seed = analysed_seed(lib, 8)
    plex_sim.reset_counters()
    response = plex_client.post("/api/recommendations/playlist",
                                json={"source": "similar", "track_key": f"/library/metadata/{seed.rating_key}",
                                      "title": "Like this one", "limit": 8})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    created = _playlist(lib, "Like this one")
    assert created is not None and not created.smart
    assert [rk for _item, rk in created.items] == [rating_key(i) for i in body["recommendations"]]
    assert body["success"] is True
    assert body["playlist"] == {"key": f"/playlists/{created.rating_key}", "ratingKey": str(created.rating_key),
                                "title": "Like this one", "type": "audio", "itemCount": 8}
    assert [m for m, _p in _writes(plex_sim)] == ["POST"]


def test_based_on_ratings_playlist(plex_client, lib):
    response = plex_client.post("/api/recommendations/playlist",
                                json={"source": "based-on-ratings", "title": "For me", "limit": 12, "min_rating": 7})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    created = _playlist(lib, "For me")
    assert len(created.items) == body["playlist"]["itemCount"] == len(body["recommendations"]) > 0
    assert all(lib.tracks[rk].user_rating is None for _item, rk in created.items)


def test_similar_without_track_key_is_422_and_asks_plex_nothing(plex_client, plex_sim):
    plex_sim.reset_counters()
    for body in ({"source": "similar", "title": "x"}, {"source": "similar", "title": "x", "track_key": " "}):
        response = plex_client.post("/api/recommendations/playlist", json=body)
        assert response.status_code == 422 and response.get_json()["field"] == "track_key"
    bad = plex_client.post("/api/recommendations/playlist", json={"source": "similar", "title": "x", "track_key": "a"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "track_key"
    blank = plex_client.post("/api/recommendations/playlist", json={"source": "based-on-ratings", "title": "  "})
    assert blank.status_code == 422 and blank.get_json()["field"] == "title"
    for body, field in (({"source": "nope", "title": "x"}, "source"), ({"source": "similar"}, "title"),
                        ({"source": "based-on-ratings", "title": "x", "limit": 0}, "limit"),
                        ({"source": "based-on-ratings", "title": "x", "extra": 1}, "extra")):
        response = plex_client.post("/api/recommendations/playlist", json=body)
        assert response.status_code == 422 and response.get_json()["field"] == field
    assert plex_sim.request_count == 0


def test_nothing_to_recommend_is_422_and_creates_no_playlist(plex_client, lib, plex_sim):
    clear_ratings(lib)
    before = set(lib.playlists)
    response = plex_client.post("/api/recommendations/playlist", json={"source": "based-on-ratings", "title": "Empty"})
    assert response.status_code == 422 and "no playlist was created" in response.get_json()["message"]
    assert set(lib.playlists) == before and not _writes(plex_sim)


def test_unknown_seed_is_404_and_a_taken_title_409_without_a_new_playlist(plex_client, lib, plex_sim):
    lib.create_playlist("Taken", [next(iter(lib.tracks))])
    before = set(lib.playlists)
    missing = plex_client.post("/api/recommendations/playlist",
                               json={"source": "similar", "track_key": 999999, "title": "New"})
    assert missing.status_code == 404
    taken = plex_client.post("/api/recommendations/playlist",
                             json={"source": "similar", "track_key": unanalysed_seed(lib).rating_key, "title": "Taken"})
    assert taken.status_code == 409 and "Taken" in taken.get_json()["message"]
    assert set(lib.playlists) == before and not _writes(plex_sim)


def test_playlist_with_plex_down_is_503(plex_client, plex_sim):
    plex_sim.set_offline()
    response = plex_client.post("/api/recommendations/playlist", json={"source": "based-on-ratings", "title": "x"})
    assert response.status_code == 503
