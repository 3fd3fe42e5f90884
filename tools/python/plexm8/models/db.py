"""The SQLite store: one database per app, WAL and foreign keys on, a connection per request or job."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from peewee import DatabaseProxy, Model, SqliteDatabase

database = DatabaseProxy()

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
}


class BaseModel(Model):
    """Base of every stored model."""

    class Meta:
        database = database


def open_database(path: Path) -> SqliteDatabase:
    """Create the database object for `path` (connections are opened per thread on use)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    database.initialize(db)
    return db


@contextlib.contextmanager
def job_connection() -> Iterator[None]:
    """A connection for a background job, closed when the job ends."""
    opened = database.connect(reuse_if_open=True)
    try:
        yield
    finally:
        if opened and not database.is_closed():
            database.close()
