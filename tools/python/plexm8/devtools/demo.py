"""Demo mode: a simulated Plex server with a sample library, fake platforms serving sample playlists of it,
and a fake Soulseek network for the download loop."""
from __future__ import annotations

import csv
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plexm8.devtools.demo_sources import DemoPlatforms
from plexm8.devtools.fake_slskd import API_KEY as SLSKD_KEY
from plexm8.devtools.fake_slskd import FakeSlskd
from plexm8.devtools.folder_scan import FolderScanner
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import generate_library

if TYPE_CHECKING:
    from plexm8.runtime import Runtime

DEMO_SEED = 2026


def start_demo_plex(n_tracks: int = 2000) -> PlexSimulator:
    """Start the simulator with a generated library of `n_tracks` and a fresh random token."""
    library = generate_library(n_tracks, seed=DEMO_SEED)
    simulator = PlexSimulator(library, token=f"demo-{secrets.token_hex(8)}", server_name="PlexM8 Demo")
    return simulator.start()


DEMO_MISSING = (  # songs only the demo's fake Soulseek network has: artist, album, title, seconds
    ("The Night Ferries", "Harbour Lights", "Lanterns on the Water", 214),
    ("The Night Ferries", "Harbour Lights", "Salt and Static", 198),
    ("The Night Ferries", "Harbour Lights", "Last Crossing", 241),
    ("夜航星", "北方的灯塔", "雾里的信号", 236),
    ("夜航星", "北方的灯塔", "潮汐时刻表", 203),
    ("Mira Solenne", "Paper Comets", "Kite Season", 187),
    ("Mira Solenne", "Paper Comets", "Orbit of Small Things", 226),
    ("Mira Solenne", "Paper Comets", "Blue Hour Radio", 252),
)


@dataclass
class DemoDownloads:
    """The demo's download loop: a fake slskd, the simulator scanning a real folder, a playlist to try it with."""

    slskd: FakeSlskd
    scanner: FolderScanner
    library_dir: Path
    download_dir: Path
    playlist_file: Path
    plex_root: str

    def stop(self) -> None:
        """Stop the fake slskd."""
        self.slskd.stop()


def start_demo_downloads(simulator: PlexSimulator, demo_dir: Path, *, transfer_s: float = 3.0,
                         search_s: float = 1.0) -> DemoDownloads:
    """Share the demo songs on a fake slskd, let the simulator scan `demo_dir/music`, write a CSV playlist."""
    library_dir, download_dir = demo_dir / "music", demo_dir / "slskd-downloads"
    library_dir.mkdir(parents=True, exist_ok=True)
    download_dir.mkdir(parents=True, exist_ok=True)
    slskd = FakeSlskd(download_dir, search_s=search_s, transfer_s=transfer_s)
    slskd.start()
    for n, (artist, album, title, seconds) in enumerate(DEMO_MISSING, start=1):
        if n % 3 == 1:  # a faster peer whose copy fails, so the fallback shows in the demo
            slskd.add("busy-peer", f"Music\\{artist}\\{album}", f"{n:02d} - {title}.flac", title=title, artist=artist,
                      album=album, duration_s=seconds, tracknumber=n, behaviour="reject", speed=50_000_000)
        slskd.add("demo-peer", f"Music\\{artist}\\{album}", f"{n:02d} - {title}.flac", title=title, artist=artist,
                  album=album, duration_s=seconds, tracknumber=n)
    scanner = FolderScanner(simulator, library_dir, simulator.library.section_location, delay_s=1.0)
    with simulator.library.lock:
        present = sorted(simulator.library.tracks.values(), key=lambda t: t.rating_key)[:4]
        rows = [(t.title, simulator.library.artists[t.artist_key].title, simulator.library.albums[t.album_key].title,
                 t.duration_ms) for t in present]
    rows[2:2] = [(title, artist, album, seconds * 1000) for artist, album, title, seconds in DEMO_MISSING]
    playlist = demo_dir / "demo-night-drive.csv"
    with playlist.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Track Name", "Artist Name(s)", "Album Name", "Duration (ms)"])
        writer.writerows(rows)
    return DemoDownloads(slskd, scanner, library_dir, download_dir, playlist, simulator.library.section_location)


def configure_demo_downloads(runtime: Runtime, demo: DemoDownloads) -> int:
    """Point the download settings at the demo's fake slskd and add a sync task of the demo playlist; its id."""
    from plexm8.services.sync.service import TaskInput

    with runtime.db.bound():
        runtime.downloads.update_settings({
            "backend": "slskd", "base_url": demo.slskd.url, "api_key": SLSKD_KEY,
            "download_dir": str(demo.download_dir), "library_dir": str(demo.library_dir),
            "plex_library_path": demo.plex_root, "max_concurrent": 2,
        })
        task = runtime.sync.create_task(TaskInput(source_url=str(demo.playlist_file), playlist_title="Demo: Night drive",
                                                  name="Demo: songs to download"))
        return int(task.id)


class Demo:
    """Everything ``--demo`` runs beside the backend: the Plex simulator, the fake platforms and, given a folder,
    the download loop's fake slskd."""

    def __init__(self, n_tracks: int = 2000, demo_dir: Path | None = None) -> None:
        self.plex = start_demo_plex(n_tracks)
        self.downloads: DemoDownloads | None = None
        try:
            self.platforms = DemoPlatforms(self.plex.library, seed=DEMO_SEED).start()
            if demo_dir is not None:
                self.downloads = start_demo_downloads(self.plex, demo_dir)
        except BaseException:
            self.stop()
            raise

    def settings_overrides(self) -> dict[str, Any]:
        """Settings fields pointing the backend at the simulator and the fake platforms."""
        return {"demo": True, "plex_server_url": self.plex.url, "plex_token": self.plex.token,
                "plex_music_section": None, **self.platforms.settings_overrides()}

    def stop(self) -> None:
        """Stop the fake slskd, the fake platforms and the simulator."""
        if self.downloads is not None:
            self.downloads.stop()
        if getattr(self, "platforms", None) is not None:
            self.platforms.stop()
        self.plex.stop()
