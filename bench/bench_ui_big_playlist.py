"""Benchmark: opening a 10,000-track playlist in the web UI (paged and virtualised) vs loading all of it.

In one run, against one backend (app.py on the Plex simulator):
- UI: time from navigating to /playlists/<id> until its first rows are on screen, in headless Chromium
  (Debian's `chromium` driven by Playwright; the app itself already loaded),
- API: time to fetch all 10,000 items (what a list that is not paged would wait for before showing anything),
- the item pages the UI fetched while jumping through the whole list, and the rows it keeps in the DOM.

Usage: .venv/bin/python bench/bench_ui_big_playlist.py   (needs `apt-get install chromium` and playwright)
"""
from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))

from plexm8.devtools.plex_simulator import PlexSimulator  # noqa: E402
from plexm8.devtools.sample_library import generate_library  # noqa: E402
from tests.backend_process import running_backend  # noqa: E402

SIZE = 10_000
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    """Build the playlist, time both ways side by side, print the figures."""
    with PlexSimulator(generate_library(2000, seed=11)) as sim, tempfile.TemporaryDirectory() as tmp, \
            running_backend(Path(tmp), PLEX_SERVER_URL=sim.url, PLEX_TOKEN=sim.token) as base:
        keys = sorted(str(t.rating_key) for t in sim.library.tracks.values())
        created = requests.post(f"{base}/api/playlists", json={"title": "Ten thousand", "track_keys":
                                (keys * (SIZE // len(keys) + 1))[:SIZE]}, timeout=600).json()["playlist"]
        pid = created["ratingKey"]
        ui, api = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for _ in range(5):
                page.goto(f"{base}/playlists")
                page.locator("h1").wait_for()
                start = time.perf_counter()
                page.evaluate(f"history.pushState({{}}, '', '/playlists/{pid}'); dispatchEvent(new PopStateEvent('popstate'))")
                page.get_by_role("button", name=re.compile(rf"position 1 of {SIZE}$")).wait_for()
                ui.append(time.perf_counter() - start)
                start = time.perf_counter()
                for offset in range(0, SIZE, 1000):
                    requests.get(f"{base}/api/playlists/{pid}/items", params={"limit": 1000, "offset": offset},
                                 timeout=120).raise_for_status()
                api.append(time.perf_counter() - start)
            fetched: list[str] = []
            page.on("request", lambda r: "/items" in r.url and fetched.append(r.url))
            rows = page.get_by_role("list", name="Tracks of Ten thousand")
            for y in range(0, SIZE * 56, SIZE * 56 // 10):
                rows.evaluate(f"el => el.scrollTop = {y}")
                page.wait_for_timeout(150)
            rows.evaluate("el => el.scrollTop = el.scrollHeight")
            page.get_by_role("button", name=re.compile(rf"position {SIZE} of {SIZE}$")).wait_for()
            in_dom = rows.get_by_role("listitem").count()
            browser.close()
    ui_s, api_s = statistics.median(ui), statistics.median(api)
    print(f"open /playlists/<id> to first rows (UI, paged):  median {ui_s:.3f} s of {len(ui)}")
    print(f"fetch all {SIZE} items (API, 10 x 1000):         median {api_s:.3f} s of {len(api)}")
    print(f"ratio all-items / paged open:                    {api_s / ui_s:.1f}x")
    print(f"item pages fetched jumping through the list:     {len(fetched)} of {SIZE // 100}; rows in the DOM: {in_dom}")


if __name__ == "__main__":
    main()
