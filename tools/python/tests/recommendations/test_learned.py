"""based-on-ratings with the learned ranker: plays and skips count, the two intents, the fallback, freshness."""
from __future__ import annotations

import math
import random

import pytest
from plexm8.services.recommend import learned
from plexm8.services.recommend.catalog import CatalogTrack
from plexm8.services.recommend.ranker import DEFAULT_PARAMS
from plexm8.services.recommend.result import Recommendation

from tests.recommendations.conftest import clear_ratings, rating_key

DAY = 86_400
LOVED, SKIPPED = "Night Owls", "Noise Unit"


def _ask(client, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"/api/recommendations/based-on-ratings?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _forget_listening(lib) -> None:
    """No ratings, plays or skips anywhere: the library as a new user would have it."""
    clear_ratings(lib)
    for track in list(lib.tracks.values()):
        if track.view_count:
            lib.unscrobble(track.rating_key)
        if track.skip_count:
            lib.update_track(track.rating_key, bump_updated=False, skip_count=0)


@pytest.fixture
def listener(lib):
    """A user who rated and played one jazz band's first album a lot, left its second album unheard and played
    its third without rating it; who rated a metal band's first album 2 and skips it, its second unheard; who
    rated a few other tracks 5-6 and played some others twice; and whose first loved track was last played two
    years ago."""
    _forget_listening(lib)
    now = lib.now()
    made: dict[str, list] = {"loved": [], "unheard": [], "played": [], "hated": [], "hated_unheard": []}
    for album, role in enumerate(("loved", "unheard", "played")):
        for index in range(5):
            plays = {"loved": 10, "unheard": 0, "played": 6}[role]
            track = lib.add_track(f"Owl {album}-{index}", LOVED, f"Owls {album}", genres=["Jazz"], styles=["Cool"],
                                  moods=["Calm"], year=1961, view_count=plays,
                                  last_viewed_at=now - (index + 1) * DAY if plays else None,
                                  sonic=tuple(0.30 + 0.005 * ((album + index + d) % 3) for d in range(8)))
            made[role].append(track)
            if role == "loved":
                lib.rate(track.rating_key, 10.0 if index % 2 else 9.0)
    for album, role in enumerate(("hated", "hated_unheard")):
        for index in range(5):
            track = lib.add_track(f"Noise {album}-{index}", SKIPPED, f"Noise {album}", genres=["Metal"],
                                  moods=["Aggressive"], year=2011,
                                  sonic=tuple(0.80 - 0.005 * ((album + index + d) % 3) for d in range(8)))
            made[role].append(track)
            if role == "hated":
                lib.rate(track.rating_key, 2.0)
                for _ in range(4):
                    lib.skip(track.rating_key)
    others = sorted(t.rating_key for t in lib.tracks.values()
                    if lib.artists[t.artist_key].title not in (LOVED, SKIPPED))
    for number, key in enumerate(others[:12]):
        lib.rate(key, 5.0 if number % 2 else 6.0)
    for key in others[12:40:2]:  # heard a couple of times, never rated
        lib.scrobble(key)
        lib.scrobble(key)
    forgotten = made["loved"][0]
    lib.update_track(forgotten.rating_key, bump_updated=False, last_viewed_at=now - 730 * DAY)
    made["forgotten"] = [forgotten]
    return made


def _keys(tracks) -> set[int]:
    return {t.rating_key for t in tracks}


def test_discover_recommends_only_unheard_tracks_led_by_the_loved_band(plex_client, lib, listener):
    body = _ask(plex_client, min_rating=8, limit=10, mode="discover")
    items = body["recommendations"]
    assert body["count"] == len(items) == 10 and body["message"] is None
    assert all(lib.tracks[rating_key(i)].view_count == 0 for i in items)
    assert rating_key(items[0]) in _keys(listener["unheard"])  # one per album: the loved band's unheard album
    assert not {rating_key(i) for i in items} & _keys(listener["hated_unheard"])
    assert items[0]["reason"].startswith(f"Because you rated {LOVED} highly")
    assert "too little" not in items[0]["reason"]


def test_rediscover_brings_back_played_unrated_tracks_and_a_loved_one_not_played_for_years(plex_client, lib,
                                                                                           listener):
    items = _ask(plex_client, min_rating=8, limit=20, mode="rediscover")["recommendations"]
    keys = {rating_key(i) for i in items}
    assert keys & _keys(listener["played"]) and keys & _keys(listener["forgotten"])
    recent_loved = _keys(listener["loved"]) - _keys(listener["forgotten"])
    assert not keys & recent_loved  # rated and played lately: nothing to rediscover
    for item in items:
        track = lib.tracks[rating_key(item)]
        assert track.view_count > 0
        assert track.user_rating is None or track.rating_key in _keys(listener["forgotten"])
    played = next(i for i in items if rating_key(i) in _keys(listener["played"]))
    assert "you have played it 6 times, never skipped" in played["reason"].lower() or LOVED in played["reason"]


def test_the_default_mixes_both_intents_and_never_returns_rated_tracks(plex_client, lib, listener):
    limit = 12
    items = _ask(plex_client, min_rating=8, limit=limit)["recommendations"]
    tracks = [lib.tracks[rating_key(i)] for i in items]
    assert len(tracks) == limit and all(t.user_rating is None for t in tracks)
    heard = sum(1 for t in tracks if t.view_count)
    share = math.ceil(limit * DEFAULT_PARAMS.mix_share)
    assert share <= heard <= limit - share
    assert not _keys(tracks) & _keys(listener["hated_unheard"])  # the skipped band's sound and artist count against
    scores = [i["matchScore"] for i in items]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_new_plays_are_read_afresh_in_the_same_one_request(plex_client, lib, plex_sim, listener):
    first = _ask(plex_client, min_rating=8, limit=10, mode="discover")["recommendations"]
    plex_sim.reset_counters()
    again = _ask(plex_client, min_rating=8, limit=10, mode="discover")["recommendations"]
    assert again == first and plex_sim.request_count == 1  # ratings and new plays: one listing, model reused
    just_played = rating_key(first[0])
    lib.scrobble(just_played)  # plays move neither updatedAt nor the 10-minute snapshot
    plex_sim.reset_counters()
    after = _ask(plex_client, min_rating=8, limit=10, mode="discover")["recommendations"]
    assert just_played not in {rating_key(i) for i in after}
    assert plex_sim.request_count == 1


def test_too_little_history_falls_back_to_the_rating_profile_and_says_so(plex_client, lib):
    _forget_listening(lib)
    jazz = [lib.add_track(f"Tune {n}", LOVED, f"Owls {n // 4}", genres=["Jazz"], year=1961) for n in range(8)]
    lib.rate(jazz[0].rating_key, 10.0)
    lib.rate(jazz[1].rating_key, 9.0)
    items = _ask(plex_client, min_rating=8, limit=5)["recommendations"]
    assert items and all("too little listening history" in i["reason"] for i in items)
    assert items[0]["track"]["artist"] == LOVED


def test_a_bad_mode_is_a_400_naming_it(plex_client):
    response = plex_client.get("/api/recommendations/based-on-ratings?mode=surprise")
    assert response.status_code == 400 and "mode" in response.get_data(as_text=True)


def test_a_playlist_can_be_made_from_one_intent(plex_client, lib, listener):
    response = plex_client.post("/api/recommendations/playlist",
                                json={"source": "based-on-ratings", "title": "New to me", "limit": 5,
                                      "mode": "discover"})
    assert response.status_code == 201, response.get_json()
    playlist = lib.playlists[int(response.get_json()["playlist"]["ratingKey"])]
    assert len(playlist.items) == 5 and all(lib.tracks[k].view_count == 0 for _i, k in playlist.items)


def test_a_user_who_loves_what_many_people_play_is_offered_widely_played_discoveries(plex_client, lib):
    _forget_listening(lib)
    rng = random.Random(7)
    tracks = sorted(lib.tracks.values(), key=lambda t: t.rating_key)
    for track in tracks:  # listener counts unrelated to artist, genre or sound
        lib.update_track(track.rating_key, rating_count=round(10 ** rng.uniform(2, 6)))
    rated = rng.sample(tracks, 120)
    for track in rated:  # what this user loves is what many people play, whatever its artist or genre
        lib.rate(track.rating_key, 10.0 if track.rating_count > 10 ** 4 else 3.0)
    items = _ask(plex_client, min_rating=8, limit=10, mode="discover")["recommendations"]
    offered = [lib.tracks[rating_key(i)].rating_count for i in items]
    unheard = sorted(t.rating_count for t in tracks if t.user_rating is None)
    assert len(items) == 10 and min(offered) > unheard[len(unheard) // 2]  # every one above the median
    assert any("Last.fm listeners" in i["reason"] for i in items)


def test_the_mix_guarantees_each_intent_its_share_and_no_more(plex_app, lib):
    runtime = plex_app.extensions["plexm8"]
    catalog = runtime.catalogs.get(runtime.servers.resolve().service)
    by_album: dict[int | None, CatalogTrack] = {}
    for track in sorted(catalog.tracks.values(), key=lambda t: t.rating_key):
        by_album.setdefault(track.album_key, track)  # one track per album: the album cap never bites
    ones = list(by_album.values())[:24]
    assert len(ones) == 24
    played = [Recommendation(t, 1.0 - n / 100, "") for n, t in enumerate(ones[:12])]
    unheard = [Recommendation(t, 0.5 - n / 100, "") for n, t in enumerate(ones[12:])]  # all ranked below
    discover = {r.track.rating_key for r in unheard}
    chosen = learned._mix(played + unheard, discover, 10, [], None, 1, 0.2)
    assert [r.track.rating_key for r in chosen] == [r.track.rating_key for r in played[:8] + unheard[:2]]
