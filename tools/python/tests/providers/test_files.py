"""M3U/M3U8 and CSV playlist files in the variants players and exporters really write."""
from __future__ import annotations

import codecs

import pytest
from plexm8.errors import BadRequest, Unprocessable
from plexm8.services.providers.files import name_from_file, parse_csv, parse_m3u, read_playlist_file

# ---------------------------------------------------------------------------- M3U

EXTENDED = """#EXTM3U
#PLAYLIST:Road trip 🚗
#EXTINF:269,周杰伦 - 晴天
/music/周杰伦/叶惠美/03 晴天.flac

# a comment line
#EXTINF:255,米津玄師 – Lemon
../J-Pop/米津玄師/Lemon.m4a
"""


def test_extended_m3u_with_playlist_name_and_extinf():
    playlist = parse_m3u(EXTENDED, name="fallback")
    assert playlist.provider == "m3u" and playlist.name == "Road trip 🚗"
    first, second = playlist.tracks
    assert (first.title, first.artists, first.duration_ms) == ("晴天", ("周杰伦",), 269000)
    assert first.file_path == "/music/周杰伦/叶惠美/03 晴天.flac" == first.external_id
    assert (second.title, second.artists, second.file_path) == ("Lemon", ("米津玄師",), "../J-Pop/米津玄師/Lemon.m4a")
    assert [t.position for t in playlist.tracks] == [0, 1]


def test_bom_crlf_and_windows_paths():
    data = codecs.BOM_UTF8 + (
        "#EXTM3U\r\n#EXTINF:354,Queen - Bohemian Rhapsody\r\nC:\\Music\\Queen\\A Night at the Opera\\11 Bohemian Rhapsody.mp3\r\n"
        "\r\nD:\\Música\\Björk\\Homogenic\\01 - Björk - Hunter.flac\r\n"
    ).encode("utf-8")
    playlist = parse_m3u(data, name="Windows")
    assert playlist.name == "Windows"
    first, second = playlist.tracks
    assert first.file_path == "C:\\Music\\Queen\\A Night at the Opera\\11 Bohemian Rhapsody.mp3"
    assert (first.title, first.artists, first.duration_ms) == ("Bohemian Rhapsody", ("Queen",), 354000)
    assert (second.title, second.artists, second.duration_ms) == ("Hunter", ("Björk",), None)  # from the file name
    assert second.file_path == "D:\\Música\\Björk\\Homogenic\\01 - Björk - Hunter.flac"


def test_utf16_with_bom():
    text = "#EXTM3U\n#EXTINF:200,王菲 - 红豆\nE:\\华语\\王菲 - 红豆.mp3\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        (track,) = parse_m3u(bom + text.encode(encoding)).tracks
        assert (track.title, track.artists, track.file_path) == ("红豆", ("王菲",), "E:\\华语\\王菲 - 红豆.mp3")


def test_latin1_fallback_for_legacy_m3u():
    data = "#EXTINF:180,Beyoncé - Halo\r\nC:\\Musique\\Beyoncé\\Halo.mp3\r\n".encode("cp1252")
    (track,) = parse_m3u(data).tracks
    assert track.artists == ("Beyoncé",) and track.file_path == "C:\\Musique\\Beyoncé\\Halo.mp3"


def test_file_urls_are_percent_decoded_paths():
    data = (
        "file:///C:/Users/me/Music/Bj%C3%B6rk/Post/03%20-%20Bj%C3%B6rk%20-%20Hyperballad.mp3\n"
        "file:///home/me/Music/%E5%91%A8%E6%9D%B0%E4%BC%A6%20-%20%E7%A8%BB%E9%A6%99.flac\n"
        "file://nas/music/ABBA%20-%20Waterloo.mp3\n"
        "file://localhost/srv/music/song.ogg\n"
    )
    paths = [t.file_path for t in parse_m3u(data).tracks]
    assert paths == ["C:/Users/me/Music/Björk/Post/03 - Björk - Hyperballad.mp3",
                     "/home/me/Music/周杰伦 - 稻香.flac", "//nas/music/ABBA - Waterloo.mp3", "/srv/music/song.ogg"]
    first = parse_m3u(data).tracks[0]
    assert (first.artists, first.title) == (("Björk",), "Hyperballad")


