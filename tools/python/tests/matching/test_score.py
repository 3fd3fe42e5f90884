"""Scoring: one test per component and penalty, each naming the reason it must produce."""
from __future__ import annotations

import pytest
from plexm8.services.external import ExternalTrack
from plexm8.services.matching import MATCH_THRESHOLD, LibraryTrack, score_pair
from plexm8.services.matching import score as s


def ext(title: str = "Yellow", artists: tuple[str, ...] = ("Coldplay",), album: str = "",
        secs: float | None = None, aliases: tuple[str, ...] = ()) -> ExternalTrack:
    return ExternalTrack("e1", title, artists, album, round(secs * 1000) if secs else None, aliases)


def lib(title: str = "Yellow", artist: str = "Coldplay", album: str = "", secs: float | None = None,
        original_title: str = "") -> LibraryTrack:
    return LibraryTrack("1", title, artist, album, original_title, round(secs * 1000) if secs else None)


BASE = s.TITLE_WEIGHT + s.ARTIST_WEIGHT  # exact title and artist, nothing else known


def test_exact_title_and_artist_without_other_evidence_scores_the_base() -> None:
    c = score_pair(ext(), lib())
    assert c.score == BASE
    assert c.reasons == ["title exact", "artist overlap 1/1", "duration unknown"]
    assert c.penalties == []


def test_weights_add_up_to_100() -> None:
    assert s.TITLE_WEIGHT + s.ARTIST_WEIGHT + s.DURATION_BONUS + s.ALBUM_EXACT == 100.0
    assert score_pair(ext(album="Parachutes", secs=269), lib(album="Parachutes", secs=269)).score == 100.0


# ---------------------------------------------------------------- title

@pytest.mark.parametrize(("e", "lt", "reason"), [
    (ext("Yellow"), lib("yellow"), "title exact"),
    (ext("Spring Day", ("BTS",)), lib("봄날 (Spring Day)", "BTS"), "title exact"),  # a translated subtitle
    (ext("Sunflower", ("Post Malone",)), lib("Sunflower (Spider-Man: Into the Spider-Verse)", "Post Malone"),
     "title exact"),
    (ext("Good Day", ("IU",), aliases=("좋은 날",)), lib("좋은 날", "IU"), "title exact via alias"),
])
def test_title_exact(e: ExternalTrack, lt: LibraryTrack, reason: str) -> None:
    c = score_pair(e, lt)
    assert c.reasons[0] == reason and c.score == BASE


def test_title_fuzzy_costs_points_in_proportion() -> None:
    c = score_pair(ext("Bohemian Rapsody", ("Queen",)), lib("Bohemian Rhapsody", "Queen"))
    assert c.reasons[0] == "title similar 97"
    assert c.reasons[0] in c.penalties
    assert BASE - 5 < c.score < BASE


def test_title_different_song_scores_nothing_for_title() -> None:
    c = score_pair(ext("Fix Me"), lib("Fix You"))
    assert c.score < s.ARTIST_WEIGHT + 5
    assert c.score < MATCH_THRESHOLD


@pytest.mark.parametrize(("ext_title", "lib_title"), [
    ("Another Brick in the Wall, Pt. 1", "Another Brick in the Wall, Pt. 2"),
    ("Symphony No. 5", "Symphony No. 6"),
    ("Chapter II", "Chapter III"),
])
def test_title_numbers_must_agree(ext_title: str, lib_title: str) -> None:
    c = score_pair(ext(ext_title, secs=239), lib(lib_title, secs=239))
    assert c.reasons[0].startswith("title numbers differ")
    assert c.score < MATCH_THRESHOLD - 30


def test_empty_title_matches_nothing() -> None:
    assert score_pair(ext(""), lib("")).score < MATCH_THRESHOLD


def test_title_parts_are_not_optional() -> None:
    assert score_pair(ext("Song"), lib("Song (Part 2)")).score < MATCH_THRESHOLD


# ---------------------------------------------------------------- artist

