"""The sample library: deterministic, realistic generator and the Library's mutation methods."""
from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter

import pytest
from plexm8.devtools.sample_library import Library, generate_library

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA = re.compile(r"[\u3040-\u30ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_ONLY = set("陳張後風夢時間遠愛憶蘇綠鄧麗孫燕靜劉楊黃趙吳孫馬羅偉靜麗強艷傑濤純樂倫憶")
SIMPLIFIED_ONLY = set("陈张后风梦时间远爱忆苏绿邓丽孙静刘杨黄赵吴马罗伟丽强艳杰涛钢琴伦")


def fingerprint(library: Library) -> list[tuple]:
    return [(t.rating_key, t.title, t.album_key, t.artist_key, t.index, t.duration_ms, t.file, t.original_title,
             t.user_rating, t.view_count, t.last_viewed_at, t.added_at, t.updated_at, t.guid, t.sonic, t.genres)
            for t in library.tracks.values()]


@pytest.fixture(scope="module")
def big() -> Library:
    return generate_library(3000, seed=11)


def test_the_same_arguments_give_the_same_library() -> None:
    assert fingerprint(generate_library(400, seed=3)) == fingerprint(generate_library(400, seed=3))
    assert fingerprint(generate_library(400, seed=3)) != fingerprint(generate_library(400, seed=4))


@pytest.mark.parametrize("n", [0, 1, 13, 300, 1234])
def test_exactly_the_requested_number_of_tracks(n: int) -> None:
    library = generate_library(n, seed=n)
    assert len(library.tracks) == n
    assert all(library.album_tracks(a) for a in library.albums)  # no empty album
    assert all(library.artist_albums(a) for a in library.artists)  # no artist without albums


def test_albums_and_artists_have_realistic_sizes(big: Library) -> None:
    sizes = Counter(len(big.album_tracks(a)) for a in big.albums)
    assert sum(count for size, count in sizes.items() if not 8 <= size <= 14) <= 1  # only the last may be cut short
    for artist in big.artists.values():
        if artist.title != "Various Artists":
            assert 1 <= len(big.artist_albums(artist.rating_key)) <= 5


def test_titles_and_names_are_varied(big: Library) -> None:
    names = [a.title for a in big.artists.values()]
    titles = [t.title for t in big.tracks.values()]
    text = " ".join(names + titles)
    assert HANGUL.search(text) and KANA.search(text) and HAN.search(text)
    assert TRADITIONAL_ONLY & set(text) and SIMPLIFIED_ONLY & set(text)
    assert any(unicodedata.normalize("NFD", n) != n for n in names), "artist names with diacritics"
    for version in ("(Live)", "Remaster", "(Radio Edit)", "- Acoustic", "(Instrumental)", "(伴奏)"):
        assert any(version in t for t in titles), version
    assert any(" feat. " in (t.original_title or "") for t in big.tracks.values())
    assert any("(feat. " in t for t in titles)
    various = big.artist_named("Various Artists")
    assert various is not None
    assert all(t.original_title for t in big.artist_tracks(various.rating_key))


def test_track_fields_are_plausible(big: Library) -> None:
    tracks = list(big.tracks.values())
    assert all(90_000 <= t.duration_ms <= 601_000 for t in tracks)
    assert all(t.file.startswith("/music/") and t.file.rsplit(".", 1)[-1] in ("flac", "mp3", "m4a") for t in tracks)
    assert len({t.file for t in tracks}) == len(tracks)
    assert len({t.guid for t in tracks}) == len(tracks)
    assert 0.11 <= sum(t.user_rating is not None for t in tracks) / len(tracks) <= 0.19
    assert all(0 <= t.user_rating <= 10 for t in tracks if t.user_rating is not None)
    assert 0.6 <= sum(t.sonic is not None for t in tracks) / len(tracks) <= 0.8
    assert any(t.view_count for t in tracks)
    assert all((t.view_count > 0) == (t.last_viewed_at is not None) for t in tracks)
    assert all(t.added_at <= t.updated_at for t in tracks)
    assert all(t.genres for t in tracks)
    assert len({g for t in tracks for g in t.genres}) >= 8
    assert any(t.moods for t in tracks) and any(a.styles for a in big.albums.values())
    assert len({a.year for a in big.albums.values()}) > 20


def test_sonic_vectors_of_one_artist_lie_close_together(big: Library) -> None:
    analysed = [t for t in big.tracks.values()
                if t.sonic is not None and big.artists[t.artist_key].title != "Various Artists"]
    rng = random.Random(0)
    same, other = [], []
    for track in rng.sample(analysed, 200):
        mates = [t for t in analysed if t.artist_key == track.artist_key and t is not track]
        if mates:
            same.append(math.dist(track.sonic, rng.choice(mates).sonic))
        other.append(math.dist(track.sonic, rng.choice(analysed).sonic))
    assert sum(same) / len(same) < 0.5 * sum(other) / len(other)


# -- Library methods -------------------------------------------------------------------------

@pytest.fixture
def clocked() -> tuple[Library, list[int]]:
    now = [1_700_000_000]
    return Library(clock=lambda: now[0]), now


def test_add_track_creates_artist_and_album_once(clocked) -> None:
    library, now = clocked
    first = library.add_track("Halo", "Beyoncé", "I Am... Sasha Fierce", genres=["Pop"], duration_ms=261_000)
    now[0] += 100
    second = library.add_track("If I Were a Boy", "Beyoncé", "I Am... Sasha Fierce", genres=["R&B"])
    assert first.album_key == second.album_key and first.artist_key == second.artist_key
    assert (first.index, second.index) == (1, 2)
    album = library.albums[first.album_key]
    assert album.genres == ["Pop", "R&B"] and album.updated_at == now[0]
    assert library.artists[first.artist_key].updated_at == now[0]
    assert first.file == "/music/Beyoncé/I Am... Sasha Fierce/01 - Halo.flac"
    assert library.tag_id("genre", "pop") == library.tag_id("genre", "Pop")


def test_remove_track_drops_empty_album_artist_and_playlist_entries(clocked) -> None:
    library, _ = clocked
    track = library.add_track("Solo", "Lonely", "Only One")
    keep = library.add_track("Other", "Someone", "Else")
    playlist = library.create_playlist("p", [track.rating_key, keep.rating_key, track.rating_key])
    library.remove_track(track.rating_key)
    assert track.rating_key not in library.tracks
    assert track.album_key not in library.albums and track.artist_key not in library.artists
    assert library.artist_named("Lonely") is None
    assert [key for _, key in playlist.items] == [keep.rating_key]


def test_touch_always_moves_updated_at_forward(clocked) -> None:
    library, _ = clocked
    track = library.add_track("T", "A", "B")
    before, revision = track.updated_at, library.revision
    library.touch(track.rating_key)
    assert track.updated_at > before and library.revision > revision
    with pytest.raises(KeyError):
        library.touch(424242)


def test_ratings_and_plays_do_not_touch_updated_at(clocked) -> None:
    library, now = clocked
    track = library.add_track("T", "A", "B")
    updated = track.updated_at
    now[0] += 50
    library.rate(track.rating_key, 7.0)
    library.scrobble(track.album_key)
    assert (track.user_rating, track.last_rated_at, track.view_count, track.last_viewed_at) == (7.0, now[0], 1, now[0])
    assert track.updated_at == updated
    library.rate(track.rating_key, None)
    library.unscrobble(track.rating_key)
    assert (track.user_rating, track.view_count, track.last_viewed_at) == (None, 0, None)


def test_playlist_items_move_and_remove_by_playlist_item_id(clocked) -> None:
    library, _ = clocked
    keys = [library.add_track(f"T{i}", "A", "B").rating_key for i in range(4)]
    playlist = library.create_playlist("p", keys)
    ids = [item_id for item_id, _ in playlist.items]
    library.move_playlist_item(playlist.rating_key, ids[3], ids[0])
    assert [k for _, k in playlist.items] == [keys[0], keys[3], keys[1], keys[2]]
    library.move_playlist_item(playlist.rating_key, ids[2], None)
    assert [k for _, k in playlist.items] == [keys[2], keys[0], keys[3], keys[1]]
    with pytest.raises(KeyError):
        library.move_playlist_item(playlist.rating_key, ids[0], 999)
    assert [k for _, k in playlist.items] == [keys[2], keys[0], keys[3], keys[1]]
    library.remove_playlist_item(playlist.rating_key, ids[0])
    assert [k for _, k in playlist.items] == [keys[2], keys[3], keys[1]]
    assert library.add_to_playlist(playlist.rating_key, [keys[0]]) == [max(ids) + 1]


def test_copy_is_independent(sample_library: Library) -> None:
    clone = sample_library.copy()
    track = next(iter(clone.tracks.values()))
    original = track.user_rating
    clone.rate(track.rating_key, 2.0 if original == 10.0 else 10.0)
    clone.add_track("New", "Newcomer", "Debut")
    assert sample_library.tracks[track.rating_key].user_rating == original
    assert len(clone.tracks) == len(sample_library.tracks) + 1
    assert sample_library.artist_named("Newcomer") is None
    assert fingerprint(sample_library.copy()) == fingerprint(sample_library)