def test_plain_m3u_without_header_and_relative_paths():
    playlist = parse_m3u("Artist One - First Song.mp3\nsub/dir/02. Second Song.ogg\n1979.mp3\n99 Luftballons.mp3\n")
    assert [(t.artists, t.title) for t in playlist.tracks] == [
        (("Artist One",), "First Song"), ((), "Second Song"), ((), "1979"), ((), "99 Luftballons")]
    assert playlist.name == "Imported playlist"


def test_extinf_with_attributes_and_unknown_duration():
    data = '#EXTM3U\n#EXTINF:-1 tvg-id="x" tvg-name="A, B" group-title="Radio",Daft Punk - One More Time\nhttp://radio.example/stream\n'
    (track,) = parse_m3u(data).tracks
    assert (track.artists, track.title, track.duration_ms) == (("Daft Punk",), "One More Time", None)
    assert track.file_path == "http://radio.example/stream"


def test_extinf_title_only_takes_artist_from_a_matching_file_name():
    (track,) = parse_m3u("#EXTINF:123.5,Waterloo\nABBA - Waterloo.mp3\n").tracks
    assert (track.artists, track.title, track.duration_ms) == (("ABBA",), "Waterloo", 123500)


def test_album_tags_once_in_the_header_apply_to_every_entry():
    data = "#EXTM3U\n#EXTALB:叶惠美\n#EXTART:周杰伦\n#EXTINF:269,晴天\n03 晴天.flac\n#EXTINF:300,以父之名\n01 以父之名.flac\n"
    tracks = parse_m3u(data).tracks
    assert [(t.album, t.artists, t.title) for t in tracks] == [
        ("叶惠美", ("周杰伦",), "晴天"), ("叶惠美", ("周杰伦",), "以父之名")]


def test_album_tags_per_entry_apply_to_the_next_entry_only():
    data = "#EXTALB:One\n#EXTINF:1,A - x\nx.mp3\n#EXTALB:Two\n#EXTINF:1,B - y\ny.mp3\n#EXTINF:1,C - z\nz.mp3\n"
    assert [t.album for t in parse_m3u(data).tracks] == ["One", "Two", ""]


@pytest.mark.parametrize(("path", "expected"), [
    ("C:\\Music\\A\\B\\01 x.mp3", (None, "x")),
    ("01 - Artist - Title.mp3", ("Artist", "Title")),
    ("Artist - Title.flac", ("Artist", "Title")),
    ("1-05 Disc Track.m4a", (None, "Disc Track")),
    ("07_Some_Song.mp3", (None, "Some Song")),
    ("Mr. Brightside", (None, "Mr. Brightside")),
    ("/a/b/The Killers - Mr. Brightside.opus", ("The Killers", "Mr. Brightside")),
])
def test_names_from_files(path, expected):
    assert name_from_file(path) == expected


# ---------------------------------------------------------------------------- CSV

EXPORTIFY = (
    '"Track URI","Track Name","Album Name","Artist Name(s)","Release Date","Duration (ms)","Popularity","Explicit",'
    '"Added By","Added At","Genres","Record Label","Danceability"\n'
    '"spotify:track:6habFhsOp2NvshLv26DqMb","Something Just Like This","Memories...Do Not Open",'
    '"The Chainsmokers,Coldplay","2017-04-07","247160","80","false","spotify:user:me","2024-01-01T00:00:00Z",'
    '"edm,pop","Columbia","0.617"\n'
    '"spotify:track:4kLLWz7srcuLKA7Et40PQR","See You Again (feat. Kali Uchis)","Flower Boy",'
    '"Tyler, The Creator,Kali Uchis","2017-07-21","180386","85","true","","","","",""\n'
    '"spotify:track:0yLdNVWF3Srea0uzk55zFn","晴天","叶惠美","周杰伦","2003-07-31","269000","70","false","","","","",""\n'
)


