"""Playlists in the browser: a 10,000-track playlist opens without loading every item; reorder by keyboard, rename,
remove, export, delete with confirmation, import a file by upload; every change checked in what Plex holds."""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import api_requests, check_accessibility, record, screenshot


def _titles(backend, playlist) -> list[str]:
    library = backend.demo.plex.library
    return [library.tracks[key].title for _, key in playlist.items]


def _plain_tracks(library, count: int) -> list:
    """``count`` tracks with titles no other track shares (so a title names one row)."""
    tracks = sorted(library.tracks.values(), key=lambda t: t.rating_key)
    seen: dict[str, int] = {}
    for track in tracks:
        seen[track.title] = seen.get(track.title, 0) + 1
    return [t for t in tracks if seen[t.title] == 1][:count]


@pytest.mark.parametrize("demo_tracks", [10_000])
def test_a_10000_track_playlist_shows_its_first_rows_without_fetching_everything(page, backend):
    library = backend.demo.plex.library
    keys = sorted(library.tracks)
    assert len(keys) == 10_000
    big = library.create_playlist("Ten thousand", keys)
    page.goto("/playlists")
    link = page.get_by_role("link", name="Ten thousand")
    expect(link).to_be_visible()
    started = time.perf_counter()
    link.click()
    rows = page.get_by_role("list", name="Tracks of Ten thousand").get_by_role("listitem")
    expect(rows.first).to_contain_text(library.tracks[keys[0]].title)
    first_rows_s = time.perf_counter() - started
    record("playlist_10000_first_rows_s", round(first_rows_s, 3))
    expect(page.get_by_text("10,000 tracks").or_(page.get_by_text("10000 tracks")).first).to_be_visible()

    def fetched() -> int:
        total = 0
        for path in api_requests(backend, rf"/api/playlists/{big.rating_key}/items\b"):
            query = parse_qs(urlsplit(path).query)
            total += int(query.get("limit", ["50"])[0])
        return total

    assert 0 < fetched() <= 500, "opening the playlist fetched far more items than it shows"
    assert rows.count() < 200  # virtualised: only the rows near the viewport exist
    screenshot(page, "flow-playlist-10000")

    # Scroll to the middle: the rows there load, still without fetching the whole playlist.
    scroller = page.get_by_role("list", name="Tracks of Ten thousand")
    scroller.evaluate("el => { el.scrollTop = el.scrollHeight / 2; }")
    middle = scroller.locator("[role=listitem][aria-posinset='5001']")
    expect(middle).to_contain_text(library.tracks[keys[5000]].title)
    record("playlist_10000_items_fetched_after_scroll", fetched())
    assert fetched() <= 1_000, "scrolling to the middle fetched far more than the rows around it"


def test_reorder_by_keyboard_rename_remove_and_export(page, backend):
    library = backend.demo.plex.library
    tracks = _plain_tracks(library, 6)
    playlist = library.create_playlist("Edit me", [t.rating_key for t in tracks])
    page.goto(f"/playlists/{playlist.rating_key}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit me")
    items = page.get_by_role("list", name="Tracks of Edit me")
    expect(items.get_by_role("listitem")).to_have_count(6)
    check_accessibility(page, "a playlist")

    # Keyboard reorder: pick up the first track, move it down two places, drop it.
    first = tracks[0].title
    handle = page.get_by_role("button", name=f"Move {first}, position 1 of 6")
    handle.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name=f"Move {first}, position 3 of 6")).to_be_visible()
    assert _titles(backend, playlist) == [tracks[1].title, tracks[2].title, first, *[t.title for t in tracks[3:]]]

    # Remove one.
    gone = tracks[4].title
    page.get_by_role("button", name=f"Remove {gone} from the playlist").click()
    expect(items.get_by_role("listitem")).to_have_count(5)
    assert gone not in _titles(backend, playlist) and len(playlist.items) == 5

    # Rename.
    page.get_by_role("button", name="Rename").click()
    page.get_by_label("New title").fill("Edited 编辑过")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edited 编辑过")
    assert playlist.title == "Edited 编辑过"

    # Export: the file holds the tracks in the new order.
    with page.expect_download() as download:
        page.get_by_role("group", name="Export").get_by_role("button", name="M3U8").click()
    text = open(download.value.path(), encoding="utf-8").read()
    positions = [text.find(t) for t in _titles(backend, playlist)]
    assert -1 not in positions and positions == sorted(positions), text[:500]
    with page.expect_download() as download:
        page.get_by_role("group", name="Export").get_by_role("button", name="CSV").click()
    assert first in open(download.value.path(), encoding="utf-8").read()



def test_reorder_by_drag_and_drop(page, backend):
    library = backend.demo.plex.library
    tracks = _plain_tracks(library, 4)
    playlist = library.create_playlist("Drag me", [t.rating_key for t in tracks])
    page.goto(f"/playlists/{playlist.rating_key}")
    items = page.get_by_role("list", name="Tracks of Drag me")
    expect(items.get_by_role("listitem")).to_have_count(4)
    last = tracks[3].title
    page.get_by_role("button", name=f"Move {last}, position 4 of 4").drag_to(items.get_by_role("listitem").first)
    expect(page.get_by_role("button", name=f"Move {last}, position 1 of 4")).to_be_visible()
    assert _titles(backend, playlist) == [last, *[t.title for t in tracks[:3]]]


def test_delete_a_playlist_asks_first(page, backend, console):
    library = backend.demo.plex.library
    playlist = library.create_playlist("Edited 编辑过", [t.rating_key for t in _plain_tracks(library, 3)])
    page.goto(f"/playlists/{playlist.rating_key}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edited 编辑过")
    # Delete asks first; Cancel keeps the playlist.
    page.get_by_role("button", name="Delete playlist").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Edited 编辑过")
    screenshot(page, "flow-playlist-delete-confirm")
    confirm.get_by_role("button", name="Cancel").click()
    assert playlist.rating_key in library.playlists
    page.get_by_role("button", name="Delete playlist").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete playlist").click()
    expect(page).to_have_url(re.compile(r"/playlists$"))
    assert playlist.rating_key not in library.playlists
    expect(page.get_by_role("link", name="Edited 编辑过")).to_have_count(0)


def test_import_a_playlist_file_by_upload(page, backend, tmp_path):
    library = backend.demo.plex.library
    tracks = _plain_tracks(library, 4)
    lines = ["#EXTM3U"]
    for track in tracks:
        artist = library.artists[track.artist_key].title
        lines += [f"#EXTINF:{track.duration_ms // 1000},{artist} - {track.title}", track.file]
    lines += ["#EXTINF:200,Nobody - Not In This Library", "/music/Nobody/Nothing/01 Not In This Library.mp3"]
    m3u = tmp_path / "Road trip.m3u8"
    m3u.write_text("\n".join(lines) + "\n", encoding="utf-8")

    page.goto("/playlists")
    page.get_by_label("M3U, M3U8 or CSV file").set_input_files(str(m3u))
    page.get_by_label("Title (optional)").fill("Road trip 上路")
    page.get_by_role("button", name="Import").click()
    result = page.get_by_role("form", name="Import a playlist file")
    expect(result).to_contain_text("4 of 5 lines matched", timeout=30_000)  # the first import builds the index
    created = backend.sim_playlist("Road trip 上路")
    assert created is not None and _titles(backend, created) == [t.title for t in tracks]
    expect(page.get_by_role("link", name="Road trip 上路").first).to_be_visible()
    screenshot(page, "flow-playlist-import")
