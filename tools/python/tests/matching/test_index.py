"""The inverted index: add, replace, remove, and candidate retrieval without scanning the library."""
from __future__ import annotations

from plexm8.services.external import ExternalTrack
from plexm8.services.matching import LibraryTrack, MatchIndex
from plexm8.services.matching.index import title_tokens


def track(rk: str, title: str, artist: str = "Coldplay", **kw) -> LibraryTrack:
    return LibraryTrack(rk, title, artist, **kw)


def ext(title: str, *artists: str, aliases: tuple[str, ...] = ()) -> ExternalTrack:
    return ExternalTrack("e", title, artists or ("Coldplay",), aliases=aliases)


def keys(index: MatchIndex, e: ExternalTrack, limit: int = 50) -> list[str]:
    return [t.rating_key for t in index.candidates(e, limit)]


def filler(n: int) -> list[LibraryTrack]:
    return [track(f"f{i}", f"Filler Song {i}", f"Band {i % 300}") for i in range(n)]


def test_len_contains_get() -> None:
    index = MatchIndex([track("1", "Yellow"), track("2", "Clocks")])
    assert len(index) == 2 and "1" in index and "3" not in index
    assert index.get("2").title == "Clocks" and index.get("3") is None


def test_add_replaces_a_track_with_the_same_rating_key() -> None:
    index = MatchIndex([track("1", "Yellow")])
    index.add(track("1", "Clocks"))
    assert len(index) == 1
    assert keys(index, ext("Yellow")) == []
    assert keys(index, ext("Clocks")) == ["1"]


def test_remove_forgets_every_posting() -> None:
    index = MatchIndex([track("1", "Yellow"), track("2", "Yellow", "Other")])
    index.remove("1")
    index.remove("missing")  # no error
    assert len(index) == 1
    assert keys(index, ext("Yellow")) == ["2"]
    index.remove("2")
    assert index._by_title == {} and index._by_artist == {} and index._by_token == {}


def test_exact_title_by_the_same_artist_comes_alone() -> None:
    index = MatchIndex([track("1", "Yellow"), track("2", "Yellow", "Cover Band"), track("3", "Yellow (Live)"),
                        *filler(500)])
    assert keys(index, ext("Yellow")) == ["1", "3"]


def test_exact_title_by_other_artists_when_the_artist_has_none() -> None:
    index = MatchIndex([track("1", "Hallelujah", "Leonard Cohen"), track("2", "Hallelujah", "Jeff Buckley"),
                        *filler(200)])
    assert keys(index, ext("Hallelujah", "Rufus Wainwright")) == ["1", "2"]


def test_similar_titles_by_the_same_artist() -> None:
    index = MatchIndex([track("1", "Bohemian Rhapsody", "Queen"), track("2", "Radio Ga Ga", "Queen"), *filler(500)])
    assert keys(index, ext("Bohemian Rapsody", "Queen")) == ["1"]


def test_aliases_and_subtitles_find_the_track() -> None:
    index = MatchIndex([track("1", "좋은 날", "IU"), track("2", "봄날 (Spring Day)", "BTS")])
    assert keys(index, ext("Good Day", "IU", aliases=("좋은 날",))) == ["1"]
    assert keys(index, ext("Spring Day", "BTS")) == ["2"]


def test_traditional_and_simplified_share_keys() -> None:
    index = MatchIndex([track("1", "東風破", "周杰倫")])
    assert keys(index, ext("东风破", "周杰伦")) == ["1"]


def test_rare_title_token_is_the_last_resort() -> None:
    index = MatchIndex([track("1", "Xylophone Dreams", "Someone"), *filler(100)])
    assert keys(index, ext("Xylophone Dreamz", "Nobody Known")) == ["1"]


def test_nothing_in_common_gives_no_candidates() -> None:
    index = MatchIndex(filler(1000))
    assert keys(index, ext("Completely Unrelated", "Nobody")) == []


def test_candidates_respect_the_limit() -> None:
    index = MatchIndex([track(str(i), "Intro", "Same Band") for i in range(80)])
    assert len(keys(index, ext("Intro", "Same Band"), limit=50)) == 50
    assert keys(index, ext("Intro", "Same Band"), limit=50)[:3] == ["0", "1", "2"]  # insertion order


def test_candidate_count_does_not_grow_with_the_library() -> None:
    small = MatchIndex([track("1", "Yellow"), *filler(100)])
    large = MatchIndex([track("1", "Yellow"), *filler(20000)])
    e = ext("Yellow")
    assert keys(small, e) == keys(large, e) == ["1"]


def test_title_tokens() -> None:
    assert title_tokens("love story") == {"love", "story"}
    assert title_tokens("晴天") == {"晴天"}
    assert title_tokens("夜に駆ける") == {"夜に", "に駆", "駆け", "ける"}
    assert title_tokens("k歌之王") == {"歌之", "之王"}
    assert title_tokens("爱") == {"爱"}
