"""The recommenders as pure functions: each named part of the metadata similarity, the ratings profile."""
from __future__ import annotations

import pytest
from plexm8.services.plex_service import TaggedTrack
from plexm8.services.recommend import build_catalog
from plexm8.services.recommend.ratings_profile import (
    build_profile,
    recommend_from_ratings,
)
from plexm8.services.recommend.similar import WEIGHTS, metadata_similarity, similar_to


def _tagged(rating_key: int, **changes) -> TaggedTrack:
    fields = {"rating_key": rating_key, "title": f"Song {rating_key}", "artist": f"Artist {rating_key}",
                  "album_artist": f"Artist {rating_key}", "album_artist_key": 1000 + rating_key, "album": f"Album {rating_key}",
                  "album_key": 2000 + rating_key, "year": None, "genres": (), "styles": (), "moods": (), "user_rating": None,
                  "view_count": 0, "analysed": False}
    return TaggedTrack(**{**fields, **changes})


def test_the_weights_sum_to_one():
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("shared, weight, reason", [
    ({"artist": "Ann Lee feat. Bo", "album_artist": "Ann Lee"}, WEIGHTS["artist"], "same artist"),
    ({"album_artist_key": 7}, WEIGHTS["album_artist"], "same album artist"),
    ({"album_key": 7}, WEIGHTS["album"], "same album"),
    ({"genres": ("Jazz",)}, WEIGHTS["genre"], "shares genre Jazz"),
    ({"styles": ("Bebop",)}, WEIGHTS["style"], "style Bebop"),
    ({"moods": ("Calm",)}, WEIGHTS["mood"], "mood Calm"),
    ({"year": 1994}, WEIGHTS["decade"], "1990s"),
])
def test_each_shared_attribute_adds_its_weight_and_names_itself(shared, weight, reason):
    seed, other = build_catalog([_tagged(1, **shared), _tagged(2, **shared)]).tracks.values()
    similarity = metadata_similarity(seed, other)
    assert similarity.score == pytest.approx(weight)
    assert similarity.parts[0] == reason


def test_partial_overlaps_and_neighbouring_decades_count_partly():
    seed, other = build_catalog([_tagged(1, genres=("Jazz", "Blues"), year=1994),
                                 _tagged(2, genres=("Jazz", "Rock"), year=2001)]).tracks.values()
    similarity = metadata_similarity(seed, other)
    assert similarity.score == pytest.approx(WEIGHTS["genre"] / 3 + WEIGHTS["decade"] * 0.4)
    assert similarity.parts == ("shares genre Jazz",)


def test_playlist_co_occurrence_ranks_a_stranger_and_says_so():
    tracks = [_tagged(1, genres=("Jazz",)), _tagged(2, genres=("Jazz",)), _tagged(3, genres=("Metal",)),
              _tagged(4, genres=("Metal",))]
    catalog = build_catalog(tracks, playlists=[[1, 3], [3, 1, 4]])
    ranked = similar_to(catalog, catalog.tracks[1], 5)
    assert [r.track.rating_key for r in ranked] == [3, 4, 2]  # two of your playlists outweigh one genre
    assert ranked[0].reason == "Often in your playlists with Song 1"


def test_profile_prefers_the_loved_artist_and_genre_and_never_returns_rated_tracks():
    loved = [_tagged(i, artist="Ann", album_artist="Ann", album_artist_key=1, album_key=10 + i % 3,
                     genres=("Jazz",)) for i in range(1, 10)]
    others = [_tagged(i, genres=("Metal",)) for i in range(20, 40)] + [_tagged(50, genres=("Jazz",))]
    catalog = build_catalog([*loved, *others])
    ratings = {1: 10.0, 2: 9.0, 3: 10.0, 20: 2.0, 21: 2.0}
    picks = recommend_from_ratings(catalog, build_profile(catalog, ratings, 8), 5)
    keys = [r.track.rating_key for r in picks]
    assert not set(keys) & set(ratings)
    assert [catalog.tracks[k].artist for k in keys[:2]] == ["Ann", "Ann"]  # two per artist, then other jazz
    assert keys[2] == 50 and picks[0].reason.startswith("Because you rated Ann highly")
    assert len({catalog.tracks[k].album_key for k in keys[:2]}) == 2


def test_no_liked_track_means_no_recommendation():
    catalog = build_catalog([_tagged(1), _tagged(2)])
    assert recommend_from_ratings(catalog, build_profile(catalog, {1: 4.0}, 8), 5) == []
