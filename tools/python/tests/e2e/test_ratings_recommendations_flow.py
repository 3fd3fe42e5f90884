"""Ratings and recommendations in the browser: star a track in a track list, import ratings with a dry run then apply,
tracks similar to a chosen one, recommendations from ratings, and saving them as a Plex playlist."""
from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, screenshot
from tests.ratings.library_xml import library_xml, track_entry


def _unrated_plain_tracks(library, count: int) -> list:
    titles: dict[str, int] = {}
    for track in library.tracks.values():
        titles[track.title] = titles.get(track.title, 0) + 1
    tracks = sorted(library.tracks.values(), key=lambda t: t.rating_key)
    return [t for t in tracks if titles[t.title] == 1 and t.user_rating is None and not t.original_title][:count]


def _eventually(check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "Plex never showed the change"
        time.sleep(0.05)


def test_star_a_track_in_a_playlist_and_find_it_top_rated(page, backend):
    library = backend.demo.plex.library
    tracks = _unrated_plain_tracks(library, 3)
    playlist = library.create_playlist("Rate me", [t.rating_key for t in tracks])
    page.goto(f"/playlists/{playlist.rating_key}")
    target = tracks[1]
    stars = page.get_by_role("slider", name=f"Rating of {target.title}")
    expect(stars).to_have_attribute("aria-valuenow", "0")
    stars.focus()
    page.keyboard.press("5")  # five stars
    expect(stars).to_have_attribute("aria-valuenow", "10")
    _eventually(lambda: library.tracks[target.rating_key].user_rating == 10)
    page.keyboard.press("ArrowLeft")  # half a star less
    _eventually(lambda: library.tracks[target.rating_key].user_rating == 9)
    assert library.tracks[tracks[0].rating_key].user_rating is None

    page.get_by_role("navigation").first.get_by_role("link", name="Ratings").click()
    page.get_by_label("At least").select_option(label="4 stars")
    expect(page.get_by_role("table", name="Top rated tracks")).to_contain_text(target.title)
    check_accessibility(page, "Ratings with top rated")


def test_ratings_import_wizard_dry_run_changes_nothing_then_apply_writes(page, backend, tmp_path):
    library = backend.demo.plex.library
    tracks = _unrated_plain_tracks(library, 3)
    wanted = dict(zip((t.rating_key for t in tracks), (100, 80, 60)))
    entries = [track_entry(i, t, library, rating=wanted[t.rating_key]) for i, t in enumerate(tracks, start=1)]
    export = tmp_path / "iTunes Music Library.xml"
    export.write_bytes(library_xml(entries))

    page.goto("/ratings")
    page.get_by_label("iTunes / Apple Music").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Export file").set_input_files(str(export))
    page.get_by_role("button", name="Dry run (changes nothing)").click()
    expect(page.get_by_role("heading", name="Dry run: nothing was changed yet")).to_be_visible()
    changes = page.get_by_role("table", name="Rating changes")
    expect(changes.locator("tbody tr")).to_have_count(3)
    assert all(library.tracks[key].user_rating is None for key in wanted)  # a dry run writes nothing
    check_accessibility(page, "Ratings import dry run")
    screenshot(page, "flow-ratings-dry-run")

    page.get_by_role("button", name="Apply 3 changes").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    assert {key: library.tracks[key].user_rating for key in wanted} == {k: v / 10 for k, v in wanted.items()}


def test_similar_tracks_and_recommendations_from_ratings_saved_as_playlists(page, backend):
    assert backend.api("POST", "/api/sync/library/refresh", json={}).status_code == 200  # search needs the index
    library = backend.demo.plex.library
    seed = next(t for t in sorted(library.tracks.values(), key=lambda t: t.rating_key)
                if t.sonic and not t.original_title and "(" not in t.title
                and sum(1 for o in library.tracks.values() if o.title == t.title) == 1)
    artist = library.artists[seed.artist_key].title
    page.goto("/recommendations")
    page.get_by_label("Choose a track").fill(seed.title)
    page.get_by_role("button", name=f"Find similar: {seed.title} by {artist}").click()
    similar = page.get_by_role("list", name=f"Tracks similar to {seed.title}")
    expect(similar.get_by_role("listitem").first).to_be_visible(timeout=20_000)
    shown = similar.get_by_role("listitem").count()
    assert shown > 0
    expect(similar).not_to_contain_text(f"{seed.title} — {artist}")  # never the seed itself
    section = page.get_by_role("region", name="Similar to a track")
    section.get_by_label("Playlist title").fill(f"Like {seed.title} 🎧")
    section.get_by_role("button", name="Save as playlist").click()
    expect(section.get_by_role("link", name=f"Like {seed.title} 🎧")).to_be_visible()
    saved = backend.sim_playlist(f"Like {seed.title} 🎧")
    assert saved is not None and 0 < len(saved.items) <= 20 and seed.rating_key not in {k for _, k in saved.items}

    from_ratings = page.get_by_role("list", name="Recommended from your ratings")
    expect(from_ratings.get_by_role("listitem").first).to_be_visible(timeout=20_000)
    rated = {k for k, t in library.tracks.items() if t.user_rating is not None}
    ratings_section = page.get_by_role("region", name="From your ratings")
    expect(ratings_section).to_contain_text(re.compile(r"Based on \d+ liked tracks"))
    ratings_section.get_by_role("button", name="Save as playlist").click()
    expect(ratings_section.get_by_role("link", name="Recommended for me")).to_be_visible()
    mine = backend.sim_playlist("Recommended for me")
    assert mine is not None and mine.items and not ({k for _, k in mine.items} & rated)
    check_accessibility(page, "Recommendations with results")
    screenshot(page, "flow-recommendations")
