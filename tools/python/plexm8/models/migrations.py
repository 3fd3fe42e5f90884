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


MIGRATIONS: list[Migration] = [_v1_servers, _v2_server_origin_and_logs]
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
