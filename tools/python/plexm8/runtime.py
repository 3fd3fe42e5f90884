"""The backend's long-lived parts for one app: settings, store, secrets, Plex servers and background workers.

`build_runtime` only creates objects; nothing touches the disk, the network or the global logger until
`Runtime.start()`, which the server calls once (tests call it through their fixtures).
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from plexm8.config import Settings
from plexm8.models.db import AppDatabase, open_database
from plexm8.services.library.index import LibraryIndex
from plexm8.services.logs.store import StoreLogHandler
from plexm8.services.providers.spotify import SpotifyTokenCache
from plexm8.services.recommend.catalog import CatalogCache
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.servers.secrets import SecretBox
from plexm8.services.servers.status import PlexStatusMonitor
from plexm8.services.sync.scheduler import Scheduler
from plexm8.services.sync.service import SyncService

log = logging.getLogger(__name__)


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
    scheduler: Scheduler | None = None
    log_handler: StoreLogHandler | None = None
    catalogs: CatalogCache = field(default_factory=CatalogCache)
    spotify_tokens: SpotifyTokenCache = field(default_factory=SpotifyTokenCache)
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
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.db.bound():
            apply_migrations(self.db)
            self.servers.ensure_env_server()
            self.sync.recover_interrupted()
        self.log_handler = StoreLogHandler(Path(self.db.database))
        self.log_handler.start()
        package_logger = logging.getLogger("plexm8")
        package_logger.addHandler(self.log_handler)
        if package_logger.level == logging.NOTSET or package_logger.level > logging.INFO:
            package_logger.setLevel(logging.DEBUG if self.settings.debug else logging.INFO)

    def start_workers(self) -> None:
        """Start the background workers (Plex status check, scheduler)."""
        self.plex_status.start()
        if self.scheduler is not None:
            self.scheduler.start()

    def stop_workers(self) -> None:
        """Stop every background worker."""
        if self.scheduler is not None:
            self.scheduler.stop()
        self.sync.shutdown()
        self.plex_status.stop()

    def close(self) -> None:
        """Stop workers, the log writer and close the store."""
        self.stop_workers()
        if self.log_handler is not None:
            logging.getLogger("plexm8").removeHandler(self.log_handler)
            self.log_handler.stop()
            self.log_handler = None
        if not self.db.is_closed():
            self.db.close()


def build_runtime(settings: Settings) -> Runtime:
    """The runtime objects for `settings`; nothing is opened or started here."""
    data_dir = settings.resolved_data_dir()
    db = open_database(data_dir / "plexm8.db")
    secrets = SecretBox(data_dir)
    servers = ServerRegistry(settings, secrets)
    monitor = PlexStatusMonitor(servers, settings.plex_check_interval_s, db)
    servers.listeners.append(monitor.trigger)
    library = LibraryIndex()
    spotify_tokens = SpotifyTokenCache()
    sync = SyncService(settings, servers, library, db, spotify_tokens)
    scheduler = Scheduler(sync.tick, sync.scheduled_count) if settings.scheduler_enabled else None
    return Runtime(settings, data_dir, db, secrets, servers, monitor, library, sync, scheduler,
                   spotify_tokens=spotify_tokens)


def runtime() -> Runtime:
    """The Runtime of the current app."""
    return current_app.extensions["plexm8"]
