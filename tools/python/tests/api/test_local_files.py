"""Local files: only same-origin and non-browser callers name paths; regular files only, capped, never quoted."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from plexm8.errors import PayloadTooLarge, Unprocessable
from plexm8.services.local_files import open_regular, read_regular

HOSTED = {"Origin": "https://plexm8.netlify.app"}
SAME_ORIGIN = {"Origin": "http://localhost:5000"}
PASSWD_LINE = "root:x:0:0"


@pytest.fixture
def passwd_link(tmp_path: Path) -> Path:
    """A playlist-looking name that is a symlink to a system file full of non-playlist lines."""
    target = tmp_path / "passwd"
    target.write_text(f"{PASSWD_LINE}:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
                      encoding="utf-8")
    link = tmp_path / "passwd.m3u"
    link.symlink_to(target)
    return link


def _calls(path: str) -> list[tuple[str, str, dict]]:
    return [
        ("post", "/api/sync/preview", {"url": path}),
        ("post", "/api/sync/preview", {"url": f"file://{path}"}),
        ("post", "/api/sync/tasks", {"source_url": path, "playlist_title": "X"}),
        ("post", "/api/playlists/import", {"path": path}),
        ("post", "/api/ratings/sync", {"source": "foobar2000", "path": path}),
        ("post", "/api/ratings/sync", {"source": "tags", "path": path}),
        ("post", "/api/ratings/sync", {"source": "itunes", "path": path}),
    ]


def test_a_cross_origin_caller_gets_403_and_learns_nothing_about_the_file_system(plex_client, plex_sim,
                                                                                  passwd_link, tmp_path):
    missing = str(tmp_path / "no-such-file.m3u")
    before = len(plex_sim.library.playlists)
    for existing, absent in zip(_calls(str(passwd_link)), _calls(missing), strict=True):
        method, url, body = existing
        answer = getattr(plex_client, method)(url, json=body, headers=HOSTED)
        other = getattr(plex_client, method)(absent[1], json=absent[2], headers=HOSTED)
        assert answer.status_code == 403, (url, body, answer.get_json())
        assert answer.get_json() == other.get_json(), "the answer must not depend on whether the path exists"
        assert PASSWD_LINE not in answer.get_data(as_text=True)
    task = plex_client.post("/api/sync/tasks", json={"source_url": "netease:1", "playlist_title": "N"})
    assert task.status_code == 201
    moved = plex_client.put(f"/api/sync/tasks/{task.get_json()['task']['id']}",
                            json={"source_url": str(passwd_link)}, headers=HOSTED)
    assert moved.status_code == 403
    assert plex_client.get("/api/sync/tasks").get_json()["tasks"][0]["source_url"] == "netease:1"
    assert len(plex_sim.library.playlists) == before


def test_same_origin_and_non_browser_callers_may_name_files(plex_client, plex_sim, tmp_path):
    track = next(iter(plex_sim.library.tracks.values()))
    playlist = tmp_path / "mine.m3u"
    playlist.write_text(f"#EXTM3U\n{track.file}\n", encoding="utf-8")
    for headers, title in ((SAME_ORIGIN, "From the UI"), ({}, "From curl")):
        answer = plex_client.post("/api/playlists/import", json={"path": str(playlist), "title": title},
                                  headers=headers)
        assert answer.status_code == 201, answer.get_json()
    preview = plex_client.post("/api/sync/preview", json={"url": str(playlist)}, headers=SAME_ORIGIN)
    assert preview.status_code == 200 and preview.get_json()["track_count"] == 1


def test_a_symlink_to_a_system_file_is_never_quoted(plex_client, passwd_link, tmp_path):
    csv_link = tmp_path / "shadow.csv"
    csv_link.symlink_to(passwd_link.resolve())
    answers = [
        plex_client.post("/api/sync/preview", json={"url": str(passwd_link)}),
        plex_client.post("/api/playlists/import", json={"path": str(passwd_link)}),
        plex_client.post("/api/playlists/import", json={"path": str(csv_link)}),
        plex_client.post("/api/ratings/sync", json={"source": "foobar2000", "path": str(csv_link)}),
    ]
    task = plex_client.post("/api/sync/tasks", json={"source_url": str(passwd_link), "playlist_title": "P"})
    assert task.status_code == 201
    run = plex_client.post(f"/api/sync/tasks/{task.get_json()['task']['id']}/run")
    run_id = run.get_json()["run_id"]
    deadline = time.monotonic() + 30
    while plex_client.get(f"/api/sync/runs/{run_id}").get_json()["run"]["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    answers.append(plex_client.get(f"/api/sync/runs/{run_id}"))
    answers.append(plex_client.get(f"/api/sync/tasks/{task.get_json()['task']['id']}/matches"))
    for answer in answers:
        text = answer.get_data(as_text=True)
        assert PASSWD_LINE not in text and "nologin" not in text, text
    assert [a.status_code for a in answers[:4]] == [400, 400, 400, 400]
    assert answers[4].get_json()["run"]["status"] == "failed"


def _finishes(func, seconds: float = 20):
    result: list = []
    thread = threading.Thread(target=lambda: result.append(func()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the request blocked"
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_scanned_folder_is_skipped_and_a_named_fifo_refused(plex_client, tmp_path):
    folder = tmp_path / "music"
    folder.mkdir()
    os.mkfifo(folder / "trap.mp3")
    os.mkfifo(tmp_path / "trap.m3u")
    os.mkfifo(tmp_path / "trap.xml")
    scanned = _finishes(lambda: plex_client.post("/api/ratings/sync", json={"source": "tags", "path": str(folder)}))
    assert scanned.status_code == 200, scanned.get_json()
    assert scanned.get_json()["entries"] == 0
    for call in (
        lambda: plex_client.post("/api/ratings/sync", json={"source": "tags", "path": str(folder / "trap.mp3")}),
        lambda: plex_client.post("/api/ratings/sync", json={"source": "itunes", "path": str(tmp_path / "trap.xml")}),
        lambda: plex_client.post("/api/playlists/import", json={"path": str(tmp_path / "trap.m3u")}),
        lambda: plex_client.post("/api/sync/preview", json={"url": str(tmp_path / "trap.m3u")}),
    ):
        answer = _finishes(call)
        assert answer.status_code == 422, answer.get_json()


def test_oversized_files_are_refused_before_reading(plex_client, tmp_path):
    huge = tmp_path / "Library.xml"
    with huge.open("wb") as stream:
        stream.truncate(5 * 1024**3)  # sparse: 5 GB on paper, nothing on disk
    started = time.monotonic()
    answer = plex_client.post("/api/ratings/sync", json={"source": "itunes", "path": str(huge)})
    assert answer.status_code == 413, answer.get_json()
    assert time.monotonic() - started < 5, "the file was read instead of refused by its size"
    big_m3u = tmp_path / "big.m3u"
    with big_m3u.open("wb") as stream:
        stream.truncate(60 * 1024**2)
    assert plex_client.post("/api/playlists/import", json={"path": str(big_m3u)}).status_code == 413


def test_the_reader_caps_files_whose_size_is_not_reported(tmp_path):
    proc = Path("/proc/self/status")
    if not proc.exists():
        pytest.skip("needs /proc")
    assert len(read_regular(proc, 1024 * 1024)) > 0  # size 0 in stat, content when read
    with pytest.raises(PayloadTooLarge):
        read_regular(proc, 10)
    with pytest.raises(Unprocessable) as caught:
        open_regular(tmp_path, 10, field="path")
    assert caught.value.field == "path"
