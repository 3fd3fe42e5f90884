"""Playlist sync: tasks, runs that diff instead of rebuilding, pinned matches, and the scheduler's tick."""
from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from peewee import fn

from plexm8.config import Settings
from plexm8.errors import APIError, Conflict, NotFound, PlexUnavailable, Unprocessable, UpstreamTimeout
from plexm8.models.db import AppDatabase, database, job_connection
from plexm8.models.entities import (
    LibraryTrack as StoredTrack,
)
from plexm8.models.entities import (
    PinnedMatch,
    PlaylistWrite,
    SyncMatch,
    SyncRun,
    SyncTask,
    utcnow,
)
from plexm8.services.events.bus import EventBus
from plexm8.services.external import ExternalPlaylist, ExternalTrack
from plexm8.services.library.index import LibraryIndex
from plexm8.services.local_files import is_regular_file, looks_local, refuse_cross_origin
from plexm8.services.logs.store import task_context
from plexm8.services.playlists.journal import Journal, finish_write, pending_writes
from plexm8.services.plex_service import PlaylistWriter, PlexLibraryCalls
from plexm8.services.providers.base import get_provider
from plexm8.services.providers.config import ProviderSettings
from plexm8.services.providers.files import read_playlist_file
from plexm8.services.providers.spotify import SpotifyTokenCache
from plexm8.services.providers.urls import parse_playlist_url
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.sync.diff import unique_in_order
from plexm8.services.sync.scheduler import next_fire_time, validate_cron
from plexm8.services.sync.shapes import run_to_dict
from plexm8.services.sync.source_matching import MatchOutcome, external_to_dict, match_external
from plexm8.services.sync.task_playlist import find_task_playlist, write_task_playlist

log = logging.getLogger(__name__)
FILE_SUFFIXES = (".m3u", ".m3u8", ".csv", ".tsv", ".txt")
PREVIEW_TRACKS = 20


def provider_settings(settings: Settings) -> ProviderSettings:
    """The platform settings of the backend's configuration."""
    return ProviderSettings(
        netease_base_url=settings.netease_base_url,
        qqmusic_base_url=settings.qqmusic_base_url,
        qqmusic_u_base_url=settings.qqmusic_u_base_url,
        spotify_api_url=settings.spotify_api_url,
        spotify_accounts_url=settings.spotify_accounts_url,
        spotify_client_id=settings.spotify_client_id,
        spotify_client_secret=settings.spotify_client_secret,
        deezer_base_url=settings.deezer_base_url,
        netease_cookie=settings.netease_cookie,
    )


@dataclass(frozen=True)
class TaskInput:
    """Fields of a sync task a user may set (None = unchanged on update)."""

    name: str | None = None
    source_url: str | None = None
    playlist_title: str | None = None
    schedule: str | None = None
    mode: str | None = None
    enabled: bool | None = None
    server_id: int | None = None
    fields_set: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TaskState:
    """A task, whether a run of it is under way, and its newest run."""

    task: SyncTask
    running: bool
    last_run: SyncRun | None


class RunFailed(Exception):
    """A run ended without touching Plex further, with a message for the user."""


