"""The SQLite store: one database per app, WAL and foreign keys on, a connection per request or job.

Models are bound to `database`, a proxy that resolves to the database *of the current context*: the
database a request or job connected on this thread. Two apps in one process therefore never share a
store, and no process-global binding exists. Write transactions begin IMMEDIATE, so they take the
write lock up front and wait (busy timeout) instead of failing with "database is locked" when a
read-then-write transaction meets another writer.
"""
from __future__ import annotations

import contextlib
import contextvars
import threading
from pathlib import Path
from typing import Any, Iterator

from peewee import DatabaseProxy, Model, SqliteDatabase

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
}

_current: contextvars.ContextVar["AppDatabase | None"] = contextvars.ContextVar("plexm8_database", default=None)


class NoDatabase(RuntimeError):
    """A model was used outside any request or job (no database connected in this context)."""


class AppDatabase(SqliteDatabase):
    """The database of one app; connecting it on a thread makes it the one models use there."""

    def __init__(self, path: str, **kwargs: Any) -> None:
        kwargs.setdefault("lock_type", "IMMEDIATE")
        super().__init__(path, **kwargs)
        self._previous = threading.local()

    def connect(self, reuse_if_open: bool = False) -> bool:
        """Open this thread's connection and make this database the current one for the models."""
        opened = bool(super().connect(reuse_if_open=reuse_if_open))
        if opened:
            self._previous.db = _current.get()
        _current.set(self)
        return opened

    def close(self) -> bool:
        """Close this thread's connection and give the models back the database current before."""
        closed = bool(super().close())
        if closed and _current.get() is self:
            _current.set(getattr(self._previous, "db", None))
            self._previous.db = None
        return closed

    @contextlib.contextmanager
    def bound(self) -> Iterator["AppDatabase"]:
        """Use this database for the models inside the block (connecting if needed)."""
        previous = _current.get()
        opened = self.connect(reuse_if_open=True)
        try:
            yield self
        finally:
            if opened and not self.is_closed():
                self.close()
            _current.set(previous)


class ContextDatabase(DatabaseProxy):
    """A peewee proxy whose target is the current context's AppDatabase (never a process-wide one)."""

    __slots__ = ()

    def __init__(self) -> None:
        object.__setattr__(self, "_callbacks", [])

    @property  # type: ignore[override]
    def obj(self) -> AppDatabase | None:
        return _current.get()

    def initialize(self, obj: Any) -> None:
        """Not supported: each app's database is bound per request or job, never globally."""
        raise TypeError("ContextDatabase cannot be bound globally; connect an AppDatabase instead.")

    def __getattr__(self, attr: str) -> Any:
        db = _current.get()
        if db is None:
            raise NoDatabase("No database in this context: run inside a request, a job_connection() or db.bound().")
        return getattr(db, attr)


database = ContextDatabase()


def current_database() -> AppDatabase | None:
    """The database connected in this context, if any."""
    return _current.get()


class BaseModel(Model):
    """Base of every stored model."""

    class Meta:
        database = database


def open_database(path: Path) -> AppDatabase:
    """Create the database object for `path` (nothing is opened: connections are made per thread on use)."""
    return AppDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)


@contextlib.contextmanager
def job_connection(db: AppDatabase | None = None) -> Iterator[None]:
    """A connection to `db` (default: the current context's) for a background job, closed when it ends."""
    target = db if db is not None else current_database()
    if target is None:
        raise NoDatabase("job_connection() needs a database outside a request.")
    with target.bound():
        yield
