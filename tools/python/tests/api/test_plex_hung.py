"""A hung Plex never stalls the server: Plex-bound requests are bounded and fail fast, health stays instant."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import requests
from plexm8.services.servers.gate import PlexBusy, PlexGate

from tests.backend_process import running_backend
from tests.blackhole import BlackHoleServer

PLEX_TIMEOUT_S = 3.0
PLEX_BOUND = [
    "/api/playlists",
    "/api/ratings/top-rated",
    "/api/playlists/1/items",
    "/api/recommendations/based-on-ratings",
]


def _timed_get(url: str) -> tuple[float, requests.Response]:
    started = time.perf_counter()
    response = requests.get(url, timeout=30)
    return time.perf_counter() - started, response


def test_sixteen_plex_requests_on_a_black_hole_end_in_time_and_health_stays_instant(tmp_path):
    """The real server (app.py in its own process, waitress) with its default Plex accepting and never answering."""
    with BlackHoleServer() as hole, running_backend(
        tmp_path, PLEX_SERVER_URL=hole.url, PLEX_TOKEN="tok-blackhole-1", PLEXM8_PLEX_TIMEOUT=str(PLEX_TIMEOUT_S),
        PLEXM8_SCHEDULER="false",
    ) as base:
        with ThreadPoolExecutor(16) as pool:
            futures = [pool.submit(_timed_get, f"{base}{PLEX_BOUND[n % 4]}") for n in range(16)]
            time.sleep(0.3)  # all 16 have reached the server: from now on they are in flight
            health_ms: list[float] = []
            while not all(f.done() for f in futures):
                elapsed, response = _timed_get(f"{base}/api/health")
                assert response.status_code == 200
                health_ms.append(elapsed * 1000)
                time.sleep(0.02)
            results = [f.result() for f in futures]
        time.sleep(0.5)
        late_s, late = _timed_get(f"{base}/api/playlists")  # Plex is known to be hung by now: at once
    for elapsed, response in results:
        assert response.status_code in (503, 504), response.text
        assert response.headers["Content-Type"].startswith("application/json")
        assert response.json()["message"]
        assert elapsed < PLEX_TIMEOUT_S + 2, (elapsed, response.json())
    # Health is never queued behind Plex (it was for 10-30 s): every call well under a second, nine in ten under
    # 100 ms even on a loaded test machine. bench/bench_plex_hung.py measures the figure itself.
    ordered = sorted(health_ms)
    assert len(ordered) > 20 and ordered[int(len(ordered) * 0.9)] < 100 and ordered[-1] < 1000, ordered[-5:]
    assert late.status_code == 504 and late_s < 0.5, (late_s, late.json())
    assert "hung" in late.json()["message"] or "did not answer" in late.json()["message"]
    print(f"\nhealth while Plex hangs: {len(health_ms)} calls, median {sorted(health_ms)[len(health_ms) // 2]:.1f} ms,"
          f" max {max(health_ms):.1f} ms; 16 Plex-bound requests ended in "
          f"{min(e for e, _ in results):.2f}-{max(e for e, _ in results):.2f} s "
          f"({sorted(r.status_code for _, r in results)})")


def test_the_gate_refuses_beyond_its_slots_and_waiting_places():
    gate = PlexGate(slots=2, waiters=1, wait_s=0.2)
    gate.acquire()
    gate.acquire()
    assert gate.in_use == 2
    started = time.perf_counter()
    try:
        gate.acquire()
    except PlexBusy as exc:
        assert exc.status == 503
    else:
        raise AssertionError("a third caller must be refused")
    assert 0.15 < time.perf_counter() - started < 1.0  # it waited briefly for a slot
    gate.release()
    gate.acquire()  # a released slot is taken again
    assert gate.in_use == 2
    assert PlexGate.for_threads(8).slots + PlexGate.for_threads(8).waiters == 6  # two threads always free
