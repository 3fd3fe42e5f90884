"""Sync as a newcomer does it in the browser: paste a demo link, preview, create a scheduled task, run it with live
progress, read the history, review the matches, pin a missing song to a library track, re-run and see the change."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, screenshot

RUN_TIMEOUT_MS = 60_000


def test_demo_link_to_synced_plex_playlist_then_pin_and_rerun(page, backend):
    demo = backend.demo.platforms.playlists[0]  # the NetEase one: CJK songs, three of them not in the library
    present = [s for s in demo.songs if s.number not in demo.absent]
    absent = [s for s in demo.songs if s.number in demo.absent]
    page.goto("/sync")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sync")
    examples = page.get_by_role("region", name="Demo playlists to try")  # the demo's links, as a newcomer sees them
    expect(examples.get_by_role("button")).to_have_count(len(backend.demo.platforms.playlists))
    examples.get_by_role("button", name=f"Use “{demo.name}”").click()
    expect(page.get_by_role("textbox", name="Playlist link")).to_have_value(demo.url)
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("table", name=f"First tracks of {demo.name}")
    expect(preview.locator("tbody tr")).to_have_count(len(demo.songs))
    expect(preview.locator("tbody tr").first).to_contain_text(demo.songs[0].title)
    check_accessibility(page, "Sync with a preview")

    page.get_by_role("textbox", name="Plex playlist name").fill("深夜 UI")
    page.get_by_role("combobox", name="Runs").select_option(label="Every day")
    page.get_by_label("Time", exact=True).fill("04:30")
    schedule = page.get_by_role("group", name="Schedule")
    expect(schedule).to_contain_text(re.compile(r"At 0?4:30"))  # the cron in words
    expect(schedule).to_contain_text("30 4 * * *")
    expect(schedule.get_by_text(re.compile(r"^Next runs: .*4:30"))).to_be_visible()
    screenshot(page, "flow-sync-create")
    page.get_by_role("button", name="Create and run now").click()

    progress = page.get_by_role("status", name=re.compile(r"^Run \d+ progress$"))
    expect(progress).to_contain_text("succeeded", timeout=RUN_TIMEOUT_MS)
    expect(progress).to_contain_text(
        f"{len(demo.songs)} source tracks: {len(present)} matched, {len(absent)} unmatched")
    synced = backend.sim_playlist("深夜 UI")
    assert synced is not None and len(synced.items) == len(present)
    library = backend.demo.plex.library
    assert [library.tracks[key].title for _, key in synced.items] == [s.title for s in present]
    task = backend.api("GET", "/api/sync/tasks").json()["tasks"][0]
    assert task["schedule"] == "30 4 * * *" and task["next_run_at"]

    page.get_by_role("button", name=re.compile(r"^Open “")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(task["name"])
    history = page.get_by_role("table", name="Run history")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history.locator("tbody tr").first).to_contain_text("succeeded")

    review = page.get_by_role("table", name="Match review")
    expect(review.locator("tbody tr")).to_have_count(len(demo.songs))
    page.get_by_role("button", name=re.compile(r"^Unmatched \(")).click()
    expect(review.locator("tbody tr")).to_have_count(len(absent))
    for song in absent:
        expect(review).to_contain_text(song.title)
    check_accessibility(page, "Match review, unmatched")
    screenshot(page, "flow-sync-review-unmatched")

    # Pin the first missing song to a library track the playlist does not have yet.
    missing = absent[0]
    in_playlist = {key for _, key in synced.items}
    target = next(t for t in sorted(library.tracks.values(), key=lambda t: t.rating_key)
                  if t.rating_key not in in_playlist and not t.original_title and "(" not in t.title
                  and sum(1 for o in library.tracks.values() if o.title == t.title) == 1)
    artist = library.artists[target.artist_key].title
    page.get_by_role("button", name=f"Pick track for {missing.title}").click()
    search = page.get_by_label(f"Find the right track for “{missing.title}”")
    search.fill(target.title)
    page.get_by_role("button", name=f"Use this: {target.title} by {artist}").click()
    expect(page.get_by_role("button", name=re.compile(r"^Pinned \(1\)"))).to_be_visible()
    pins = backend.api("GET", f"/api/sync/tasks/{task['id']}/matches").json()["matches"]  # after the UI saw it
    assert next(m for m in pins if m["title"] == missing.title)["pinned"] is True

    page.get_by_role("button", name="Run now").click()
    progress = page.get_by_role("status", name=re.compile(r"^Run \d+ progress$"))
    expect(progress).to_contain_text("succeeded", timeout=RUN_TIMEOUT_MS)
    expect(history.locator("tbody tr")).to_have_count(2)
    after = [key for _, key in backend.sim_playlist("深夜 UI").items]
    assert len(after) == len(present) + 1
    position = [s.number for s in demo.songs if s.number not in demo.absent or s is missing].index(missing.number)
    assert after[position] == target.rating_key  # in source order, where the missing song stands
    page.get_by_role("button", name=re.compile(r"^All \(")).click()
    row = review.locator("tbody tr").filter(has_text=missing.title)
    expect(row).to_contain_text("Pinned")
    expect(row).to_contain_text(target.title)
    screenshot(page, "flow-sync-after-pin")
