"""The log writer: records reach the store, and a store that refuses them is reported, not ignored."""
from __future__ import annotations

import logging
import sqlite3

from plexm8.services.logs.store import StoreLogHandler


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("plexm8.test", logging.WARNING, __file__, 1, message, None, None)


def _make_table(path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE log_entry (id INTEGER PRIMARY KEY, ts TEXT, level TEXT, levelno INTEGER,"
                     " logger TEXT, message TEXT, task_id INTEGER)")


def test_records_are_written_by_the_writer_thread(tmp_path):
    db = tmp_path / "logs.db"
    _make_table(db)
    handler = StoreLogHandler(db)
    handler.start()
    handler.emit(_record("first"))
    handler.emit(_record("second"))
    handler.stop()
    with sqlite3.connect(db) as conn:
        assert [m for (m,) in conn.execute("SELECT message FROM log_entry ORDER BY id")] == ["first", "second"]


def test_a_store_that_refuses_records_is_reported_once_per_streak(tmp_path, caplog):
    db = tmp_path / "no-table.db"
    sqlite3.connect(db).close()  # no log_entry table: every insert fails
    handler = StoreLogHandler(db)
    with caplog.at_level(logging.WARNING, logger="plexm8_log_writer"):
        handler.start()
        for i in range(3):
            handler.emit(_record(f"lost {i}"))
            handler.flush()
        handler.stop()
    complaints = [r for r in caplog.records if r.name == "plexm8_log_writer"]
    assert len(complaints) == 1
    assert "Could not store" in complaints[0].getMessage() and complaints[0].exc_info is not None
