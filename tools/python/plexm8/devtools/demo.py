"""Demo mode: a simulated Plex server with a sample library on a free loopback port."""
from __future__ import annotations

import secrets

from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import generate_library

DEMO_SEED = 2026


def start_demo_plex(n_tracks: int = 2000) -> PlexSimulator:
    """Start the simulator with a generated library of `n_tracks` and a fresh random token."""
    library = generate_library(n_tracks, seed=DEMO_SEED)
    simulator = PlexSimulator(library, token=f"demo-{secrets.token_hex(8)}", server_name="PlexM8 Demo")
    return simulator.start()
