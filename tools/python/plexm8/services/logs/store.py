"""Log records kept in the store for /api/logs, written by one thread so a failing job never loses its log."""
from __future__ import annotations

import contextlib
import contextvars
import logging
import queue
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator

from plexm8.logging_setup import SecretMaskFilter
from plexm8.models.entities import LogEntry, iso, utcnow
from plexm8.services.events.bus import EventBus

# Not under "plexm8": the store's own handler must not receive the writer's complaints about itself.
_writer_log = logging.getLogger("plexm8_log_writer")

current_task_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("plexm8_task_id", default=None)
MAX_ROWS = 50_000


@contextlib.contextmanager
def task_context(task_id: int | None) -> Iterator[None]:
    """Tag every log record made inside with `task_id`."""
    token = current_task_id.set(task_id)
    try:
        yield
    finally:
        current_task_id.reset(token)


class StoreLogHandler(logging.Handler):
    """Queues records; a writer thread inserts them on its own connection, outside any job's transaction."""

    def __init__(self, db_path: Path, level: int = logging.INFO, events: EventBus | None = None) -> None:
        super().__init__(level)
        self.db_path = db_path
        self.events = events
        self.addFilter(SecretMaskFilter())
        self._queue: queue.Queue[tuple | None] = queue.Queue(maxsize=10_000)
        self._thread: threading.Thread | None = None

    def emit(self, record: logging.LogRecord) -> None:
        task_id = getattr(record, "task_id", None) or current_task_id.get()
        message = record.getMessage()
        if record.exc_text:
            message = f"{message}\n{record.exc_text}"
        now = utcnow()
        row = (now.isoformat(sep=" "), record.levelname, record.levelno, record.name, message, task_id)
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(row)
        if self.events is not None:
            self.events.publish("log", {"ts": iso(now), "level": record.levelname, "logger": record.name,
                                        "message": message, "task_id": task_id})

    def start(self) -> None:
        """Start the writer thread."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._write_loop, name="log-writer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Write what is queued and stop."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)
        self._thread = None

    def flush(self) -> None:
        """Wait until every queued record is written."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.join()

    def _write_loop(self) -> None:
        conn = sqlite3.connect(self.db_path, timeout=10)
        written = 0
        failing = False
        try:
            while True:
                row = self._queue.get()
                batch = [row]
                while True:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                rows = [r for r in batch if r is not None]
                try:
                    with conn:
                        conn.executemany(
                            "INSERT INTO log_entry (ts, level, levelno, logger, message, task_id)"
                            " VALUES (?, ?, ?, ?, ?, ?)",
                            rows,
                        )
                        written += len(rows)
                        if written > 1000:
                            conn.execute(
                                "DELETE FROM log_entry WHERE id <= (SELECT MAX(id) FROM log_entry) - ?", (MAX_ROWS,)
                            )
                            written = 0
                    failing = False
                except sqlite3.Error:
                    # A log write must never take a job down with it; say so once per streak of failures.
                    if not failing:
                        _writer_log.warning("Could not store %d log records in the database", len(rows), exc_info=True)
                    failing = True
                finally:
                    for _ in batch:
                        self._queue.task_done()
                if None in batch:
                    return
        finally:
            conn.close()


def query_logs(level: str | None, task_id: int | None, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Stored log records, newest first; `level` keeps that level and above."""
    query = LogEntry.select()
    if level:
        query = query.where(LogEntry.levelno >= logging.getLevelName(level.upper()))
    if task_id is not None:
        query = query.where(LogEntry.task_id == task_id)
    total = query.count()
    rows = query.order_by(LogEntry.id.desc()).limit(limit).offset(offset)
    return [
        {"ts": iso(r.ts), "level": r.level, "logger": r.logger, "message": r.message, "task_id": r.task_id}
        for r in rows
    ], total
