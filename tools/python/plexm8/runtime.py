"""The backend's long-lived parts for one app: settings, store, secrets, Plex servers and background workers.

`build_runtime` only creates objects; nothing touches the disk, the network or the global logger until
`Runtime.start()`, which the server calls once (tests call it through their fixtures).
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

import peewee
from flask import current_app

from plexm8.config import Settings
from plexm8.errors import StartupError
from plexm8.models.db import AppDatabase, open_database
from plexm8.models.entities import DownloadConfig, PlexServer
from plexm8.models.migrations import NewerSchema
from plexm8.services.downloads.service import DownloadService
from plexm8.services.events.bus import EventBus
from plexm8.services.library.index import LibraryIndex
from plexm8.services.logs.store import StoreLogHandler
from plexm8.services.providers.spotify import SpotifyTokenCache
from plexm8.services.ratings.importer.journal import mark_interrupted as mark_interrupted_imports
from plexm8.services.recommend.catalog import CatalogCache
from plexm8.services.servers.gate import PlexGate
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.servers.secrets import SecretBox
from plexm8.services.servers.status import PlexStatusMonitor
from plexm8.services.sync.recovery import WriteRecovery
from plexm8.services.sync.scheduler import Scheduler
from plexm8.services.sync.service import SyncService

log = logging.getLogger(__name__)
SERVER_THREADS = 8  # waitress threads besides the event streams'; Plex-bound requests get half (see PlexGate)


@dataclass
class Runtime:
    """Everything a view or job needs; `start()` opens the store and starts the workers, `close()` stops them."""

    settings: Settings
    data_dir: Path
    db: AppDatabase
    secrets: SecretBox
    servers: ServerRegistry
    plex_status: PlexStatusMonitor
    library: LibraryIndex
    sync: SyncService
    recovery: WriteRecovery
    events: EventBus
    downloads: DownloadService
    scheduler: Scheduler | None = None
    log_handler: StoreLogHandler | None = None
    catalogs: CatalogCache = field(default_factory=CatalogCache)
    spotify_tokens: SpotifyTokenCache = field(default_factory=SpotifyTokenCache)
    plex_gate: PlexGate = field(default_factory=lambda: PlexGate.for_threads(SERVER_THREADS))
    opened: bool = False
    _start_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self, *, workers: bool = True) -> None:
        """Open and migrate the store, start logging to it, recover interrupted work, then start the workers.

        `workers=False` does everything but the Plex status check and the scheduler (what most tests need).
        Calling it again only starts what is not running yet.
        """
        with self._start_lock:
            if not self.opened:
                self._open()
                self.opened = True
        if workers:
            self.start_workers()

    def _open(self) -> None:
        from plexm8.logging_setup import install_mask_filter, register_secret
        from plexm8.models.migrations import apply_migrations

        for secret in self.settings.secret_values():
            register_secret(secret)
        install_mask_filter()
        check_data_dir(self.data_dir)
        try:
            with self.db.bound():
                apply_migrations(self.db)
                self._load_secrets()
                self.servers.ensure_env_server()
                self.sync.recover_interrupted()
                mark_interrupted_imports()
        except NewerSchema as exc:
            raise StartupError(f"{exc} Your data is untouched.") from None
        except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
            raise StartupError(store_problem(Path(self.db.database), exc)) from None
        self.log_handler = StoreLogHandler(Path(self.db.database), events=self.events)
        self.log_handler.start()
        package_logger = logging.getLogger("plexm8")
        package_logger.addHandler(self.log_handler)
        if package_logger.level == logging.NOTSET or package_logger.level > logging.INFO:
            package_logger.setLevel(logging.DEBUG if self.settings.debug else logging.INFO)

    def _load_secrets(self) -> None:
        """Load the key file; with encrypted secrets stored it must exist and decrypt them (never replaced)."""
        stored = [row.token_encrypted for row in PlexServer.select().where(PlexServer.token_encrypted.is_null(False))]
        stored += [row.api_key_encrypted for row in
                   DownloadConfig.select().where(DownloadConfig.api_key_encrypted.is_null(False))]
        self.secrets.load(create=not stored)
        for value in stored:
            try:
                self.secrets.decrypt(value or "")  # selected non-null above
            except ValueError:
                raise StartupError(
                    f"{self.secrets.key_path} does not decrypt the secrets stored in {self.db.database} (was the key "
                    "file replaced?); put the original key file back, or delete plexm8.db to start over."
                ) from None

    def start_workers(self) -> None:
        """Start the background workers (Plex status check, finishing interrupted Plex writes, scheduler)."""
        self.plex_status.start()
        self.recovery.start()  # before the scheduler, so an interrupted run is finished before its next one
        if self.scheduler is not None:
            self.scheduler.start()
        if self.settings.downloads_enabled:
            self.downloads.start()

    def stop_workers(self) -> None:
        """Stop every background worker."""
        self.recovery.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        self.downloads.stop()
        self.sync.shutdown()
        self.plex_status.stop()

    def close(self) -> None:
        """Stop workers, the log writer and close the store."""
        self.events.close()
        self.stop_workers()
        if self.log_handler is not None:
            logging.getLogger("plexm8").removeHandler(self.log_handler)
            self.log_handler.stop()
            self.log_handler = None
        if not self.db.is_closed():
            self.db.close()


def server_threads(settings: Settings) -> int:
    """Waitress's thread count: SERVER_THREADS plus one per event stream, so streams never eat the others' share."""
    return SERVER_THREADS + settings.events_max_streams


def check_data_dir(data_dir: Path) -> None:
    """The data folder exists (created if needed) and is writable, else StartupError saying what to do."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StartupError(
            f"The data folder {data_dir} is not writable ({exc.strerror}); fix its permissions or set "
            "PLEXM8_DATA_DIR to a folder you can write."
        ) from None


def store_problem(path: Path, exc: Exception) -> str:
    """One line saying what to do about a store that cannot be opened."""
    text = str(exc)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (f"{path} is damaged or not a PlexM8 database ({text}); move it aside (PlexM8 then starts afresh) "
                "or restore it from a backup.")
    if "readonly" in text or "unable to open" in text or "disk I/O" in text:
        return f"Cannot write {path} ({text}); fix the permissions of the data folder or set PLEXM8_DATA_DIR."
    return f"Cannot open {path} ({text}); move it aside or restore it from a backup."


def build_runtime(settings: Settings) -> Runtime:
    """The runtime objects for `settings`; nothing is opened or started here."""
    data_dir = settings.resolved_data_dir()
    db = open_database(data_dir / "plexm8.db")
    secrets = SecretBox(data_dir)
    servers = ServerRegistry(settings, secrets)
    monitor = PlexStatusMonitor(servers, settings.plex_check_interval_s, db)
    servers.listeners.append(monitor.trigger)
    events = EventBus(max_streams=settings.events_max_streams)
    library = LibraryIndex(events)
    spotify_tokens = SpotifyTokenCache()
    sync = SyncService(settings, servers, library, db, spotify_tokens, events)
    downloads = DownloadService(settings, secrets, servers, library, db, events)
    sync.after_run.append(downloads.on_sync_finished)
    downloads.sync_running = sync.is_running
    scheduler = Scheduler(sync.tick, sync.scheduled_count) if settings.scheduler_enabled else None
    recovery = WriteRecovery(sync.finish_interrupted, db)
    return Runtime(settings, data_dir, db, secrets, servers, monitor, library, sync, recovery, events, downloads,
                   scheduler,
                   spotify_tokens=spotify_tokens)


def runtime() -> Runtime:
    """The Runtime of the current app."""
    return current_app.extensions["plexm8"]