class SyncService:
    """Owns sync tasks and runs them, one at a time per task, on a small worker pool."""

    def __init__(self, settings: Settings, servers: ServerRegistry, library: LibraryIndex, db: AppDatabase,
                 spotify_tokens: SpotifyTokenCache | None = None, events: EventBus | None = None) -> None:
        self.settings = settings
        self.db = db
        self.spotify_tokens = spotify_tokens if spotify_tokens is not None else SpotifyTokenCache()
        self.servers = servers
        self.library = library
        self.events = events
        # Called with (task_id, run) after every finished run, outside the run's bookkeeping (auto_download).
        self.after_run: list[Callable[[int, SyncRun], None]] = []
        self._running: set[int] = set()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sync-run")

    # -- sources -------------------------------------------------------------------------------
    def resolve_source(self, url: str, allow_local: bool = True, field: str = "source_url") -> tuple[str, str]:
        """(provider, playlist id) of a link, `provider:id`, or a playlist file on this computer.

        A caller that may not name local files (`allow_local` False: a cross-origin browser) gets 403 for
        anything that looks like a path, before the file system is looked at.
        """
        text = url.strip()
        if looks_local(text):
            refuse_cross_origin(allow_local)
        local = Path(text[7:] if text.lower().startswith("file://") else text).expanduser()
        if local.suffix.lower() in FILE_SUFFIXES and (local.is_absolute() or text.lower().startswith("file://")):
            if not is_regular_file(local):
                raise Unprocessable(f"There is no playlist file at {local}.", field=field)
            return "file", str(local)
        return parse_playlist_url(text, settings=provider_settings(self.settings))

    def fetch_source(self, provider: str, playlist_id: str) -> ExternalPlaylist:
        """The tracks of a source playlist, in source order."""
        if provider == "file":
            return read_playlist_file(Path(playlist_id))
        return get_provider(provider, provider_settings(self.settings), spotify_tokens=self.spotify_tokens).fetch(playlist_id)

    def preview(self, url: str, allow_local: bool = True) -> dict[str, Any]:
        """The source's name, size and first tracks, without creating anything."""
        provider, playlist_id = self.resolve_source(url, allow_local, field="url")
        playlist = self.fetch_source(provider, playlist_id)
        return {
            "provider": provider,
            "playlist_id": playlist_id,
            "name": playlist.name,
            "track_count": len(playlist.tracks),
            "tracks": [external_to_dict(t) for t in playlist.tracks[:PREVIEW_TRACKS]],
        }

    # -- tasks ---------------------------------------------------------------------------------
    def list_tasks(self) -> list[SyncTask]:
        """Every task, oldest first."""
        return list(SyncTask.select().order_by(SyncTask.id))

    def get_task(self, task_id: int) -> SyncTask:
        """A task, or 404."""
        task = SyncTask.get_or_none(SyncTask.id == task_id)
        if task is None:
            raise NotFound(f"There is no sync task with id {task_id}.")
        return task

    def _check_server(self, server_id: int | None) -> None:
        if server_id is not None:
            try:
                self.servers.get(server_id)
            except NotFound:
                raise Unprocessable(f"There is no Plex server with id {server_id}.", field="server_id") from None

    def create_task(self, data: TaskInput, allow_local: bool = True) -> SyncTask:
        """Store a new task; the link and cron are checked first (422 naming the field)."""
        assert data.source_url is not None and data.playlist_title is not None
        provider, playlist_id = self.resolve_source(data.source_url, allow_local)
        schedule = validate_cron(data.schedule) if data.schedule else None
        self._check_server(data.server_id)
        enabled = True if data.enabled is None else data.enabled
        with database.atomic():  # IMMEDIATE: the check and the insert cannot interleave with another request's
            self._check_target(data.playlist_title, data.server_id, None)
            task = SyncTask.create(
                name=data.name or data.playlist_title,
                source_url=data.source_url.strip(),
                provider=provider,
                playlist_id=playlist_id,
                playlist_title=data.playlist_title,
                schedule=schedule,
                mode=data.mode or "mirror",
                enabled=enabled,
                server_id=data.server_id,
                next_run_at=next_fire_time(schedule) if schedule and enabled else None,
            )
        log.info("Sync task %d created for %s:%s", task.id, provider, playlist_id, extra={"task_id": task.id})
        return task

    def update_task(self, task_id: int, data: TaskInput, allow_local: bool = True) -> SyncTask:
        """Change the given fields of a task."""
        task = self.get_task(task_id)
        if "source_url" in data.fields_set and data.source_url:
            task.provider, task.playlist_id = self.resolve_source(data.source_url, allow_local)
            task.source_url = data.source_url.strip()
        if "schedule" in data.fields_set:
            task.schedule = validate_cron(data.schedule) if data.schedule else None
        if "server_id" in data.fields_set:
            self._check_server(data.server_id)
            task.server_id = data.server_id
        for name in ("name", "playlist_title", "mode", "enabled"):
            value = getattr(data, name)
            if name in data.fields_set and value is not None:
                setattr(task, name, value)
        if "playlist_title" in data.fields_set:
            task.plex_playlist_key = None  # a new title means a new (or another existing) Plex playlist
        task.next_run_at = next_fire_time(task.schedule) if task.schedule and task.enabled else None
        task.updated_at = utcnow()
        with database.atomic():
            if {"playlist_title", "server_id"} & data.fields_set:
                self._check_target(task.playlist_title, task.server_id, task.id)
            task.save()
        return task

    def _check_target(self, title: str, server_id: int | None, task_id: int | None) -> None:
        """409 when another task already writes the Plex playlist `title` on the same server."""
        default = self.servers.default()
        default_id = default.id if default is not None else None
        target = server_id if server_id is not None else default_id
        others = SyncTask.select().where(SyncTask.playlist_title == title)
        if task_id is not None:
            others = others.where(SyncTask.id != task_id)
        for other in others:
            if (other.server_id if other.server_id is not None else default_id) == target:
                raise Conflict(
                    f"Sync task {other.id} ({other.name!r}) already writes the Plex playlist {title!r} on this "
                    "server; choose another playlist_title or change that task.",
                )

    def delete_task(self, task_id: int) -> None:
        """Delete a task and its runs (the Plex playlist stays); 409 while it runs."""
        task = self.get_task(task_id)
        if self.is_running(task_id):
            raise Conflict("This task is running; delete it when the run has finished.")
        task.delete_instance()

    def is_running(self, task_id: int) -> bool:
        """Whether a run of the task is queued or running."""
        with self._lock:
            return task_id in self._running

    # -- runs ----------------------------------------------------------------------------------
    def _claim(self, task_id: int, trigger: str) -> SyncRun:
        """Mark the task running and create its queued run; 409 if it is already running."""
        task = self.get_task(task_id)
        with self._lock:
            if task_id in self._running:
                raise Conflict("This task is already running; wait for the run to finish.")
            self._running.add(task_id)
        try:
            return SyncRun.create(task=task, trigger=trigger, status="queued")
        except Exception:
            self._release(task_id)
            raise

    def start_run(self, task_id: int, trigger: str = "manual") -> SyncRun:
        """Queue a run on the worker pool; 409 if the task is already running."""
        run = self._claim(task_id, trigger)
        try:
            self._pool.submit(self._run_in_thread, run.id, task_id)
        except Exception:
            self._release(task_id)
            raise
        return run

    def run_now(self, task_id: int, trigger: str = "manual") -> SyncRun:
        """Run a task on the calling thread and return the finished run (for scripts and tests)."""
        run = self._claim(task_id, trigger)
        try:
            self.execute(run.id)
        finally:
            self._release(task_id)
        return SyncRun.get_by_id(run.id)

    def _release(self, task_id: int) -> None:
        with self._lock:
            self._running.discard(task_id)

    def _run_in_thread(self, run_id: int, task_id: int) -> None:
        try:
            with job_connection(self.db):
                self.execute(run_id)
        except Exception:  # the pool must survive anything
            log.exception("Sync run %d crashed", run_id)
        finally:
            self._release(task_id)

    def get_run(self, run_id: int) -> SyncRun:
        """A run, or 404."""
        run = SyncRun.get_or_none(SyncRun.id == run_id)
        if run is None:
            raise NotFound(f"There is no sync run with id {run_id}.")
        return run

    def runs(self, task_id: int, limit: int = 50) -> list[SyncRun]:
        """A task's runs, newest first."""
        self.get_task(task_id)
        return list(SyncRun.select().where(SyncRun.task == task_id).order_by(SyncRun.id.desc()).limit(limit))

    def last_runs(self, task_ids: list[int]) -> dict[int, SyncRun]:
        """The newest run of each of these tasks, in one query."""
        newest = (SyncRun.select(fn.MAX(SyncRun.id)).where(SyncRun.task.in_(task_ids)).group_by(SyncRun.task))
        return {run.task_id: run for run in SyncRun.select().where(SyncRun.id.in_(newest))}

    def describe(self, tasks: list[SyncTask]) -> list[TaskState]:
        """Each task with its running flag and last run (its last run read in one query for all)."""
        last = self.last_runs([t.id for t in tasks])
        return [TaskState(t, self.is_running(t.id), last.get(t.id)) for t in tasks]

    def _publish(self, event: str, run: SyncRun, stage: str | None = None) -> None:
        if self.events is not None:
            self.events.publish("run", {"event": event, "stage": stage, "run": run_to_dict(run)})

    def execute(self, run_id: int) -> None:
        """Carry out a run: fetch, refresh the index, match, then diff the Plex playlist and verify it."""
        run = SyncRun.get_by_id(run_id)
        task = run.task
        with task_context(task.id):
            run.status, run.started_at = "running", utcnow()
            run.save()
            self._publish("started", run, "fetching")
            try:
                self._sync(task, run)
            except (RunFailed, APIError) as exc:
                run.status = "failed"
                run.error = exc.message if isinstance(exc, APIError) else str(exc)
                log.error("Sync of %r failed: %s", task.playlist_title, run.error)
            except Exception:
                run.status, run.error = "failed", "Internal error during the run; the log has details."
                log.exception("Sync of %r crashed", task.playlist_title)
            else:
                run.status = "succeeded"
                log.info(
                    "Sync of %r: %d/%d matched, %d added, %d removed, %d moved, %d Plex writes",
                    task.playlist_title, run.matched, run.total, run.added, run.removed, run.moved, run.plex_writes,
                )
            run.finished_at = utcnow()
            task.last_run_at = run.finished_at
            task.save()
            self._release(task.id)  # before the final save: a client seeing "finished" may start the next run
            run.save()
            self._publish("finished", run)
            for listener in self.after_run:
                try:
                    listener(task.id, run)
                except Exception:  # a listener must never turn a finished run into a crash
                    log.exception("After-run hook failed for task %d", task.id)

    def _sync(self, task: SyncTask, run: SyncRun) -> None:
        playlist = self.fetch_source(task.provider, task.playlist_id)
        if not playlist.tracks:
            raise RunFailed("The source playlist returned no tracks; the Plex playlist was left as it was.")
        run.total = len(playlist.tracks)
        server, service = self.servers.resolve(task.server_id)
        self._publish("progress", run, "matching")
        self.library.refresh(server.id, service)
        with self.library.locked(server.id):
            outcomes = self._match(task, server.id, playlist.tracks)
        desired = unique_in_order([o.rating_key for o in outcomes if o.rating_key is not None])
        run.matched = sum(1 for o in outcomes if o.matched)
        run.unmatched = run.total - run.matched
        self._save_matches(task, outcomes)
        self._publish("progress", run, "writing")
        calls = PlexLibraryCalls(service)
        self._apply(task, run, calls, desired)

    def _match(self, task: SyncTask, server_id: int, tracks: list[ExternalTrack]) -> list[MatchOutcome]:
        pins = {p.external_id: p.rating_key for p in PinnedMatch.select().where(PinnedMatch.task == task.id)}
        return match_external(self.library, server_id, tracks, pins)

    def _save_matches(self, task: SyncTask, outcomes: list[MatchOutcome]) -> None:
        rows = [
            {
                "task": task.id,
                "position": o.position,
                "external_id": o.external.external_id,
                "title": o.external.title,
                "artists": json.dumps(list(o.external.artists), ensure_ascii=False),
                "album": o.external.album,
                "duration_ms": o.external.duration_ms,
                "rating_key": o.rating_key,
                "score": o.score,
                "pinned": o.pinned,
                "reasons": json.dumps(list(o.reasons), ensure_ascii=False),
                "reason": o.reason,
                "best_candidate": (json.dumps(o.best_candidate.to_dict(), ensure_ascii=False)
                                   if o.best_candidate else None),
            }
            for o in outcomes
        ]
        with database.atomic():
            SyncMatch.delete().where(SyncMatch.task == task.id).execute()
            for start in range(0, len(rows), 500):
                SyncMatch.insert_many(rows[start:start + 500]).execute()

    def _apply(self, task: SyncTask, run: SyncRun, calls: PlexLibraryCalls, desired: list[int]) -> None:
        if not desired:
            raise RunFailed(
                f"None of the {run.total} source tracks matched a track in Plex; the playlist was left as it was. "
                "Review the unmatched list and pin matches."
            )
        playlist_key = find_task_playlist(calls, task)
        run.save()  # the counts so far survive an interruption
        self._supersede(task, run)
        journal = Journal.begin("sync", title=task.playlist_title, mode=task.mode, planned=desired,
                                server_id=task.server_id, playlist_key=playlist_key, sync_run_id=run.id)

        def wrote() -> None:
            run.plex_writes += 1

        if playlist_key is None:
            run.added = len(desired)
        result = write_task_playlist(calls, task, journal, desired, task.mode, on_write=wrote,
                                     mismatch=lambda entries: self._mismatch(entries, desired))
        run.added, run.removed, run.moved = result.added, result.removed, result.moved

    def _supersede(self, task: SyncTask, run: SyncRun) -> None:
        """An interrupted run of the task not finished yet is replaced by this one (which converges anyway)."""
        older = SyncRun.select(SyncRun.id).where((SyncRun.task == task.id) & (SyncRun.id != run.id))
        for row in pending_writes():
            if row.kind == "sync" and row.sync_run_id in {r.id for r in older}:
                Journal(row).failed(f"superseded by run {run.id}")
                self._fail_run(row, f"run {run.id} started before this one was finished")

    @staticmethod
    def _mismatch(entries: list[tuple[int, int]], desired: list[int]) -> RunFailed:
        wanted = set(desired)
        got = unique_in_order([key for _item, key in entries if key in wanted])
        return RunFailed(
            f"Plex's playlist does not read back as planned ({len(got)} of {len(desired)} tracks in order); "
            "run the task again."
        )

    # -- review --------------------------------------------------------------------------------
    def matches(self, task_id: int) -> list[SyncMatch]:
        """Every source track of the last run with what it matched, in source order."""
        self.get_task(task_id)
        return list(SyncMatch.select().where(SyncMatch.task == task_id).order_by(SyncMatch.position))

    def matched_tracks(self, task_id: int, rating_keys: list[int]) -> dict[int, dict[str, str]]:
        """Title, artist and album of the library tracks a task's matches point at (from the index)."""
        if not rating_keys:
            return {}
        server = self._server(self.get_task(task_id))
        rows = self.library.tracks_by_key(server.id, rating_keys)
        return {key: {"title": row.title, "artist": row.original_title or row.artist, "album": row.album}
                for key, row in rows.items()}

    def unmatched(self, task_id: int) -> list[SyncMatch]:
        """The source tracks of the last run that matched nothing."""
        return [m for m in self.matches(task_id) if m.rating_key is None]

    def _server(self, task: SyncTask) -> Any:
        return self.servers.pick(task.server_id)

    def _indexed(self, task: SyncTask, rating_key: int) -> bool:
        server = self._server(task)
        return StoredTrack.get_or_none(
            (StoredTrack.server_id == server.id) & (StoredTrack.rating_key == rating_key)
        ) is not None

    def pin(self, task_id: int, external_id: str, rating_key: int | None) -> PinnedMatch:
        """Pin a manual match (None = never match); it wins on every later run."""
        task = self.get_task(task_id)
        if rating_key is not None and not self._indexed(task, rating_key):
            server, service = self.servers.resolve(task.server_id)
            self.library.refresh(server.id, service)  # added to Plex since?
            if not self._indexed(task, rating_key):
                raise Unprocessable(
                    f"Plex has no track with ratingKey {rating_key} in its music library; check the key.",
                    field="track_key",
                )
        with database.atomic():
            PinnedMatch.delete().where((PinnedMatch.task == task.id) & (PinnedMatch.external_id == external_id)).execute()
            pinned = PinnedMatch.create(task=task, external_id=external_id, rating_key=rating_key)
            SyncMatch.update(rating_key=rating_key, pinned=True, score=100.0 if rating_key else 0.0,
                             reasons=json.dumps(["pinned by you"]),
                             reason="" if rating_key else "pinned: never match this track").where(
                (SyncMatch.task == task.id) & (SyncMatch.external_id == external_id)
            ).execute()
        return pinned

    # -- scheduling ----------------------------------------------------------------------------
    def tick(self, now: dt.datetime | None = None) -> int:
        """Start every enabled task whose cron time has come; returns how many were started."""
        now = now or utcnow()
        fired = 0
        with job_connection(self.db):
            due = SyncTask.select().where(
                SyncTask.enabled & SyncTask.schedule.is_null(False) & (SyncTask.next_run_at <= now)
            )
            for task in list(due):
                try:
                    assert task.schedule is not None  # selected for a schedule above
                    task.next_run_at = next_fire_time(task.schedule, now.replace(tzinfo=dt.timezone.utc))
                except Unprocessable as exc:  # stored before schedules were checked this way: stop firing it
                    log.error("Task %d: %s It will not run on a schedule until it is changed.", task.id,
                              exc.message, extra={"task_id": task.id})
                    task.next_run_at = None
                task.save()
                if self.is_running(task.id):
                    log.info("Task %d is still running; this scheduled run is skipped", task.id,
                             extra={"task_id": task.id})
                    continue
                self.start_run(task.id, trigger="schedule")
                fired += 1
        return fired

    def scheduled_count(self) -> int:
        """How many enabled tasks have a schedule."""
        with job_connection(self.db):
            return SyncTask.select().where(SyncTask.enabled & SyncTask.schedule.is_null(False)).count()

    def recover_interrupted(self) -> int:
        """Mark runs a stopped process left queued or running as interrupted (no Plex call).

        A run whose playlist write is journalled stays `running` until `finish_interrupted` completes it;
        the others (stopped before writing to Plex) fail, keeping the counts they had reached.
        """
        finishing = [w.sync_run_id for w in pending_writes() if w.kind == "sync" and w.sync_run_id is not None]
        stopped = SyncRun.status.in_(["queued", "running"])
        SyncRun.update(interrupted=True).where(stopped & SyncRun.id.in_(finishing)).execute()
        return SyncRun.update(
            status="failed", interrupted=True, finished_at=utcnow(),
            error="Interrupted: the backend stopped during this run, before it changed the Plex playlist.",
        ).where(stopped & SyncRun.id.not_in(finishing)).execute()

    def finish_interrupted(self) -> int:
        """Finish the playlist writes a stopped process left half-done; returns how many are still pending
        (Plex unreachable: call again later)."""
        left = 0
        for row in pending_writes():
            try:
                if row.kind == "sync":
                    left += 0 if self._finish_run(row) else 1
                else:
                    finish_write(row, PlexLibraryCalls(self.servers.resolve(row.server_id).service))
            except (PlexUnavailable, UpstreamTimeout) as exc:
                log.warning("Cannot finish the interrupted write of %r yet: %s", row.title, exc.message)
                left += 1
            except APIError as exc:
                Journal(row).failed(exc.message)
                self._fail_run(row, exc.message)
                log.error("The interrupted write of %r cannot be finished: %s", row.title, exc.message)
        return left

    def _fail_run(self, row: PlaylistWrite, error: str) -> None:
        if row.sync_run_id is not None:
            SyncRun.update(status="failed", error=f"Interrupted, then could not be finished: {error}",
                           finished_at=utcnow()).where(SyncRun.id == row.sync_run_id).execute()

    def _finish_run(self, row: PlaylistWrite) -> bool:
        """Finish an interrupted run's playlist write; False when the task is busy (try again later)."""
        run = SyncRun.get_or_none(SyncRun.id == row.sync_run_id) if row.sync_run_id else None
        if run is None or (task := SyncTask.get_or_none(SyncTask.id == run.task_id)) is None:
            Journal(row).failed("its run or task was deleted")
            return True
        with self._lock:
            if task.id in self._running:
                return False
            self._running.add(task.id)
        try:
            with task_context(task.id):
                calls = PlexLibraryCalls(self.servers.resolve(task.server_id).service)
                key = row.playlist_key if row.playlist_key is not None else find_task_playlist(calls, task)
                finished = finish_write(row, calls, key)
                desired = Journal(row).planned
                if not PlaylistWriter.holds(finished.entries, desired):
                    raise self._mismatch(finished.entries, desired)
                task.plex_playlist_key = finished.playlist_key
                task.last_run_at = utcnow()
                task.save()
                run.status, run.error, run.interrupted, run.finished_at = "succeeded", None, True, utcnow()
                stored = PlaylistWrite.get_by_id(row.id)  # the counts planned before the interruption
                run.added, run.removed, run.moved = stored.added, stored.removed, stored.moved
                run.plex_writes = stored.writes
                run.save()
                log.info("Sync of %r was interrupted; its Plex playlist is now finished (%d tracks, %d Plex writes)",
                         task.playlist_title, len(desired), run.plex_writes)
        except RunFailed as exc:
            self._fail_run(row, str(exc))
        finally:
            self._release(task.id)
        return True

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking runs; wait for the ones in progress."""
        self._pool.shutdown(wait=wait, cancel_futures=True)