@pytest.mark.parametrize(("e", "lt", "reason"), [
    (ext(artists=("Coldplay",)), lib(artist="Coldplay"), "artist overlap 1/1"),
    (ext(artists=("coldplay",)), lib(artist="COLDPLAY"), "artist overlap 1/1"),
    (ext(artists=("Beyonce",)), lib(artist="Beyoncé"), "artist overlap 1/1"),
    (ext(artists=("张学友",)), lib(artist="張學友"), "artist overlap 1/1"),
    (ext(artists=("The Beatles",)), lib(artist="Beatles"), "artist overlap 1/1"),
    (ext(artists=("G.E.M.",)), lib(artist="G.E.M.鄧紫棋"), "artist overlap 1/1"),  # Latin and CJK name of one singer
    (ext(artists=("아이유",)), lib(artist="IU (아이유)"), "artist overlap 1/1"),  # bracketed alternative name
    (ext(artists=("Bob Marley",)), lib(artist="Bob Marley & The Wailers"), "artist overlap 1/1"),
    (ext(artists=("Calvin Harris & Dua Lipa",)), lib(artist="Calvin Harris", original_title="Calvin Harris, Dua Lipa"),
     "artist overlap 2/2"),
    (ext(artists=("Daft Punk", "Pharrell Williams")),
     lib(artist="Daft Punk", original_title="Daft Punk feat. Pharrell Williams"), "artist overlap 2/2"),
    (ext("Yellow (feat. Pharrell Williams)", ("Pharrell Williams",)),
     lib("Yellow (feat. Pharrell Williams)", "Coldplay"), "artist overlap 1/1"),  # featured in the library title
    (ext(artists=("Carly Rae Jepsen",)), lib(artist="Various Artists", original_title="Carly Rae Jepsen"),
     "artist overlap 1/1"),
])
def test_artist_full_overlap(e: ExternalTrack, lt: LibraryTrack, reason: str) -> None:
    c = score_pair(e, lt)
    assert c.reasons[1] == reason
    assert c.score == BASE


def test_artist_partial_overlap_with_the_primary_artist_costs_little() -> None:
    c = score_pair(ext(artists=("周杰伦", "费玉清")), lib(artist="周杰倫"))
    assert c.reasons[1] == "artist overlap 1/2"
    assert BASE - 3 < c.score < BASE


def test_artist_overlap_without_the_primary_artist_costs_more() -> None:
    c = score_pair(ext(artists=("Bradley Cooper", "Lady Gaga")), lib(artist="Lady Gaga"))
    assert c.reasons[1] == "artist overlap 1/2 (not the primary artist)"
    assert c.score == s.TITLE_WEIGHT + s.ARTIST_WEIGHT * s.ARTIST_SECONDARY_ONLY < MATCH_THRESHOLD


def test_artist_typo_counts_as_fuzzy_overlap() -> None:
    c = score_pair(ext(artists=("Coldply",)), lib())
    assert c.reasons[1] == "artist overlap 1/1 fuzzy"
    assert BASE - 5 < c.score < BASE


def test_artist_mismatch_is_a_cover_and_never_matches() -> None:
    c = score_pair(ext("Hallelujah", ("Jeff Buckley",), "Grace", 413), lib("Hallelujah", "Leonard Cohen", "Grace", 413))
    assert "artist mismatch" in c.penalties
    assert c.score < MATCH_THRESHOLD - 15


@pytest.mark.parametrize(("e", "lt"), [
    (ext(artists=()), lib()),
    (ext(artists=("Various Artists",)), lib()),
    (ext(), lib(artist="Various Artists")),
    (ext(), lib(artist="群星")),
])
def test_artist_unknown_needs_album_and_duration(e: ExternalTrack, lt: LibraryTrack) -> None:
    c = score_pair(e, lt)
    assert c.reasons[1] == "artist unknown"
    assert c.score < MATCH_THRESHOLD
    corroborated = ExternalTrack("e", e.title, e.artists, "Parachutes", 269000)
    assert score_pair(corroborated, LibraryTrack("1", lt.title, lt.artist, "Parachutes", "", 269000)).score \
        >= MATCH_THRESHOLD


# ---------------------------------------------------------------- duration

