"""The store upgrades an older schema in place, keeping every row the user had."""
from __future__ import annotations

import sqlite3

from plexm8.models.db import open_database
from plexm8.models.migrations import LATEST_VERSION, apply_migrations, schema_version


def test_new_database_reaches_latest_version_with_wal_and_foreign_keys(tmp_path):
    db = open_database(tmp_path / "plexm8.db")
    with db.connection_context():
        assert apply_migrations(db) == LATEST_VERSION
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_version_1_database_upgrades_without_losing_servers(tmp_path):
    path = tmp_path / "plexm8.db"
    db = open_database(path)
    with db.connection_context():
        apply_migrations(db, target=1)
        assert schema_version(db) == 1
        for i in range(3):
            db.execute_sql(
                "INSERT INTO plex_server (name, url, token_encrypted, verify_ssl, is_default, created_at, updated_at)"
                " VALUES (?, ?, ?, 1, ?, '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
                (f"server {i}", f"http://10.0.0.{i}:32400", f"enc-{i}", int(i == 1)),
            )
    db.close()

    db = open_database(path)
    with db.connection_context():
        assert apply_migrations(db) == LATEST_VERSION
        rows = db.execute_sql(
            "SELECT name, url, token_encrypted, is_default, from_env FROM plex_server ORDER BY id"
        ).fetchall()
    db.close()
    assert rows == [
        ("server 0", "http://10.0.0.0:32400", "enc-0", 0, 0),
        ("server 1", "http://10.0.0.1:32400", "enc-1", 1, 0),
        ("server 2", "http://10.0.0.2:32400", "enc-2", 0, 0),
    ]


def test_migrations_are_idempotent(tmp_path):
    db = open_database(tmp_path / "plexm8.db")
    with db.connection_context():
        apply_migrations(db)
        assert apply_migrations(db) == LATEST_VERSION
    db.close()


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "plexm8.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    db = open_database(path)
    with db.connection_context():
        try:
            apply_migrations(db)
        except RuntimeError as exc:
            assert "newer PlexM8" in str(exc)
        else:
            raise AssertionError("a newer schema must not be touched")
    db.close()


def test_app_start_migrates_and_keeps_servers_between_restarts(make_app):
    app = make_app()
    client = app.test_client()
    created = client.post("/api/settings/servers", json={"name": "Home", "url": "http://10.1.1.1:32400", "token": "abcd1234"})
    assert created.status_code == 201
    app.extensions["plexm8"].close()
    again = make_app().test_client()
    servers = again.get("/api/settings/servers").get_json()["servers"]
    assert [s["name"] for s in servers] == ["Home"]
    assert servers[0]["token_set"] is True


def test_version_5_library_index_gains_sort_names_and_is_rebuilt_in_full(tmp_path):
    path = tmp_path / "plexm8.db"
    db = open_database(path)
    with db.connection_context():
        apply_migrations(db, target=5)
        db.execute_sql("INSERT INTO plex_server (name, url, verify_ssl, is_default, from_env, created_at, updated_at)"
                       " VALUES ('Home', 'http://h:32400', 1, 1, 0, '2025-01-01', '2025-01-01')")
        db.execute_sql("INSERT INTO library_track (server_id, rating_key, title, title_key) VALUES (1, 7, 'チェリー', 'x')")
        db.execute_sql("INSERT INTO library_state (server_id, status, track_count, built_at)"
                       " VALUES (1, 'ready', 1, '2025-01-01 00:00:00')")
    db.close()

    db = open_database(path)
    with db.connection_context():
        assert apply_migrations(db) == LATEST_VERSION
        track = db.execute_sql("SELECT rating_key, title, title_key, title_sort, artist_sort FROM library_track").fetchall()
        state = db.execute_sql("SELECT status, track_count, built_at FROM library_state").fetchall()
    db.close()
    assert track == [(7, "チェリー", "x", "", "")]
    assert state == [("ready", 1, None)]  # built_at cleared: the next refresh is a full build
