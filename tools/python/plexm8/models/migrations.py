"""Versioned schema migrations, applied in order at start-up; never drop what the user configured."""
from __future__ import annotations

import logging
from typing import Callable

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator, migrate

log = logging.getLogger(__name__)

Migration = Callable[[SqliteDatabase, SqliteMigrator], None]


def _v1_servers(db: SqliteDatabase, migrator: SqliteMigrator) -> None:
    db.execute_sql(
        """CREATE TABLE plex_server (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name VARCHAR(255) NOT NULL,
            url VARCHAR(255) NOT NULL,
            token_encrypted TEXT,
            verify_ssl INTEGER NOT NULL DEFAULT 1,
            is_default INTEGER NOT NULL DEFAULT 0,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL)"""
    )


def _v2_server_origin_and_logs(db: SqliteDatabase, migrator: SqliteMigrator) -> None:
    from peewee import BooleanField

    migrate(migrator.add_column("plex_server", "from_env", BooleanField(default=False)))
    db.execute_sql(
        """CREATE TABLE log_entry (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ts DATETIME NOT NULL,
            level VARCHAR(255) NOT NULL,
            levelno INTEGER NOT NULL DEFAULT 20,
            logger VARCHAR(255) NOT NULL,
            message TEXT NOT NULL,
            task_id INTEGER)"""
    )
    db.execute_sql("CREATE INDEX log_entry_ts ON log_entry (ts)")
    db.execute_sql("CREATE INDEX log_entry_level ON log_entry (level)")
    db.execute_sql("CREATE INDEX log_entry_task_id ON log_entry (task_id)")


def _v3_library_index_and_sync(db: SqliteDatabase, migrator: SqliteMigrator) -> None:
    statements = [
        """CREATE TABLE library_track (
            server_id INTEGER NOT NULL REFERENCES plex_server (id) ON DELETE CASCADE,
            rating_key INTEGER NOT NULL,
            title TEXT NOT NULL,
            artist TEXT NOT NULL DEFAULT '',
            original_title TEXT NOT NULL DEFAULT '',
            album TEXT NOT NULL DEFAULT '',
            duration_ms INTEGER,
            file_path TEXT,
            guids TEXT NOT NULL DEFAULT '',
            added_at INTEGER,
            updated_at INTEGER,
            title_key TEXT NOT NULL DEFAULT '',
            artist_key TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (server_id, rating_key))""",
        "CREATE INDEX library_track_title_key ON library_track (server_id, title_key)",
        "CREATE INDEX library_track_file_path ON library_track (server_id, file_path)",
        """CREATE TABLE library_state (
            server_id INTEGER PRIMARY KEY REFERENCES plex_server (id) ON DELETE CASCADE,
            machine_identifier TEXT,
            section_key TEXT,
            status TEXT NOT NULL DEFAULT 'empty',
            progress_done INTEGER NOT NULL DEFAULT 0,
            progress_total INTEGER NOT NULL DEFAULT 0,
            track_count INTEGER NOT NULL DEFAULT 0,
            max_updated_at INTEGER,
            built_at DATETIME,
            refreshed_at DATETIME,
            error TEXT)""",
        """CREATE TABLE sync_task (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            source_url TEXT NOT NULL,
            provider TEXT NOT NULL,
            playlist_id TEXT NOT NULL,
            playlist_title TEXT NOT NULL,
            schedule TEXT,
            mode TEXT NOT NULL DEFAULT 'mirror',
            enabled INTEGER NOT NULL DEFAULT 1,
            server_id INTEGER REFERENCES plex_server (id) ON DELETE SET NULL,
            plex_playlist_key INTEGER,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            last_run_at DATETIME,
            next_run_at DATETIME)""",
        """CREATE TABLE sync_run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            task_id INTEGER NOT NULL REFERENCES sync_task (id) ON DELETE CASCADE,
            trigger TEXT NOT NULL DEFAULT 'manual',
            status TEXT NOT NULL DEFAULT 'queued',
            started_at DATETIME,
            finished_at DATETIME,
            total INTEGER NOT NULL DEFAULT 0,
            matched INTEGER NOT NULL DEFAULT 0,
            unmatched INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            moved INTEGER NOT NULL DEFAULT 0,
            plex_writes INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            created_at DATETIME NOT NULL)""",
        "CREATE INDEX sync_run_task ON sync_run (task_id, id)",
        """CREATE TABLE sync_match (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            task_id INTEGER NOT NULL REFERENCES sync_task (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            external_id TEXT NOT NULL,
            title TEXT NOT NULL,
            artists TEXT NOT NULL DEFAULT '[]',
            album TEXT NOT NULL DEFAULT '',
            duration_ms INTEGER,
            rating_key INTEGER,
            score REAL NOT NULL DEFAULT 0,
            pinned INTEGER NOT NULL DEFAULT 0,
            reasons TEXT NOT NULL DEFAULT '[]',
            reason TEXT NOT NULL DEFAULT '',
            best_candidate TEXT)""",
        "CREATE INDEX sync_match_task ON sync_match (task_id, position)",
        """CREATE TABLE pinned_match (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            task_id INTEGER NOT NULL REFERENCES sync_task (id) ON DELETE CASCADE,
            external_id TEXT NOT NULL,
            rating_key INTEGER,
            created_at DATETIME NOT NULL)""",
        "CREATE UNIQUE INDEX pinned_match_task_external ON pinned_match (task_id, external_id)",
    ]
    for statement in statements:
        db.execute_sql(statement)


