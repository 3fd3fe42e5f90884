"""The simulator's scanner: a partial refresh (`refresh?path=`) of a real folder adds its audio files as Plex would.

Tags are read with mutagen; a new track gets the file's path as Plex sees it (under the section's location),
the scan shows as a `library.update.section` activity while it runs, optionally after a delay. Whole-section or
forced refreshes are only recorded (`sim.refreshes`), so tests can assert they never happen.
"""
from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

import mutagen

from plexm8.devtools.library_handlers import SectionRefresh


def _tag(tags: Any, *keys: str) -> list[str]:
    for key in keys:
        try:
            value = tags[key]
        except (KeyError, ValueError, TypeError):
            continue
        values = value if isinstance(value, list) else [value]
        texts: list[str] = []
        for v in values:
            text = getattr(v, "text", v)
            texts.extend(str(t) for t in (text if isinstance(text, list) else [text]) if str(t))
        if texts:
            return texts
    return []


class FolderScanner:
    """Installs itself as the simulator's `on_refresh` and scans `local_root`, which Plex sees as `plex_root`."""

    def __init__(self, sim: Any, local_root: Path, plex_root: str | None = None, delay_s: float = 0.0) -> None:
        self.sim = sim
        self.local_root = Path(local_root)
        self.plex_root = (plex_root or sim.library.section_location).rstrip("/") or "/"
        self.delay_s = delay_s
        self.scanned: list[str] = []  # Plex paths scanned, in order
        self._threads: list[threading.Thread] = []
        sim.on_refresh = self.handle

    def handle(self, refresh: SectionRefresh) -> None:
        """Scan the folder of a partial refresh (after `delay_s`), reporting it as an activity meanwhile."""
        if refresh.path is None or refresh.force:
            return
        path = refresh.path.replace("\\", "/").rstrip("/")
        if path != self.plex_root and not path.startswith(self.plex_root + "/"):
            return
        local = self.local_root / path[len(self.plex_root):].lstrip("/")
        activity = {"uuid": str(uuid.uuid4()), "type": "library.update.section", "title": "Scanning",
                    "subtitle": path, "progress": -1}
        with self.sim.activity_lock:
            self.sim.activities[activity["uuid"]] = activity
        worker = threading.Thread(target=self._scan, args=(local, path, activity["uuid"]), daemon=True,
                                  name="sim-folder-scan")
        self._threads.append(worker)
        worker.start()

    def _scan(self, local: Path, plex_path: str, activity: str) -> None:
        try:
            if self.delay_s:
                threading.Event().wait(self.delay_s)
            self.scan_now(local, plex_path)
        finally:
            with self.sim.activity_lock:
                self.sim.activities.pop(activity, None)

    def scan_now(self, local: Path, plex_path: str) -> int:
        """Add the audio files under `local` that the library does not have yet; returns how many."""
        library = self.sim.library
        added = 0
        if not local.is_dir():
            return 0
        with library.lock:
            known = {t.file for t in library.tracks.values()}
        for file in sorted(p for p in local.rglob("*") if p.is_file() and not p.name.startswith(".")):
            plex_file = f"{plex_path}/{file.relative_to(local).as_posix()}"
            if plex_file in known:
                continue
            try:
                audio = mutagen.File(file)
            except Exception:  # Plex skips what it cannot read
                continue
            if audio is None or audio.info is None:
                continue
            tags = audio.tags or {}
            artists = _tag(tags, "albumartist", "artist", "TPE2", "TPE1") or ["Unknown Artist"]
            track_artists = _tag(tags, "artist", "TPE1") or artists
            number = (_tag(tags, "tracknumber", "TRCK") or [""])[0].split("/")[0]
            library.add_track(
                (_tag(tags, "title", "TIT2") or [file.stem])[0], artists[0],
                (_tag(tags, "album", "TALB") or [local.name])[0],
                duration_ms=int(audio.info.length * 1000), file=plex_file,
                original_title=", ".join(track_artists) if track_artists != artists[:1] else None,
                index=int(number) if number.isdigit() else None)
            added += 1
        self.scanned.append(plex_path)
        return added

    def join(self, timeout: float = 10.0) -> None:
        """Wait for scans in progress (tests)."""
        for worker in list(self._threads):
            worker.join(timeout)
