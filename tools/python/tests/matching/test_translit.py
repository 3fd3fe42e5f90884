"""Romanisation of Japanese and Korean for matching, and the scores and reasons it earns."""
from __future__ import annotations

import pytest
from plexm8.services.external import ExternalTrack
from plexm8.services.matching import MATCH_THRESHOLD, LibraryTrack, MatchIndex, match_track, score_pair
from plexm8.services.matching.translit import fold_roman, needs_romanizing, romanize


@pytest.mark.parametrize(("text", "roman"), [
    ("夜に駆ける", "yoru ni kake ru"),
    ("ハルジオン", "harujion"),
    ("春を告げる", "haru o tsuge ru"),  # を is the particle "o"
    ("봄날", "bomnal"),
    ("강남스타일", "gangnamseutail"),
    ("좋은 날", "joeun nal"),
])
def test_romanize_japanese_and_korean(text: str, roman: str) -> None:
    assert romanize(text) == roman


def test_only_kana_kanji_and_hangul_are_romanised() -> None:
    assert not needs_romanizing("Yellow") and not needs_romanizing("Björk")
    assert romanize("Yellow") == ""
    assert needs_romanizing("晴天") and needs_romanizing("ロビンソン") and needs_romanizing("밤편지")


@pytest.mark.parametrize(("a", "b"), [
    ("Tōkyō", "Toukyou"), ("Tokyo", "Tookyoo"), ("Yūsha", "Yuusha"), ("Haru wo Tsugeru", "haru o tsugeru"),
    ("Kimi no Na ha", "Kimi no Na wa"), ("Shimbun", "Shinbun"), ("Macchi", "Matchi"),
])
def test_romanisation_variants_fold_equal(a: str, b: str) -> None:
    assert fold_roman(a) == fold_roman(b)


def test_fold_keeps_different_words_apart() -> None:
    assert fold_roman("Yoru") != fold_roman("Yuri")
    assert fold_roman("Haru") != fold_roman("Hare")


def _ext(title: str, artist: str, secs: int, aliases: tuple[str, ...] = (),
         artist_aliases: tuple[tuple[str, ...], ...] = ()) -> ExternalTrack:
    return ExternalTrack("e", title, (artist,), "", secs * 1000, aliases, artist_aliases)


@pytest.mark.parametrize(("ext", "lib", "reason"), [
    (_ext("Yoru ni Kakeru", "YOASOBI", 261), LibraryTrack("1", "夜に駆ける", "YOASOBI", "", "", 261000),
     "title exact when romanised"),
    (_ext("夜に駆ける", "YOASOBI", 261), LibraryTrack("1", "Yoru ni Kakeru", "YOASOBI", "", "", 261000),
     "title exact when romanised"),
    (_ext("Bomnal", "BTS", 274), LibraryTrack("1", "봄날", "BTS", "", "", 274000), "title exact when romanised"),
    (_ext("Cherry", "Spitz", 262), LibraryTrack("1", "チェリー", "スピッツ", "", "", 262000, title_sort="Cherry",
                                               artist_sort="Spitz"), "title exact via titleSort"),
    (_ext("初恋", "宇多田ヒカル", 247, artist_aliases=(("Hikaru Utada",),)),
     LibraryTrack("1", "Hatsukoi", "Hikaru Utada", "", "", 247000), "title exact when romanised"),
])
def test_romanised_and_sorted_titles_match_with_their_own_reason(ext: ExternalTrack, lib: LibraryTrack,
                                                                  reason: str) -> None:
    c = score_pair(ext, lib)
    assert c.reasons[0] == reason
    assert c.score >= MATCH_THRESHOLD
    assert match_track(ext, MatchIndex([lib])).track == lib


def test_artist_named_by_its_sort_name_or_alias() -> None:
    lib = LibraryTrack("1", "春雷", "米津玄師", "", "", 275000, artist_sort="Yonezu, Kenshi")
    assert "artist overlap 1/1" in score_pair(_ext("春雷", "Kenshi Yonezu", 275), lib).reasons
    plain = LibraryTrack("1", "Plastic Love", "Mariya Takeuchi", "", "", 294000)
    # 竹内まりや reads takeuchi mariya; written in Latin order it is Mariya Takeuchi
    assert "artist overlap 1/1" in score_pair(_ext("Plastic Love", "竹内まりや", 294), plain).reasons
    assert "artist mismatch" in score_pair(_ext("Plastic Love", "방탄소년단", 294), plain).reasons
    aliased = _ext("Plastic Love", "방탄소년단", 294, artist_aliases=(("Mariya Takeuchi",),))
    assert "artist overlap 1/1" in score_pair(aliased, plain).reasons


def test_a_romaji_title_of_another_song_does_not_match() -> None:
    index = MatchIndex([LibraryTrack("1", "夜に駆ける", "YOASOBI", "", "", 261000),
                        LibraryTrack("2", "アイドル", "YOASOBI", "", "", 213000)])
    assert match_track(_ext("Yoru", "YOASOBI", 261), index).track is None
    assert match_track(_ext("Yuusha", "YOASOBI", 194), index).track is None
    assert match_track(_ext("Aidoru", "YOASOBI", 213), index).track.rating_key == "2"  # type: ignore[union-attr]
    # the same reading by another artist is another song
    assert match_track(_ext("Yoru ni Kakeru", "Ado", 261), index).track is None


def test_latin_titles_never_meet_through_folding_alone() -> None:
    c = score_pair(_ext("Soon", "Queen", 200), LibraryTrack("1", "Son", "Queen", "", "", 200000))
    assert c.reasons[0] != "title exact when romanised"
