"""Choosing a file, verifying it, naming it safely on every OS, and spacing searches."""
from __future__ import annotations

import io
from pathlib import Path

import mutagen
import pytest
from plexm8.devtools.audio_files import flac_bytes
from plexm8.services.downloads.backends.base import Candidate
from plexm8.services.downloads.backends.slskd import parse_remote_path
from plexm8.services.downloads.backends.throttle import SearchGate
from plexm8.services.downloads.choose import rank
from plexm8.services.downloads.files import (
    check_template,
    place,
    relative_path,
    remove_leftovers,
    safe_part,
    verify,
    write_tags,
)
from plexm8.services.external import ExternalTrack

SUNNY = ExternalTrack("186016", "晴天", ("周杰伦",), "叶惠美", 269_000)


def candidate(name: str, *, title: str = "晴天", artist: str = "周杰倫", album: str = "葉惠美", seconds: int = 269,
              ext: str = "flac", bitrate: int | None = None, **kw) -> Candidate:
    return Candidate("slskd", {"username": name, "filename": f"{name}.{ext}"}, f"{name}.{ext}", title, artist, album,
                     1000, bitrate, seconds * 1000, ext, **kw)


def test_generated_flac_files_are_valid_and_mutagen_reads_their_exact_length():
    data = flac_bytes(241.5, title="晴天", artist="周杰倫", album="葉惠美", tracknumber=3)
    assert data[:4] == b"fLaC" and len(data) < 10_000
    audio = mutagen.File(io.BytesIO(data))
    assert audio.info.length == pytest.approx(241.5) and audio["tracknumber"] == ["3"]


def test_ranking_matches_like_sync_then_prefers_length_quality_and_free_peers():
    ranked = rank(SUNNY, [
        candidate("live", title="晴天 (Live)", album="地表最強世界巡迴演唱會"),
        candidate("remix", title="晴天 (DJ Remix)"),
        candidate("cover", artist="Cover Singer"),
        candidate("short", seconds=200),
        candidate("mp3-128", ext="mp3", bitrate=128),
        candidate("mp3-320", ext="mp3", bitrate=320),
        candidate("flac-busy", free_slot=False, queue_length=40),
        candidate("flac-free", speed=1_000_000),
    ], "lossless", 5)
    assert [c.name for c in ranked] == ["flac-free.flac", "flac-busy.flac", "mp3-320.mp3", "mp3-128.mp3"]
    high = rank(SUNNY, [candidate("flac"), candidate("mp3-320", ext="mp3", bitrate=320)], "high", 5)
    assert [c.name for c in high] == ["mp3-320.mp3", "flac.flac"]


def test_a_live_or_remix_file_never_stands_in_for_the_album_track_but_serves_a_live_wish():
    live_wish = ExternalTrack("1", "晴天 (Live)", ("周杰伦",), "地表最強世界巡迴演唱會", 301_000)
    ranked = rank(live_wish, [candidate("studio"), candidate("live", title="晴天 (Live)",
                                                               album="地表最強世界巡迴演唱會", seconds=301)], "lossless", 5)
    assert [c.name for c in ranked] == ["live.flac"]


def test_peer_paths_give_title_artist_and_album():
    meta = parse_remote_path("@@peer\\Music\\周杰倫\\葉惠美 [2003]\\03 - 晴天.flac")
    assert meta == {"name": "03 - 晴天.flac", "title": "晴天", "artist": "周杰倫", "album": "葉惠美 [2003]",
                    "extension": "flac"}
    assert parse_remote_path("@@p\\dl\\Coldplay - Yellow.mp3")["artist"] == "Coldplay"


@pytest.mark.parametrize(("text", "safe"), [
    ("AC/DC", "AC_DC"), ("What's Going On…?", "What's Going On…_"), ("CON", "CON_"), ("nul.txt", "nul.txt_"),
    ("trailing. ", "trailing"), ("a:b*c|d\"e<f>g", "a_b_c_d_e_f_g"), ("..", "Unknown"), ("", "Unknown"),
    ("tab\there", "tab_here"),
])
def test_names_are_safe_on_windows_macos_and_linux(text, safe):
    assert safe_part(text) == safe


def test_long_names_are_cut_to_a_safe_byte_length():
    assert len(safe_part("長" * 200).encode("utf-8")) <= 180


def test_template_fills_safe_folders_and_checks_its_fields():
    path = relative_path("{artist}/{album}/{title}.{ext}", ExternalTrack("1", "Who/What?", ("AC/DC",), "CON"), "flac")
    assert path == Path("AC_DC", "CON_", "Who_What_.flac")
    assert check_template("{artist}/{title}") is None
    assert "unknown field" in (check_template("{genre}/{title}") or "")
    assert "{title}" in (check_template("{artist}/{album}") or "")


def test_verification_checks_audio_length_and_tags(tmp_path):
    good = tmp_path / "good.flac"
    good.write_bytes(flac_bytes(270, title="晴天", artist="周杰倫", album="葉惠美"))
    assert verify(good, SUNNY, 5).ok
    short = tmp_path / "short.flac"
    short.write_bytes(flac_bytes(30, title="晴天", artist="周杰倫"))
    verdict = verify(short, SUNNY, 5)
    assert not verdict.ok and "duration 30 s" in verdict.reason
    other = tmp_path / "other.flac"
    other.write_bytes(flac_bytes(269, title="七里香", artist="周杰倫"))
    assert not verify(other, SUNNY, 5).ok
    noise = tmp_path / "noise.flac"
    noise.write_bytes(b"<html>503 Service Unavailable</html>")
    assert not verify(noise, SUNNY, 5).ok


def test_tags_are_written_and_the_file_placed_atomically(tmp_path):
    staged = tmp_path / "staging" / "x.flac"
    staged.parent.mkdir()
    staged.write_bytes(flac_bytes(269, title="qingtian", artist="jay"))
    write_tags(staged, SUNNY, "netease:186016", cover=b"\x89PNG\r\n\x1a\nfake")
    library = tmp_path / "library"
    target = place(staged, library, relative_path("{artist}/{album}/{title}.{ext}", SUNNY, "flac"))
    assert target == library / "周杰伦" / "叶惠美" / "晴天.flac" and not staged.exists()
    audio = mutagen.File(target)
    assert audio["title"] == ["晴天"] and audio["artist"] == ["周杰伦"] and audio["plexm8_source_id"] == ["netease:186016"]
    assert audio.pictures and audio.pictures[0].mime == "image/png"
    second = tmp_path / "staging" / "y.flac"
    second.write_bytes(flac_bytes(269))
    assert place(second, library, Path("周杰伦", "叶惠美", "晴天.flac")).name == "晴天 (2).flac"
    (target.parent / ".deadbeef.plexm8-part").write_bytes(b"half")
    assert remove_leftovers(target.parent) == 1
    assert sorted(p.name for p in target.parent.iterdir()) == ["晴天 (2).flac", "晴天.flac"]


def test_search_gate_spaces_searches_per_minute_and_backs_off_after_429():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    gate = SearchGate(2, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        with gate:
            pass
    assert now[0] == pytest.approx(60.0)  # the third search waited for the window
    with gate:
        assert gate.throttled() == 1.0 and gate.throttled() == 2.0
    start = now[0]
    with gate:
        pass
    assert now[0] - start >= 2.0
    gate.succeeded()
    assert gate.throttled(retry_after=5) == 5.0
