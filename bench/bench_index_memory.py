"""Benchmark: memory and time of a full library-index build, the simulator in its own process.

Prints, for each library size, the backend's peak RSS growth during the build and the time it took,
so growth per track can be compared across sizes (pages keep at most one page of XML in memory).

Usage: .venv/bin/python bench/bench_index_memory.py [--sizes 50000 200000]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))
os.environ.setdefault("PLEXAPI_CONFIG_PATH", str(ROOT / "bench" / "no-plexapi-config.ini"))
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")

SIMULATOR = """
import sys, json, time
sys.path.insert(0, {path!r})
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import generate_library
sim = PlexSimulator(generate_library({n}, seed=1)).start()
print(json.dumps({{"url": sim.url, "token": sim.token}}), flush=True)
sys.stdin.read()
"""


def measure(n_tracks: int) -> None:
    """Build the index of an `n_tracks` library in a child process and print its figures."""
    child = subprocess.run(
        [sys.executable, __file__, "--child", str(n_tracks)], capture_output=True, text=True, check=True
    )
    print(child.stdout.strip())


def child(n_tracks: int) -> None:
    """Run in a fresh process so peak RSS belongs to this build alone."""
    sim = subprocess.Popen(
        [sys.executable, "-c", SIMULATOR.format(path=str(ROOT / "tools" / "python"), n=n_tracks)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    info = json.loads(sim.stdout.readline())
    from plexm8 import create_app
    from plexm8.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), scheduler_enabled=False, plex_server_url=info["url"],
                                  plex_token=info["token"], plex_timeout_s=120))
        runtime = app.extensions["plexm8"]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        with runtime.db.connection_context():
            server = runtime.servers.default()
            report = runtime.library.refresh(server.id, runtime.servers.service(), full=True)
            built = time.perf_counter() - started
            after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            runtime.library.match_index(server.id)
        loaded = time.perf_counter() - started
        after_index = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        runtime.close()
    sim.stdin.close()
    sim.wait()
    print(f"{n_tracks:>8} tracks: stored in {built:5.1f} s, peak RSS +{(after_build - before) / 1024:6.0f} MB; "
          f"with the in-memory match index {loaded:5.1f} s, +{(after_index - before) / 1024:6.0f} MB "
          f"({report.total} indexed)")


def main() -> None:
    """Measure each size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[50_000, 200_000])
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    for size in args.sizes:
        measure(size)


if __name__ == "__main__":
    main()
