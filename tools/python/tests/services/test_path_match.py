"""Files match by exact path, by an explicit prefix map, or by the longest common Artist/Album/file suffix."""
from __future__ import annotations

from plexm8.services.library.path_match import PathMatcher, PathRule, path_parts

LIBRARY = [
    (1, "/music/Adele/25/01 Hello.flac"),
    (2, "/music/Adele/21/01 Rolling in the Deep.flac"),
    (3, "/music/Various/Hits 2000/01 Intro.mp3"),
    (4, "/music/Other/Hits 2001/01 Intro.mp3"),
]


def test_parts_normalise_windows_macos_and_file_urls():
    assert path_parts("C:\\Music\\Adele\\25\\01 Hello.flac") == ("music", "adele", "25", "01 hello.flac")
    assert path_parts("file:///Users/me/Music/Adele/25/01%20Hello.flac")[-1] == "01 hello.flac"
    assert path_parts("file://localhost/C:/Music/a.mp3") == ("music", "a.mp3")


def test_exact_then_suffix_match():
    matcher = PathMatcher(LIBRARY)
    assert matcher.match("/music/Adele/25/01 Hello.flac") == (1, "path")
    assert matcher.match("D:\\iTunes\\Music\\Adele\\25\\01 Hello.flac") == (1, "path-suffix")
    assert matcher.match("file:///Volumes/Disk/Adele/21/01%20Rolling%20in%20the%20Deep.flac") == (2, "path-suffix")


def test_a_bare_file_name_or_a_tie_is_not_a_match():
    matcher = PathMatcher(LIBRARY)
    assert matcher.match("/elsewhere/01 Intro.mp3") is None
    assert matcher.match("/x/Hello/01 Hello.flac") is None


def test_path_map_rewrites_prefixes():
    matcher = PathMatcher(LIBRARY)
    rules = [PathRule("C:\\Users\\me\\Music", "/music")]
    assert matcher.match("C:\\Users\\me\\Music\\Various\\Hits 2000\\01 Intro.mp3", rules) == (3, "path")
