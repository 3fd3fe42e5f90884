"""Benchmark: the download loop end to end against the fakes (fake slskd, the simulator scanning a real folder).

For one playlist of N missing songs over several albums it runs the whole loop twice in one process:
  A. transfers that take --transfer-s seconds each (search --search-s, Plex scan --scan-s per folder);
  B. the same with instant transfers and searches,
and prints songs per minute, Plex requests per song (every request the backend sent to the simulator during
the session: scans, activity polls, index refreshes, playlist reads and writes), and the loop's time beyond
the transfers: A's wall time minus the transfers alone at the same concurrency (ceil(N / max_concurrent) x
transfer time), and B's wall time (nothing but the loop).

Usage: .venv/bin/python bench/bench_downloads.py [--songs 40] [--transfer-s 2] [--poll-s 0.5]
"""
from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))
os.environ.setdefault("PLEXAPI_CONFIG_PATH", str(ROOT / "bench" / "no-plexapi-config.ini"))
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")

from plexm8 import create_app  # noqa: E402
from plexm8.config import Settings  # noqa: E402
from plexm8.devtools.fake_slskd import API_KEY, FakeSlskd  # noqa: E402
from plexm8.devtools.folder_scan import FolderScanner  # noqa: E402
from plexm8.devtools.plex_simulator import PlexSimulator  # noqa: E402
from plexm8.devtools.sample_library import generate_library  # noqa: E402

ARTISTS = ("The Night Ferries", "夜航星", "Mira Solenne", "Oskar Lindqvist", "Aurélie Brun")


def songs(n: int) -> list[tuple[str, str, str, int]]:
    """n made-up songs, 8 to an album: (artist, album, title, seconds)."""
    out = []
    for i in range(n):
        artist = ARTISTS[(i // 8) % len(ARTISTS)]
        out.append((artist, f"Album {i // 8 + 1:02d}", f"Bench Song {i + 1:03d}", 150 + (i * 37) % 150))
    return out


def run(n: int, transfer_s: float, search_s: float, scan_s: float, poll_s: float, concurrent: int) -> dict:
    """One whole session; returns its figures."""
    work = Path(tempfile.mkdtemp(prefix="plexm8-bench-dl-"))
    library_dir, download_dir = work / "music", work / "slskd"
    library_dir.mkdir()
    download_dir.mkdir()
    sim = PlexSimulator(generate_library(2000, seed=3)).start()
    FolderScanner(sim, library_dir, "/music", delay_s=scan_s)
    slskd = FakeSlskd(download_dir, search_s=search_s, transfer_s=transfer_s).start()
    wanted = songs(n)
    for artist, album, title, seconds in wanted:
        slskd.add("peer", f"Music\\{artist}\\{album}", f"{title}.flac", title=title, artist=artist, album=album,
                  duration_s=seconds)
    playlist = work / "bench.csv"
    with playlist.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Track Name", "Artist Name(s)", "Album Name", "Duration (ms)"])
        writer.writerows((title, artist, album, seconds * 1000) for artist, album, title, seconds in wanted)
    app = create_app(Settings(data_dir=work / "data", scheduler_enabled=False, plex_server_url=sim.url,
                              plex_token=sim.token, download_poll_s=poll_s))
    runtime = app.extensions["plexm8"]
    runtime.start(workers=False)
    client = app.test_client()
    try:
        client.put("/api/download/settings", json={
            "backend": "slskd", "base_url": slskd.url, "api_key": API_KEY, "download_dir": str(download_dir),
            "library_dir": str(library_dir), "plex_library_path": "/music", "max_concurrent": concurrent,
            "searches_per_minute": 60})
        task = client.post("/api/sync/tasks", json={"source_url": str(playlist), "playlist_title": "Bench"})
        task_id = task.get_json()["task"]["id"]
        with runtime.db.bound():
            assert runtime.sync.run_now(task_id).unmatched == n
        runtime.downloads.start()
        before = sim.request_count
        started = time.perf_counter()
        session_id = client.post("/api/download/missing", json={"task_id": task_id}).get_json()["session"]["id"]
        while (session := client.get(f"/api/download/sessions/{session_id}").get_json()["session"])["finished_at"] \
                is None:
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        requests_made = sim.request_count - before
        in_playlist = sum(1 for i in session["items"] if i["state"] == "in_playlist")
        folders = len({r.path for r in sim.refreshes})
        return {"elapsed": elapsed, "in_playlist": in_playlist, "plex_requests": requests_made,
                "scans": len(sim.refreshes), "folders": folders,
                "transfers_alone": math.ceil(n / concurrent) * transfer_s}
    finally:
        runtime.close()
        slskd.stop()
        sim.stop()


def main() -> None:
    """Run both sessions and print the figures side by side."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--songs", type=int, default=40)
    parser.add_argument("--transfer-s", type=float, default=2.0)
    parser.add_argument("--search-s", type=float, default=0.3)
    parser.add_argument("--scan-s", type=float, default=1.0)
    parser.add_argument("--poll-s", type=float, default=0.5, help="PLEXM8_DOWNLOAD_POLL (default as shipped)")
    parser.add_argument("--concurrent", type=int, default=2)
    args = parser.parse_args()
    a = run(args.songs, args.transfer_s, args.search_s, args.scan_s, args.poll_s, args.concurrent)
    b = run(args.songs, 0.0, 0.0, args.scan_s, args.poll_s, args.concurrent)
    n = args.songs
    print(f"{n} missing songs, {math.ceil(n / 8)} album folders, max_concurrent {args.concurrent}, "
          f"poll {args.poll_s} s, Plex scan {args.scan_s} s per folder")
    for label, r in (("A transfers %.1f s, search %.1f s" % (args.transfer_s, args.search_s), a),
                     ("B instant transfers and searches", b)):
        print(f"{label}: {r['in_playlist']}/{n} in the playlist in {r['elapsed']:.1f} s = "
              f"{r['in_playlist'] / r['elapsed'] * 60:.1f} songs/min; Plex requests {r['plex_requests']} = "
              f"{r['plex_requests'] / n:.2f} per song; scans {r['scans']} for {r['folders']} folders")
    beyond = a["elapsed"] - a["transfers_alone"]
    print(f"A: transfers alone at this concurrency {a['transfers_alone']:.1f} s; the loop beyond them "
          f"{beyond:.1f} s ({beyond / n:.2f} s per song, {beyond / a['elapsed']:.0%} of the session)")
    print(f"B: the loop alone (no transfer time) {b['elapsed']:.1f} s ({b['elapsed'] / n:.2f} s per song)")


if __name__ == "__main__":
    main()
