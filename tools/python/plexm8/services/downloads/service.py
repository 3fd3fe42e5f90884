"""The closed loop: one persistent state machine per song, from the sync's unmatched list to the Plex playlist.

queued → searching → downloading → verifying → placed → scanning → in_plex → in_playlist, or skipped, failed,
cancelled, quarantined. Every step is saved before the next starts, so a restart resumes where it stopped.
Items download on a bounded pool; one coordinator thread groups placed files per folder, asks Plex for a partial
scan of those folders, waits for the library index to see them and adds them to the task's playlist.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from plexm8.config import Settings
from plexm8.errors import APIError, Conflict, NotFound, Unprocessable
from plexm8.models.db import AppDatabase, database, job_connection
from plexm8.models.entities import (
    DownloadItem,
    DownloadSession,
    PinnedMatch,
    SyncMatch,
    SyncTask,
    utcnow,
)
from plexm8.services.downloads import config as download_config
from plexm8.services.downloads.backends.base import (
    Backend,
    BackendStatus,
    BackendUnavailable,
    Cancelled,
    Candidate,
    TransferFailed,
)
from plexm8.services.downloads.backends.slskd import SlskdBackend
from plexm8.services.downloads.backends.songapi import SongApiBackend
from plexm8.services.downloads.backends.throttle import SearchGate
from plexm8.services.downloads.choose import rank
from plexm8.services.downloads.config import DownloadSettings
from plexm8.services.downloads.files import place as place_file
from plexm8.services.downloads.files import relative_path, remove_leftovers, verify, write_tags
from plexm8.services.downloads.plex_steps import PlexSteps
from plexm8.services.downloads.shapes import (
    DONE,
    POST_PLACED,
    PRE_PLACED,
    item_to_dict,
    loads,
    session_to_dict,
    summary,
    wanted_of,
)
from plexm8.services.events.bus import EventBus
from plexm8.services.external import ExternalTrack
from plexm8.services.library.index import LibraryIndex
from plexm8.services.local_files import refuse_cross_origin
from plexm8.services.logs.store import task_context
from plexm8.services.matching.engine import match_track
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.servers.secrets import SecretBox

log = logging.getLogger(__name__)
MAX_ROUNDS = 3
STAGING = ".plexm8-staging"
QUARANTINE = "quarantine"
STATUS_CHECK_S = 60.0


class DownloadService(PlexSteps):
    """Owns the download sessions, the item workers and the coordinator thread."""

    def __init__(self, settings: Settings, secrets: SecretBox, servers: ServerRegistry, library: LibraryIndex,
                 db: AppDatabase, events: EventBus | None = None) -> None:
        self.settings = settings
        self.db = db
        self.secrets = secrets
        self.servers = servers
        self.library = library
        self.events = events
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._working: set[int] = set()  # item ids on a worker
        self._cancelled: set[int] = set()
        self._backend: tuple[tuple, Backend] | None = None
        self._status: BackendStatus | None = None
        self._status_at = 0.0
        self._progress_at: dict[int, float] = {}
        self._slots = threading.Condition()
        self._transferring = 0
        self._scan_started: dict[int, float] = {}  # session id → when its pending scans were asked
        self.sync_running: Callable[[int], bool] = lambda _task_id: False  # set by the runtime

    # -- settings and backend --------------------------------------------------------------------
    def current_settings(self) -> DownloadSettings:
        """The stored settings."""
        return download_config.load(self.secrets)

    def update_settings(self, changes: dict[str, Any], allow_local: bool = True) -> DownloadSettings:
        """Validate and store a partial update (folders only for a caller allowed local files); re-check the
        backend."""
        if {"download_dir", "library_dir"} & changes.keys():
            refuse_cross_origin(allow_local)
        result = download_config.update(self.secrets, changes)
        self._status, self._status_at = None, 0.0
        self._wake.set()
        return result

    def backend(self, cfg: DownloadSettings | None = None) -> Backend:
        """The configured backend (422 naming `backend` when there is none)."""
        cfg = cfg or self.current_settings()
        if not cfg.configured:
            raise Unprocessable("No download backend is configured: set backend, base_url, library_dir "
                                "(and for slskd api_key and download_dir) in the download settings.",
                                field="backend")
        # One backend object per configuration: its search gate, HTTP session and what it learnt of the server
        # (e.g. whether slskd has the batch endpoint) are shared by every song.
        identity = (cfg.backend, cfg.base_url, cfg.api_key, cfg.download_dir, cfg.quality, cfg.searches_per_minute)
        with self._lock:
            if self._backend is None or self._backend[0] != identity:
                self._backend = (identity, self._make_backend(cfg, SearchGate(cfg.searches_per_minute)))
            return self._backend[1]

    def _make_backend(self, cfg: DownloadSettings, gate: SearchGate) -> Backend:
        assert cfg.base_url is not None
        if cfg.backend == "slskd":
            return SlskdBackend(cfg.base_url, cfg.api_key or "", Path(cfg.download_dir or "."), gate,
                                poll_s=self.settings.download_poll_s, stall_s=self.settings.download_stall_s,
                                queue_timeout_s=self.settings.download_queue_timeout_s)
        return SongApiBackend(cfg.base_url, cfg.api_key, gate, cfg.quality)

    def test_backend(self) -> BackendStatus:
        """Check the configured backend now."""
        cfg = self.current_settings()
        if cfg.backend == "none":
            return BackendStatus(False, "none", 0.0, error="No download backend is configured.")
        if not cfg.base_url:
            return BackendStatus(False, cfg.backend, 0.0, error="base_url is not set.")
        status = self.backend_for_test(cfg).status()
        self._status, self._status_at = status, time.monotonic()
        return status

    def backend_for_test(self, cfg: DownloadSettings) -> Backend:
        """A backend for a status check, even when other settings are still missing."""
        return self._make_backend(cfg, SearchGate(cfg.searches_per_minute))

    def available(self) -> bool:
        """A backend is configured and answered its last check (for health's features)."""
        status = self._status
        return status is not None and status.ok

    def _check_backend(self, cfg: DownloadSettings) -> None:
        if time.monotonic() - self._status_at < STATUS_CHECK_S and self._status is not None:
            return
        if not cfg.configured:
            self._status, self._status_at = BackendStatus(False, cfg.backend, 0.0, error="not configured"), \
                time.monotonic()
            return
        self._status, self._status_at = self.backend(cfg).status(), time.monotonic()

    def status(self) -> dict[str, Any]:
        """GET /api/download/status."""
        cfg = self.current_settings()
        today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
        counts = {state: DownloadItem.select().join(DownloadSession).where(
            (DownloadItem.state.in_(states)) & DownloadSession.status.in_(["queued", "running"])).count()
            for state, states in (("queued", ["queued", "searching"]), ("downloading", ["downloading"]))}
        return {
            "backend": {"kind": cfg.backend, "configured": cfg.configured,
                        "reachable": bool(self._status and self._status.ok)},
            "active_sessions": DownloadSession.select().where(DownloadSession.status.in_(["queued", "running"]))
            .count(),
            "queued": counts["queued"], "downloading": counts["downloading"],
            "failed": DownloadItem.select().where(DownloadItem.state.in_(["failed", "quarantined"])).count(),
            "completed_today": DownloadItem.select().where(
                DownloadItem.state.in_(["in_plex", "in_playlist"]) & (DownloadItem.updated_at >= today)).count(),
        }

    # -- sessions -------------------------------------------------------------------------------
    def _active_session(self, task_id: int) -> DownloadSession | None:
        return DownloadSession.get_or_none((DownloadSession.task_id == task_id)
                                           & DownloadSession.status.in_(["queued", "running"]))

    def start_missing(self, task_id: int) -> DownloadSession:
        """A session for every unmatched track of the task's last run (not pinned to "never match")."""
        task = SyncTask.get_or_none(SyncTask.id == task_id)
        if task is None:
            raise NotFound(f"There is no sync task with id {task_id}.")
        self.backend()  # 422 before anything is stored
        if self.sync_running(task_id):
            raise Conflict("This task's sync is running; start the downloads when it has finished "
                           "(its unmatched list is being rebuilt).")
        never = {p.external_id for p in PinnedMatch.select().where(
            (PinnedMatch.task == task_id) & PinnedMatch.rating_key.is_null())}
        busy = set()
        for item in DownloadItem.select().join(DownloadSession).where(
                (DownloadSession.task_id == task_id) & (DownloadItem.state.in_(PRE_PLACED + POST_PLACED))):
            busy.add(item.external_id)
        rows = [m for m in SyncMatch.select().where((SyncMatch.task == task_id) & SyncMatch.rating_key.is_null())
                .order_by(SyncMatch.position) if m.external_id not in never and m.external_id not in busy]
        with database.atomic():
            if self._active_session(task_id) is not None:
                raise Conflict("This task already has an active download session; wait for it or cancel it.")
            session = DownloadSession.create(task_id=task_id, status="running" if rows else "completed",
                                             finished_at=None if rows else utcnow())
            for m in rows:
                DownloadItem.create(session=session, position=m.position, external_id=m.external_id, title=m.title,
                                    artists=m.artists, album=m.album, duration_ms=m.duration_ms,
                                    tried=json.dumps(self._quarantined_before(task_id, m.external_id)))
        log.info("Download session %d: %d songs missing from Plex", session.id, len(rows), extra={"task_id": task_id})
        self._publish_session(session)
        self._wake.set()
        return session

    def _quarantined_before(self, task_id: int, external_id: str) -> list[str]:
        """Candidates of this song that failed verification in earlier sessions: never fetched again."""
        keys: list[str] = []
        for old in DownloadItem.select().join(DownloadSession).where(
                (DownloadSession.task_id == task_id) & (DownloadItem.external_id == external_id)
                & (DownloadItem.state == "quarantined")):
            keys.extend(t for t in loads(old.tried, []) if t.startswith("quarantined:"))
        return sorted(set(keys))

    def start_single(self, song: dict[str, Any]) -> DownloadSession:
        """A session for one song (optionally on behalf of a task)."""
        self.backend()
        task_id = song.get("task_id")
        if task_id is not None and SyncTask.get_or_none(SyncTask.id == task_id) is None:
            raise Unprocessable(f"There is no sync task with id {task_id}.", field="task_id")
        position = 0
        if task_id is not None and song.get("external_id"):
            match = SyncMatch.get_or_none((SyncMatch.task == task_id) & (SyncMatch.external_id == song["external_id"]))
            position = match.position if match else 0
        with database.atomic():
            session = DownloadSession.create(task_id=task_id, status="running")
            DownloadItem.create(session=session, position=position, external_id=song.get("external_id") or "",
                                title=song["title"], artists=json.dumps(list(song["artists"]), ensure_ascii=False),
                                album=song.get("album") or "", duration_ms=song.get("duration_ms"))
        self._publish_session(session)
        self._wake.set()
        return session

    def sessions(self, limit: int = 100) -> list[dict[str, Any]]:
        """Sessions, newest first, with their counts."""
        sessions = list(DownloadSession.select().order_by(DownloadSession.id.desc()).limit(limit))
        items: dict[int, list[DownloadItem]] = {s.id: [] for s in sessions}
        if sessions:
            for item in DownloadItem.select().where(DownloadItem.session.in_(list(items))):
                items[item.session_id].append(item)
        return [summary(s, items[s.id]) for s in sessions]

    def get_session(self, session_id: int) -> dict[str, Any]:
        """One session with its items in source order."""
        session = DownloadSession.get_or_none(DownloadSession.id == session_id)
        if session is None:
            raise NotFound(f"There is no download session with id {session_id}.")
        return session_to_dict(session, list(session.items))

    def cancel_session(self, session_id: int) -> dict[str, Any]:
        """Stop what has not finished; placed files stay and still go to Plex and the playlist."""
        session = DownloadSession.get_or_none(DownloadSession.id == session_id)
        if session is None:
            raise NotFound(f"There is no download session with id {session_id}.")
        if session.status in ("queued", "running"):
            # read first, then write: an UPDATE under an open SELECT cannot take the write lock in WAL mode
            for item in list(DownloadItem.select().where((DownloadItem.session == session_id)
                                                         & DownloadItem.state.in_(PRE_PLACED))):
                with self._lock:
                    self._cancelled.add(item.id)
                self._set(item, "cancelled", error="cancelled by you")
            session.status = "cancelled"
            if not DownloadItem.select().where((DownloadItem.session == session_id)
                                               & DownloadItem.state.in_(POST_PLACED)).exists():
                session.finished_at = utcnow()
            session.save()
            self._publish_session(session)
            self._wake.set()
        return self.get_session(session_id)

    def retry_item(self, item_id: int) -> dict[str, Any]:
        """Put a failed, quarantined or cancelled item back in the queue."""
        item = DownloadItem.get_or_none(DownloadItem.id == item_id)
        if item is None:
            raise NotFound(f"There is no download item with id {item_id}.")
        if item.state not in ("failed", "quarantined", "cancelled"):
            raise Conflict(f"This item is {item.state}; only failed, quarantined or cancelled items can be retried.")
        self.backend()
        with self._lock:
            self._cancelled.discard(item.id)
        kept = [t for t in loads(item.tried, []) if t.startswith("quarantined:")]  # another file, not that one
        self._set(item, "queued", revive=True, error=None, attempts=0, tried=json.dumps(kept), next_attempt_at=None,
                  candidate=None)
        session = item.session
        if session.status != "running":
            session.status, session.finished_at = "running", None
            session.save()
            self._publish_session(session)
        self._wake.set()
        return item_to_dict(item)

    def on_sync_finished(self, task_id: int, run: Any) -> None:
        """After a sync run: download what it could not match when auto_download is on."""
        if run.status != "succeeded" or not run.unmatched:
            return
        with job_connection(self.db):
            cfg = self.current_settings()
            if not cfg.auto_download or not cfg.configured or self._active_session(task_id) is not None:
                return
            try:
                self.start_missing(task_id)
            except APIError as exc:
                log.warning("Automatic download for task %d not started: %s", task_id, exc.message,
                            extra={"task_id": task_id})

    # -- events ---------------------------------------------------------------------------------
    def _publish_session(self, session: DownloadSession) -> None:
        if self.events is not None:
            items = list(DownloadItem.select().where(DownloadItem.session == session.id))
            self.events.publish("download", {"type": "session", "session": summary(session, items)})

    def _publish_item(self, item: DownloadItem) -> None:
        if self.events is not None:
            self.events.publish("download", {"type": "item", "item": item_to_dict(item)})

    def _set(self, item: DownloadItem, state: str, *, revive: bool = False, **changes: Any) -> None:
        """Save a state change; a worker's late step never overwrites a cancel (unless `revive`: a retry)."""
        with self._lock:
            if state != "cancelled" and item.id in self._cancelled and not revive:
                return
        values = {"state": state, "updated_at": utcnow(), **changes}
        query = DownloadItem.update(**values).where(DownloadItem.id == item.id)
        if state != "cancelled" and not revive:
            query = query.where(DownloadItem.state != "cancelled")
        if query.execute() == 0:
            return
        for name, value in values.items():
            setattr(item, name, value)
        self._publish_item(item)

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        """Resume interrupted sessions and start the coordinator thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._ensure_pool()
        with job_connection(self.db):
            self.recover()
        self._thread = threading.Thread(target=self._loop, name="downloads", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the coordinator and the workers (their items resume at the next start)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _ensure_pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=9, thread_name_prefix="download")
            return self._pool

    def recover(self) -> int:
        """After a stop or a crash: items that were mid-download start that step again; leftovers are removed."""
        cfg = self.current_settings()
        resumed = 0
        active = list(DownloadSession.select().where(DownloadSession.status.in_(["queued", "running", "cancelled"])))
        for session in active:
            for item in list(session.items):
                if item.state in ("searching", "downloading", "verifying"):
                    self._clear_staging(cfg, item.id)
                    self._set(item, "queued", progress=0.0)
                    resumed += 1
                if item.folder and cfg.library_dir:
                    remove_leftovers(Path(cfg.library_dir) / item.folder)
        if resumed:
            log.info("Resuming %d interrupted downloads", resumed)
        return resumed

    def _clear_staging(self, cfg: DownloadSettings, item_id: int) -> None:
        shutil.rmtree(self._staging(cfg, item_id), ignore_errors=True)

    def _aside(self, cfg: DownloadSettings) -> Path:
        """Where files wait while they are checked: download_dir, else the data folder; never library_dir."""
        if cfg.download_dir:
            return Path(cfg.download_dir) / STAGING
        return self.settings.resolved_data_dir() / "downloads"

    def _staging(self, cfg: DownloadSettings, item_id: int) -> Path:
        return self._aside(cfg) / f"item-{item_id}"

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                with job_connection(self.db):
                    self.tick()
            except Exception:  # the loop must survive anything; the item or session at fault is logged
                log.exception("Download loop step failed")
            self._wake.wait(self.settings.download_poll_s)
            self._wake.clear()

    def run_until_idle(self, timeout_s: float = 120.0) -> None:
        """Drive the loop on the calling thread until no session is active (scripts, benchmarks)."""
        deadline = time.monotonic() + timeout_s
        self._stop.clear()
        self._ensure_pool()
        while time.monotonic() < deadline:
            with job_connection(self.db):
                self.tick()
                if not DownloadSession.select().where(DownloadSession.status.in_(["queued", "running"])).exists() \
                        and not self._working:
                    return
            self._wake.wait(self.settings.download_poll_s)
            self._wake.clear()
        raise TimeoutError("downloads still active")

    # -- the coordinator ------------------------------------------------------------------------
    def tick(self) -> None:
        """One step of the loop: start workers, scan placed folders, pick up indexed files, fill playlists."""
        cfg = self.current_settings()
        self._check_backend(cfg)
        sessions = list(DownloadSession.select().where(DownloadSession.status.in_(["queued", "running", "cancelled"])
                                                       & DownloadSession.finished_at.is_null()))
        for session in sessions:
            with task_context(session.task_id):
                items = list(DownloadItem.select().where(DownloadItem.session == session.id))
                if session.status != "cancelled" and cfg.configured:
                    self._dispatch(cfg, items)
                if cfg.library_dir:
                    self._scan(cfg, session, items)
                    self._collect(cfg, session, items)
                    self._playlist(session, items)
                self._finish(session)

    def _dispatch(self, cfg: DownloadSettings, items: list[DownloadItem]) -> None:
        now = utcnow()
        for item in sorted(items, key=lambda i: (i.position, i.id)):
            if item.state != "queued" or (item.next_attempt_at and item.next_attempt_at > now):
                continue
            with self._lock:
                # one worker more than transfer slots: the next song's search runs while the transfers do
                if item.id in self._working or len(self._working) >= cfg.max_concurrent + 1:
                    continue
                self._working.add(item.id)
                self._cancelled.discard(item.id)
            self._ensure_pool().submit(self._work, item.id)

    def _work(self, item_id: int) -> None:
        try:
            with job_connection(self.db):
                item = DownloadItem.get_by_id(item_id)
                with task_context(item.session.task_id):
                    self.process(item)
        except Exception:
            log.exception("Download item %d crashed", item_id)
            with job_connection(self.db):
                item = DownloadItem.get_by_id(item_id)
                self._retry_later(item, "internal error; the log has details")
        finally:
            with self._lock:
                self._working.discard(item_id)
            self._wake.set()

    def _is_cancelled(self, item_id: int) -> bool:
        with self._lock:
            return item_id in self._cancelled or self._stop.is_set()

    def _in_library(self, item: DownloadItem, wanted: ExternalTrack) -> int | None:
        task = SyncTask.get_or_none(SyncTask.id == item.session.task_id) if item.session.task_id else None
        server = self.servers.get(task.server_id) if task and task.server_id else self.servers.default()
        if server is None:
            return None
        with self.library.locked(server.id):  # the index must not change under the match
            result = match_track(wanted, self.library.match_index(server.id))
        return int(result.track.rating_key) if result.track is not None else None

    def process(self, item: DownloadItem) -> None:
        """Take one item from queued to placed (or to a final state)."""
        cfg = self.current_settings()
        wanted = wanted_of(item)
        existing = self._in_library(item, wanted)
        if existing is not None:
            self._set(item, "skipped", rating_key=existing, error=None)
            self._record_match(item)
            return
        backend = self.backend(cfg)
        tried: list[str] = loads(item.tried, [])
        self._set(item, "searching", progress=0.0)
        try:
            found = backend.search(wanted, self._provider(item))
        except BackendUnavailable as exc:
            self._retry_later(item, str(exc))
            return
        acceptable = rank(wanted, found, cfg.quality, cfg.duration_tolerance_s)
        excluded = {t.removeprefix("quarantined:") for t in tried}
        ranked = [c for c in acceptable if c.key not in excluded]
        if not ranked:
            if found and not acceptable:
                best = max(found, key=lambda c: c.score)
                self._set(item, "failed", error=f"no acceptable file among {len(found)} found; best was "
                                                 f"{best.name!r} ({'; '.join(best.reasons[:3])})")
            elif acceptable and all(f"quarantined:{c.key}" in tried for c in acceptable):
                self._set(item, "failed", error="the only acceptable files failed verification in an earlier "
                                                "session (they are in quarantine); not downloaded again")
            else:
                self._retry_later(item, item.error or "nothing found")
            return
        quarantined: str | None = None
        for candidate in ranked:
            if self._is_cancelled(item.id):
                return
            outcome, reason = self._try(cfg, backend, item, wanted, candidate)
            if outcome in ("placed", "cancelled"):
                return
            if outcome == "quarantined":
                quarantined = reason
                tried.append(f"quarantined:{candidate.key}")
            tried.append(candidate.key)
            item.tried = json.dumps(tried)
            item.save(only=[DownloadItem.tried])  # only this field: a cancel saved meanwhile must stay
        if quarantined is not None:
            self._set(item, "quarantined", error=f"verification failed: {quarantined}; the file is kept in {item.file}")
            return
        self._retry_later(item, item.error or "every candidate failed")

    def _try(self, cfg: DownloadSettings, backend: Backend, item: DownloadItem, wanted: ExternalTrack,
             candidate: Candidate) -> tuple[str, str]:
        if not self._take_slot(item, cfg.max_concurrent):
            return "cancelled", "cancelled"
        self._set(item, "downloading", candidate=json.dumps(candidate.to_dict(), ensure_ascii=False), progress=0.0)
        staging = self._staging(cfg, item.id)
        try:
            try:
                staged = backend.fetch(candidate, staging, lambda share: self._progress(item, share),
                                       lambda: self._is_cancelled(item.id))
            finally:
                self._give_slot()
        except Cancelled:
            shutil.rmtree(staging, ignore_errors=True)
            return "cancelled", "cancelled"
        except (TransferFailed, BackendUnavailable) as exc:
            log.info("%s: %s; trying the next candidate", candidate.name, exc)
            item.error = str(exc)
            item.save(only=[DownloadItem.error])
            return "failed", str(exc)
        self._set(item, "verifying", progress=1.0)
        verdict = verify(staged, wanted, cfg.duration_tolerance_s)
        if not verdict.ok:
            kept = self._quarantine(cfg, item, staged, candidate)
            item.error, item.file = f"verification failed: {verdict.reason}", str(kept)
            item.save(only=[DownloadItem.error, DownloadItem.file])
            log.warning("%s quarantined: %s", candidate.name, verdict.reason)
            return "quarantined", verdict.reason
        cover = backend.cover(candidate) if isinstance(backend, SongApiBackend) else None
        write_tags(staged, wanted, f"{self._provider(item) or 'source'}:{item.external_id}" if item.external_id
                   else None, cover)
        relative = relative_path(cfg.filename_template, wanted, staged.suffix.lstrip(".") or candidate.extension)
        assert cfg.library_dir is not None
        target = place_file(staged, Path(cfg.library_dir), relative)
        shutil.rmtree(staging, ignore_errors=True)
        folder = target.parent.relative_to(Path(cfg.library_dir)).as_posix()
        self._set(item, "placed", file=str(target), folder=folder, error=None, progress=1.0)
        log.info("Placed %s", target)
        return "placed", ""

    def _take_slot(self, item: DownloadItem, limit: int) -> bool:
        """Wait for one of `max_concurrent` transfer slots (as `queued`); False if cancelled meanwhile."""
        with self._slots:
            if self._transferring >= limit:
                self._set(item, "queued")
            while self._transferring >= limit:
                if self._is_cancelled(item.id):
                    return False
                self._slots.wait(0.2)
            self._transferring += 1
            return True

    def _give_slot(self) -> None:
        with self._slots:
            self._transferring -= 1
            self._slots.notify()

    def _quarantine(self, cfg: DownloadSettings, item: DownloadItem, staged: Path, candidate: Candidate) -> Path:
        folder = self._aside(cfg) / QUARANTINE
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"item-{item.id}-{candidate.name}"
        shutil.move(str(staged), target)
        return target

    def _progress(self, item: DownloadItem, share: float) -> None:
        now = time.monotonic()
        if now - self._progress_at.get(item.id, 0.0) < 0.5 and share < 1.0:
            return
        self._progress_at[item.id] = now
        DownloadItem.update(progress=share).where(DownloadItem.id == item.id).execute()
        item.progress = share
        self._publish_item(item)

    def _retry_later(self, item: DownloadItem, reason: str) -> None:
        attempts = item.attempts + 1
        if attempts >= MAX_ROUNDS:
            self._set(item, "failed", attempts=attempts, error=f"gave up after {attempts} rounds: {reason}")
            return
        pause = self.settings.download_retry_s * 2 ** (attempts - 1)
        kept = [t for t in loads(item.tried, []) if t.startswith("quarantined:")]  # never fetched again
        self._set(item, "queued", attempts=attempts, error=reason, tried=json.dumps(kept),
                  next_attempt_at=utcnow() + dt.timedelta(seconds=pause))

    def _provider(self, item: DownloadItem) -> str | None:
        if item.session.task_id is None:
            return None
        task = SyncTask.get_or_none(SyncTask.id == item.session.task_id)
        return task.provider if task else None

    def _finish(self, session: DownloadSession) -> None:
        items = list(DownloadItem.select().where(DownloadItem.session == session.id))
        open_states = PRE_PLACED + POST_PLACED if session.task_id is not None else PRE_PLACED + ("placed", "scanning")
        if any(i.state in open_states for i in items):
            return
        if session.status != "cancelled":
            session.status = "completed"
        session.finished_at = utcnow()
        session.save()
        done = sum(1 for i in items if i.state in DONE)
        log.info("Download session %d finished: %d of %d songs in Plex", session.id, done, len(items))
        self._publish_session(session)
