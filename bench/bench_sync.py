"""Benchmark: sync a 1,000-track playlist into a 50,000-track simulated Plex (2 ms per request).

Compares, in one run and against the same simulator:
- PlexM8 cold (library index built from nothing), warm (index built, new playlist) and a no-change re-run;
- the baseline of older tools: one plexapi search per track, then one playlist creation.

Usage: .venv/bin/python bench/bench_sync.py [--tracks 50000] [--playlist 1000] [--latency-ms 2]
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))
os.environ.setdefault("PLEXAPI_CONFIG_PATH", str(ROOT / "bench" / "no-plexapi-config.ini"))
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")


def write_source(tracks: list, path: Path) -> None:
    """An Exportify-style CSV of `tracks`, as a platform would describe them."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Track URI", "Track Name", "Artist Name(s)", "Album Name", "Duration (ms)"])
        for i, t in enumerate(tracks):
            artist = t.original_title or t.artist_title
            writer.writerow([f"spotify:track:{i:022d}", t.title, artist, t.album_title, t.duration_ms])


def baseline(sim, picks: list) -> tuple[float, int, int]:
    """One plexapi search per track (title filter), first result whose artist agrees, then one playlist."""
    from plexapi.server import PlexServer

    sim.reset_counters()
    started = time.perf_counter()
    server = PlexServer(sim.url, sim.token, timeout=60)
    section = server.library.section("Music")
    found = []
    for t in picks:
        results = section.searchTracks(title=t.title, maxresults=10)
        wanted = (t.original_title or t.artist_title).casefold()
        hit = next((r for r in results if (r.originalTitle or r.grandparentTitle or "").casefold() == wanted), None)
        if hit is not None:
            found.append(hit)
    server.createPlaylist("Baseline", items=found)
    return time.perf_counter() - started, sim.request_count, len(found)


def plexm8_runs(sim, source: Path, data_dir: Path) -> list[tuple[str, float, int, object]]:
    """Cold run (index build), warm run into a new playlist, and a no-change re-run."""
    from plexm8 import create_app
    from plexm8.config import Settings
    from plexm8.services.sync.service import TaskInput

    app = create_app(Settings(data_dir=data_dir, scheduler_enabled=False, plex_server_url=sim.url,
                              plex_token=sim.token, plex_timeout_s=60))
    runtime = app.extensions["plexm8"]
    runtime.start(workers=False)  # open and migrate the store
    results = []
    try:
        with runtime.db.connection_context():
            cold_task = runtime.sync.create_task(TaskInput(source_url=str(source), playlist_title="PlexM8 cold"))
            warm_task = runtime.sync.create_task(TaskInput(source_url=str(source), playlist_title="PlexM8 warm"))
            for label, task in (("cold (index build)", cold_task), ("warm (new playlist)", warm_task),
                                ("re-run, no change", warm_task)):
                sim.reset_counters()
                started = time.perf_counter()
                run = runtime.sync.run_now(task.id)
                elapsed = time.perf_counter() - started
                assert run.status == "succeeded", run.error
                results.append((label, elapsed, sim.request_count, run))
    finally:
        runtime.close()
    return results


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracks", type=int, default=50_000)
    parser.add_argument("--playlist", type=int, default=1_000)
    parser.add_argument("--latency-ms", type=float, default=2.0)
    args = parser.parse_args()

    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library

    t0 = time.perf_counter()
    library = generate_library(args.tracks, seed=11)
    print(f"library: {args.tracks} tracks generated in {time.perf_counter() - t0:.1f} s")
    rng = random.Random(5)
    keys = rng.sample(sorted(library.tracks), args.playlist)
    picks = []
    for key in keys:
        track = library.tracks[key]
        picks.append(type("Pick", (), {
            "title": track.title, "original_title": track.original_title,
            "artist_title": library.artists[track.artist_key].title,
            "album_title": library.albums[track.album_key].title, "duration_ms": track.duration_ms,
        })())

    with tempfile.TemporaryDirectory() as tmp, PlexSimulator(library, latency_ms=args.latency_ms) as sim:
        source = Path(tmp) / "source.csv"
        write_source(picks, source)
        ours = plexm8_runs(sim, source, Path(tmp) / "data")
        base_time, base_requests, base_found = baseline(sim, picks)

    print(f"\nsync of a {args.playlist}-track playlist into {args.tracks} tracks, {args.latency_ms:g} ms per Plex request")
    print(f"{'':24}{'wall s':>9}{'requests':>10}{'matched':>9}")
    print(f"{'baseline (search/track)':24}{base_time:9.2f}{base_requests:10d}{base_found:9d}")
    for label, elapsed, requests, run in ours:
        print(f"{'PlexM8 ' + label:24}{elapsed:9.2f}{requests:10d}{run.matched:9d}  writes={run.plex_writes}")
    _, warm_time, warm_requests, _ = ours[1]
    print(f"\nwarm vs baseline: {base_time / warm_time:.1f}x faster, {base_requests / max(1, warm_requests):.0f}x fewer requests")
    _, cold_time, cold_requests, _ = ours[0]
    print(f"cold vs baseline: {base_time / cold_time:.1f}x faster, {base_requests / max(1, cold_requests):.0f}x fewer requests")


if __name__ == "__main__":
    main()
