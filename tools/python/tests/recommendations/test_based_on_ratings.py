"""GET /api/recommendations/based-on-ratings against the simulator."""
from __future__ import annotations

from collections import Counter

import pytest

from tests.recommendations.conftest import clear_ratings, rating_key, song


def _genres(lib, track) -> list[str]:
    return lib.albums[track.album_key].genres


JAZZ_ARTISTS = ("Quiet Quartet", "Blue Trio")


@pytest.fixture
def jazz_lover(lib):
    """Every sample rating cleared; two jazz artists added (3 albums of 4 tracks each); the user rated each one's
    first album 9–10 and six tracks of the library's commonest other genre 2."""
    clear_ratings(lib)
    loved, added = [], []
    for number, artist in enumerate(JAZZ_ARTISTS):
        for album in range(3):
            for index in range(4):
                sonic = tuple(0.3 + 0.01 * ((number + album + index + dim) % 3) for dim in range(8))
                track = lib.add_track(f"{artist} tune {album}-{index}", artist, f"{artist} vol. {album + 1}",
                                      genres=["Jazz"], styles=["Bebop"], moods=["Calm"], year=1962, sonic=sonic)
                added.append(track)
                if album == 0:
                    lib.rate(track.rating_key, 10.0 if index % 2 == 0 else 9.0)
                    loved.append(track)
    others = Counter(g for t in lib.tracks.values() if "Jazz" not in _genres(lib, t) for g in _genres(lib, t))
    disliked = others.most_common(1)[0][0]
    hated = [t for t in lib.tracks.values() if disliked in _genres(lib, t) and "Jazz" not in _genres(lib, t)][:6]
    for track in hated:
        lib.rate(track.rating_key, 2.0)
    return loved, added, disliked


def _ask(client, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"/api/recommendations/based-on-ratings?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_recommends_unrated_tracks_that_fit_the_profile_with_reasons(plex_client, lib, jazz_lover):
    loved, _added, disliked = jazz_lover
    body = _ask(plex_client, min_rating=8, limit=10)
    items = body["recommendations"]
    assert body["based_on_rating"] == 8 and body["count"] == len(items) == 10 and body["message"] is None
    assert body["profile"]["liked_tracks"] == len(loved) and body["profile"]["top_genres"][0] == "Jazz"
    assert set(body["profile"]["top_artists"][:2]) == set(JAZZ_ARTISTS)
    rated = {t.rating_key for t in lib.tracks.values() if t.user_rating is not None}
    assert not rated & {rating_key(i) for i in items}
    assert len({song(i) for i in items}) == len(items)
    # the loved artists' unrated tracks come first (two each: the cap), then other jazz
    assert Counter(i["track"]["artist"] for i in items[:4]) == {artist: 2 for artist in JAZZ_ARTISTS}
    for item in items[:4]:
        assert item["reason"].startswith(f"Because you rated {item['track']['artist']} highly")
    assert all("Jazz" in _genres(lib, lib.tracks[rating_key(i)]) for i in items if "genre Jazz" in i["reason"])
    for item in items:  # the disliked genre only comes with the loved one
        genres = _genres(lib, lib.tracks[rating_key(item)])
        assert disliked not in genres or "Jazz" in genres
    scores = [i["matchScore"] for i in items]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_keeps_variety_at_most_two_per_artist_and_one_per_album(plex_client, lib, jazz_lover):
    items = _ask(plex_client, min_rating=8, limit=50)["recommendations"]
    assert len(items) > 10
    tracks = [lib.tracks[rating_key(i)] for i in items]
    assert max(Counter(t.album_key for t in tracks).values()) == 1
    per_artist = Counter(song(i)[1] for i in items)  # the first credited artist
    assert max(per_artist.values()) <= 2


def test_ratings_are_read_afresh_so_a_just_rated_track_is_not_recommended(plex_client, lib, plex_sim, jazz_lover):
    first = _ask(plex_client, min_rating=8, limit=5)["recommendations"]
    just_rated = rating_key(first[0])
    lib.rate(just_rated, 6.0)  # rating does not move updatedAt: only a fresh read can see it
    plex_sim.reset_counters()
    second = _ask(plex_client, min_rating=8, limit=5)["recommendations"]
    assert just_rated not in {rating_key(i) for i in second}
    paths = [path.split("?")[0] for _m, path in plex_sim.requests]
    assert paths[0] == "/library/sections/1/all" and len(paths) <= 4  # ratings, then up to 3 sonic seeds
    assert all(p.endswith("/nearest") for p in paths[1:])


def test_no_rating_high_enough_gives_an_empty_list_and_a_message(plex_client, lib):
    clear_ratings(lib)
    body = _ask(plex_client, min_rating=8, limit=10)
    assert body["count"] == 0 and body["recommendations"] == []
    assert "8/10" in body["message"] and body["profile"]["liked_tracks"] == 0


def test_min_rating_is_respected(plex_client, lib, jazz_lover):
    body = _ask(plex_client, min_rating=9.5, limit=10)
    assert body["based_on_rating"] == 9.5
    assert body["profile"]["liked_tracks"] == sum(1 for t in lib.tracks.values() if (t.user_rating or 0) >= 9.5)


def test_based_on_ratings_bad_parameters_and_plex_down(plex_client, plex_sim):
    for query in ("min_rating=11", "min_rating=-1", "min_rating=x", "limit=0", "limit=101"):
        response = plex_client.get(f"/api/recommendations/based-on-ratings?{query}")
        assert response.status_code == 400, query
    plex_sim.set_offline()
    response = plex_client.get("/api/recommendations/based-on-ratings")
    assert response.status_code == 503