def _v4_write_journals(db: SqliteDatabase, migrator: SqliteMigrator) -> None:
    """Journals of multi-request Plex writes (finished at the next start) and of ratings imports."""
    statements = [
        "ALTER TABLE sync_run ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE playlist_write (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            server_id INTEGER,
            playlist_key INTEGER,
            title TEXT NOT NULL,
            mode TEXT NOT NULL,
            planned TEXT NOT NULL,
            base INTEGER NOT NULL DEFAULT 0,
            sync_run_id INTEGER REFERENCES sync_run (id) ON DELETE SET NULL,
            added INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            moved INTEGER NOT NULL DEFAULT 0,
            writes INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'pending',
            error TEXT,
            created_at DATETIME NOT NULL,
            finished_at DATETIME)""",
        "CREATE INDEX playlist_write_status ON playlist_write (status)",
        """CREATE TABLE ratings_import (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            server_id INTEGER,
            source TEXT NOT NULL,
            policy TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'running',
            planned INTEGER NOT NULL DEFAULT 0,
            written INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            plan TEXT NOT NULL DEFAULT '[]',
            error TEXT,
            created_at DATETIME NOT NULL,
            finished_at DATETIME,
            resumed_at DATETIME)""",
    ]
    for statement in statements:
        db.execute_sql(statement)


def _v5_downloads(db: SqliteDatabase, migrator: SqliteMigrator) -> None:
    """Downloader settings, download sessions and their songs."""
    statements = [
        """CREATE TABLE download_config (
            id INTEGER PRIMARY KEY,
            backend TEXT NOT NULL DEFAULT 'none',
            base_url TEXT,
            api_key_encrypted TEXT,
            download_dir TEXT,
            library_dir TEXT,
            plex_library_path TEXT,
            filename_template TEXT NOT NULL DEFAULT '{artist}/{album}/{title}.{ext}',
            quality TEXT NOT NULL DEFAULT 'lossless',
            max_concurrent INTEGER NOT NULL DEFAULT 2,
            duration_tolerance_s REAL NOT NULL DEFAULT 5.0,
            auto_download INTEGER NOT NULL DEFAULT 0,
            searches_per_minute INTEGER NOT NULL DEFAULT 10,
            updated_at DATETIME NOT NULL)""",
        """CREATE TABLE download_session (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            task_id INTEGER REFERENCES sync_task (id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'queued',
            created_at DATETIME NOT NULL,
            finished_at DATETIME)""",
        "CREATE INDEX download_session_task_id ON download_session (task_id)",
        """CREATE TABLE download_item (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id INTEGER NOT NULL REFERENCES download_session (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            external_id TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            artists TEXT NOT NULL DEFAULT '[]',
            album TEXT NOT NULL DEFAULT '',
            duration_ms INTEGER,
            state TEXT NOT NULL DEFAULT 'queued',
            progress REAL NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            file TEXT,
            folder TEXT,
            rating_key INTEGER,
            error TEXT,
            candidate TEXT,
            tried TEXT NOT NULL DEFAULT '[]',
            next_attempt_at DATETIME,
            updated_at DATETIME NOT NULL)""",
        "CREATE INDEX download_item_session ON download_item (session_id, position)",
        "CREATE INDEX download_item_state ON download_item (state)",
    ]
    for statement in statements:
        db.execute_sql(statement)


MIGRATIONS: list[Migration] = [
    _v1_servers, _v2_server_origin_and_logs, _v3_library_index_and_sync, _v4_write_journals, _v5_downloads,
]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: SqliteDatabase) -> int:
    """The version the database is at (0 for a new one)."""
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def apply_migrations(db: SqliteDatabase, target: int = LATEST_VERSION) -> int:
    """Bring the schema up to `target`, each step in its own transaction; return the new version."""
    migrator = SqliteMigrator(db)
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise RuntimeError(
            f"The data folder was written by a newer PlexM8 (schema {current} > {LATEST_VERSION}); upgrade PlexM8."
        )
    for version in range(current + 1, target + 1):
        with db.atomic():
            MIGRATIONS[version - 1](db, migrator)
            db.execute_sql(f"PRAGMA user_version = {version}")
        log.info("Store migrated to schema version %d", version)
    return schema_version(db)
