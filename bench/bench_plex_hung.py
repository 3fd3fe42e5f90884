"""Benchmark: /api/health latency of the real server (app.py, waitress) while its Plex hangs.

In one run, against the same backend process:
- health alone (Plex idle: a black-hole server nobody asks anything yet),
- health while 16 concurrent Plex-bound requests are in flight against a Plex that accepts connections and
  never answers, and when each of the 16 ended (the Plex timeout is 3 s).

Usage: .venv/bin/python bench/bench_plex_hung.py
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))

from tests.backend_process import running_backend  # noqa: E402
from tests.blackhole import BlackHoleServer  # noqa: E402

PLEX_BOUND = ["/api/playlists", "/api/ratings/top-rated", "/api/playlists/1/items",
              "/api/recommendations/based-on-ratings"]
TIMEOUT_S = 3.0


def timed_get(url: str) -> tuple[float, int]:
    """Seconds taken and the status of a GET."""
    started = time.perf_counter()
    status = requests.get(url, timeout=60).status_code
    return time.perf_counter() - started, status


def health_while(base: str, busy: bool) -> tuple[list[float], list[tuple[float, int]]]:
    """Health latencies (ms) for ~4 s, with or without 16 Plex-bound requests in flight."""
    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(timed_get, f"{base}{PLEX_BOUND[n % 4]}") for n in range(16)] if busy else []
        time.sleep(0.3)
        deadline = time.monotonic() + (1 if busy else 4)
        health = []
        while time.monotonic() < deadline or not all(f.done() for f in futures):
            health.append(timed_get(f"{base}/api/health")[0] * 1000)
            time.sleep(0.02)
        return health, [f.result() for f in futures]


def describe(label: str, values: list[float]) -> str:
    """Median, p90 and max of a list of milliseconds."""
    ordered = sorted(values)
    return (f"{label}: {len(ordered)} calls, median {statistics.median(ordered):.1f} ms, "
            f"p90 {ordered[int(len(ordered) * 0.9)]:.1f} ms, max {ordered[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, BlackHoleServer() as hole, running_backend(
        Path(tmp), PLEX_SERVER_URL=hole.url, PLEX_TOKEN="bench-blackhole-token", PLEXM8_PLEX_TIMEOUT=str(TIMEOUT_S),
        PLEXM8_SCHEDULER="false",
    ) as base:
        first, first_ended = health_while(base, busy=True)  # at once: the status check has not concluded yet
        idle, _ = health_while(base, busy=False)
        known, known_ended = health_while(base, busy=True)  # the status monitor knows Plex is hung
    print(describe("health, Plex idle (hung, nobody asking)           ", idle))
    print(describe("health, 16 Plex-bound in flight, before Plex is known hung", first))
    print(describe("health, 16 Plex-bound, once Plex is known hung    ", known))
    print(f"ratio of medians (in flight / idle): {statistics.median(first) / statistics.median(idle):.2f}")
    for label, ended in (("before known hung", first_ended), ("once known hung", known_ended)):
        print(f"16 Plex-bound requests {label}: ended in {min(e for e, _ in ended):.2f}-"
              f"{max(e for e, _ in ended):.2f} s (Plex timeout {TIMEOUT_S:g} s), statuses "
              f"{sorted(s for _, s in ended)}")


if __name__ == "__main__":
    main()
