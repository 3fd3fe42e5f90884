"""Reading ratings sources: iTunes/MusicBee XML, foobar2000 exports, the scales, file URLs."""
from __future__ import annotations

import io

import pytest
from plexm8.errors import BadRequest
from plexm8.services.library.path_match import PathMatcher, path_parts
from plexm8.services.ratings.importer.foobar import parse_foobar
from plexm8.services.ratings.importer.itunes import file_url_to_path, parse_library_xml
from plexm8.services.ratings.importer.scales import from_percent, from_popm, from_stars, from_text

from tests.ratings.library_xml import library_xml


def _entry(track_id, name, rating=None, **extra):
    entry = {"Track ID": track_id, "Name": name, "Artist": "Artist", "Album": "Album", "Total Time": 200_000,
             "Location": f"file:///Users/me/Music/Artist/Album/{track_id:02d}%20{name}.m4a"}
    if rating is not None:
        entry["Rating"] = rating
    entry.update(extra)
    return entry


def _parse(entries, **kw):
    return parse_library_xml(io.BytesIO(library_xml(entries, **kw)), "itunes")


def test_itunes_ratings_skip_computed_unrated_and_videos():
    result = _parse([
        _entry(1, "Five", 100), _entry(2, "Half", 70), _entry(3, "Computed", 60, **{"Rating Computed": True}),
        _entry(4, "None"), _entry(5, "Zero", 0), _entry(6, "Clip", 80, **{"Has Video": True}),
        _entry(7, "Podcast", 80, Podcast=True),
    ])
    assert [(e.title, e.rating) for e in result.entries] == [("Five", 10.0), ("Half", 7.0)]
    assert (result.read, result.skipped) == (7, 5)
    first = result.entries[0]
    assert first.path == "/Users/me/Music/Artist/Album/01 Five.m4a"
    assert (first.artist, first.album, first.duration_ms, first.source_id) == ("Artist", "Album", 200_000, "1")


def test_playlists_before_tracks_are_not_mistaken_for_tracks():
    # plistlib's sorted keys put Playlists first; its items are {"Track ID": n} dictionaries too
    result = _parse([_entry(1, "One", 40), _entry(2, "Two", 20)], sort_keys=True)
    assert [(e.title, e.rating) for e in result.entries] == [("One", 4.0), ("Two", 2.0)]
    assert result.read == 2


def test_album_artist_stands_in_for_a_missing_artist():
    entry = _entry(1, "Solo", 60)
    del entry["Artist"]
    entry["Album Artist"] = "The Band"
    assert _parse([entry]).entries[0].artist == "The Band"


def test_out_of_range_rating_is_a_warning():
    result = _parse([_entry(1, "Odd", 140), _entry(2, "Fine", 80)])
    assert [e.title for e in result.entries] == ["Fine"]
    assert result.warnings and "Track ID 1" in result.warnings[0]


