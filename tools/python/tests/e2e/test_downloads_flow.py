"""Downloads as a user sees them: a task whose songs Plex lacks, "Download missing" on its page, and the Downloads
page following each song to the Plex playlist, against the demo's fake Soulseek network and the simulator."""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import expect
from plexm8.devtools.demo import DEMO_MISSING, Demo, configure_demo_downloads, start_demo_downloads

from tests.e2e.conftest import check_accessibility, screenshot

LOOP_TIMEOUT_MS = 90_000


@pytest.fixture
def demo_services(demo_tracks: int, tmp_path: Path) -> Iterator[Demo]:
    """The demo with its download loop (fake slskd, a scanned music folder), transfers kept short."""
    demo = Demo(demo_tracks)
    demo.downloads = start_demo_downloads(demo.plex, tmp_path / "demo", transfer_s=0.3, search_s=0.05)
    yield demo
    demo.stop()


def _wait_for(what: str, check: Any, timeout_s: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_download_missing_from_the_task_page_to_the_plex_playlist(page, backend):
    runtime = backend.app.extensions["plexm8"]
    assert backend.demo.downloads is not None
    task_id = configure_demo_downloads(runtime, backend.demo.downloads)
    run = backend.run_task(task_id)
    assert run["status"] == "succeeded", run
    _wait_for("the downloader to be reachable", lambda: "download" in backend.api("GET", "/api/health").json()["features"])

    page.goto(f"/sync/{task_id}")
    button = page.get_by_role("button", name=f"Download missing ({len(DEMO_MISSING)})")
    expect(button).to_be_enabled()
    button.click()

    page.get_by_role("link", name="Downloads").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Downloads")
    session = page.get_by_role("heading", level=2, name=re.compile(r"^Session \d+"))
    expect(session).to_have_count(1)
    expect(page.get_by_text(f"{len(DEMO_MISSING)} of {len(DEMO_MISSING)} done")).to_be_visible(timeout=LOOP_TIMEOUT_MS)
    page.get_by_role("button", name="Show songs").click()
    songs = page.get_by_role("list", name="Songs")
    expect(songs.locator(":scope > li")).to_have_count(len(DEMO_MISSING))
    for _artist, _album, title, _seconds in DEMO_MISSING:  # each song's timeline ends in the playlist
        expect(songs.get_by_role("list", name=f"Progress of {title}: in playlist")).to_be_visible(
            timeout=LOOP_TIMEOUT_MS)
    check_accessibility(page, "Downloads with a finished session")
    screenshot(page, "flow-downloads-finished")

    # What Plex holds: the demo playlist's songs in source order, the downloaded ones among them.
    rows = list(backend.demo.downloads.playlist_file.read_text(encoding="utf-8").splitlines()[1:])
    wanted = [row.split(",")[0] for row in rows]
    playlist = backend.sim_playlist("Demo: Night drive")
    assert playlist is not None
    library = backend.demo.plex.library
    assert [library.tracks[key].title for _, key in playlist.items] == wanted
