"""The Plex half of the loop: a partial scan per finished folder, waiting for the index, the playlist."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Callable

from plexm8.config import Settings
from plexm8.errors import APIError
from plexm8.models.entities import DownloadItem, DownloadSession, SyncMatch, SyncTask, utcnow
from plexm8.models.entities import LibraryTrack as StoredTrack
from plexm8.services.downloads.config import DownloadSettings
from plexm8.services.downloads.files import relative_path
from plexm8.services.downloads.playlist import add_in_source_order
from plexm8.services.downloads.shapes import PRE_PLACED, wanted_of
from plexm8.services.library.index import LibraryIndex
from plexm8.services.plex_service import PlexLibraryCalls, PlexService
from plexm8.services.servers.registry import ServerRegistry

log = logging.getLogger(__name__)


class PlexSteps:
    """Mixed into DownloadService: moves items from `placed` to `in_playlist`, one session at a time."""

    settings: Settings
    servers: ServerRegistry
    library: LibraryIndex
    _scan_started: dict[int, float]
    _set: Callable[..., None]

    def _server_and_calls(self, session: DownloadSession) -> tuple[Any, PlexService]:
        task = SyncTask.get_or_none(SyncTask.id == session.task_id) if session.task_id else None
        server, service = self.servers.resolve(task.server_id if task else None)
        return server, service

    def _plex_path(self, cfg: DownloadSettings, folder: str) -> str:
        root = cfg.plex_library_path or cfg.library_dir or ""
        sep = "\\" if "\\" in root and "/" not in root else "/"
        return root.rstrip("/\\") + (sep + folder.replace("/", sep) if folder and folder != "." else "")

    def _scan(self, cfg: DownloadSettings, session: DownloadSession, items: list[DownloadItem]) -> None:
        placed = [i for i in items if i.state == "placed"]
        if not placed:
            return
        # One scan per folder: wait while a song bound for the same folder is still on its way (not one that
        # waits for a later retry round).
        now = utcnow()
        expected = {self._expected_folder(cfg, i) for i in items if i.state in PRE_PLACED
                    and not (i.state == "queued" and i.next_attempt_at and i.next_attempt_at > now)}
        ready = sorted(f for f in {i.folder for i in placed} - expected if f is not None)
        if not ready:
            return
        try:
            _server, service = self._server_and_calls(session)
            calls = PlexLibraryCalls(service)
            for folder in ready:
                calls.scan_folder(self._plex_path(cfg, folder or ""))
        except APIError as exc:
            log.warning("Plex scan request failed (%s); will ask again", exc.message)
            return
        for item in placed:
            if item.folder in ready:
                self._set(item, "scanning")
        self._scan_started.setdefault(session.id, time.monotonic())

    def _expected_folder(self, cfg: DownloadSettings, item: DownloadItem) -> str | None:
        try:
            relative = relative_path(cfg.filename_template, wanted_of(item), "x")
        except (KeyError, ValueError, IndexError):
            return None
        return relative.parent.as_posix()

    def _collect(self, cfg: DownloadSettings, session: DownloadSession, items: list[DownloadItem]) -> None:
        scanning = [i for i in items if i.state == "scanning"]
        if not scanning:
            return
        started = self._scan_started.setdefault(session.id, time.monotonic())
        waited = time.monotonic() - started
        try:
            server, service = self._server_and_calls(session)
            # While Plex scans, the index would not have the files yet; a scan that outlasts the timeout (say,
            # the user's own scan of a big library) does not hold the songs back for ever.
            if PlexLibraryCalls(service).scanning() and waited < self.settings.download_scan_timeout_s:
                return
            self.library.refresh(server.id, service)  # it locks the index itself, only while writing
        except APIError as exc:
            log.warning("Waiting for Plex: %s", exc.message)
            return
        for item in scanning:
            plex_file = self._plex_file(cfg, item.folder or "", Path(item.file or "").name)
            row = StoredTrack.get_or_none((StoredTrack.server_id == server.id) & (StoredTrack.file_path == plex_file))
            if row is not None:
                self._set(item, "in_plex", rating_key=row.rating_key)
                self._record_match(item)
            elif time.monotonic() - started > self.settings.download_scan_timeout_s:
                self._set(item, "failed", error=f"Plex did not index {plex_file} within "
                                                f"{self.settings.download_scan_timeout_s:.0f} s; check "
                                                "plex_library_path (the library folder as Plex sees it)")
        if not any(i.state == "scanning" for i in items):
            self._scan_started.pop(session.id, None)

    def _record_match(self, item: DownloadItem) -> None:
        task_id = item.session.task_id
        if task_id is None or not item.external_id or item.rating_key is None:
            return
        SyncMatch.update(rating_key=item.rating_key, score=100.0, reason="",
                         reasons=json.dumps(["downloaded and scanned by PlexM8"])).where(
            (SyncMatch.task == task_id) & (SyncMatch.external_id == item.external_id)).execute()

    def _playlist(self, session: DownloadSession, items: list[DownloadItem]) -> None:
        ready = [i for i in items if i.state == "in_plex"]
        if not ready or any(i.state in ("placed", "scanning") for i in items):
            return
        if session.task_id is None:
            return
        task = SyncTask.get_or_none(SyncTask.id == session.task_id)
        if task is None:
            return
        try:
            _server, service = self._server_and_calls(session)
            add_in_source_order(PlexLibraryCalls(service), task)
        except APIError as exc:
            log.warning("Adding to the playlist %r failed (%s); will try again", task.playlist_title, exc.message)
            return
        for item in ready:
            self._set(item, "in_playlist")

    def _plex_file(self, cfg: DownloadSettings, folder: str, name: str) -> str:
        return self._plex_path(cfg, name if folder in ("", ".") else f"{folder}/{name}")

