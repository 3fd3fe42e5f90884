"""The engine: best candidate, threshold, and why a track stays unmatched."""
from __future__ import annotations

from plexm8.services.external import ExternalTrack
from plexm8.services.matching import LibraryTrack, MatchIndex, match_track, match_tracks

LIBRARY = [
    LibraryTrack("studio", "Yellow", "Coldplay", "Parachutes", "", 269_000),
    LibraryTrack("live", "Yellow (Live in Buenos Aires)", "Coldplay", "Live in Buenos Aires", "", 300_000),
    LibraryTrack("gh", "Yellow", "Coldplay", "Greatest Hits", "", 269_000),
    LibraryTrack("clocks", "Clocks", "Coldplay", "A Rush of Blood to the Head", "", 307_000),
]


def ext(title: str, artist: str = "Coldplay", album: str = "", secs: float | None = None) -> ExternalTrack:
    return ExternalTrack("e", title, (artist,), album, round(secs * 1000) if secs else None)


def test_matched_result_carries_track_score_and_reasons() -> None:
    r = match_track(ext("Yellow", album="Parachutes", secs=269), MatchIndex(LIBRARY))
    assert r.status == "matched" and r.track.rating_key == "studio"
    assert r.score == 100.0 and r.reason == ""
    assert r.reasons == ["title exact", "artist overlap 1/1", "album exact", "duration Δ0.0s"]
    assert r.best_candidate.track is r.track


def test_studio_request_never_takes_the_live_recording() -> None:
    r = match_track(ext("Yellow", secs=300), MatchIndex(LIBRARY[1:2]))
    assert r.status == "unmatched" and r.track is None
    assert r.best_candidate.track.rating_key == "live"
    assert r.reason.startswith("best candidate below threshold (score ")
    assert "version mismatch: studio vs live" in r.reason


def test_live_request_takes_the_live_recording() -> None:
    r = match_track(ext("Yellow - Live", secs=300), MatchIndex(LIBRARY))
    assert r.track.rating_key == "live"


def test_no_candidate() -> None:
    r = match_track(ext("Nothing Like It", "Nobody"), MatchIndex(LIBRARY))
    assert (r.status, r.track, r.best_candidate, r.reason, r.score) == ("unmatched", None, None, "no candidate", 0.0)


def test_empty_index() -> None:
    assert match_track(ext("Yellow"), MatchIndex()).reason == "no candidate"


def test_cover_reports_the_original_as_best_candidate() -> None:
    r = match_track(ext("Yellow", "Cover Band", secs=269), MatchIndex(LIBRARY))
    assert r.status == "unmatched"
    assert "artist mismatch" in r.reason


def test_ties_go_to_the_first_indexed_track() -> None:
    r = match_track(ext("Yellow", secs=269), MatchIndex(LIBRARY))
    assert r.track.rating_key == "studio"
    r = match_track(ext("Yellow", secs=269), MatchIndex(reversed(LIBRARY)))
    assert r.track.rating_key == "gh"


def test_album_breaks_ties_between_copies() -> None:
    r = match_track(ext("Yellow", album="Greatest Hits"), MatchIndex(LIBRARY))
    assert r.track.rating_key == "gh"


def test_duration_breaks_ties_between_recordings() -> None:
    index = MatchIndex([LibraryTrack("full", "Strobe", "deadmau5", "", "", 637_000),
                        LibraryTrack("edit", "Strobe (Radio Edit)", "deadmau5", "", "", 213_000)])
    assert match_track(ext("Strobe", "deadmau5", secs=213), index).track.rating_key == "edit"
    assert match_track(ext("Strobe", "deadmau5", secs=637), index).track.rating_key == "full"


def test_threshold_is_a_parameter() -> None:
    e = ext("Yellow", album="Parachutes", secs=269)
    index = MatchIndex(LIBRARY)
    assert match_track(e, index, threshold=100.0).status == "matched"
    r = match_track(e, index, threshold=100.1)
    assert r.status == "unmatched" and r.best_candidate.track.rating_key == "studio"
    assert "not enough evidence" in r.reason


def test_match_tracks_keeps_order() -> None:
    results = match_tracks([ext("Clocks"), ext("Nope", "Nobody"), ext("Yellow")], MatchIndex(LIBRARY))
    assert [r.track.rating_key if r.track else None for r in results] == ["clocks", None, "studio"]


def test_index_updates_are_seen_by_the_next_match() -> None:
    index = MatchIndex(LIBRARY)
    index.remove("clocks")
    assert match_track(ext("Clocks"), index).status == "unmatched"
    index.add(LibraryTrack("clocks2", "Clocks", "Coldplay"))
    assert match_track(ext("Clocks"), index).track.rating_key == "clocks2"


def test_a_remembered_answer_is_forgotten_when_the_index_changes() -> None:
    from plexm8.services.external import ExternalTrack
    from plexm8.services.matching import LibraryTrack, MatchIndex, match_track

    ext = ExternalTrack("e", "Yellow", ("Coldplay",), "", 269_000)
    index = MatchIndex([LibraryTrack("1", "Yellow (Live)", "Coldplay", "", "", 300_000)])
    first = match_track(ext, index)
    assert first.track is None
    first.reasons.append("changed by the caller")
    again = match_track(ext, index)
    assert again.track is None and "changed by the caller" not in again.reasons
    index.add(LibraryTrack("2", "Yellow", "Coldplay", "Parachutes", "", 269_000))
    assert match_track(ext, index).track.rating_key == "2"  # type: ignore[union-attr]
    index.remove("2")
    assert match_track(ext, index).track is None
    other = MatchIndex([LibraryTrack("3", "Yellow", "Coldplay", "", "", 269_000)])
    assert match_track(ext, other).track.rating_key == "3"  # type: ignore[union-attr]
    assert match_track(ext, other, threshold=101.0).track is None  # another threshold, another answer


