"""Benchmark: Plex requests of big mirror diffs, one-by-one edits vs the playlist writer (clear + re-add).

Side by side, in one run, against the same simulator: a 2,338-track playlist is brought to (a) 10 of its
tracks, (b) the same tracks in reverse order, (c) half of them replaced; once with every removal and move
sent one by one (the old way, `allow_clear=False`), once as `PlaylistWriter.converge` chooses. Counted:
requests that changed Plex, and all requests (reads included); the ratio is one-by-one / writer.

Usage: .venv/bin/python bench/bench_mirror_diff.py [--tracks 2338] [--latency-ms 0]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))
os.environ.setdefault("PLEXAPI_CONFIG_PATH", str(ROOT / "bench" / "no-plexapi-config.ini"))
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracks", type=int, default=2338)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args()

    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library
    from plexm8.services.plex_service import PlaylistWriter, PlexLibraryCalls, PlexService
    from plexm8.services.plex_service.connection import PlexConnection

    library = generate_library(args.tracks * 2, seed=5)
    keys = sorted(library.tracks)[:args.tracks]
    spare = sorted(library.tracks)[args.tracks:]
    cases = {
        f"{args.tracks} -> 10 tracks": keys[:10],
        "same tracks, reversed": keys[::-1],
        "half replaced": keys[: args.tracks // 2] + spare[: args.tracks - args.tracks // 2],
    }
    print(f"{'diff':28} {'one-by-one writes':>18} {'writer writes':>14} {'ratio':>7}   "
          f"{'all requests (old / new)':>24}")
    with PlexSimulator(library, latency_ms=args.latency_ms) as sim:
        calls = PlexLibraryCalls(PlexService(PlexConnection(sim.url, sim.token, timeout_s=60)))
        for name, desired in cases.items():
            counts = []
            for allow_clear in (False, True):
                writer = PlaylistWriter(calls, allow_clear=allow_clear)
                playlist_key = writer.create(f"{name} {allow_clear}", keys)
                sim.reset_counters()
                writer = PlaylistWriter(calls, allow_clear=allow_clear)
                result = writer.converge(playlist_key, desired, "mirror")
                assert [k for _i, k in (result.entries or [])] == desired, "the playlist did not converge"
                counts.append((result.writes, sim.request_count))
            (old_w, old_all), (new_w, new_all) = counts
            print(f"{name:28} {old_w:>18} {new_w:>14} {old_w / max(1, new_w):>6.0f}x   "
                  f"{old_all:>11} / {new_all:<11}")


if __name__ == "__main__":
    main()