def test_exportify_csv():
    playlist = parse_csv(codecs.BOM_UTF8 + EXPORTIFY.encode("utf-8"), name="exported")
    assert playlist.provider == "csv" and playlist.name == "exported"
    first, second, third = playlist.tracks
    assert first.external_id == "spotify:track:6habFhsOp2NvshLv26DqMb"
    assert (first.title, first.artists, first.album, first.duration_ms) == (
        "Something Just Like This", ("The Chainsmokers", "Coldplay"), "Memories...Do Not Open", 247160)
    assert second.artists == ("Tyler, The Creator", "Kali Uchis")  # "Tyler, The Creator" stays whole
    assert (third.title, third.artists, third.position) == ("晴天", ("周杰伦",), 2)


def test_old_exportify_columns():
    data = ("Track URI,Track Name,Artist URI(s),Artist Name(s),Album URI,Album Name,Track Duration (ms)\n"
            "spotify:track:1,Hunter,spotify:artist:9,Björk,spotify:album:3,Homogenic,255000\n")
    (track,) = parse_csv(data).tracks
    assert (track.external_id, track.title, track.artists, track.album, track.duration_ms) == (
        "spotify:track:1", "Hunter", ("Björk",), "Homogenic", 255000)


def test_tunemymusic_csv_takes_the_playlist_name():
    data = ("Track name,Artist name,Album,Playlist name,Type,ISRC,Spotify - id\n"
            "光年之外,G.E.M.邓紫棋,光年之外,华语流行,Playlist,CNA341600001,4iV5W9uYEdYUVa79Axb7Rh\n"
            "Lemon,米津玄師,Lemon,华语流行,Playlist,JPU901800001,\n")
    playlist = parse_csv(data, name="file-name")
    assert playlist.name == "华语流行"
    first, second = playlist.tracks
    assert (first.external_id, first.title, first.artists, first.album) == (
        "4iV5W9uYEdYUVa79Axb7Rh", "光年之外", ("G.E.M.邓紫棋",), "光年之外")
    assert second.external_id == "JPU901800001"  # ISRC when there is no Spotify id


def test_semicolon_and_tab_delimiters():
    semicolon = "Track Name;Artist Name(s);Album Name;Duration (ms)\r\nWaterloo;ABBA;Waterloo;164000\r\n"
    tab = "Track name\tArtist name\tAlbum\nWaterloo\tABBA\tWaterloo\n"
    for data in (semicolon, tab):
        (track,) = parse_csv(data).tracks
        assert (track.title, track.artists, track.album) == ("Waterloo", ("ABBA",), "Waterloo")


def test_unknown_columns_name_the_expected_ones_without_quoting_the_file():
    with pytest.raises(BadRequest) as caught:
        parse_csv("root:x:0:0,secret-hash\n1,2\n")
    assert "root" not in caught.value.message and "secret-hash" not in caught.value.message
    assert "2 found" in caught.value.message
    assert "Track Name" in caught.value.message and "Artist name" in caught.value.message


def test_empty_csv_is_a_bad_request():
    with pytest.raises(BadRequest, match="empty"):
        parse_csv(b"")


# ---------------------------------------------------------------------------- files on disk

def test_read_playlist_file_by_extension_and_by_content(tmp_path):
    m3u = tmp_path / "Road trip.m3u8"
    m3u.write_text("#EXTM3U\n#EXTINF:1,A - B\nb.mp3\n", encoding="utf-8")
    playlist = read_playlist_file(m3u)
    assert (playlist.name, playlist.playlist_id, len(playlist.tracks)) == ("Road trip", str(m3u), 1)

    csv_file = tmp_path / "export.csv"
    csv_file.write_text(EXPORTIFY, encoding="utf-8")
    assert len(read_playlist_file(csv_file).tracks) == 3

    unnamed = tmp_path / "playlist.txt"
    unnamed.write_text("#EXTM3U\n#EXTINF:1,A - B\nb.mp3\n", encoding="utf-8")
    assert read_playlist_file(unnamed).tracks[0].title == "B"


def test_read_playlist_file_errors(tmp_path):
    with pytest.raises(Unprocessable) as caught:
        read_playlist_file(tmp_path / "missing.m3u")
    assert caught.value.field == "path"
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes", encoding="utf-8")
    with pytest.raises(BadRequest, match="not a playlist file"):
        read_playlist_file(junk)
