"""Benchmark: import ratings from a 50,000-track iTunes library XML into a 50,000-track simulated Plex.

The XML describes the same library on other computers: half of it under a macOS iTunes root
(file:///Users/…), half under a Windows MusicBee root (file://localhost/C:/…); about a third of the
tracks are rated (some only album-derived: Rating Computed), a few files were renamed (only metadata
can match them) and a few songs are not in Plex at all.

Reports, in one run: XML size, parse time (and plistlib.load for reference, time and peak memory), index
build, matching,
the dry-run plan, the whole dry-run import through the service, and the Plex requests of each step
against what reading every track's rating one by one would cost. No asserts.

Usage: .venv/bin/python bench/bench_ratings_import.py [--tracks 50000] [--latency-ms 0] [--real]
"""
from __future__ import annotations

import argparse
import os
import plistlib
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))
os.environ.setdefault("PLEXAPI_CONFIG_PATH", str(ROOT / "bench" / "no-plexapi-config.ini"))
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")

MAC_ROOT = "file:///Users/me/Music/iTunes/iTunes%20Media/Music/"
WINDOWS_ROOT = "file://localhost/C:/Users/Me/Music/MusicBee/"


def library_xml(library, rng: random.Random, path: Path) -> dict[str, int]:
    """Write the XML export of `library` as another computer sees it; returns what it holds."""
    counts = {"entries": 0, "rated": 0, "computed": 0, "renamed": 0, "absent": 0}
    tracks = {}
    for number, track in enumerate(sorted(library.tracks.values(), key=lambda t: t.rating_key), start=1):
        relative = track.file.split("/music/", 1)[1]
        root = MAC_ROOT if number % 2 else WINDOWS_ROOT
        entry = {
            "Track ID": number, "Size": 7_340_032, "Total Time": track.duration_ms, "Track Number": track.index,
            "Name": track.title, "Artist": track.original_title or library.artists[track.artist_key].title,
            "Album Artist": library.artists[track.artist_key].title, "Album": library.albums[track.album_key].title,
            "Kind": "FLAC audio file", "Play Count": rng.randint(0, 40), "Persistent ID": f"{number:016X}",
            "Track Type": "File", "Location": root + quote(relative),
        }
        roll = rng.random()
        if roll < 0.30:
            entry["Rating"] = rng.choice((20, 40, 60, 60, 80, 80, 100, 70, 90))
            counts["rated"] += 1
        elif roll < 0.35:
            entry["Rating"], entry["Rating Computed"] = 60, True
            counts["computed"] += 1
        if roll < 0.30 and rng.random() < 0.02:
            entry["Location"] = root + f"Unsorted/track{number}.flac"
            counts["renamed"] += 1
        tracks[str(number)] = entry
    for extra in range(len(tracks) // 100):  # songs Plex does not have
        number = len(tracks) + 1
        tracks[str(number)] = {"Track ID": number, "Name": f"Missing Song {extra}", "Artist": "Nobody Known",
                               "Album": "Never Released", "Total Time": 200_000, "Rating": 80,
                               "Location": MAC_ROOT + f"Nobody%20Known/Never%20Released/{extra:05d}.m4a"}
        counts["absent"] += 1
        counts["rated"] += 1
    counts["entries"] = len(tracks)
    document = {"Major Version": 1, "Minor Version": 1, "Application Version": "12.13.2.3",
                "Music Folder": MAC_ROOT, "Library Persistent ID": "0123456789ABCDEF", "Tracks": tracks,
                "Playlists": [{"Name": "Library", "Master": True, "Playlist ID": 1,
                               "Playlist Items": [{"Track ID": int(k)} for k in tracks]}]}
    path.write_bytes(plistlib.dumps(document, sort_keys=False))
    return counts


def timed(label: str, sim, func, *args, **kwargs):
    """Run func, print wall time and the Plex requests it made; returns its result."""
    sim.reset_counters()
    started = time.perf_counter()
    result = func(*args, **kwargs)
    elapsed = time.perf_counter() - started
    print(f"{label:44}{elapsed:9.2f} s{sim.request_count:9d} Plex requests")
    return result


def peak_mb(func, *args) -> float:
    """Peak Python memory of one call, in MB (tracemalloc; measured apart from the timings)."""
    tracemalloc.start()
    func(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def load_plist(path: Path) -> None:
    """plistlib's reading of the whole file."""
    with path.open("rb") as handle:
        plistlib.load(handle)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracks", type=int, default=50_000)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--real", action="store_true", help="also write the ratings for real")
    args = parser.parse_args()

    from plexm8 import create_app
    from plexm8.config import Settings
    from plexm8.devtools.plex_simulator import PlexSimulator
    from plexm8.devtools.sample_library import generate_library
    from plexm8.services.plex_service import PlexRatingCalls
    from plexm8.services.ratings.importer.engine import import_ratings, match_entries, plan_ratings
    from plexm8.services.ratings.importer.sources import read_path

    t0 = time.perf_counter()
    library = generate_library(args.tracks, seed=11)
    print(f"library: {args.tracks} tracks generated in {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory() as tmp, PlexSimulator(library, latency_ms=args.latency_ms) as sim:
        xml = Path(tmp) / "iTunes Music Library.xml"
        counts = library_xml(library, random.Random(5), xml)
        size_mb = xml.stat().st_size / 1e6
        print(f"XML: {counts['entries']} entries, {size_mb:.1f} MB; {counts['rated']} rated "
              f"({counts['renamed']} renamed files, {counts['absent']} not in Plex), {counts['computed']} computed\n")

        started = time.perf_counter()
        load_plist(xml)
        plist_s = time.perf_counter() - started
        memory = (peak_mb(read_path, "itunes", str(xml)), peak_mb(load_plist, xml))

        app = create_app(Settings(data_dir=Path(tmp) / "data", scheduler_enabled=False, plex_server_url=sim.url,
                                  plex_token=sim.token, plex_timeout_s=120))
        rt = app.extensions["plexm8"]
        rt.start(workers=False)  # open and migrate the store
        try:
            with rt.db.connection_context():
                source = timed("parse (memory-mapped fast path)", sim, read_path, "itunes", str(xml))
                print(f"{'  plistlib.load of the same file, for reference':44}{plist_s:9.2f} s")
                print(f"{'  peak memory: this parse / plistlib.load':44}{memory[0]:9.0f} / {memory[1]:.0f} MB")
                server, service = rt.servers.resolve(fail_fast=False)
                timed("library index build (first import only)", sim, rt.library.refresh, server.id, service)
                timed("library index refresh (every later import)", sim, rt.library.refresh, server.id, service)
                timed("load the match index (once per process)", sim, rt.library.match_index, server.id)
                matched, unmatched = timed("match (one PathMatcher, then metadata)", sim, match_entries,
                                           rt.library, server.id, source.entries)
                by = {"path": 0, "metadata": 0}
                for m in matched:
                    by[m.matched_by] += 1
                calls = PlexRatingCalls(service)
                current = timed("current Plex ratings (one paged listing)", sim, calls.rated_tracks)
                plan = timed("plan (policy overwrite)", sim, plan_ratings, matched, current, "overwrite")
                report = timed("whole dry run through the service", sim, import_ratings, rt.servers, rt.library,
                               source, policy="overwrite", dry_run=True)
                print(f"\nmatched {len(matched)} ({by['path']} by path, {by['metadata']} by metadata), "
                      f"unmatched {len(unmatched)}; plan: {len(plan.of('change'))} to write, "
                      f"{len(plan.of('unchanged'))} unchanged, {len(plan.of('conflict'))} kept by policy")
                print(f"dry-run report: synced={report['synced']} unchanged={report['unchanged']} "
                      f"conflicts={report['conflicts']} unmatched={report['unmatched']}")
                print(f"reading each matched track's rating one by one would take {len(matched)} requests; "
                      f"the listing took {-(-max(len(current), 1) // 5000)}")
                if args.real:
                    real = timed("real import (writes only the changes)", sim, import_ratings, rt.servers,
                                 rt.library, source, policy="overwrite", dry_run=False)
                    again = timed("second import (nothing changes)", sim, import_ratings, rt.servers, rt.library,
                                  source, policy="overwrite", dry_run=False)
                    print(f"real: synced={real['synced']} failed={real['failed']}; second: synced={again['synced']} "
                          f"unchanged={again['unchanged']}")
        finally:
            rt.close()


if __name__ == "__main__":
    main()