@pytest.mark.parametrize(("ext_secs", "lib_secs", "reason", "points"), [
    (269, 269, "duration Δ0.0s", s.DURATION_BONUS),
    (270.2, 269, "duration Δ1.2s", s.DURATION_BONUS - 1.2),
    (272, 269, "duration Δ3.0s", s.DURATION_BONUS - 3),
    (275, 269, "duration Δ6.0s", 0.0),
    (284, 269, "duration Δ15s suspicious", -s.DURATION_SUSPICIOUS),
    (329, 269, "duration Δ60s too different", -s.DURATION_DIFFERENT),
    (None, 269, "duration unknown", 0.0),
    (269, None, "duration unknown", 0.0),
])
def test_duration(ext_secs: float | None, lib_secs: float | None, reason: str, points: float) -> None:
    c = score_pair(ext(secs=ext_secs), lib(secs=lib_secs))
    assert c.reasons[-1] == reason
    assert c.score == pytest.approx(min(100.0, BASE + points))
    assert (reason in c.penalties) == (points < 0)


def test_duration_more_than_30s_off_never_matches() -> None:
    assert score_pair(ext(album="Parachutes", secs=300), lib(album="Parachutes", secs=269)).score < MATCH_THRESHOLD


def test_duration_penalty_is_small_for_a_neutral_edit() -> None:
    c = score_pair(ext("Levels - Radio Edit", ("Avicii",), secs=199), lib("Levels", "Avicii", secs=338))
    assert c.reasons[-1] == "duration Δ139s (edit)"
    assert c.score == BASE - s.DURATION_EDIT >= MATCH_THRESHOLD


# ---------------------------------------------------------------- album

@pytest.mark.parametrize(("ext_album", "lib_album", "reason", "points"), [
    ("Parachutes", "Parachutes", "album exact", s.ALBUM_EXACT),
    ("A Night At The Opera (2011 Remaster)", "A Night at the Opera", "album exact", s.ALBUM_EXACT),
    ("叶惠美", "葉惠美", "album exact", s.ALBUM_EXACT),
    ("Parachute", "Parachutes", "album similar 95", s.ALBUM_SIMILAR),
    ("Greatest Hits", "Parachutes", "album differs", 0.0),
])
def test_album_is_a_weak_signal(ext_album: str, lib_album: str, reason: str, points: float) -> None:
    c = score_pair(ext(album=ext_album), lib(album=lib_album))
    assert reason in c.reasons
    assert c.score == BASE + points
    assert not c.penalties


# ---------------------------------------------------------------- versions

@pytest.mark.parametrize(("ext_title", "lib_title", "reason"), [
    ("Yellow (Live)", "Yellow", "version mismatch: live vs studio"),
    ("Yellow", "Yellow - Live in Buenos Aires", "version mismatch: studio vs live"),
    ("Yellow (伴奏)", "Yellow", "version mismatch: instrumental vs studio"),
    ("Yellow", "Yellow (Instrumental)", "version mismatch: studio vs instrumental"),
    ("Yellow (Acoustic)", "Yellow", "version mismatch: acoustic vs studio"),
    ("Yellow (Remix)", "Yellow", "version mismatch: remix vs studio"),
    ("Yellow (Live)", "Yellow (Acoustic)", "version mismatch: live vs acoustic"),
    ("Yellow (Extended Mix)", "Yellow", "version mismatch: extended vs studio"),
    ("Yellow (Demo)", "Yellow", "version mismatch: demo vs studio"),
    ("Yellow (Taylor's Version)", "Yellow", "version mismatch: re-recording vs studio"),
    ("Yellow (日文版)", "Yellow", "version mismatch: lang:japanese vs studio"),
])
def test_version_mismatch_is_a_veto(ext_title: str, lib_title: str, reason: str) -> None:
    c = score_pair(ext(ext_title, album="Parachutes", secs=269), lib(lib_title, album="Parachutes", secs=269))
    assert reason in c.penalties
    assert c.score == 100.0 - s.VERSION_PENALTY < MATCH_THRESHOLD


def test_live_album_makes_its_tracks_live() -> None:
    studio_ext = ext("晴天", ("周杰伦",), secs=294)
    live_lib = lib("晴天", "周杰倫", album="2004 無與倫比演唱會", secs=294)
    assert "version mismatch: studio vs live" in score_pair(studio_ext, live_lib).penalties
    live_ext = ext("晴天 (Live)", ("周杰伦",), secs=294)
    assert score_pair(live_ext, live_lib).score >= MATCH_THRESHOLD


def test_version_subtitle_alias_sets_the_version() -> None:
    c = score_pair(ext("Yellow", aliases=("Live",)), lib("Yellow (Live)"))
    assert c.score == BASE


