"""The closed loop for real: fake NetEase, fake slskd/songapi serving real FLAC files, the simulator scanning a folder."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
from plexm8.devtools.fake_slskd import API_KEY, FakeSlskd
from plexm8.devtools.fake_songapi import FakeSongApi
from plexm8.devtools.folder_scan import FolderScanner

from tests.fakes.catalog import CURATED, Song, filler
from tests.sync.conftest import add_song

PLAYLIST_ID = "7000000001"
PRESENT = [CURATED[0], CURATED[2], CURATED[4], CURATED[7]]  # already in Plex
MISSING = [filler(n) for n in range(500, 520)]  # 20 songs over two artists' albums
LIVE_ONLY = Song(900, "Decoy Live Only", ("Decoy Band",), "Decoy Studio Album", 200)
WRONG_LENGTH = Song(901, "Decoy Short File", ("Decoy Band",), "Decoy Studio Album", 210)


def source_order() -> list[Song]:
    """The source playlist: present and missing songs interleaved, decoys in the middle."""
    order: list[Song] = []
    missing = list(MISSING)
    for present in PRESENT:
        order.append(present)
        order.extend(missing[:5])
        del missing[:5]
    order.insert(7, LIVE_ONLY)
    order.insert(15, WRONG_LENGTH)
    return order


def share(slskd: FakeSlskd, song: Song, user: str = "goodpeer", **kw: Any) -> None:
    """Share a song's file on the fake network as a tidy peer would (Artist\\\\Album\\\\NN - Title.flac)."""
    artist = song.artists[0]
    slskd.add(user, f"Music\\{artist}\\{song.album}", f"{song.number % 100:02d} - {song.title}.flac",
              title=song.title, artist=artist, album=song.album, duration_s=song.seconds, **kw)


@dataclass
class LoopEnv:
    """Everything of one closed-loop test."""

    sim: Any
    platforms: Any
    slskd: FakeSlskd
    songapi: FakeSongApi
    scanner: FolderScanner
    app: Any
    client: Any
    library_dir: Path
    download_dir: Path
    keys: dict[int, int] = field(default_factory=dict)

    def configure(self, **changes: Any) -> dict:
        """PUT the download settings (slskd by default)."""
        body = {"backend": "slskd", "base_url": self.slskd.url, "api_key": API_KEY,
                "download_dir": str(self.download_dir), "library_dir": str(self.library_dir),
                "plex_library_path": "/music", "max_concurrent": 3, "duration_tolerance_s": 5,
                "searches_per_minute": 60}
        body.update(changes)
        response = self.client.put("/api/download/settings", json=body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["settings"]

    def task(self, title: str = "Night drive") -> dict:
        """A sync task of the source playlist, run once (so its unmatched list is known)."""
        response = self.client.post("/api/sync/tasks", json={"source_url": f"netease:{PLAYLIST_ID}",
                                                             "playlist_title": title})
        assert response.status_code == 201, response.get_json()
        task = response.get_json()["task"]
        run = self.app.extensions["plexm8"].sync.run_now(task["id"])
        assert run.status == "succeeded", run.error
        return task

    def wait_session(self, session_id: int, timeout: float = 90.0) -> dict:
        """Poll the session until it is finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            session = self.client.get(f"/api/download/sessions/{session_id}").get_json()["session"]
            if session["finished_at"] is not None:
                return session
            time.sleep(0.1)
        raise AssertionError(f"session not finished: {session}")

    def playlist_keys(self, title: str) -> list[int]:
        """The simulator's playlist, in order."""
        playlist = next(p for p in self.sim.library.playlists.values() if p.title == title)
        return [key for _item, key in playlist.items]

    def library_files(self) -> list[Path]:
        """Every file under library_dir (hidden ones included)."""
        return sorted(p for p in self.library_dir.rglob("*") if p.is_file())


@pytest.fixture
def loop_env(make_app, plex_sim, fake_platforms, tmp_path: Path) -> Iterator[LoopEnv]:
    library_dir, download_dir = tmp_path / "library", tmp_path / "slskd-downloads"
    library_dir.mkdir()
    download_dir.mkdir()
    keys = {song.number: add_song(plex_sim.library, song) for song in PRESENT}
    # the only copy of this song in Plex's way is a live recording on the network
    fake_platforms.netease.add_playlist(PLAYLIST_ID, "Night drive", source_order())
    scanner = FolderScanner(plex_sim, library_dir, "/music", delay_s=0.2)
    with FakeSlskd(download_dir) as slskd, FakeSongApi() as songapi:
        for song in MISSING:
            share(slskd, song)
        slskd.add("liveonly", "Music\\Decoy Band\\Decoy Live 2019", "01 - Decoy Live Only (Live).flac",
                  title="Decoy Live Only (Live)", artist="Decoy Band", album="Decoy Live 2019", duration_s=200)
        share(slskd, WRONG_LENGTH, user="liar", listed_s=WRONG_LENGTH.seconds)
        slskd.files[-1].data = type(slskd.files[-1])(
            "liar", "x", "Decoy Short File", "Decoy Band", "Decoy Studio Album", 30).data  # a 30 s file
        app = make_app(plex_server_url=plex_sim.url, plex_token=plex_sim.token, **fake_platforms.urls(),
                       download_poll_s=0.05, download_stall_s=0.6, download_retry_s=0.2,
                       download_scan_timeout_s=20)
        env = LoopEnv(plex_sim, fake_platforms, slskd, songapi, scanner, app, app.test_client(), library_dir,
                      download_dir, keys)
        yield env
        app.extensions["plexm8"].downloads.stop()
        scanner.join()
