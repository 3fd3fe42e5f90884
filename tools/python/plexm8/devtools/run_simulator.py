"""Run the Plex simulator as its own process: `python -m plexm8.devtools.run_simulator --tracks 2500`.

It prints one JSON line `{"url", "token", "tracks"}` once it serves, then serves until killed. Tests use it
to keep Plex (and its playlists) alive while they kill the backend; `--request-log` appends one
`METHOD path` line per request (token masked) so a test can count what the backend sent.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence

from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import generate_library


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a simulator until SIGTERM/SIGINT; returns the exit code."""
    parser = argparse.ArgumentParser(prog="run_simulator", description="A simulated Plex Media Server.")
    parser.add_argument("--tracks", type=int, default=2000, help="tracks in the generated library")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="sim-token")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay added to every request")
    parser.add_argument("--request-log", help="append 'METHOD path' per request to this file")
    args = parser.parse_args(argv)
    simulator = PlexSimulator(generate_library(args.tracks, seed=args.seed), token=args.token,
                              latency_ms=args.latency_ms, port=args.port)
    if args.request_log:
        log_file = open(args.request_log, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - open until exit
        lock = threading.Lock()

        def record(method: str, target: str) -> None:
            with lock:
                log_file.write(f"{method} {target.split('X-Plex-Token=')[0]}\n")

        simulator.on_request = record
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with simulator:
        print(json.dumps({"url": simulator.url, "token": simulator.token, "tracks": args.tracks}), flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
