"""Demo mode: a simulated Plex server with a sample library, and fake platforms serving sample playlists of it."""
from __future__ import annotations

import secrets
from typing import Any

from plexm8.devtools.demo_sources import DemoPlatforms
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import generate_library

DEMO_SEED = 2026


def start_demo_plex(n_tracks: int = 2000) -> PlexSimulator:
    """Start the simulator with a generated library of `n_tracks` and a fresh random token."""
    library = generate_library(n_tracks, seed=DEMO_SEED)
    simulator = PlexSimulator(library, token=f"demo-{secrets.token_hex(8)}", server_name="PlexM8 Demo")
    return simulator.start()


class Demo:
    """Everything ``--demo`` runs beside the backend: the Plex simulator and the fake platforms."""

    def __init__(self, n_tracks: int = 2000) -> None:
        self.plex = start_demo_plex(n_tracks)
        try:
            self.platforms = DemoPlatforms(self.plex.library, seed=DEMO_SEED).start()
        except BaseException:
            self.plex.stop()
            raise

    def settings_overrides(self) -> dict[str, Any]:
        """Settings fields pointing the backend at the simulator and the fake platforms."""
        return {"demo": True, "plex_server_url": self.plex.url, "plex_token": self.plex.token,
                "plex_music_section": None, **self.platforms.settings_overrides()}

    def stop(self) -> None:
        """Stop the fake platforms and the simulator."""
        self.platforms.stop()
        self.plex.stop()
