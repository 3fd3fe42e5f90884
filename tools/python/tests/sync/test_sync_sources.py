"""QQ Music, Spotify, Deezer and M3U sources each become a Plex playlist in source order."""
from __future__ import annotations

from plexm8.devtools.fakes.catalog import CURATED, songs
from plexm8.devtools.fakes.deezer import BIG_PLAYLIST_ID as DEEZER_ID
from plexm8.devtools.fakes.deezer import BIG_SIZE as DEEZER_SIZE
from plexm8.devtools.fakes.qqmusic import NEW_SHAPE_ID
from plexm8.devtools.fakes.spotify import BIG_PLAYLIST_ID as SPOTIFY_ID

from .conftest import NOT_IN_LIBRARY


def _expected(env, numbers):
    return [env.keys[n] for n in numbers if n in env.keys]


def test_qq_music_link(sync_env):
    task = sync_env.create_task(source_url=f"https://y.qq.com/n/ryqq/playlist/{NEW_SHAPE_ID}", playlist_title="QQ")
    assert task["provider"] == "qqmusic"
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded", run
    assert run["matched"] == len(CURATED) - len(NOT_IN_LIBRARY)
    assert sync_env.playlist_keys("QQ") == _expected(sync_env, [s.number for s in CURATED])


def test_spotify_link(sync_env):
    task = sync_env.create_task(source_url=f"https://open.spotify.com/playlist/{SPOTIFY_ID}?si=abc", playlist_title="Sp")
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded", run
    preview = sync_env.client.post("/api/sync/preview", json={"url": f"spotify:playlist:{SPOTIFY_ID}"}).get_json()
    assert preview["provider"] == "spotify" and len(preview["tracks"]) == 20
    keys = sync_env.playlist_keys("Sp")
    assert len(keys) == run["matched"] > 200
    # every matched track sits in source order
    matches = sync_env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()["matches"]
    in_order = [int(m["track_key"].rsplit("/", 1)[1]) for m in matches if m["track_key"]]
    assert keys == list(dict.fromkeys(in_order))


def test_deezer_link(sync_env):
    task = sync_env.create_task(source_url=f"https://www.deezer.com/fr/playlist/{DEEZER_ID}", playlist_title="Dz")
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded", run
    assert run["total"] == DEEZER_SIZE
    assert sync_env.playlist_keys("Dz") == _expected(sync_env, [s.number for s in songs(DEEZER_SIZE)])


def test_m3u_file_matches_by_path_suffix_then_metadata(sync_env, tmp_path):
    library = sync_env.sim.library
    wanted = [library.tracks[sync_env.keys[n]] for n in (20, 21, 22)]
    lines = ["#EXTM3U", "#PLAYLIST:From my old PC"]
    for track in wanted:  # the same files, on another machine's drive
        relative = track.file.split("/music/", 1)[1].replace("/", "\\")
        lines += [f"#EXTINF:{track.duration_ms // 1000},whatever - wrong title", f"D:\\Old Music\\{relative}"]
    lines += ["#EXTINF:269,周杰伦 - 晴天", "C:\\nowhere\\qingtian.mp3"]  # not a known file: matched by metadata
    playlist_file = tmp_path / "old.m3u8"
    playlist_file.write_text("\ufeff" + "\r\n".join(lines), encoding="utf-8")

    task = sync_env.create_task(source_url=str(playlist_file), playlist_title="Old PC")
    assert task["provider"] == "file"
    run = sync_env.run(task["id"])
    assert run["status"] == "succeeded", run
    assert sync_env.playlist_keys("Old PC") == [t.rating_key for t in wanted] + [sync_env.keys[1]]
    reasons = [m["reasons"] for m in sync_env.client.get(f"/api/sync/tasks/{task['id']}/matches").get_json()["matches"]]
    assert reasons[0] == ["file path-suffix"]
