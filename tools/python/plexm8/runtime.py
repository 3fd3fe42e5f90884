"""The backend's long-lived parts for one app: settings, store, secrets, Plex servers and background workers."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from peewee import SqliteDatabase

from plexm8.config import Settings
from plexm8.models.db import open_database
from plexm8.models.migrations import apply_migrations
from plexm8.services.downloads.service import DownloadService
from plexm8.services.events.bus import EventBus
from plexm8.services.library.index import LibraryIndex
from plexm8.services.logs.store import StoreLogHandler
from plexm8.services.servers.registry import ServerRegistry
from plexm8.services.servers.secrets import SecretBox
from plexm8.services.servers.status import PlexStatusMonitor
from plexm8.services.sync.scheduler import Scheduler
from plexm8.services.sync.service import SyncService

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a view or job needs, created by create_app and stopped on shutdown."""

    settings: Settings
    data_dir: Path
    db: SqliteDatabase
    secrets: SecretBox
    servers: ServerRegistry
    plex_status: PlexStatusMonitor
    library: LibraryIndex
    sync: SyncService
    events: EventBus
    downloads: DownloadService
    scheduler: Scheduler | None = None
    log_handler: StoreLogHandler | None = None

    def start_background(self) -> None:
        """Start the background workers (Plex status check, scheduler)."""
        self.plex_status.start()
        if self.scheduler is not None:
            self.scheduler.start()
        if self.settings.downloads_enabled:
            self.downloads.start()

    def stop_background(self) -> None:
        """Stop every background worker."""
        if self.scheduler is not None:
            self.scheduler.stop()
        self.downloads.stop()
        self.sync.shutdown()
        self.plex_status.stop()

    def close(self) -> None:
        """Stop workers and close the store."""
        self.events.close()
        self.stop_background()
        if self.log_handler is not None:
            logging.getLogger("plexm8").removeHandler(self.log_handler)
            self.log_handler.stop()
        if not self.db.is_closed():
            self.db.close()


def build_runtime(settings: Settings) -> Runtime:
    """Open the store (migrating it), the secret box and the server registry for `settings`."""
    data_dir = settings.resolved_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(data_dir / "plexm8.db")
    with db.connection_context():
        apply_migrations(db)
    secrets = SecretBox(data_dir)
    servers = ServerRegistry(settings, secrets)
    with db.connection_context():
        servers.ensure_env_server()
    monitor = PlexStatusMonitor(servers, settings.plex_check_interval_s)
    servers.listeners.append(monitor.trigger)
    events = EventBus(max_streams=settings.events_max_streams)
    log_handler = StoreLogHandler(data_dir / "plexm8.db", events=events)
    log_handler.start()
    package_logger = logging.getLogger("plexm8")
    package_logger.addHandler(log_handler)
    if package_logger.level == logging.NOTSET or package_logger.level > logging.INFO:
        package_logger.setLevel(logging.DEBUG if settings.debug else logging.INFO)
    library = LibraryIndex(events)
    sync = SyncService(settings, servers, library, events)
    downloads = DownloadService(settings, secrets, servers, library, events)
    sync.after_run.append(downloads.on_sync_finished)
    with db.connection_context():
        sync.recover_interrupted()
    scheduler = Scheduler(sync.tick, sync.scheduled_count) if settings.scheduler_enabled else None
    return Runtime(settings, data_dir, db, secrets, servers, monitor, library, sync, events, downloads, scheduler,
                   log_handler)


def runtime() -> Runtime:
    """The Runtime of the current app."""
    return current_app.extensions["plexm8"]