def test_a_remembered_answer_survives_changes_elsewhere_in_the_library() -> None:
    from plexm8.services.external import ExternalTrack
    from plexm8.services.matching import LibraryTrack, MatchIndex, match_track
    from plexm8.services.matching.features import prepare_external

    ext = ExternalTrack("e", "Clocks", ("Coldplay",), "", 307_000)
    index = MatchIndex([LibraryTrack("1", "Clocks", "Coldplay", "", "", 307_000),
                        LibraryTrack("2", "Yellow", "Coldplay", "", "", 269_000)])
    assert match_track(ext, index).track.rating_key == "1"  # type: ignore[union-attr]
    remembered = prepare_external(ext).memo.result
    index.add(LibraryTrack("3", "Fix You", "Coldplay", "", "", 295_000))  # same artist, another title
    index.remove("2")
    index.add(LibraryTrack("1", "Clocks", "Coldplay", "", "", 307_000))  # the same track again: no change
    assert match_track(ext, index).track.rating_key == "1"  # type: ignore[union-attr]
    assert prepare_external(ext).memo.result is remembered  # answered without scoring again
    index.add(LibraryTrack("4", "Clocks", "Coldplay", "A Rush of Blood", "", 307_000))  # under its title key
    again = match_track(ext, index)
    assert prepare_external(ext).memo.result is not remembered
    assert again == match_track(ext, index, remember=False)


def test_a_remembered_miss_is_scored_again_when_a_track_by_the_artist_arrives() -> None:
    from plexm8.services.external import ExternalTrack
    from plexm8.services.matching import LibraryTrack, MatchIndex, match_track

    ext = ExternalTrack("e", "Bohemian Rapsody", ("Queen",), "", 354_000)  # a typo: found by similarity only
    index = MatchIndex([LibraryTrack("1", "Radio Ga Ga", "Queen", "", "", 343_000)])
    assert match_track(ext, index).track is None
    index.add(LibraryTrack("2", "Bohemian Rhapsody", "Queen", "", "", 354_000))
    assert match_track(ext, index).track.rating_key == "2"  # type: ignore[union-attr]
    index.remove("2")
    assert match_track(ext, index).track is None


def test_remembered_answers_equal_fresh_matches_through_random_library_changes() -> None:
    import random

    from plexm8.services.external import ExternalTrack
    from plexm8.services.matching import LibraryTrack, MatchIndex, match_track

    rng = random.Random(5)
    words = "love night rain 夜 空 花 月 사랑 하늘 blue fire home".split()
    artists = ["Coldplay", "The Rain Band", "周杰倫", "米津玄師", "아이유", "Rainy"]

    def title() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))

    def track(rk: str) -> LibraryTrack:
        return LibraryTrack(rk, title() + rng.choice(["", "", " (Live)"]), rng.choice(artists), "",
                            "", rng.randint(180, 200) * 1000)

    index = MatchIndex(track(str(i)) for i in range(150))
    externals = [ExternalTrack(f"e{i}", title(), (rng.choice(artists + ["Nobody"]),), "",
                               rng.randint(180, 200) * 1000) for i in range(120)]
    from plexm8.services.matching.features import prepare_external

    kept = scored = 0
    before: list[object] = []
    for round_no in range(25):
        remembered = [match_track(e, index) for e in externals]
        memos = [prepare_external(e).memo.result for e in externals]
        kept += sum(1 for a, b in zip(before, memos) if a is b)
        scored += sum(1 for a, b in zip(before, memos) if a is not b)
        before = memos
        assert remembered == [match_track(e, index, remember=False) for e in externals], f"round {round_no}"
        for _ in range(rng.randint(1, 6)):
            index.add(track(f"n{round_no}-{rng.randrange(10**6)}"))
        for rk in rng.sample(sorted(index._features), rng.randint(0, 3)):
            index.remove(rk)
    assert kept > 1000 and scored > 100  # both paths were taken, and every answer matched a fresh one


def test_a_track_moved_in_its_playlist_keeps_its_remembered_answer() -> None:
    from dataclasses import replace

    from plexm8.services.external import ExternalTrack
    from plexm8.services.matching import LibraryTrack, MatchIndex, match_track
    from plexm8.services.matching.features import prepare_external

    index = MatchIndex([LibraryTrack("1", "Clocks", "Coldplay", "", "", 307_000)])
    ext = ExternalTrack("e", "Clocks", ("Coldplay",), "", 307_000, position=3)
    first = match_track(ext, index)
    moved = replace(ext, position=4)  # a song was added above it
    assert prepare_external(moved) is prepare_external(ext)
    again = match_track(moved, index)
    assert again.external is moved and first.external is ext
    assert (again.track, again.score, again.reasons) == (first.track, first.score, first.reasons)


def test_a_romaji_alias_finds_the_japanese_title() -> None:
    library = [LibraryTrack("yoru", "夜に駆ける", "YOASOBI", "THE BOOK", "", 261_000)]
    track = ExternalTrack("e", "Racing into the Night", ("YOASOBI",), "", 261_000, aliases=("Yoru ni Kakeru",))
    r = match_track(track, MatchIndex(library))
    assert r.status == "matched" and r.track.rating_key == "yoru"
    assert "title exact when romanised" in r.reasons
