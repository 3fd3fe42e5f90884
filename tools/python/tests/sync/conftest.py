"""Fixtures for end-to-end sync: the simulator holding the fake platforms' songs, and an app pointed at both."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from plexm8.devtools.fakes.catalog import CURATED, Song, songs

# The library spells some names in Traditional Chinese while the platforms use Simplified.
TRADITIONAL = {"周杰伦": "周杰倫", "陈奕迅": "陳奕迅", "叶惠美": "葉惠美"}
NOT_IN_LIBRARY = {7, 9}  # 小幸运 and 起风了 are missing from Plex


def _library_name(text: str) -> str:
    return TRADITIONAL.get(text, text)


def add_song(library: Any, song: Song) -> int:
    """Put a platform song into the simulated Plex library; returns its ratingKey."""
    artist = _library_name(song.artists[0])
    original = " & ".join(_library_name(a) for a in song.artists) if len(song.artists) > 1 else None
    track = library.add_track(song.title, artist, _library_name(song.album), duration_ms=song.seconds * 1000 + 400,
                              original_title=original)
    return track.rating_key


@dataclass
class SyncEnv:
    """A running simulator and fake platforms, an app and its client."""

    sim: Any
    platforms: Any
    app: Any
    client: Any
    keys: dict[int, int]  # song number → ratingKey

    def writes(self) -> int:
        """How many writing requests Plex received so far."""
        return sum(1 for method, _path in self.sim.requests if method in ("POST", "PUT", "DELETE"))

    def playlist_keys(self, title: str) -> list[int]:
        """The ratingKeys of the Plex playlist `title`, in order (read from the simulator's state)."""
        library = self.sim.library
        playlist = next(p for p in library.playlists.values() if p.title == title)
        return [rating_key for _item, rating_key in playlist.items]

    def playlist(self, title: str) -> Any:
        """The simulator's playlist object."""
        return next(p for p in self.sim.library.playlists.values() if p.title == title)

    def run(self, task_id: int) -> dict:
        """Run a task through the API and wait for it to finish."""
        response = self.client.post(f"/api/sync/tasks/{task_id}/run")
        assert response.status_code == 202, response.get_json()
        run_id = response.get_json()["run_id"]
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            run = self.client.get(f"/api/sync/runs/{run_id}").get_json()["run"]
            if run["status"] in ("succeeded", "failed"):
                return run
            time.sleep(0.05)
        raise AssertionError("the run did not finish")

    def create_task(self, **fields: Any) -> dict:
        """Create a task through the API."""
        response = self.client.post("/api/sync/tasks", json=fields)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["task"]


@pytest.fixture
def sync_env(make_app, plex_sim, fake_platforms) -> SyncEnv:
    keys = {}
    for song in CURATED:
        if song.number not in NOT_IN_LIBRARY:
            keys[song.number] = add_song(plex_sim.library, song)
    # decoys: other versions and a cover that must never be picked
    plex_sim.library.add_track("晴天 (Live)", "周杰倫", "地表最強世界巡迴演唱會", duration_ms=301_000)
    plex_sim.library.add_track("Lemon", "Cover Singer", "Covers Vol. 1", duration_ms=256_000)
    for song in songs(300)[len(CURATED):]:
        keys[song.number] = add_song(plex_sim.library, song)
    app = make_app(plex_server_url=plex_sim.url, plex_token=plex_sim.token, **fake_platforms.urls())
    return SyncEnv(plex_sim, fake_platforms, app, app.test_client(), keys)
