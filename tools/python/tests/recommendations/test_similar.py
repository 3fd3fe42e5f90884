"""GET /api/recommendations/similar against the simulator through the real plexapi client."""
from __future__ import annotations

from tests.recommendations.conftest import (
    MAX_DISTANCE,
    analysed_seed,
    rating_key,
    song,
    unanalysed_seed,
)


def _similar(client, key, limit=10):
    response = client.get(f"/api/recommendations/similar?track_key={key}&limit={limit}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_analysed_seed_gets_plex_sonic_neighbours_without_the_seed_or_duplicates(plex_client, lib, plex_server):
    seed = analysed_seed(lib, minimum=12)
    body = _similar(plex_client, f"/library/metadata/{seed.rating_key}", limit=10)
    items = body["recommendations"]

    nearest = plex_server.fetchItem(seed.rating_key).sonicallySimilar(limit=100, maxDistance=MAX_DISTANCE)
    distance = {int(t.ratingKey): float(t._data.attrib["distance"]) for t in nearest}
    assert body["method"] == "sonic" and body["count"] == len(items) == 10
    assert body["seed"]["ratingKey"] == str(seed.rating_key)
    assert all(rating_key(i) in distance for i in items)
    assert seed.rating_key not in {rating_key(i) for i in items}
    assert len({rating_key(i) for i in items}) == len(items)
    assert len({song(i) for i in items}) == len(items)
    assert song(body["seed"]) not in {song(i) for i in items}
    for item in items:
        assert item["matchScore"] == round(1 - distance[rating_key(item)], 3)
        assert item["reason"].startswith("Sonically similar")
        assert item["track"]["key"] == f"/library/metadata/{item['track']['ratingKey']}"
    scores = [i["matchScore"] for i in items]
    assert scores == sorted(scores, reverse=True)


def test_a_warm_similar_call_costs_one_plex_request_and_the_catalog_few(plex_client, lib, plex_sim):
    first, second = analysed_seed(lib, 5), max(t for t in lib.tracks if lib.tracks[t].sonic is not None)
    plex_sim.reset_counters()
    _similar(plex_client, first.rating_key)
    cold = plex_sim.request_count
    assert cold <= 8, plex_sim.requests  # connect (3), tracks, albums, artists, playlists, nearest
    plex_sim.reset_counters()
    _similar(plex_client, second)
    assert [path.split("?")[0] for _m, path in plex_sim.requests] == [f"/library/metadata/{second}/nearest"]
    plex_sim.reset_counters()
    _similar(plex_client, unanalysed_seed(lib).rating_key)
    assert plex_sim.request_count == 0


def test_unanalysed_seed_falls_back_to_metadata_with_same_artist_first(plex_client, lib):
    seed = unanalysed_seed(lib)
    body = _similar(plex_client, seed.rating_key, limit=20)
    items = body["recommendations"]
    assert body["method"] == "metadata" and items
    same_artist = {t.rating_key for t in lib.artist_tracks(seed.artist_key)} - {seed.rating_key}
    leading = [rating_key(i) in same_artist for i in items]
    # every same-artist track that made the list comes before any other artist's track
    assert leading == sorted(leading, reverse=True) and leading[0]
    assert seed.rating_key not in {rating_key(i) for i in items}
    assert len({song(i) for i in items}) == len(items)
    album = lib.albums[seed.album_key]
    for item in items:
        track = lib.tracks[rating_key(item)]
        if rating_key(item) in same_artist:
            assert item["reason"].startswith("Same artist")
        other_album = lib.albums[track.album_key]
        for genre in album.genres:
            if f"genre {genre}" in item["reason"] or f"genres {genre}" in item["reason"]:
                assert genre in other_album.genres
        if f"{album.year // 10 * 10}s" in item["reason"]:
            assert track.year // 10 == seed.year // 10
        assert 0 < item["matchScore"] <= 1


def test_analysed_seed_with_few_neighbours_is_topped_up_by_metadata_below_them(plex_client, lib):
    odd = (0.99, 0.01, 0.99, 0.01, 0.99, 0.01, 0.99, 0.01)
    seed = lib.add_track("Odd One", "Lone Theremin", "Far Away", genres=["Jazz"], year=1995, sonic=odd)
    twin = lib.add_track("Odd Two", "Other Theremin", "Near By", genres=["Jazz"], year=1995,
                         sonic=tuple(v - 0.01 if v > 0.5 else v + 0.01 for v in odd))
    lib.add_track("Odd Three", "Lone Theremin", "Far Away", genres=["Jazz"], year=1995)
    body = _similar(plex_client, seed.rating_key, limit=6)
    items = body["recommendations"]
    assert body["method"] == "sonic+metadata" and len(items) == 6
    assert rating_key(items[0]) == twin.rating_key and items[0]["reason"].startswith("Sonically similar")
    assert all(not i["reason"].startswith("Sonically") for i in items[1:])
    assert all(i["matchScore"] <= items[0]["matchScore"] for i in items[1:])
    assert items[1]["track"]["title"] == "Odd Three" and items[1]["reason"].startswith("Same artist")


def test_tracks_often_in_the_users_playlists_with_the_seed_are_recommended(plex_client, lib):
    seed = unanalysed_seed(lib)
    seed_genres = set(lib.albums[seed.album_key].genres)
    stranger = next(t for t in lib.tracks.values() if t.artist_key != seed.artist_key
                    and not seed_genres & set(lib.albums[t.album_key].genres))
    filler = [t.rating_key for t in list(lib.tracks.values())[:8]]
    lib.create_playlist("Road trip", [seed.rating_key, stranger.rating_key, *filler])
    lib.create_playlist("Sunday", [stranger.rating_key, seed.rating_key])
    items = _similar(plex_client, seed.rating_key, limit=100)["recommendations"]
    found = next(i for i in items if rating_key(i) == stranger.rating_key)
    assert found["reason"].startswith(f"Often in your playlists with {seed.title}")


def test_a_track_added_after_the_catalog_was_read_can_be_a_seed(plex_client, lib):
    _similar(plex_client, unanalysed_seed(lib).rating_key)
    fresh = lib.add_track("Brand New", "Newcomer", "Debut", genres=["Jazz"], year=2024)
    body = _similar(plex_client, fresh.rating_key)
    assert body["seed"]["title"] == "Brand New"
    assert all("Jazz" in lib.albums[lib.tracks[rating_key(i)].album_key].genres for i in body["recommendations"])


def test_similar_errors(plex_client, lib, plex_sim):
    unknown = plex_client.get("/api/recommendations/similar?track_key=999999")
    assert unknown.status_code == 404 and "999999" in unknown.get_json()["message"]
    bad = plex_client.get("/api/recommendations/similar?track_key=abc")
    assert bad.status_code == 422 and bad.get_json()["field"] == "track_key"
    album = plex_client.get(f"/api/recommendations/similar?track_key={next(iter(lib.albums))}")
    assert album.status_code == 422 and album.get_json()["field"] == "track_key"
    for limit in (0, 101, "x"):
        assert plex_client.get(f"/api/recommendations/similar?track_key=1&limit={limit}").status_code == 400
    assert plex_client.get("/api/recommendations/similar").status_code == 400
    plex_sim.set_offline()
    offline = plex_client.get(f"/api/recommendations/similar?track_key={analysed_seed(lib, 3).rating_key}")
    assert offline.status_code == 503 and offline.get_json()["error"] == "Plex unavailable"


def test_similar_without_a_plex_server_is_503(client):
    response = client.get("/api/recommendations/similar?track_key=1")
    assert response.status_code == 503 and response.get_json()["error"] == "Plex not configured"


def test_a_seed_deleted_after_the_catalog_was_read_is_404(plex_client, lib):
    seed = analysed_seed(lib, 3)
    _similar(plex_client, unanalysed_seed(lib).rating_key)  # the catalog now holds the seed
    lib.remove_track(seed.rating_key)
    response = plex_client.get(f"/api/recommendations/similar?track_key={seed.rating_key}")
    assert response.status_code == 404 and str(seed.rating_key) in response.get_json()["message"]
