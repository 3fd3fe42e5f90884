"""Benchmark: a cold library-index build against a bare paged fetch of the same listing, and its memory.

For each library size, one simulator process (2 ms per request) serves both contenders in one run:
- bare fetch: raw HTTP (requests) + ElementTree, pages of 5,000 tracks, nothing kept — the physical limit;
- full build: `LibraryIndex.refresh(full=True)` — the artists' sort names, every track page fetched, read
  (by the plain-shape scanner, ElementTree for any other page) and stored in SQLite with its search keys, the
  secondary indexes created at the end; fetching, reading and storing overlap on three threads. The search-key
  cache is emptied before each build, as in a fresh process.
The simulator's own XML cache is warmed by one discarded bare fetch first; then bare, build, bare, build, bare
are timed and the best build is compared with the best bare fetch (and medians with medians). The build reads
pages with a cheaper reader than the baseline's ElementTree, so the baseline is no longer a floor: the time to
only receive the pages' bytes (no parsing) is reported beside it. Peak RSS growth of a build alone is sampled
in a fresh process (the in-memory match index loaded afterwards is reported apart).

Usage: .venv/bin/python bench/bench_index_memory.py [--sizes 50000 100000 200000] [--latency-ms 2]
It reports figures measured in one run; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools" / "python"))
os.environ.setdefault("PLEXAPI_CONFIG_PATH", str(ROOT / "bench" / "no-plexapi-config.ini"))
os.environ.setdefault("PLEXAPI_PLEXAPI_AUTORELOAD", "false")

PAGE = 5000
REPEATS = 2
SIMULATOR = """
import sys, json
sys.path.insert(0, {path!r})
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import generate_library
sim = PlexSimulator(generate_library({n}, seed=1), latency_ms={latency}).start()
print(json.dumps({{"url": sim.url, "token": sim.token}}), flush=True)
sys.stdin.read()
"""


def _pages(url: str, token: str, counts: Callable[[bytes], tuple[int, int | None]]) -> Iterator[int]:
    """Every page of the music section's tracks, 5,000 a page: the items of each, as `counts(body)` reads them
    (with the totalSize that ends the paging)."""
    import xml.etree.ElementTree as ET

    import requests

    session = requests.Session()
    headers = {"X-Plex-Token": token, "Accept": "application/xml"}
    sections = ET.fromstring(session.get(f"{url}/library/sections", headers=headers, timeout=120).content)
    section = next(d.attrib["key"] for d in sections if d.attrib.get("type") == "artist")
    start = 0
    while True:
        page_headers = dict(headers, **{"X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(PAGE)})
        body = session.get(f"{url}/library/sections/{section}/all?type=10&sort=addedAt", headers=page_headers,
                           timeout=120).content
        items, total = counts(body)
        yield items
        start += items
        if not items or total is None or start >= total:
            break


def bare_fetch(url: str, token: str) -> tuple[float, int]:
    """Every track of the music section in pages of 5,000: raw HTTP + ElementTree, nothing kept."""
    import xml.etree.ElementTree as ET

    def parsed(body: bytes) -> tuple[int, int | None]:
        container = ET.fromstring(body)
        return len(container), int(container.attrib.get("totalSize", 0))

    started = time.perf_counter()
    seen = sum(_pages(url, token, parsed))
    return time.perf_counter() - started, seen


def bytes_only(url: str, token: str) -> float:
    """The same pages received and dropped unparsed (counts read from the container's start tag): the network floor."""
    from plexm8.services.plex_service.library import _container_counts

    started = time.perf_counter()
    for _items in _pages(url, token, _container_counts):
        pass
    return time.perf_counter() - started


def _app(info: dict[str, str], data_dir: Path) -> Any:
    from plexm8 import create_app
    from plexm8.config import Settings

    app = create_app(Settings(data_dir=data_dir, scheduler_enabled=False, plex_server_url=info["url"],
                              plex_token=info["token"], plex_timeout_s=120))
    app.extensions["plexm8"].start(workers=False)  # open and migrate the store
    return app


def full_build(info: dict[str, str], data_dir: Path) -> tuple[float, int]:
    """A cold full build of the stored index (a fresh data folder, so nothing is there yet)."""
    from plexm8.services.matching.normalize import normalize_text

    runtime = _app(info, data_dir).extensions["plexm8"]
    normalize_text.cache_clear()  # as in a fresh process: the search keys of an earlier build are not remembered
    try:
        with runtime.db.connection_context():
            server = runtime.servers.default()
            service = runtime.servers.resolve().service
            service.music_section()  # connecting is not building: both contenders start connected
            started = time.perf_counter()
            report = runtime.library.refresh(server.id, service, full=True)
            return time.perf_counter() - started, report.total
    finally:
        runtime.close()


class _RssSampler:
    """Peak resident memory above a baseline, sampled every 5 ms from /proc (Linux)."""

    def __init__(self) -> None:
        self.peak = self.base = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss() -> int:
        try:
            with open("/proc/self/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> _RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    @property
    def grown_mb(self) -> float:
        """Peak growth in MB."""
        return (self.peak - self.base) / 2**20


def memory_child(info: dict[str, str]) -> None:
    """In a fresh process: peak RSS growth of a build, then of loading the match index."""
    with tempfile.TemporaryDirectory() as tmp:
        runtime = _app(info, Path(tmp)).extensions["plexm8"]
        with runtime.db.connection_context():
            server = runtime.servers.default()
            service = runtime.servers.resolve().service
            service.music_section()
            with _RssSampler() as build:
                runtime.library.refresh(server.id, service, full=True)
            started = time.perf_counter()
            with _RssSampler() as index:
                runtime.library.match_index(server.id)
            loaded = time.perf_counter() - started
        runtime.close()
    print(json.dumps({"build_mb": build.grown_mb, "index_mb": index.grown_mb, "index_s": loaded}))


def measure(n_tracks: int, latency_ms: float) -> None:
    """Bare fetch and full build side by side against one simulator, then memory in a fresh process."""
    sim = subprocess.Popen(
        [sys.executable, "-c", SIMULATOR.format(path=str(ROOT / "tools" / "python"), n=n_tracks, latency=latency_ms)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        info = json.loads(sim.stdout.readline())  # type: ignore[union-attr]
        bare_fetch(info["url"], info["token"])  # warms the simulator's XML cache; not counted
        bares, builds = [], []
        for _rep in range(REPEATS):  # alternated, so a burst of load elsewhere hits both contenders alike
            elapsed, fetched = bare_fetch(info["url"], info["token"])
            bares.append(elapsed)
            with tempfile.TemporaryDirectory() as tmp:
                elapsed, stored = full_build(info, Path(tmp))
            builds.append(elapsed)
        elapsed, _ = bare_fetch(info["url"], info["token"])
        bares.append(elapsed)
        floor = min(bytes_only(info["url"], info["token"]) for _ in range(REPEATS))
        child = subprocess.run([sys.executable, __file__, "--memory-child", json.dumps(info)],
                               capture_output=True, text=True, check=True)
        memory = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        sim.stdin.close()  # type: ignore[union-attr]
        sim.wait()
    bare, build = min(bares), min(builds)
    print(f"{n_tracks:>8} tracks: bare fetch {' '.join(f'{b:.2f}' for b in bares)} s ({fetched} tracks); "
          f"full build {' '.join(f'{b:.2f}' for b in builds)} s ({stored} stored) → build/bare {build / bare:.2f}x "
          f"(best of each; medians {statistics.median(builds) / statistics.median(bares):.2f}x)\n"
          f"{'':>16}the pages' bytes alone (no parsing): {floor:.2f} s → build/bytes {build / floor:.2f}x\n"
          f"{'':>16}build peak RSS +{memory['build_mb']:.0f} MB; then the match index: "
          f"{memory['index_s']:.1f} s, +{memory['index_mb']:.0f} MB", flush=True)


def main() -> None:
    """Measure each size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[50_000, 100_000, 200_000])
    parser.add_argument("--latency-ms", type=float, default=2.0)
    parser.add_argument("--memory-child")
    args = parser.parse_args()
    if args.memory_child:
        memory_child(json.loads(args.memory_child))
        return
    print(f"Cold index build vs bare paged fetch (pages of {PAGE}, {args.latency_ms:g} ms per Plex request)")
    for size in args.sizes:
        measure(size, args.latency_ms)


if __name__ == "__main__":
    main()