@pytest.mark.parametrize(("ext_title", "lib_title"), [
    ("Yellow - Remastered 2011", "Yellow"),
    ("Yellow (Explicit)", "Yellow"),
    ("Yellow", "Yellow [Deluxe Edition]"),
    ("Yellow (Single Version)", "Yellow (Album Version)"),
    ("Yellow (Live) [Remastered]", "Yellow - Live"),
])
def test_neutral_version_words_match_the_base_recording(ext_title: str, lib_title: str) -> None:
    c = score_pair(ext(ext_title), lib(lib_title))
    assert c.score == BASE and not c.penalties


def test_remix_by_another_remixer_is_a_veto() -> None:
    c = score_pair(ext("Levels (Cazzette Remix)", ("Avicii",)), lib("Levels (Skrillex Remix)", "Avicii"))
    assert "remix mismatch: cazzette vs skrillex" in c.penalties
    assert c.score == BASE - s.REMIXER_PENALTY


def test_same_remixer_matches() -> None:
    c = score_pair(ext("Levels - Skrillex Remix", ("Avicii",)), lib("Levels (Skrillex Remix)", "Avicii"))
    assert "same remix" in c.reasons and c.score == BASE


def test_named_remix_against_unnamed_remix_needs_more_evidence() -> None:
    c = score_pair(ext("Old Town Road (Diplo Remix)", ("Lil Nas X",), secs=157),
                   lib("Old Town Road (Remix)", "Lil Nas X", secs=157))
    assert "remixer unknown on one side" in c.penalties
    assert c.score < MATCH_THRESHOLD


# ---------------------------------------------------------------- purity

def test_score_pair_is_pure_and_bounded() -> None:
    e, lt = ext("Yellow (Live)", secs=500), lib("Yellow", artist="Someone Else", secs=100)
    first, second = score_pair(e, lt), score_pair(e, lt)
    assert (first.score, first.reasons) == (second.score, second.reasons)
    assert first.score == 0.0  # clamped


def test_score_value_agrees_with_score_features() -> None:
    from plexm8.services.matching.features import prepare_external, prepare_library

    from .corpus import CASES, LIBRARY

    for case in CASES[::7]:
        pe = prepare_external(case.ext)
        for track in LIBRARY[::11]:
            pl = prepare_library(track)
            assert s.score_value(pe, pl) == s.score_features(pe, pl).score


# ---------------------------------------------------------------- near-miss titles

@pytest.mark.parametrize(("title", "lib_title", "kind"), [
    ("Hotel Califonia", "Hotel California", "typo"),
    ("Another One Bites Dust", "Another One Bites the Dust", "missing word"),
    ("Set Fire to Rain", "Set Fire to the Rain", "missing word"),
])
def test_near_miss_title_forgiven_when_artist_and_length_agree(title: str, lib_title: str, kind: str) -> None:
    c = score_pair(ext(title, ("Eagles",), secs=391), lib(lib_title, "Eagles", secs=391))
    assert c.reasons[0].startswith(f"title near-miss ({kind}")
    assert c.score >= MATCH_THRESHOLD


@pytest.mark.parametrize(("e", "lt"), [
    (ext("Set Fire to Rain", ("Adele",), secs=200), lib("Set Fire to the Rain", "Adele", secs=242)),  # length
    (ext("Set Fire to Rain", ("Coldplay",), secs=242), lib("Set Fire to the Rain", "Adele", secs=242)),  # artist
    (ext("Set Fire to Rain", ("Adele",)), lib("Set Fire to the Rain", "Adele")),  # length unknown
    (ext("Hello Again", ("Adele",), secs=295), lib("Hello", "Adele", secs=295)),  # a common word, another song
    (ext("Rolling in the Sheets", ("Adele",), secs=228), lib("Rolling in the Deep", "Adele", secs=228)),
    (ext("一路向西", ("周杰伦",), secs=295), lib("一路向北", "周杰倫", secs=295)),  # one Han character: another word
])
def test_near_miss_not_forgiven_without_the_guard(e: ExternalTrack, lt: LibraryTrack) -> None:
    c = score_pair(e, lt)
    assert not c.reasons[0].startswith("title near-miss")
    assert c.score < MATCH_THRESHOLD