@pytest.mark.parametrize("data, words", [
    (b"<plist><dict><key>Tracks</key><dict>", "malformed"),
    (b"not xml at all", "malformed"),
    (b'<?xml version="1.0"?><plist version="1.0"><array/></plist>', "no Tracks"),
    (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><plist>&a;</plist>', "entities"),
])
def test_bad_xml_is_a_clear_400(data, words):
    with pytest.raises(BadRequest) as caught:
        parse_library_xml(io.BytesIO(data), "itunes")
    assert words in caught.value.message


@pytest.mark.parametrize("url, path", [
    ("file:///Users/me/Music/iTunes/iTunes%20Media/Music/A%C3%A9/B/01%20Song.m4a",
     "/Users/me/Music/iTunes/iTunes Media/Music/Aé/B/01 Song.m4a"),
    ("file://localhost/C:/Users/Me/Music/A/B/01%20Song.mp3", "C:/Users/Me/Music/A/B/01 Song.mp3"),
    ("file://nas/share/A/B/x.flac", "//nas/share/A/B/x.flac"),
])
def test_file_urls_become_paths(url, path):
    assert file_url_to_path(url) == path


def test_path_parts_of_mac_and_windows_file_urls_share_the_suffix():
    mac = path_parts("file:///Users/me/Music/iTunes/iTunes%20Media/Music/Artist/Album/01%20Song.m4a")
    windows = path_parts("file://localhost/C:/Users/Me/Music/Artist/Album/01%20Song.m4a")
    assert mac[-3:] == windows[-3:] == ("artist", "album", "01 song.m4a")
    assert windows[0] == "users"  # the drive letter is dropped
    matcher = PathMatcher([(7, "/data/music/Artist/Album/01 Song.m4a"), (8, "/data/music/Other/Album/01 Song.m4a")])
    assert matcher.match("file://localhost/C:/Users/Me/Music/Artist/Album/01%20Song.m4a") == (7, "path-suffix")


TSV = (
    "Artist\tTitle\tAlbum\tPath\tRating\n"
    "Adele\tHello\t25\tC:\\Music\\Adele\\25\\01 Hello.flac\t5\n"
    "Adele\tSend My Love\t25\tC:\\Music\\Adele\\25\\02 Send My Love.flac\t?\n"
    "Adele\tWater\t25\tC:\\Music\\Adele\\25\\03 Water.flac\t3.5\n"
    "Adele\tRumour\t21\tC:\\Music\\Adele\\21\\04 Rumour.flac\t9\n"
)


def test_foobar_tsv_with_a_header():
    result = parse_foobar(TSV.encode("utf-8"))
    assert [(e.title, e.rating, e.path) for e in result.entries] == [
        ("Hello", 10.0, "C:\\Music\\Adele\\25\\01 Hello.flac"), ("Water", 7.0, "C:\\Music\\Adele\\25\\03 Water.flac"),
    ]
    assert (result.read, result.skipped) == (4, 2)
    assert result.warnings == ["line 5: the rating is not 1–5 stars; skipped."]
    assert result.entries[0].source_id == "line 2"


def test_foobar_headers_are_case_insensitive_and_may_be_title_formatting_fields():
    text = '%RATING%;%title%;%ARTIST%;%length%\n4;"Hello; again";Adele;4:55\n'
    result = parse_foobar(text.encode("utf-8"))
    [entry] = result.entries
    assert (entry.title, entry.artist, entry.rating, entry.duration_ms, entry.path) == (
        "Hello; again", "Adele", 8.0, 295_000, None)


def test_foobar_csv_without_a_header_uses_the_documented_order():
    text = "Adele,Hello,25,/music/Adele/25/01 Hello.flac,2\n"
    [entry] = parse_foobar(("\ufeff" + text).encode("utf-8")).entries
    assert (entry.artist, entry.title, entry.album, entry.path, entry.rating) == (
        "Adele", "Hello", "25", "/music/Adele/25/01 Hello.flac", 4.0)


def test_foobar_windows_1252_text_is_read():
    text = "artist\ttitle\trating\nBeyoncé\tHalo\t4\n"
    assert parse_foobar(text.encode("cp1252")).entries[0].artist == "Beyoncé"


@pytest.mark.parametrize("data", [b"", b"just one column\n"])
def test_unrecognised_foobar_exports_are_400(data):
    with pytest.raises(BadRequest):
        parse_foobar(data)


@pytest.mark.parametrize("byte, rating", [
    (0, None), (1, 2.0), (64, 4.0), (128, 6.0), (196, 8.0), (255, 10.0),  # Windows Media Player / MusicBee
    (13, 1.0), (54, 3.0), (118, 5.0), (186, 7.0), (242, 9.0),  # MusicBee / MediaMonkey half stars
    (51, 2.0), (102, 4.0), (153, 6.0), (204, 8.0), (2, 0.5),  # linear 0–255 writers
])
def test_popm_bytes(byte, rating):
    assert from_popm(byte) == rating


@pytest.mark.parametrize("text, rating", [
    ("5", 10.0), ("3", 6.0), ("4.5", 9.0), ("0", None), ("80", 8.0), ("100", 10.0), ("30", 3.0),
    ("0.8", 8.0), ("0.25", 2.5), ("4/5", 8.0), ("1", 2.0), ("1.0", 2.0),
])
def test_text_rating_tags(text, rating):
    assert from_text(text) == rating


@pytest.mark.parametrize("bad", ["x", "101", "nan", "inf", "-"])
def test_text_rating_tags_that_are_not_ratings(bad):
    with pytest.raises(ValueError):
        from_text(bad)


def test_scales_round_to_half_points():
    assert from_percent(85) == 8.5 and from_percent(87) == 8.5 and from_percent(88) == 9.0
    assert from_stars(2.5) == 5.0 and from_stars(0) is None
    with pytest.raises(ValueError):
        from_stars(6)


def _both_paths(data: bytes):
    from plexm8.services.ratings.importer import itunes
    from plexm8.services.ratings.importer.types import SourceRatings

    slow = SourceRatings("itunes")
    itunes._parse_events(io.BytesIO(data), slow)
    return parse_library_xml(io.BytesIO(data), "itunes"), slow


def test_the_fast_and_the_streamed_parse_agree():
    entries = [_entry(1, "Tom &amp; Jerry", 80), _entry(2, "Café <Live>", 60, **{"Rating Computed": False}),
               _entry(3, "", 100), _entry(4, "Unrated"), _entry(5, "Computed", 40, **{"Rating Computed": True}),
               _entry(6, "Tiny", 0)]
    entries[2]["Artist"] = ""
    for sort_keys in (False, True):
        fast, slow = _both_paths(library_xml(entries, sort_keys=sort_keys))
        assert fast.entries == slow.entries and (fast.read, fast.skipped) == (slow.read, slow.skipped) == (6, 3)
    assert fast.entries[0].title == "Tom &amp; Jerry" and fast.entries[1].title == "Café <Live>"


def test_what_the_fast_path_does_not_expect_is_read_the_slow_way():
    data = library_xml([_entry(1, "Nested", 80, Extra={"a": 1}), _entry(2, "Plain", 60)])
    fast, slow = _both_paths(data)
    assert [e.title for e in fast.entries] == [e.title for e in slow.entries] == ["Nested", "Plain"]
    utf16 = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert [e.title for e in parse_library_xml(io.BytesIO(utf16), "itunes").entries] == ["Nested", "Plain"]


def test_a_file_cut_inside_the_tracks_is_malformed_but_one_cut_in_the_playlists_is_read():
    data = library_xml([_entry(1, "One", 80), _entry(2, "Two", 60)])
    inside = data[: data.index(b"<string>Two") + 10]
    with pytest.raises(BadRequest):
        parse_library_xml(io.BytesIO(inside), "itunes")
    in_playlists = data[: data.index(b"<key>Playlist Items")]
    assert len(parse_library_xml(io.BytesIO(in_playlists), "itunes").entries) == 2


def test_a_library_file_on_disk_is_memory_mapped(tmp_path):
    path = tmp_path / "lib.xml"
    path.write_bytes(library_xml([_entry(1, "One", 80)]))
    with path.open("rb") as stream:
        assert parse_library_xml(stream, "musicbee").entries[0].rating == 8.0
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with empty.open("rb") as stream, pytest.raises(BadRequest):
        parse_library_xml(stream, "itunes")
